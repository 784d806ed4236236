// 4G coverage and gaps per commune, for a province, a scenario (current: 4G on air at the date; planned:
// also 4G planned) and a date. Footprints come from the link-budget model unless the carrier declared or
// measured a radius; results are cached per province, scenario and date, and a changed site recomputes
// only the communes its old or new footprint touches.
import type { Stores } from '../stores.ts';
import type { BBox } from '../db/units.ts';
import type { SectorRow, SiteEventRow, SiteRow } from '../db/sites.ts';
import type { MultiPolygon, Polygon } from 'geojson';
import { isOnAir, techStatesAt, type SiteTechStates } from '../../common/site-state.ts';
import { modelRadiusKm, DEFAULT_BAND_MHZ, type Environment } from '../analysis/link-budget.ts';
import { footprintBbox, type Footprint, type Provenance } from '../../common/footprint.ts';
import {
  areaCoverage,
  bboxOf,
  DEFAULT_RESOLUTION,
  footprintsNear,
  indexFootprints,
  isCovered,
  areaGrid,
  type AreaGrid,
  type FootprintIndex,
} from '../analysis/coverage-grid.ts';
import { labelPoint } from '../analysis/simplify.ts';

export const SCENARIOS = ['current', 'planned'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * Which technologies' footprints a coverage counts: 4G (the product's coverage_4g), or 3G and 4G (the
 * service left once 2G is off, for phones that can use 3G).
 */
export const LAYERS = { '4G': ['4G'], '3G+4G': ['3G', '4G'] } as const;
export type Layer = keyof typeof LAYERS;

/** The layer that still serves after a sunset: what remains on air once its technology is off. */
export function layerAfter(remaining: readonly string[]): Layer {
  return remaining.includes('3G') ? '3G+4G' : '4G';
}

/** Footprints reach at most 20 km: look that far beyond an area for sites that may cover it. */
export const REACH_DEG = 0.2;
/** Up to this many sites changed at once are refreshed in place; more (an import) empty the cache. */
const INCREMENTAL_MAX_SITES = 50;
/** Longest a coverage read waits for a worker thread to fill the cells of communes written sites reach. */
const GRID_WAIT_MS = 250;
/** Cells of the communes refreshed in place kept for the next refresh, at most (≈ 56 bytes each). */
const KEPT_GRID_CELLS = 1_000_000;

export interface CommuneCoverage {
  code: string;
  name: string;
  district_code: string | null;
  district_name: string | null;
  cells: number;
  covered: number;
  /** Covered share of the commune's area, 0–1. */
  coverage: number;
  gaps: string[];
  /** How many covering sites had each provenance of radius. */
  provenance: Record<Provenance, number>;
}

interface CommuneShape {
  code: string;
  name: string;
  district_code: string | null;
  district_name: string | null;
  geometry: Polygon | MultiPolygon;
  bbox: BBox;
  label: [number, number];
}

interface Entry {
  dataVersion: number;
  province: string;
  footprints: Footprint[];
  index: FootprintIndex;
  /** The province's commune shapes, loaded when first needed (a worker's result arrives without them). */
  shapes: CommuneShape[] | null;
  /** Their bbox: what a changed site must be near to matter. */
  bbox: BBox | null;
  /** By commune, in code order. */
  results: Map<string, CommuneCoverage>;
}

export function expand(b: BBox, d: number): BBox {
  return [b[0] - d, b[1] - d, b[2] + d, b[3] + d];
}

export function intersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

/** The footprint of one technology of a site in a scenario, or null when it is not on air there. */
export function siteFootprint(
  site: SiteRow,
  states: SiteTechStates,
  sectors: SectorRow[] | undefined,
  radiusSource: 'declared' | 'measured' | undefined,
  tech: '2G' | '3G' | '4G',
  scenario: Scenario,
): Footprint | null {
  const st = states[tech];
  const live = isOnAir(st) || (scenario === 'planned' && st?.status === 'planned');
  if (!st || !live) return null;
  const bandMhz = st.band_mhz ?? site.band_mhz ?? DEFAULT_BAND_MHZ[tech];
  // A radius the carrier declared or measured overrides the model: it was observed on the ground.
  const declared = tech === '4G' && site.measured_radius_m && radiusSource;
  const own = (sectors ?? []).filter((s) => s.tech === null || s.tech === tech);
  return {
    siteId: site.id,
    tech,
    lon: site.lon,
    lat: site.lat,
    radiusKm: declared
      ? site.measured_radius_m! / 1000
      : modelRadiusKm({
          tech,
          bandMhz,
          antennaHeightM: site.antenna_height_m,
          environment: (site.environment as Environment | null) ?? 'suburban',
        }),
    sectors: own.length > 0 ? own.map((s) => ({ azimuthDeg: s.azimuth_deg, beamwidthDeg: s.beamwidth_deg })) : null,
    bandMhz,
    provenance: declared ? radiusSource : 'modelled',
  };
}

/** The bbox around a set of commune shapes (a province). */
export function shapesBbox(communes: { bbox: BBox }[]): BBox {
  return communes.reduce<BBox>(
    (b, c) => [
      Math.min(b[0], c.bbox[0]),
      Math.min(b[1], c.bbox[1]),
      Math.max(b[2], c.bbox[2]),
      Math.max(b[3], c.bbox[3]),
    ],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
}

/** What a province's coverage is made of, as plain data a worker thread can send back. */
export interface ProvinceCoverage {
  footprints: Footprint[];
  results: CommuneCoverage[];
  /** The bbox of the province's communes (null without any). */
  bbox: BBox | null;
}

export interface CoverageServiceOptions {
  resolution?: number;
  /** Most cached province × scenario × date entries kept (default 12). */
  maxEntries?: number;
  /**
   * Computes a province's coverage elsewhere (a worker thread: server/workers/tasks.ts); `ensure` uses it
   * so the request thread never runs the grid itself. Without it `ensure` computes in place.
   */
  compute?: (province: string, scenario: Scenario, date: string, layer: Layer) => Promise<ProvinceCoverage>;
  /**
   * Fills communes' cells elsewhere (a worker thread): `ensure` asks it for the communes that sites written
   * since the last read will have recomputed. Without it they are filled in place.
   */
  grids?: (province: string, codes: string[]) => Promise<Record<string, AreaGrid>>;
}

export function createCoverageService(stores: Stores, options: CoverageServiceOptions = {}) {
  const resolution = options.resolution ?? DEFAULT_RESOLUTION;
  const maxEntries = options.maxEntries ?? 12;
  const cache = new Map<string, Entry>();
  const dataVersion = stores.db.prepare('PRAGMA data_version').pluck();

  /** Footprints of `tech` for every site within `bbox` in a scenario at a date. */
  function loadFootprints(bbox: BBox, date: string, scenario: Scenario, tech: '2G' | '3G' | '4G'): Footprint[] {
    const sectors = stores.sites.sectorsInBbox(bbox);
    const sources = stores.sites.radiusSourcesInBbox(bbox);
    const out: Footprint[] = [];
    for (const { site, events } of stores.sites.sitesWithEvents({ bbox }, date)) {
      const f = siteFootprint(
        site,
        techStatesAt(events, date),
        sectors.get(site.id),
        sources.get(site.id),
        tech,
        scenario,
      );
      if (f) out.push(f);
    }
    return out;
  }

  function loadCommunes(province: string): CommuneShape[] {
    return stores.units.communesWithGeometry({ province }).map((r) => {
      const geometry = JSON.parse(r.geojson) as Polygon | MultiPolygon;
      return {
        code: r.code,
        name: r.name,
        district_code: r.district_code,
        district_name: r.district_name,
        geometry,
        bbox: bboxOf(geometry),
        // Stored with the boundary (the same labelPoint), computed only where an older row has none.
        label: r.label_lon != null && r.label_lat != null ? [r.label_lon, r.label_lat] : labelPoint(geometry),
      };
    });
  }

  function computeCommune(c: CommuneShape, index: FootprintIndex, grid?: AreaGrid): CommuneCoverage {
    const r = areaCoverage(c.geometry, index, resolution, c.label, grid);
    const provenance: Record<Provenance, number> = { modelled: 0, declared: 0, measured: 0 };
    // A site with footprints of two technologies (the 3G+4G layer) counts with the radius it declared or
    // measured when one of them has it (only a 4G radius can be), whatever order the footprints come in:
    // the last one found decided before, and a province refreshed site by site disagreed with a full run.
    const byId = new Map<number, Provenance>();
    for (const f of footprintsNear(index, c.bbox)) {
      if ((byId.get(f.siteId) ?? 'modelled') === 'modelled') byId.set(f.siteId, f.provenance);
    }
    for (const id of r.contributors) provenance[byId.get(id) ?? 'modelled']++;
    return {
      code: c.code,
      name: c.name,
      district_code: c.district_code,
      district_name: c.district_name,
      cells: r.cells,
      covered: r.covered,
      coverage: r.cells > 0 ? r.covered / r.cells : 0,
      gaps: r.gaps,
      provenance,
    };
  }

  const keyOf = (province: string, scenario: Scenario, date: string, layer: Layer) =>
    `${province}|${scenario}|${date}|${layer}`;
  /** A layer's footprints within a bbox: each of its technologies'. */
  const layerFootprints = (bbox: BBox, date: string, scenario: Scenario, layer: Layer) =>
    LAYERS[layer].flatMap((tech) => loadFootprints(bbox, date, scenario, tech));

  const shapesOf = (e: Entry) => (e.shapes ??= loadCommunes(e.province));

  /**
   * The cells of the communes refreshed in place, with their centres, kept while the data version stands:
   * the same communes are refreshed write after write (a carrier registering masts along a valley), and
   * filling each commune's polygon with cells again was half the work of every refresh.
   */
  let grids = { version: -1, cells: 0, byCode: new Map<string, AreaGrid>() };
  /** The kept grid of a commune, if any, at the current data version. */
  function keptGrid(code: string): AreaGrid | undefined {
    const version = dataVersion.get() as number;
    if (grids.version !== version) grids = { version, cells: 0, byCode: new Map() };
    return grids.byCode.get(code);
  }
  function keepGrid(code: string, g: AreaGrid): void {
    grids.byCode.set(code, g);
    grids.cells += g.cells.length;
    for (const [kept, old] of grids.byCode) {
      if (grids.cells <= KEPT_GRID_CELLS || old === g) break;
      grids.byCode.delete(kept);
      grids.cells -= old.cells.length;
    }
  }
  function gridOf(c: CommuneShape): AreaGrid {
    let g = keptGrid(c.code);
    if (g) return g;
    g = areaGrid(c.geometry, resolution, c.label);
    keepGrid(c.code, g);
    return g;
  }

  function fresh(key: string): Entry | undefined {
    const hit = cache.get(key);
    return hit && hit.dataVersion === (dataVersion.get() as number) ? hit : undefined;
  }

  function install(
    key: string,
    version: number,
    province: string,
    shapes: CommuneShape[] | null,
    data: ProvinceCoverage,
  ): Entry {
    const e: Entry = {
      dataVersion: version,
      province,
      footprints: data.footprints,
      index: indexFootprints(data.footprints),
      shapes,
      bbox: data.bbox,
      results: new Map(data.results.map((r) => [r.code, r])),
    };
    cache.delete(key);
    cache.set(key, e);
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return e;
  }

  function compute(
    province: string,
    scenario: Scenario,
    date: string,
    layer: Layer,
    communes = loadCommunes(province),
  ) {
    const footprints =
      communes.length > 0 ? layerFootprints(expand(shapesBbox(communes), REACH_DEG), date, scenario, layer) : [];
    const index = indexFootprints(footprints);
    return {
      footprints,
      results: communes.map((c) => computeCommune(c, index)),
      bbox: communes.length > 0 ? shapesBbox(communes) : null,
    };
  }

  function entry(province: string, scenario: Scenario, date: string, layer: Layer = '4G'): Entry {
    applyWritten();
    const key = keyOf(province, scenario, date, layer);
    const hit = fresh(key);
    if (hit) return hit;
    const version = dataVersion.get() as number;
    const communes = loadCommunes(province);
    return install(key, version, province, communes, compute(province, scenario, date, layer, communes));
  }

  const pending = new Map<string, Promise<void>>();
  /** Counts this connection's own changes (sitesChanged, clear), which SQLite's data_version does not see. */
  let generation = 0;
  /**
   * The sites each of those changes touched, by generation ('all' for one that emptied the cache), kept
   * while a computation runs: its result is brought up to date with them rather than thrown away and
   * computed again — under a stream of writes that never settled, and readers waited until they gave up.
   */
  const changes = new Map<number, readonly number[] | 'all'>();
  const running = new Map<string, number>();
  const forgetChanges = () => {
    const oldest = Math.min(...running.values());
    for (const g of changes.keys()) if (g <= oldest) changes.delete(g);
  };

  async function ensure(province: string, scenario: Scenario, date: string, layer: Layer = '4G'): Promise<void> {
    // No timer for a read with nothing written since the last one (most reads).
    const filling = prepareGrids();
    if (filling) await withinGridWait(filling);
    const key = keyOf(province, scenario, date, layer);
    if (fresh(key) || !options.compute) return;
    const inFlight = pending.get(key);
    if (inFlight) return inFlight;
    // The versions before the work: sites written here meanwhile are brought up to date in the result;
    // after an emptied cache (an import) it is done again.
    const version = dataVersion.get() as number;
    const gen = generation;
    running.set(key, gen);
    const job = options
      .compute(province, scenario, date, layer)
      .then((data) => {
        pending.delete(key);
        running.delete(key);
        const since = [...changes].filter(([g]) => g > gen).map(([, c]) => c);
        forgetChanges();
        if (since.includes('all')) return ensure(province, scenario, date, layer);
        // The shapes are parsed here only when asked for (a write nearby, the gap layer): a national
        // recomputation left the request thread parsing and labelling every commune a second time.
        install(key, version, province, null, data);
        // Noted like any write, so the next read brings them in a step at a time: handed over at once,
        // more than a step's worth (a cold computation under carriers' writes) emptied the cache just
        // filled, and the reader waiting for it computed the province again on the request thread.
        for (const c of since) for (const id of c as readonly number[]) written.add(id);
      })
      .finally(() => {
        if (pending.get(key) === job) pending.delete(key);
        running.delete(key);
      });
    pending.set(key, job);
    return job;
  }

  /**
   * Sites written since coverage was last read. The write only notes them; the next read brings the cached
   * provinces up to date with all of them at once — carriers writing without pause had the request thread
   * recompute the same communes after every single write, whether anyone looked or not.
   */
  const written = new Set<number>();
  function applyWritten() {
    if (written.size === 0) return;
    const ids = [...written];
    written.clear();
    // In steps small enough to be brought up to date (more at once would empty the cache, as an import does).
    for (let i = 0; i < ids.length; i += INCREMENTAL_MAX_SITES) sitesChanged(ids.slice(i, i + INCREMENTAL_MAX_SITES));
  }

  /**
   * Sites were created, moved or changed. For a few sites, each cached entry their old or new
   * footprints can reach is brought up to date at once: their footprints refreshed, the index rebuilt
   * once, only the communes the footprints touch recomputed; entries of other provinces are left alone.
   * For many (an import, written by another connection, which makes every entry stale anyway) the
   * cache is emptied. Returns the recomputed commune codes per entry refreshed.
   */
  function sitesChanged(siteIds: readonly number[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    if (siteIds.length === 0) return out;
    generation++;
    const many = siteIds.length > INCREMENTAL_MAX_SITES;
    if (running.size > 0) changes.set(generation, many ? 'all' : [...siteIds]);
    // Many sites (an import): every entry is recomputed when next asked for, without reading each site
    // here (100,000 lookups held the request thread for a second).
    if (many) {
      cache.clear();
      return out;
    }
    const ids = new Set(siteIds);
    for (const [key, e, fresh, touched] of changedEntries(siteIds)) {
      e.footprints = [...e.footprints.filter((f) => !ids.has(f.siteId)), ...fresh];
      e.index = indexFootprints(e.footprints);
      const codes: string[] = [];
      for (const c of touched) {
        e.results.set(c.code, computeCommune(c, e.index, gridOf(c)));
        codes.push(c.code);
      }
      out.set(key, codes);
    }
    return out;
  }

  /**
   * The cached entries a change of these sites reaches: each with its key, the sites' footprints in it
   * now, and the communes their old or new footprints touch (which sitesChanged recomputes).
   */
  function changedEntries(siteIds: readonly number[]): [string, Entry, Footprint[], CommuneShape[]][] {
    const ids = new Set(siteIds);
    // Each site read by id, its events, sectors and radius once an entry it can reach needs them: a box
    // around it (the old way) also read every neighbour within 100 m, two dozen sites where carriers
    // register masts close together.
    const sites = siteIds.flatMap((id) => {
      const site = stores.sites.site(id);
      if (!site) return [];
      let details: { events: SiteEventRow[]; sectors: SectorRow[]; source: 'declared' | 'measured' | undefined };
      const read = () =>
        (details ??= {
          events: stores.sites.events(id),
          sectors: stores.sites.sectors(id).map((x) => ({ ...x, site_id: id })),
          source: stores.sites.radiusSource(id) ?? undefined,
        });
      return [{ id, lon: site.lon, lat: site.lat, site, read }];
    });
    const out: [string, Entry, Footprint[], CommuneShape[]][] = [];
    for (const [key, e] of cache) {
      const [, scenario, date, layer] = key.split('|') as [string, Scenario, string, Layer];
      if (!e.bbox) continue;
      const reach = expand(e.bbox, REACH_DEG);
      const old = e.footprints.filter((f) => ids.has(f.siteId));
      const near = sites.filter((s) => intersects(reach, [s.lon, s.lat, s.lon, s.lat]));
      if (old.length === 0 && near.length === 0) continue;
      const fresh = near.flatMap((s) => {
        const { events, sectors, source } = s.read();
        const states = techStatesAt(events, date);
        return LAYERS[layer].flatMap((tech) => siteFootprint(s.site, states, sectors, source, tech, scenario) ?? []);
      });
      const touched = [...old, ...fresh].map(footprintBbox);
      out.push([key, e, fresh, shapesOf(e).filter((c) => touched.some((b) => intersects(b, c.bbox)))]);
    }
    return out;
  }

  let preparing: Promise<void> | null = null;
  /**
   * The cells of the communes the sites written since the last read will have recomputed, filled by a
   * worker thread (options.grids) where none are kept: filling a commune's polygon with cells took the
   * request thread 5–30 ms a commune, 40 ms and more for a write in a part of a province not written
   * before. Awaited by ensure, so the read that applies the writes finds them; a write arriving
   * meanwhile has its grids filled in place, as without a worker. Null when nothing was written since.
   */
  function prepareGrids(): Promise<void> | null {
    if (!options.grids || written.size === 0) return null;
    // One filling at a time: readers arriving meanwhile wait for it rather than ask for the same cells.
    // Never rejects: a reader that stopped waiting for it must not leave an unhandled error behind, and
    // whatever failed here fails again, in its place, when the read brings the sites in.
    return (preparing ??= fillGrids()
      .catch(() => {})
      .finally(() => (preparing = null)));
  }
  /**
   * Waits for a filling at most GRID_WAIT_MS: with both worker threads busy (two imports, the country's
   * sites) a reader would wait for them; past that the cells are filled in place, as without a worker,
   * and the filling's cells are kept whenever it ends.
   */
  async function withinGridWait(filling: Promise<void>): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([filling, new Promise<void>((resolve) => (timer = setTimeout(resolve, GRID_WAIT_MS)))]);
    clearTimeout(timer);
  }
  async function fillGrids(): Promise<void> {
    const need = new Map<string, Set<string>>();
    for (const [, e, , touched] of changedEntries([...written].slice(0, INCREMENTAL_MAX_SITES))) {
      for (const c of touched) {
        if (keptGrid(c.code)) continue;
        const codes = need.get(e.province) ?? new Set<string>();
        need.set(e.province, codes.add(c.code));
      }
    }
    if (need.size === 0) return;
    const version = dataVersion.get() as number;
    // A filling that fails (a worker stopped) leaves the cells to be filled in place, as without a worker.
    const filled = await Promise.all([...need].map(([province, codes]) => options.grids!(province, [...codes])));
    // Kept only for the data version they were read at: another connection's write may have moved a border.
    if ((dataVersion.get() as number) !== version) return;
    for (const byCode of filled) for (const [code, g] of Object.entries(byCode)) if (!keptGrid(code)) keepGrid(code, g);
  }

  return {
    resolution,

    /** Sites were written: noted, and brought into the cached coverage when it is next read. */
    sitesWritten(siteIds: readonly number[]): void {
      // Many at once (an import) empty the cache now rather than wait for a read.
      if (siteIds.length > INCREMENTAL_MAX_SITES) {
        sitesChanged(siteIds);
        return;
      }
      for (const id of siteIds) written.add(id);
      // A stream of single writes is brought in a step at a time, never thrown away with the cache.
      if (written.size >= INCREMENTAL_MAX_SITES) applyWritten();
    },

    /**
     * Makes sure a province's coverage is cached, computing it with `options.compute` (a worker thread)
     * when it is not: awaited by the routes before they read it, so the request thread only reads.
     * Concurrent callers for one province share one computation.
     */
    ensure,

    /** Cells of some of a province's communes, by code (what a worker thread sends back for options.grids). */
    grids(province: string, codes: readonly string[]): Record<string, AreaGrid> {
      const wanted = new Set(codes);
      const out: Record<string, AreaGrid> = {};
      for (const c of loadCommunes(province))
        if (wanted.has(c.code)) out[c.code] = areaGrid(c.geometry, resolution, c.label);
      return out;
    },

    /** A province's coverage computed here and now, uncached (what a worker thread sends back). */
    compute(province: string, scenario: Scenario, date: string, layer: Layer = '4G'): ProvinceCoverage {
      return compute(province, scenario, date, layer);
    },

    /** Per-commune coverage of a province (by 4G, or by another layer's technologies). */
    communes(province: string, scenario: Scenario, date: string, layer: Layer = '4G'): CommuneCoverage[] {
      return [...entry(province, scenario, date, layer).results.values()];
    },

    /** The footprints used for a province (drawn on the map): 4G, or another layer's. */
    footprints(province: string, scenario: Scenario, date: string, layer: Layer = '4G'): Footprint[] {
      return entry(province, scenario, date, layer).footprints;
    },

    footprintIndex(province: string, scenario: Scenario, date: string): FootprintIndex {
      return entry(province, scenario, date).index;
    },

    communeShapes(province: string, scenario: Scenario, date: string): CommuneShape[] {
      return shapesOf(entry(province, scenario, date));
    },

    /** Footprints of one technology on air at the date within a bbox (for what-if and band checks). */
    footprintsOf(tech: '2G' | '3G', bbox: BBox, date: string): Footprint[] {
      return loadFootprints(bbox, date, 'current', tech);
    },

    load4g(bbox: BBox, date: string, scenario: Scenario): Footprint[] {
      return loadFootprints(bbox, date, scenario, '4G');
    },

    sitesChanged,

    /** Whether a point is inside some current (or planned) 4G footprint of the province. */
    covered(province: string, scenario: Scenario, date: string, lon: number, lat: number): boolean {
      return isCovered(entry(province, scenario, date).index, lon, lat);
    },

    clear(): void {
      generation++;
      if (running.size > 0) changes.set(generation, 'all');
      cache.clear();
      grids = { version: -1, cells: 0, byCode: new Map() };
    },
  };
}
export type CoverageService = ReturnType<typeof createCoverageService>;
