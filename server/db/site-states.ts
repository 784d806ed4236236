// Each site's state kept on write (migration 011): one row per span between two of its event dates, with
// the filter columns and the GeoJSON feature the API answers. Triggers mark the sites a write touched;
// flush() recomputes them inside the writer's transaction. Reads take one row per site at the day asked
// for — no history replayed, no JSON built — and fall back to the history while any site is dirty, so
// an answer is never stale whichever path wrote.
import type { DB } from './database.ts';
import { perNamedPlaces, placeFilterSql, type SiteFilter, type SiteRow } from './sites.ts';
import { readMeta } from './meta.ts';
import { multiRowInsert } from './bulk.ts';
import {
  cellOf,
  cellRuns,
  createCellCache,
  fitsCells,
  wholeParts,
  type CellRow,
  type FeatureParts,
} from './site-cells.ts';
import {
  isOnAir,
  siteCategory,
  techStatesAt,
  type EventStatus,
  type SiteCategory,
  type SiteEvent,
  type SiteTechStates,
  type Tech,
} from '../../common/site-state.ts';

export interface SiteProperties {
  id: number;
  operator: string;
  site_code: string;
  name: string | null;
  commune_code: string | null;
  province_code: string;
  category: SiteCategory;
  techs: SiteTechStates;
  on_air: Tech[];
  antenna_height_m: number | null;
  band_mhz: number | null;
}

export interface SiteFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: SiteProperties;
}

export interface SiteStateFilter extends SiteFilter {
  tech?: Tech | null;
  status?: EventStatus | null;
  category?: SiteCategory | null;
}

/** The feature of a site in the state `techs`: what /api/sites answers for it. */
export function siteFeature(r: SiteRow, techs: SiteTechStates, dataStart: string): SiteFeature {
  return {
    type: 'Feature',
    id: r.id,
    geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: {
      id: r.id,
      operator: r.operator_id,
      site_code: r.site_code,
      name: r.name,
      commune_code: r.commune_code,
      province_code: r.province_code,
      category: siteCategory(techs, dataStart),
      techs,
      on_air: (Object.keys(techs) as Tech[]).filter((t) => isOnAir(techs[t])).sort(),
      antenna_height_m: r.antenna_height_m,
      band_mhz: r.band_mhz,
    },
  };
}

/** Whether a site in the state `techs` passes the tech/status filter of /api/sites. */
export function keepTechs(states: SiteTechStates, q: SiteStateFilter): boolean {
  if (q.tech && q.status) return states[q.tech]?.status === q.status;
  if (q.tech) return states[q.tech] !== undefined;
  if (q.status) return Object.values(states).some((s) => s?.status === q.status);
  return true;
}

const filterParams = (f: Omit<SiteStateFilter, 'bbox'>, asOf: string) => ({
  as_of: asOf,
  province: f.province ?? null,
  operator: f.operator ?? null,
  district: f.district ?? null,
  old_province: f.oldProvince ?? null,
  category: f.category ?? null,
  tech: f.tech ?? null,
  status: f.status ?? null,
});

/** The columns of a kept state, in the order statesOf() gives its values. */
export const STATE_COLUMNS = [
  'cell',
  'site_id',
  'valid_from',
  'valid_to',
  'lon',
  'lat',
  'operator_id',
  'province_code',
  'commune_code',
  'category',
  't2g',
  't3g',
  't4g',
  't5g',
  'feature',
] as const;

/** The last day a state can hold: the latest state of a site runs until it. */
const OPEN_END = '9999-12-31';
/** Sites recomputed per statement batch in flush(), per transaction in catchUp(), and at most by one write. */
export const CHUNK = 2_000;
/** State rows written per statement batch in flush(). */
const INSERT_ROWS = 100;

type StateRow = (string | number | null)[];

/** A site's states: one per distinct event date, each until the next (events sorted by date, then id). */
export function statesOf(site: SiteRow, events: readonly SiteEvent[], dataStart: string): StateRow[] {
  const dates = [...new Set(events.map((e) => e.date))];
  return dates.map((from, i) => {
    const techs = techStatesAt(events, from);
    const f = siteFeature(site, techs, dataStart);
    return [
      cellOf(site.lon, site.lat),
      site.id,
      from,
      dates[i + 1] ?? OPEN_END,
      site.lon,
      site.lat,
      site.operator_id,
      site.province_code,
      site.commune_code,
      f.properties.category,
      techs['2G']?.status ?? null,
      techs['3G']?.status ?? null,
      techs['4G']?.status ?? null,
      techs['5G']?.status ?? null,
      JSON.stringify(f),
    ];
  });
}

/**
 * The kept cells of a connection, one set however many stores are made on it: a write through any of them
 * renews the cells every one of them answers from (another connection's writes are seen by data_version).
 */
const cellCaches = new WeakMap<DB, ReturnType<typeof createCellCache>>();
function cellsOf(db: DB) {
  let cells = cellCaches.get(db);
  if (!cells) {
    // Rows come in primary-key order (cell, site id): each cell's features are joined by site id, as the
    // bbox read joins them.
    const read = db.prepare(
      `SELECT cell, CAST(group_concat(feature, ',') AS BLOB) AS json,
         min(lon) AS min_lon, min(lat) AS min_lat, max(lon) AS max_lon, max(lat) AS max_lat
       FROM site_states WHERE cell BETWEEN ? AND ? AND valid_from <= ? AND valid_to > ? GROUP BY cell`,
    );
    const sites = db
      .prepare(
        `SELECT lon, lat, length(CAST(feature AS BLOB)) FROM site_states
         WHERE cell = ? AND valid_from <= ? AND valid_to > ? ORDER BY site_id`,
      )
      .raw();
    cells = createCellCache(
      db,
      (from, to, asOf) => read.all(from, to, asOf, asOf) as CellRow[],
      (cell, asOf) => sites.all(cell, asOf, asOf) as [number, number, number][],
    );
    cellCaches.set(db, cells);
  }
  return cells;
}

export function createSiteStates(db: DB) {
  const insert = multiRowInsert(db, 'site_states', STATE_COLUMNS);
  const ids = '(SELECT value FROM json_each(@ids))';
  const q = {
    dirty: db.prepare('SELECT site_id FROM site_states_dirty ORDER BY site_id LIMIT ?').pluck(),
    anyDirty: db.prepare('SELECT EXISTS (SELECT 1 FROM site_states_dirty)').pluck(),
    sites: db.prepare(
      `SELECT id, operator_id, site_code, name, lon, lat, province_code, commune_code, antenna_height_m, band_mhz,
         measured_radius_m, environment
       FROM sites WHERE id IN ${ids} AND retired_at IS NULL`,
    ),
    events: db.prepare(
      `SELECT site_id, tech, status, date, band_mhz FROM site_events WHERE site_id IN ${ids} ORDER BY site_id, date, id`,
    ),
    drop: db.prepare(`DELETE FROM site_states WHERE site_id IN ${ids}`),
    cellsOf: db.prepare(`SELECT DISTINCT cell FROM site_states WHERE site_id IN ${ids}`).pluck(),
    clean: db.prepare(`DELETE FROM site_states_dirty WHERE site_id IN ${ids}`),
  };
  // The status of @tech at the site (keepTechs in SQL).
  const techStatus = `(CASE @tech WHEN '2G' THEN st.t2g WHEN '3G' THEN st.t3g WHEN '4G' THEN st.t4g ELSE st.t5g END)`;
  const filterSql = `
      st.valid_from <= @as_of AND st.valid_to > @as_of
      AND ${placeFilterSql('st')}
      AND (@category IS NULL OR st.category = @category)
      AND (CASE
        WHEN @tech IS NOT NULL THEN ${techStatus} IS NOT NULL AND (@status IS NULL OR ${techStatus} = @status)
        WHEN @status IS NOT NULL THEN @status IN (st.t2g, st.t3g, st.t4g, st.t5g)
        ELSE 1 END)`;
  // With the places a query names stated plainly, SQLite reads their states from the province index (the
  // generic filter alone had it read every state of the country: 350 ms for one province of 100,000 sites).
  const byPlace = <T>(prepare: (where: string) => T) => perNamedPlaces((place) => prepare(filterSql + place('st')));
  // The features joined by commas in SQLite itself and handed over as bytes (a BLOB): one copy crosses into
  // JavaScript, neither a string per site nor a string to decode. A bbox reads its runs of cells.
  const read = {
    points: byPlace((where) =>
      db
        .prepare(
          `SELECT st.site_id, st.lon, st.lat, st.category FROM site_states st WHERE ${where} ORDER BY st.site_id`,
        )
        .raw(),
    ),
    byIds: db
      .prepare(
        `SELECT CAST(group_concat(st.feature, ',') AS BLOB) FROM site_states st
         WHERE st.site_id IN ${ids} AND st.valid_from <= @as_of AND st.valid_to > @as_of`,
      )
      .pluck(),
    all: byPlace((where) =>
      db
        .prepare(
          `SELECT CAST(group_concat(st.feature, ',' ORDER BY st.site_id) AS BLOB) FROM site_states st WHERE ${where}`,
        )
        .pluck(),
    ),
    bbox: db
      .prepare(
        `SELECT CAST(group_concat(st.feature, ',') AS BLOB)
         FROM json_each(@runs) j JOIN site_states st ON st.cell BETWEEN j.value ->> 0 AND j.value ->> 1
         WHERE st.lon BETWEEN @min_lon AND @max_lon AND st.lat BETWEEN @min_lat AND @max_lat AND ${filterSql}`,
      )
      .pluck(),
  };

  const cells = cellsOf(db);
  const unfiltered = (f: SiteStateFilter) =>
    !f.province && !f.operator && !f.district && !f.oldProvince && !f.category && !f.tech && !f.status;

  /**
   * Recomputes up to `limit` dirty sites' states (all by default), lowest ids first. Runs inside the
   * caller's transaction when there is one, so a write and its sites' states commit together.
   */
  const flush = db.transaction((limit = Number.MAX_SAFE_INTEGER): number => {
    const dirty = q.dirty.all(limit) as number[];
    if (dirty.length === 0) return 0;
    const dataStart = readMeta(db).data_start;
    for (let i = 0; i < dirty.length; i += CHUNK) {
      const chunk = { ids: JSON.stringify(dirty.slice(i, i + CHUNK)) };
      const byId = new Map<number, SiteEvent[]>();
      for (const e of q.events.all(chunk) as (SiteEvent & { site_id: number })[]) {
        let list = byId.get(e.site_id);
        if (!list) byId.set(e.site_id, (list = []));
        list.push(e);
      }
      // The kept cells of these sites, where they stood and where they stand now, are read again.
      if (cells.holdsAny()) cells.invalidate(q.cellsOf.all(chunk) as number[]);
      q.drop.run(chunk);
      // Written a statement's worth at a time: the states of 2,000 sites held at once outlived the young
      // generation and piled up in the old one (an import's memory peaked 60–100 MiB higher catching up).
      const rows: StateRow[] = [];
      const write = (batch: StateRow[]) => {
        insert(batch);
        cells.invalidate(batch.map((r) => r[0] as number));
      };
      for (const s of q.sites.all(chunk) as SiteRow[]) {
        rows.push(...statesOf(s, byId.get(s.id) ?? [], dataStart));
        if (rows.length >= INSERT_ROWS) write(rows.splice(0, INSERT_ROWS));
      }
      write(rows);
      q.clean.run(chunk);
    }
    return dirty.length;
  });

  return {
    flush,
    /**
     * Brings every dirty site up to date in transactions of CHUNK sites, so other writers get the lock
     * in between (after a bulk import: 100,000 sites take about 2 s). Stops quietly when another writer
     * holds the lock past the busy timeout: what is left stays dirty, read from history meanwhile, and the
     * next write or start catches up. `onStep` hears how many sites are done after each transaction.
     */
    catchUp(onStep?: (done: number) => void): number {
      let done = 0;
      try {
        for (let n = flush(CHUNK); n > 0; n = flush(CHUNK)) {
          done += n;
          onStep?.(done);
        }
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
      }
      return done;
    },
    /** The statement a bbox read runs, for EXPLAIN QUERY PLAN in the benchmark. */
    bboxSql: () => read.bbox.source,
    /** Whether every site's states are up to date (no write since the last flush left one behind). */
    fresh: () => !(q.anyDirty.get() as number),
    /**
     * The features of the sites matching `f` at `asOf`, as UTF-8 JSON joined by commas, in parts to be
     * concatenated (none for no site), with a tag that changes whenever they do. A bbox of at most a few
     * provinces with no other filter is answered from the kept cells (site-cells.ts) unless `fromCells` is
     * false: the same bytes.
     */
    featureParts(f: SiteStateFilter, asOf: string, fromCells = true): FeatureParts {
      if (fromCells && f.bbox && unfiltered(f) && fitsCells(f.bbox)) return cells.featureParts(f.bbox, asOf);
      const p = filterParams(f, asOf);
      const [min_lon, min_lat, max_lon, max_lat] = f.bbox ?? [];
      const out = f.bbox
        ? read.bbox.get({ ...p, runs: JSON.stringify(cellRuns(f.bbox)), min_lon, min_lat, max_lon, max_lat })
        : read.all(f).get(p);
      return wholeParts(out as Buffer | null);
    },
    /** Id, position and category of the sites matching `f` (no bbox) at `asOf`, by id: what clustering needs. */
    points(f: Omit<SiteStateFilter, 'bbox'>, asOf: string) {
      const p = filterParams(f, asOf);
      return read.points(f).all(p) as [number, number, number, SiteCategory][];
    },
    /** The features of the sites `ids` at `asOf`, by id. */
    featuresOf(ids: readonly number[], asOf: string): Map<number, SiteFeature> {
      const out = read.byIds.get({ ids: JSON.stringify(ids), as_of: asOf }) as Buffer | null;
      const features = out ? (JSON.parse(`[${out.toString()}]`) as SiteFeature[]) : [];
      return new Map(features.map((x) => [x.id, x]));
    },
  };
}
