// Generates plausible, licence-clean boundaries: a province outline is cut into district cells by a
// Voronoi diagram of the district seats, and each district into commune cells by a relaxed Voronoi
// diagram of random seeds inside it. Cells of one diagram clipped to one polygon tile it exactly: no
// gaps, no overlaps — what real boundaries do.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { Rng } from './prng.ts';

export type Area = Feature<Polygon | MultiPolygon>;
type LonLat = [number, number];

/** Rounds every coordinate to 6 decimals (~0.1 m): shared edges round identically on both sides. */
export function roundGeometry<G extends Polygon | MultiPolygon>(g: G): G {
  const r = (p: Position): Position => [Math.round(p[0]! * 1e6) / 1e6, Math.round(p[1]! * 1e6) / 1e6];
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map((ring) => ring.map(r)) };
  return { ...g, coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(r))) };
}

export function outlineFeature(parts: LonLat[][]): Area {
  return parts.length === 1 ? turf.polygon([parts[0]!]) : turf.multiPolygon(parts.map((ring) => [ring]));
}

/** Scales rings and points about the outline's centroid so the outline's area becomes `targetKm2`. */
export function scaleToArea(
  parts: LonLat[][],
  points: LonLat[],
  targetKm2: number,
): { parts: LonLat[][]; points: LonLat[] } {
  const outline = outlineFeature(parts);
  const [cx, cy] = turf.centroid(outline).geometry.coordinates as LonLat;
  const f = Math.sqrt(targetKm2 / (turf.area(outline) / 1e6));
  const s = ([x, y]: LonLat): LonLat => [cx + (x - cx) * f, cy + (y - cy) * f];
  return { parts: parts.map((ring) => ring.map(s)), points: points.map(s) };
}

/** Clips the Voronoi cell of every seed to `area`; returns null for a seed whose cell misses it. */
export function voronoiCells(area: Area, seeds: LonLat[]): (Area | null)[] {
  const [minX, minY, maxX, maxY] = turf.bbox(area);
  const pad = Math.max(maxX - minX, maxY - minY);
  const diagram = turf.voronoi(turf.featureCollection(seeds.map((s) => turf.point(s))), {
    bbox: [minX - pad, minY - pad, maxX + pad, maxY + pad],
  });
  return diagram.features.map((cell) =>
    cell ? (turf.intersect(turf.featureCollection([cell as Area, area])) as Area | null) : null,
  );
}

export function randomPointIn(area: Area, rng: Rng): LonLat {
  const [minX, minY, maxX, maxY] = turf.bbox(area);
  for (let i = 0; i < 10_000; i++) {
    const p: LonLat = [rng.range(minX, maxX), rng.range(minY, maxY)];
    if (turf.booleanPointInPolygon(p, area)) return p;
  }
  throw new Error('randomPointIn: area too thin to sample');
}

/**
 * Cuts a province into communes with one Voronoi diagram, so every edge two communes share comes from the
 * same computation and the tiling is exact. Each district contributes `counts[i]` seeds drawn inside its
 * own cell (`districtCells[i]`); Lloyd relaxation then moves every seed to its cell's centre of mass
 * (compact cells like real communes rather than slivers), never out of its district's cell. A district is
 * then the union of its communes, with a boundary as ragged as real ones.
 * Returns, for each district, the cells of its communes.
 */
export function tileProvince(
  province: Area,
  districtCells: Area[],
  counts: number[],
  rng: Rng,
  iterations = 3,
): Area[][] {
  const owner: number[] = [];
  let seeds: LonLat[] = [];
  districtCells.forEach((cell, d) => {
    for (let k = 0; k < counts[d]!; k++) {
      seeds.push(randomPointIn(cell, rng));
      owner.push(d);
    }
  });
  let cells = voronoiCells(province, seeds);
  for (let i = 0; i < iterations; i++) {
    seeds = cells.map((c, k) => {
      if (!c) return seeds[k]!;
      const moved = turf.centerOfMass(c).geometry.coordinates as LonLat;
      return turf.booleanPointInPolygon(moved, districtCells[owner[k]!]!) ? moved : seeds[k]!;
    });
    cells = voronoiCells(province, seeds);
  }
  if (cells.some((c) => c === null)) throw new Error('tileProvince: a seed produced no cell');
  return districtCells.map((_, d) => cells.filter((_, k) => owner[k] === d) as Area[]);
}

/** Merges cells into one geometry (used for district and province outlines from their parts). */
export function unionAll(cells: Area[]): Area {
  if (cells.length === 1) return cells[0]!;
  return turf.union(turf.featureCollection(cells)) as Area;
}
