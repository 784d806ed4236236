// A site's footprint: a disc of its radius around the mast, limited to its sectors' wedges where the
// azimuths are known. Point tests use a local equirectangular projection (error < 0.1% within 20 km),
// which is what makes millions of grid cells per second possible.
import type { Polygon } from 'geojson';

export type Provenance = 'modelled' | 'declared' | 'measured';

export interface Sector {
  azimuthDeg: number;
  beamwidthDeg: number;
}

export interface Footprint {
  siteId: number;
  tech: '2G' | '3G' | '4G';
  lon: number;
  lat: number;
  radiusKm: number;
  /** Null: omnidirectional. */
  sectors: Sector[] | null;
  bandMhz: number;
  provenance: Provenance;
}

const KM_PER_DEG_LAT = 111.32;

/** East and north offsets in km of (lon, lat) from (lon0, lat0). */
export function localOffsetKm(lon0: number, lat0: number, lon: number, lat: number): [number, number] {
  const kx = KM_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  return [(lon - lon0) * kx, (lat - lat0) * KM_PER_DEG_LAT];
}

/** Compass bearing (0° = north, clockwise) of an east/north offset. */
function bearingDeg(dx: number, dy: number): number {
  const b = (Math.atan2(dx, dy) * 180) / Math.PI;
  return b < 0 ? b + 360 : b;
}

export function inSector(bearing: number, s: Sector): boolean {
  if (s.beamwidthDeg >= 360) return true;
  const d = Math.abs(((bearing - s.azimuthDeg + 540) % 360) - 180);
  return d <= s.beamwidthDeg / 2;
}

/** True when the point lies inside the footprint. */
export function covers(f: Footprint, lon: number, lat: number): boolean {
  const [dx, dy] = localOffsetKm(f.lon, f.lat, lon, lat);
  const d2 = dx * dx + dy * dy;
  if (d2 > f.radiusKm * f.radiusKm) return false;
  if (!f.sectors || f.sectors.length === 0 || d2 === 0) return true;
  const b = bearingDeg(dx, dy);
  return f.sectors.some((s) => inSector(b, s));
}

/** Bounding box of the footprint's disc, [minLon, minLat, maxLon, maxLat]. */
export function footprintBbox(f: Footprint): [number, number, number, number] {
  const dLat = f.radiusKm / KM_PER_DEG_LAT;
  const dLon = f.radiusKm / (KM_PER_DEG_LAT * Math.cos((f.lat * Math.PI) / 180));
  return [f.lon - dLon, f.lat - dLat, f.lon + dLon, f.lat + dLat];
}

function pointAt(f: Footprint, bearing: number, km: number): [number, number] {
  const rad = (bearing * Math.PI) / 180;
  const kx = KM_PER_DEG_LAT * Math.cos((f.lat * Math.PI) / 180);
  return [f.lon + (Math.sin(rad) * km) / kx, f.lat + (Math.cos(rad) * km) / KM_PER_DEG_LAT];
}

/**
 * The footprint as polygons: one disc, or one wedge per sector, `steps` vertices per full circle.
 * Used for drawing and for the vector (turf) comparison in the benchmark.
 */
export function footprintPolygons(f: Footprint, steps = 64): Polygon[] {
  if (!f.sectors || f.sectors.length === 0 || f.sectors.some((s) => s.beamwidthDeg >= 360)) {
    const ring = Array.from({ length: steps }, (_, i) => pointAt(f, (360 * i) / steps, f.radiusKm));
    ring.push(ring[0]!);
    return [{ type: 'Polygon', coordinates: [ring] }];
  }
  return f.sectors.map((s) => {
    const n = Math.max(2, Math.ceil((steps * s.beamwidthDeg) / 360));
    const start = s.azimuthDeg - s.beamwidthDeg / 2;
    const ring: [number, number][] = [[f.lon, f.lat]];
    for (let i = 0; i <= n; i++) ring.push(pointAt(f, start + (s.beamwidthDeg * i) / n, f.radiusKm));
    ring.push([f.lon, f.lat]);
    return { type: 'Polygon', coordinates: [ring] };
  });
}
