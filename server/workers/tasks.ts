// The heavy work of the API — reading and checking uploaded files, writing imports, building exports —
// as tasks a worker thread runs on its own connection to the database file, so the request thread only
// reads and answers while they run (server/workers/pool.ts). Each task takes and returns plain data
// (structured-cloneable) and reports its progress; run inline, the same code serves the tests and CLI.
import { writeFileSync } from 'node:fs';
import type { Feature } from 'geojson';
import type { Stores } from '../stores.ts';
import type { AuthUser } from '../domain/auth.ts';
import type { SiteFilter } from '../db/sites.ts';
import { siteAnswer, type SiteQuery } from '../domain/sites.ts';
import { communeAnswer, type CommuneFilter } from '../domain/communes.ts';
import { planImport } from '../domain/site-import.ts';
import { commitImport } from '../domain/site-import-commit.ts';
import { readTable } from '../domain/import-table.ts';
import { readBoundaryFile } from '../domain/boundary-files.ts';
import { commitBoundaryImport, planBoundaryImport, type Level } from '../domain/boundary-import.ts';
import { commitIndicatorImport, planIndicatorImport } from '../domain/indicator-import.ts';
import { checkUnitList, planUnitList } from '../domain/unit-list-import.ts';
import { commitUnitList, unitListRefused } from '../domain/unit-set-apply.ts';
import { exportRows, toCsv, toXlsx } from '../domain/site-export.ts';
import { createCoverageService, type CoverageService, type Layer, type Scenario } from '../domain/coverage.ts';
import { DEFAULT_RESOLUTION } from '../analysis/coverage-grid.ts';
import { featureCollections, type CollectionDef, type ItemsQuery } from '../domain/features.ts';
import { allMatching, encodeDownload, type DownloadFormat } from '../domain/downloads.ts';
import { monthlyReportXlsx } from '../domain/reporting.ts';
import { monthlyReportPdf } from '../domain/report-pdf.ts';
import type { SunsetProgramme } from '../../common/sunsets.ts';
import { createSiteClusterer, type ClusterQuery } from '../domain/site-clusters.ts';
import type { BBox } from '../db/units.ts';
import { encodeTile, TILE_LAYERS, tileFeatures, type TileRequest } from '../domain/tiles.ts';

export type Progress = (done: number, total: number) => void;
type Mode = 'preview' | 'commit';

export interface TaskContext {
  stores: Stores;
  progress: Progress;
  /** Test seam of the crash tests: called inside the import transaction after each site written. */
  insideImport?: (written: number) => void;
  /** Called once the task's writes are committed: past it, cancelling no longer stops the task. */
  committed?: () => void;
}

/** A file as uploaded: its bytes and a name safe to store and show. */
interface Upload {
  data: Uint8Array;
  filename: string;
}

/** One coverage service per database connection and grid resolution (used to compute, not to cache). */
const coverageServices = new WeakMap<Stores, Map<number, CoverageService>>();
function coverageService(stores: Stores, resolution: number): CoverageService {
  let byResolution = coverageServices.get(stores);
  if (!byResolution) coverageServices.set(stores, (byResolution = new Map()));
  let service = byResolution.get(resolution);
  if (!service) byResolution.set(resolution, (service = createCoverageService(stores, { resolution, maxEntries: 1 })));
  return service;
}

/**
 * One cluster index cache per connection; the revision it keys on is the request thread's, handed over with
 * each task (this connection reads what was committed by then, or later).
 */
const clusterers = new WeakMap<
  Stores,
  { at: { revision: string }; clusters: ReturnType<typeof createSiteClusterer> }
>();
function clustererOf(stores: Stores, revision: string) {
  let entry = clusterers.get(stores);
  if (!entry) {
    const at = { revision };
    clusterers.set(stores, (entry = { at, clusters: createSiteClusterer(stores, () => at.revision) }));
  }
  entry.at.revision = revision;
  return entry.clusters;
}

/** The published collections on a worker's connection (tiles of communes and sites are read here). */
const collectionsOf = new WeakMap<Stores, Map<string, CollectionDef>>();
function collectionOf(stores: Stores, id: string): CollectionDef {
  let byId = collectionsOf.get(stores);
  if (!byId) {
    const all = featureCollections(stores, coverageService(stores, DEFAULT_RESOLUTION));
    collectionsOf.set(stores, (byId = new Map(all.map((c) => [c.id, c]))));
  }
  return byId.get(id)!;
}

export const TASKS = {
  /**
   * One vector tile: its features read here (communes, sites) or handed over (gap cells, which the
   * request thread's coverage cache holds), cut and encoded.
   */
  async vectorTile(ctx: TaskContext, a: TileRequest & { features?: Feature[] }) {
    const features = a.features ?? (await tileFeatures(collectionOf(ctx.stores, TILE_LAYERS[a.layer].collection), a));
    return encodeTile(a.layer, features, a.z, a.x, a.y);
  },

  /** Clusters of a whole country's sites: the index is built here (0.7 s for 100,000 sites after a write). */
  async siteClusters(ctx: TaskContext, a: { query: ClusterQuery; bbox: BBox; zoom: number; revision: string }) {
    return clustererOf(ctx.stores, a.revision)(a.query, a.bbox, a.zoom);
  },

  /** Cells of a province's communes, for the request thread's coverage to bring written sites in. */
  async communeGrids(ctx: TaskContext, a: { province: string; codes: string[]; resolution: number }) {
    return coverageService(ctx.stores, a.resolution).grids(a.province, a.codes);
  },

  async provinceCoverage(
    ctx: TaskContext,
    a: { province: string; scenario: Scenario; date: string; layer: Layer; resolution: number },
  ) {
    return coverageService(ctx.stores, a.resolution).compute(a.province, a.scenario, a.date, a.layer);
  },

  /** A download of a collection (features read here, or handed over: gap cells and footprints). */
  async download(
    ctx: TaskContext,
    a: { collection: string; query: ItemsQuery; format: DownloadFormat; features?: Feature[] },
  ) {
    const def = collectionOf(ctx.stores, a.collection);
    const features = a.features ?? (await allMatching(def, a.query));
    return encodeDownload(def, features, a.format, ctx.stores.meta().demo);
  },

  /** The department's monthly report, as XLSX or as the PDF it files (fonts embedded: about a second). */
  async monthlyReport(
    ctx: TaskContext,
    a: { province: string; month: string; today: string; programme: SunsetProgramme; format: 'xlsx' | 'pdf' },
  ) {
    return a.format === 'pdf' ? monthlyReportPdf(ctx.stores, a) : monthlyReportXlsx(ctx.stores, a);
  },

  async siteImport(
    ctx: TaskContext,
    a: Upload & {
      user: AuthUser;
      via: string;
      province: string | null;
      mapping: Record<string, string | null>;
      mode: Mode;
    },
  ) {
    const table = await readTable(a.data, a.filename);
    const actor = { user: a.user, via: a.via };
    const plan = planImport(ctx.stores, actor, table, {
      filename: a.filename,
      province: a.province,
      mapping: a.mapping as never,
      // A commit is shown in three equal parts: the rows checked, the sites written, their kept states.
      onProgress: (done, total) => ctx.progress(done, a.mode === 'commit' ? total * 3 : total),
    });
    if (a.mode === 'preview') return { report: plan.report, changed: [] as number[] };
    let changed: number[] = [];
    const total = plan.report.sites;
    const report = commitImport(ctx.stores, actor, plan, {
      onChanged: (ids) => (changed = ids),
      insideImport: (written) => {
        if (written % 1000 === 0) ctx.progress(total + written, total * 3);
        ctx.insideImport?.(written);
      },
      committed: ctx.committed,
      keptStates: (done) => ctx.progress(2 * total + Math.min(done, total), total * 3),
    });
    return { report, changed };
  },

  async boundaryImport(
    ctx: TaskContext,
    a: Upload & {
      user: AuthUser | null;
      via: string;
      province: string;
      level: Level;
      unitsAt: string | null;
      skipUnmatched: boolean;
      mode: Mode;
    },
  ) {
    const file = await readBoundaryFile(a.data, a.filename);
    const plan = planBoundaryImport(ctx.stores, file, {
      filename: a.filename,
      province: a.province,
      level: a.level,
      unitsAt: a.unitsAt,
      skipUnmatched: a.skipUnmatched,
      onProgress: ctx.progress,
    });
    if (a.mode === 'preview') return { committed: false as const, report: plan.report };
    return { committed: true as const, report: commitBoundaryImport(ctx.stores, a.user, a.via, plan) };
  },

  async indicatorImport(
    ctx: TaskContext,
    a: Upload & { user: AuthUser | null; province: string; month: string; unitsAt: string | null; mode: Mode },
  ) {
    const table = await readTable(a.data, a.filename);
    const plan = planIndicatorImport(ctx.stores, table, {
      filename: a.filename,
      province: a.province,
      month: a.month,
      unitsAt: a.unitsAt,
    });
    if (a.mode === 'preview') return { committed: false as const, report: plan.report };
    return {
      committed: true as const,
      report: commitIndicatorImport(ctx.stores, a.user, `import:${a.filename}`, plan),
    };
  },

  async unitList(
    ctx: TaskContext,
    a: Upload & { user: AuthUser | null; inForceFrom: string; mode: Mode | 'check'; name?: string },
  ) {
    const table = await readTable(a.data, a.filename);
    const opts = { filename: a.filename, inForceFrom: a.inForceFrom };
    if (a.mode === 'check') return { kind: 'check' as const, report: checkUnitList(ctx.stores, table, opts) };
    const plan = planUnitList(ctx.stores, table, opts);
    if (a.mode === 'preview') return { kind: 'preview' as const, report: plan.report };
    if (!plan.report.ok)
      return { kind: 'refused' as const, body: unitListRefused(plan.report).body(), report: plan.report };
    const written = commitUnitList(ctx.stores, a.user, `import:${a.filename}`, plan, {
      filename: a.filename,
      name: a.name,
    });
    return { kind: 'committed' as const, written };
  },

  /** /api/communes for the whole country (3,321 communes with their boundaries: 0.2–0.5 s). */
  async communeAnswer(ctx: TaskContext, a: { set: string | null; meta: unknown; query: CommuneFilter }) {
    return communeAnswer(ctx.stores, a.set, a.meta, a.query);
  },

  /** /api/sites for the whole country (44 MB for 100,000 sites; 0.3 s to read, more from history). */
  async siteAnswer(ctx: TaskContext, a: { head: Uint8Array; set: string | null; query: SiteQuery }) {
    const { body, tag } = siteAnswer(ctx.stores, a.head, a.set, a.query);
    return { body, tag };
  },

  async sitesExport(
    ctx: TaskContext,
    a: {
      filter: SiteFilter;
      asOf: string;
      inSet: { set: string; province: string | null } | null;
      format: 'csv' | 'xlsx';
    },
  ) {
    const rows = exportRows(ctx.stores, a.filter, a.asOf, a.inSet);
    if (a.format === 'xlsx') return toXlsx(rows, ctx.stores.meta(), a.inSet?.set ?? null);
    return new TextEncoder().encode(toCsv(rows, a.inSet?.set ?? null));
  },
};

export type Tasks = typeof TASKS;
export type TaskName = keyof Tasks;
export type TaskArgs<K extends TaskName> = Parameters<Tasks[K]>[1];
export type TaskResult<K extends TaskName> = Awaited<ReturnType<Tasks[K]>>;

/** The crash tests' pause: blocks the thread inside the import transaction until the process is killed. */
export function pauseInsideImport(file: string): (written: number) => void {
  return (written) => {
    if (written !== 1000) return;
    writeFileSync(file, String(written));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
  };
}
