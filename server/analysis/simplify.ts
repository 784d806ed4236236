// Boundary simplification for a zoom level: Douglas–Peucker with a tolerance of half a screen pixel,
// so a zoomed-out map of 10,000 communes downloads a fraction of the vertices and looks the same.
import * as turf from './turf.ts';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Degrees per screen pixel at `zoom` for MapLibre's 512-pixel tiles, at the equator. */
export function degreesPerPixel(zoom: number): number {
  return 360 / (512 * 2 ** zoom);
}

/**
 * Simplifies a polygonal geometry for display at `zoom`.
 * @example simplifyForZoom(commune.geometry, 8) // fewer vertices, same shape at zoom 8
 */
export function simplifyForZoom<G extends Polygon | MultiPolygon>(geometry: G, zoom: number): G {
  const tolerance = degreesPerPixel(zoom) / 2;
  return turf.simplify(geometry, { tolerance, highQuality: false, mutate: false }) as G;
}

export function countVertices(g: Polygon | MultiPolygon): number {
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  return rings.reduce((n, r) => n + r.length, 0);
}

/**
 * A point for a unit's label: the centre of mass of its largest part when that lies inside, else a point
 * on that part's surface. A unit of a mainland and islands far off is named on its mainland (Khánh Hòa,
 * not in the Trường Sa archipelago; Đà Nẵng, not in the sea on the way to Hoàng Sa).
 */
export function labelPoint(g: Polygon | MultiPolygon): [number, number] {
  const part = largestPart(g);
  const c = turf.centerOfMass(part).geometry.coordinates as [number, number];
  const p = turf.booleanPointInPolygon(c, part)
    ? c
    : (turf.pointOnFeature(part).geometry.coordinates as [number, number]);
  return [Math.round(p[0] * 1e5) / 1e5, Math.round(p[1] * 1e5) / 1e5];
}

function largestPart(g: Polygon | MultiPolygon): Polygon {
  if (g.type === 'Polygon') return g;
  let best: Polygon = { type: 'Polygon', coordinates: g.coordinates[0]! };
  let bestArea = -1;
  for (const coordinates of g.coordinates) {
    const part: Polygon = { type: 'Polygon', coordinates };
    const area = turf.area(part);
    if (area > bestArea) [best, bestArea] = [part, area];
  }
  return best;
}

/** Rounds every coordinate to 6 decimals (~0.1 m): shared edges round identically on both sides. */
export function roundGeometry<G extends Polygon | MultiPolygon>(g: G): G {
  const r = (p: Position): Position => [Math.round(p[0]! * 1e6) / 1e6, Math.round(p[1]! * 1e6) / 1e6];
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map((ring) => ring.map(r)) };
  return { ...g, coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(r))) };
}

/**
 * What a stored boundary carries besides itself: its label point and its versions simplified for the
 * national (zoom ≤ 7) and regional (8–10) views.
 */
function levelsOfDetail(g: Polygon | MultiPolygon) {
  const label = labelPoint(g);
  return {
    label_lon: label[0],
    label_lat: label[1],
    geojson_z7: JSON.stringify(simplifyForZoom(g, 7)),
    geojson_z10: JSON.stringify(simplifyForZoom(g, 10)),
  };
}

/** A boundary as stored: itself, its area in km², its bbox and its levels of detail. */
export function boundaryRow(g: Polygon | MultiPolygon) {
  const [min_lon, min_lat, max_lon, max_lat] = turf.bbox(g);
  return {
    geojson: JSON.stringify(g),
    area_km2: Math.round((turf.area(g) / 1e6) * 1000) / 1000,
    min_lon,
    min_lat,
    max_lon,
    max_lat,
    ...levelsOfDetail(g),
  };
}

/** The stored geometry for a zoom: the bucket's simplified one, full detail from zoom 11. */
export function storedForZoom(
  r: { geojson: string; geojson_z7?: string | null; geojson_z10?: string | null },
  zoom: number | null | undefined,
): string {
  if (zoom == null || zoom > 10) return r.geojson;
  const stored = zoom <= 7 ? r.geojson_z7 : r.geojson_z10;
  return stored ?? JSON.stringify(simplifyForZoom(JSON.parse(r.geojson) as Polygon | MultiPolygon, zoom <= 7 ? 7 : 10));
}

/** The stored label point, computed from the boundary for rows stored before labels were kept. */
export function storedLabel(r: {
  geojson: string;
  label_lon?: number | null;
  label_lat?: number | null;
}): [number, number] {
  return r.label_lon != null && r.label_lat != null
    ? [r.label_lon, r.label_lat]
    : labelPoint(JSON.parse(r.geojson) as Polygon | MultiPolygon);
}
