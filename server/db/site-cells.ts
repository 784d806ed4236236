// The grid the kept site states are stored by, and the features of its cells at a date kept in memory.
// A bbox of /api/sites without other filters is answered from its cells: those wholly inside as they are,
// the sites of those on its edge picked by position. A client panning a province asks again for mostly
// the same cells, which SQLite would read and copy again each time (≈ 5 ms for a province of 6,000
// sites). A cell is read again after a write touched it (flush names the cells), and every cell after
// another connection committed (an import in a worker, the command line: SQLite's data_version).
import { createHash, randomUUID } from 'node:crypto';
import type { DB } from './database.ts';
import type { BBox } from './units.ts';

/** Size of the grid cells rows are stored by, in degrees; a cell's number runs west to east, then north. */
const CELL_DEG = 0.05;
const CELLS_PER_ROW = Math.round(360 / CELL_DEG);
const cellCol = (lon: number) => Math.min(CELLS_PER_ROW - 1, Math.max(0, Math.floor((lon + 180) / CELL_DEG)));
const cellRow = (lat: number) => Math.max(0, Math.floor((lat + 90) / CELL_DEG));
export const cellOf = (lon: number, lat: number) => cellRow(lat) * CELLS_PER_ROW + cellCol(lon);

/**
 * The most cells a bbox answered from the kept cells may cover: 10,000 (5° × 5°, several provinces). Each
 * cell of the box is looked at, empty or not, so a wider box — the whole world is 26 million cells — is
 * read by SQLite, which walks only the rows it holds.
 */
const MAX_BOX_CELLS = 10_000;

/** Whether a bbox is small enough to be answered from the kept cells. */
export const fitsCells = ([w, s, e, n]: BBox) =>
  (cellRow(n) - cellRow(s) + 1) * (cellCol(e) - cellCol(w) + 1) <= MAX_BOX_CELLS;

/** The runs of cell numbers covering a bbox, one per row of cells, south to north. */
export function cellRuns([w, s, e, n]: BBox): [number, number][] {
  const runs: [number, number][] = [];
  for (let r = cellRow(s); r <= cellRow(n); r++)
    runs.push([r * CELLS_PER_ROW + cellCol(w), r * CELLS_PER_ROW + cellCol(e)]);
  return runs;
}

/** One cell's features at one date, by site id: their JSON joined by commas, and where each one is. */
interface Cell {
  gen: number;
  json: Buffer;
  /** The extent of the cell's sites: a bbox holding it takes the cell whole. */
  extent: [number, number, number, number];
  /**
   * Where each site is and where its feature ends in `json` (the next starts one comma later): read the
   * first time the cell is on a bbox's edge.
   */
  sites: { lons: number[]; lats: number[]; ends: number[] } | null;
}

/** The kept cells of one date, and when it was last asked for. */
interface DateCells {
  asOf: string;
  cells: Map<number, Cell>;
  bytes: number;
  used: number;
}

/**
 * An answer's features in parts to be concatenated, and a tag that changes whenever their bytes do: here a
 * whole cell is named by its number and generation (it is read again, in a new generation, whenever its
 * bytes may have changed), a site on the bbox's edge by its bytes.
 */
export interface FeatureParts {
  parts: Buffer[];
  tag: string;
  /** Built from the kept cells: asked again, it is rebuilt in about a millisecond. */
  kept?: boolean;
}

/** The features of an answer read whole (by SQLite, or replayed from history), tagged by their hash. */
export function wholeParts(json: Buffer | null): FeatureParts {
  return json && json.byteLength > 0
    ? { parts: [json], tag: createHash('sha1').update(json).digest('base64url') }
    : { parts: [], tag: createHash('sha1').digest('base64url') };
}

const COMMA = Buffer.from(',');
/** Rough bytes of a kept cell's bookkeeping, and of a site's position and end once they are read. */
const CELL_BYTES = 160;
const SITE_BYTES = 24;

export interface CellCacheOptions {
  /**
   * Largest total of kept bytes, features and their bookkeeping (default 96 MiB, about two dates of
   * 100,000 sites); dates asked for longest ago are dropped first, then the current date's cells.
   */
  maxBytes?: number;
}

/** A cell's sites at a date as SQLite aggregates them: their features joined by commas, and their extent. */
export interface CellRow {
  cell: number;
  json: Buffer;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
}

/**
 * `read(from, to, asOf)`: the cells from `from` to `to` with sites whose states hold at `asOf`, each with its
 * features by site id — the order of the SQL bbox read, so both answer the same bytes; `sitesOf(cell, asOf)`:
 * the lon, lat and feature byte length of those sites of one cell, by site id.
 */
export function createCellCache(
  db: DB,
  read: (from: number, to: number, asOf: string) => CellRow[],
  sitesOf: (cell: number, asOf: string) => [number, number, number][],
  options: CellCacheOptions = {},
) {
  const maxBytes = options.maxBytes ?? 96 * 1024 * 1024;
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let version = dataVersion.get() as number;
  const dates = new Map<string, DateCells>();
  /** Generation of each cell a write touched; kept cells of an older generation are read again. */
  const touched = new Map<number, number>();
  let bytes = 0;
  let asked = 0;

  /** Names this process's kept cells, and which emptying of them: part of every tag. */
  const nonce = randomUUID();
  let epoch = 0;
  const clear = () => {
    epoch++;
    dates.clear();
    touched.clear();
    bytes = 0;
  };
  /**
   * Drops the dates asked for longest ago while the kept bytes are over the bound, and then, if still over
   * it (one date's cells of boxes all over the map), the cells of `current` too: they are read again when
   * next asked for. Run once an answer is built (its parts hold what they use).
   */
  const evict = (current: DateCells) => {
    while (bytes > maxBytes) {
      let oldest: [string, DateCells] | null = null;
      for (const entry of dates) if (!oldest || entry[1].used < oldest[1].used) oldest = entry;
      if (!oldest) return;
      dates.delete(oldest[0]);
      bytes -= oldest[1].bytes;
      if (oldest[1] === current) return;
    }
  };
  /** Kept bytes of a cell: its features, and its bookkeeping (an empty cell of the sea costs this much too). */
  const sizeOf = (c: Cell) => c.json.byteLength + CELL_BYTES + (c.sites ? SITE_BYTES * c.sites.ends.length : 0);
  const resize = (at: DateCells, grown: number) => {
    at.bytes += grown;
    bytes += grown;
  };

  const EMPTY = Buffer.alloc(0);
  /** Reads cells `from` to `to` in one statement; a cell without sites is kept empty. */
  const fill = (at: DateCells, from: number, to: number) => {
    const rows = read(from, to, at.asOf);
    for (let cell = from, i = 0; cell <= to; cell++) {
      const r = rows[i]?.cell === cell ? rows[i++]! : null;
      const json = r?.json ?? EMPTY;
      const old = at.cells.get(cell);
      const extent: Cell['extent'] = r ? [r.min_lon, r.min_lat, r.max_lon, r.max_lat] : [0, 0, 0, 0];
      const c: Cell = { gen: touched.get(cell) ?? 0, json, extent, sites: null };
      at.cells.set(cell, c);
      resize(at, sizeOf(c) - (old ? sizeOf(old) : 0));
    }
  };
  /** The positions and ends of a cell's sites, read once; they add up to its features' bytes. */
  const sitesIn = (at: DateCells, cell: number, c: Cell) => {
    if (c.sites) return c.sites;
    const lons: number[] = [];
    const lats: number[] = [];
    const ends: number[] = [];
    let end = -1;
    for (const [lon, lat, length] of sitesOf(cell, at.asOf)) {
      lons.push(lon);
      lats.push(lat);
      ends.push((end += 1 + length));
    }
    // Read in the same generation as the features: nothing wrote in between (a write would have renewed the
    // cell), so the two agree; checked all the same, since a mismatch would cut features apart.
    if (end !== c.json.byteLength) throw new Error(`site cells: cell ${cell} read at two states`);
    c.sites = { lons, lats, ends };
    resize(at, SITE_BYTES * ends.length);
    return c.sites;
  };

  return {
    /** The features of the sites in `bbox` at `asOf`, as JSON joined by commas, in parts (not copied). */
    featureParts(bbox: BBox, asOf: string): FeatureParts {
      const v = dataVersion.get() as number;
      if (v !== version) {
        clear();
        version = v;
      }
      let at = dates.get(asOf);
      if (!at) dates.set(asOf, (at = { asOf, cells: new Map(), bytes: 0, used: 0 }));
      at.used = ++asked;
      const [w, s, e, n] = bbox;
      const parts: Buffer[] = [];
      const tag = createHash('sha1').update(`${nonce}.${epoch}.${asOf}`);
      const push = (b: Buffer) => {
        if (parts.length > 0) parts.push(COMMA);
        parts.push(b);
      };
      for (const [from, to] of cellRuns(bbox)) {
        let missFrom = -1;
        let missTo = -1;
        for (let cell = from; cell <= to; cell++) {
          const c = at.cells.get(cell);
          if (c && c.gen === (touched.get(cell) ?? 0)) continue;
          if (missFrom < 0) missFrom = cell;
          missTo = cell;
        }
        if (missFrom >= 0) fill(at, missFrom, missTo);
        for (let cell = from; cell <= to; cell++) {
          const c = at.cells.get(cell)!;
          if (c.json.byteLength === 0) continue;
          const [cw, cs, ce, cn] = c.extent;
          if (cw >= w && ce <= e && cs >= s && cn <= n) {
            push(c.json);
            tag.update(`c${cell}.${c.gen}`);
            continue;
          }
          // The cell's sites inside the box, as runs of features that follow one another in its JSON: one
          // part each (a part per site made the answer's concatenation cost more than the rest of it).
          const { lons, lats, ends } = sitesIn(at, cell, c);
          let runStart = -1;
          let runEnd = -1;
          const endRun = () => {
            if (runStart < 0) return;
            const run = c.json.subarray(runStart, runEnd);
            push(run);
            tag.update(`f${run.byteLength}:`).update(run);
            runStart = -1;
          };
          for (let k = 0, start = 0; k < ends.length; start = ends[k]! + 1, k++) {
            const lon = lons[k]!;
            const lat = lats[k]!;
            if (lon < w || lon > e || lat < s || lat > n) endRun();
            else {
              if (runStart < 0) runStart = start;
              runEnd = ends[k]!;
            }
          }
          endRun();
        }
      }
      evict(at);
      return { parts, tag: tag.digest('base64url'), kept: true };
    },
    /** A write changed the sites of `cellNumbers`: their kept features are read again when next asked for. */
    invalidate(cellNumbers: Iterable<number>) {
      if (dates.size === 0) return;
      for (const cell of cellNumbers) touched.set(cell, (touched.get(cell) ?? 0) + 1);
    },
    /** Whether any cell is kept (a write need not name its cells otherwise). */
    holdsAny: () => dates.size > 0,
    /** How many cells are kept, and their bytes as counted against the bound. */
    kept: () => ({ cells: [...dates.values()].reduce((n, d) => n + d.cells.size, 0), bytes }),
  };
}
