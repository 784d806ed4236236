// Communes as GeoJSON with one month's indicators and the figures derived from them.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Stores } from '../stores.ts';
import type { BBox } from '../db/units.ts';
import type { IndicatorRow } from '../db/indicators.ts';
import { deriveIndicators } from './indicators.ts';
import { labelPoint, simplifyForZoom } from '../analysis/simplify.ts';

export interface CommuneFilter {
  province?: string | null;
  district?: string | null;
  bbox?: BBox | null;
  month?: string | null;
  /** Simplify boundaries for this zoom level (half a pixel); full detail when absent. */
  zoom?: number | null;
  /** A boundary version other than the current one (older versions stay queryable). */
  version?: number | null;
}

export interface CommuneProperties {
  /** A point inside the commune for its label. */
  label: [number, number];
  code: string;
  name: string;
  district_code: string;
  district_name: string;
  province_code: string;
  area_km2: number;
  month: string | null;
  subscribers: number | null;
  subscribers_2g: number | null;
  households: number | null;
  households_smartphone: number | null;
  households_without_smartphone: number | null;
  share_2g: number | null;
  share_smartphone: number | null;
}

export function indicatorProperties(row: IndicatorRow | undefined) {
  if (!row) {
    return {
      subscribers: null,
      subscribers_2g: null,
      households: null,
      households_smartphone: null,
      households_without_smartphone: null,
      share_2g: null,
      share_smartphone: null,
    };
  }
  const { subscribers, subscribers_2g, households, households_smartphone } = row;
  return { subscribers, subscribers_2g, households, households_smartphone, ...deriveIndicators(row) };
}

export type AreaGeometry = Polygon | MultiPolygon;

export interface CommuneFeature {
  type: 'Feature';
  id: number;
  geometry: AreaGeometry;
  properties: CommuneProperties;
}

export function communeCollection(
  stores: Stores,
  f: CommuneFilter,
): { type: 'FeatureCollection'; month: string | null; features: CommuneFeature[] } {
  const month = f.month ?? stores.indicators.latestMonth(f.province ?? null);
  const rows = f.version ? stores.units.versionCommunes(f.version, f) : stores.units.communesWithGeometry(f);
  const byCode = stores.indicators.byCommune(month, f.province ?? null);
  const features: CommuneFeature[] = rows.map((r) => {
    const full = JSON.parse(r.geojson) as AreaGeometry;
    return {
      type: 'Feature',
      id: Number(r.code),
      geometry: f.zoom == null ? full : simplifyForZoom(full, f.zoom),
      properties: {
        label: labelPoint(full),
        code: r.code,
        name: r.name,
        district_code: r.district_code,
        district_name: r.district_name,
        province_code: r.province_code,
        area_km2: r.area_km2,
        month,
        ...indicatorProperties(byCode.get(r.code)),
      },
    };
  });
  return { type: 'FeatureCollection', month, features };
}

export function communeDetail(stores: Stores, code: string) {
  const c = stores.units.commune(code);
  if (!c) return undefined;
  const series = stores.indicators
    .series(code)
    .map((r) => ({ month: r.month, ...indicatorProperties(r), notes: r.notes }));
  return {
    type: 'Feature' as const,
    id: Number(c.code),
    geometry: c.geojson ? (JSON.parse(c.geojson) as AreaGeometry) : null,
    properties: {
      code: c.code,
      name: c.name,
      district_code: c.district_code,
      district_name: c.district_name,
      province_code: c.province_code,
      province_name: c.province_name,
      area_km2: c.area_km2 ?? null,
      bbox: c.min_lon == null ? null : ([c.min_lon, c.min_lat, c.max_lon, c.max_lat] as number[]),
      series,
    },
  };
}
