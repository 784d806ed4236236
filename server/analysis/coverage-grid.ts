// Coverage of an area on a hexagonal grid (H3): an area's cells are those whose centre lies inside it;
// a cell is covered when its centre lies inside at least one footprint. The covered share of the cells is
// the covered share of the area (every cell of one resolution has nearly the same area); the uncovered
// cells are the gaps.
import Flatbush from 'flatbush';
import { cellToLatLng, latLngToCell, polygonToCellsExperimental, POLYGON_TO_CELLS_FLAGS } from 'h3-js';
import type { MultiPolygon, Polygon } from 'geojson';
import { covers, footprintBbox, type Footprint } from '../../common/footprint.ts';

/** Default H3 resolution: res 9 cells average 0.105 km² (edge ≈ 174 m). */
export const DEFAULT_RESOLUTION = 9;

export interface FootprintIndex {
  footprints: Footprint[];
  index: Flatbush | null;
}

export function indexFootprints(footprints: Footprint[]): FootprintIndex {
  if (footprints.length === 0) return { footprints, index: null };
  const index = new Flatbush(footprints.length);
  for (const f of footprints) index.add(...footprintBbox(f));
  index.finish();
  return { footprints, index };
}

/** Footprints whose disc's bbox meets the bbox. */
export function footprintsNear(fi: FootprintIndex, bbox: [number, number, number, number]): Footprint[] {
  if (!fi.index) return [];
  return fi.index.search(...bbox).map((i) => fi.footprints[i]!);
}

export function isCovered(fi: FootprintIndex, lon: number, lat: number): boolean {
  return footprintsNear(fi, [lon, lat, lon, lat]).some((f) => covers(f, lon, lat));
}

/**
 * The H3 cells of a polygonal area (centre inside); an area smaller than a cell gets the cell at `fallback`.
 * H3's newer polygon fill (4.2's polygonToCellsExperimental, centre containment): the same cells as
 * polygonToCells, checked on every commune of six provinces, in 58 % of the time — most of a province's
 * coverage was spent here.
 */
export function areaCells(g: Polygon | MultiPolygon, resolution: number, fallback?: [number, number]): string[] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const cells: string[] = [];
  for (const p of polys)
    for (const c of polygonToCellsExperimental(
      p as number[][][],
      resolution,
      POLYGON_TO_CELLS_FLAGS.containmentCenter,
      true,
    ))
      cells.push(c);
  if (cells.length === 0 && fallback) cells.push(latLngToCell(fallback[1], fallback[0], resolution));
  return cells;
}

export interface CellCoverage {
  cells: number;
  covered: number;
  /** Uncovered cells. */
  gaps: string[];
  /** Ids of the sites whose footprint covers at least one cell. */
  contributors: Set<number>;
}

/** An area's cells with their centres (lon, lat pairs): covered again without filling the polygon again. */
export interface AreaGrid {
  cells: string[];
  centres: Float64Array;
}

export function areaGrid(g: Polygon | MultiPolygon, resolution: number, fallback?: [number, number]): AreaGrid {
  const cells = areaCells(g, resolution, fallback);
  const centres = new Float64Array(cells.length * 2);
  for (let i = 0; i < cells.length; i++) {
    const [lat, lon] = cellToLatLng(cells[i]!);
    centres[2 * i] = lon;
    centres[2 * i + 1] = lat;
  }
  return { cells, centres };
}

/**
 * Above this many candidate footprints a cell finds the ones over it in an index rather than trying each:
 * a cell no footprint covers tried them all, and where carriers register masts by the hundred (a
 * commune's candidates in the thousands) that made every refresh of the commune grow with their square.
 */
const INDEXED_CANDIDATES = 16;

/**
 * The first of `candidates` (in their order) that covers a point, by trying each, or for many through an
 * index of their boxes: the same footprint either way.
 */
function firstCovering(candidates: Footprint[]): (lon: number, lat: number) => Footprint | undefined {
  if (candidates.length <= INDEXED_CANDIDATES) return (lon, lat) => candidates.find((f) => covers(f, lon, lat));
  const index = new Flatbush(candidates.length);
  // A hair wider than the disc, so rounding never leaves out a footprint that covers a point on its rim.
  const e = 1e-9;
  for (const f of candidates) {
    const [w, s, east, n] = footprintBbox(f);
    index.add(w - e, s - e, east + e, n + e);
  }
  index.finish();
  let lon = 0;
  let lat = 0;
  let best = -1;
  const consider = (i: number) => {
    if ((best < 0 || i < best) && covers(candidates[i]!, lon, lat)) best = i;
    return false;
  };
  return (x, y) => {
    lon = x;
    lat = y;
    best = -1;
    index.search(x, y, x, y, consider);
    return best < 0 ? undefined : candidates[best];
  };
}

/** Covers each cell with the first footprint that reaches its centre. */
export function coverCells(area: string[] | AreaGrid, candidates: Footprint[]): CellCoverage {
  const cells = Array.isArray(area) ? area : area.cells;
  const centres = Array.isArray(area) ? null : area.centres;
  const first = firstCovering(candidates);
  const gaps: string[] = [];
  const contributors = new Set<number>();
  let covered = 0;
  let last: Footprint | undefined; // neighbouring cells are usually covered by the same site: try it first
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    let lon: number;
    let lat: number;
    if (centres) {
      lon = centres[2 * i]!;
      lat = centres[2 * i + 1]!;
    } else [lat, lon] = cellToLatLng(cell);
    let hit: Footprint | undefined;
    if (last && covers(last, lon, lat)) hit = last;
    else hit = first(lon, lat);
    if (hit) {
      covered++;
      contributors.add(hit.siteId);
      last = hit;
    } else gaps.push(cell);
  }
  return { cells: cells.length, covered, gaps, contributors };
}

export function bboxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x! < minX) minX = x!;
      if (y! < minY) minY = y!;
      if (x! > maxX) maxX = x!;
      if (y! > maxY) maxY = y!;
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Share of an area covered by the footprints, on the H3 grid.
 * @example areaCoverage(commune.geometry, indexFootprints(footprints)).covered / .cells
 */
export function areaCoverage(
  g: Polygon | MultiPolygon,
  fi: FootprintIndex,
  resolution = DEFAULT_RESOLUTION,
  fallback?: [number, number],
  /** The area's cells when kept from an earlier call (areaGrid). */
  grid?: AreaGrid,
): CellCoverage {
  // In site order, whatever the order the index was built in: which footprint covers a cell first decides
  // the contributors (and so the provenance counts), and a province brought up to date site by site must
  // count them as computing it again would.
  const candidates = footprintsNear(fi, bboxOf(g)).sort((a, b) => a.siteId - b.siteId || (a.tech < b.tech ? -1 : 1));
  return coverCells(grid ?? areaCells(g, resolution, fallback), candidates);
}
