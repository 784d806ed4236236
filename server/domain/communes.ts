// Communes as GeoJSON with one month's indicators and the figures derived from them.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Stores } from '../stores.ts';
import type { BBox } from '../db/units.ts';
import type { IndicatorRow } from '../db/indicators.ts';
import type { UnitIndicatorRow } from './unit-indicators.ts';
import type { ShareMethod } from './crosswalk.ts';
import { BOUNDARY_ATTRIBUTION, PRE_REFORM_SET, perUnitSets, previousSet } from './unit-sets.ts';

import { deriveIndicators, sunsetIndicators } from './indicators.ts';
import type { SunsetProgramme } from '../../common/sunsets.ts';
import { storedForZoom, storedLabel } from '../analysis/simplify.ts';

/** Today's commune → the former districts it was formed from. */
/** The units of the set before today's a commune of today was formed from. */
function formedFromOf(stores: Stores, code: string) {
  const to = stores.unitSets.mapSet();
  const from = previousSet(stores, to);
  return from ? stores.unitSets.formedFrom(from, to, code) : [];
}

const formerDistrictsOf = perUnitSets((stores) =>
  stores.unitSets.districtsOfNew(PRE_REFORM_SET, stores.unitSets.mapSet()),
);

export interface CommuneFilter {
  province?: string | null;
  district?: string | null;
  bbox?: BBox | null;
  month?: string | null;
  /** Simplify boundaries for this zoom level (half a pixel); full detail when absent. */
  zoom?: number | null;
  /** A boundary version other than the current one (older versions stay queryable). */
  version?: number | null;
  /** The sunset programme whose figures (subscribers_sunset, share_sunset) the answer carries. */
  programme: Pick<SunsetProgramme, 'affects'>;
}

export type CommuneProperties = CommuneFacts & ReturnType<typeof indicatorProperties>;

interface CommuneFacts {
  /** A point inside the commune for its label. */
  label: [number, number];
  code: string;
  name: string;
  district_code: string | null;
  district_name: string | null;
  province_code: string;
  unit_type: string | null;
  area_km2: number;
  month: string | null;
  /** The unit set the month's figures were reported in (null: no figures). */
  reported_in: string | null;
  /** Figures shared out of a divided old commune: an estimate, never exact. */
  estimated: boolean;
  estimate_method: ShareMethod[];
}

/** Where a month's figures come from: the unit set they were reported in, and whether they are estimated. */
export function provenance(row: UnitIndicatorRow | undefined) {
  return {
    reported_in: row?.reported_in ?? null,
    estimated: row?.estimated ?? false,
    estimate_method: row?.estimate_method ?? [],
  };
}

/** A month's figures as every answer names them, with those of the chosen sunset programme. */
export function indicatorProperties(row: IndicatorRow | undefined, programme: Pick<SunsetProgramme, 'affects'>) {
  if (!row) {
    return {
      subscribers: null,
      subscribers_2g: null,
      subscribers_3g: null,
      subscribers_no_volte: null,
      households: null,
      households_smartphone: null,
      households_without_smartphone: null,
      share_2g: null,
      share_3g: null,
      share_smartphone: null,
      subscribers_sunset: null,
      share_sunset: null,
    };
  }
  const { subscribers, subscribers_2g, subscribers_3g, subscribers_no_volte, households, households_smartphone } = row;
  return {
    subscribers,
    subscribers_2g,
    subscribers_3g,
    subscribers_no_volte,
    households,
    households_smartphone,
    ...deriveIndicators(row),
    ...sunsetIndicators(row, programme),
  };
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
): {
  type: 'FeatureCollection';
  month: string | null;
  features: CommuneFeature[];
  without_polygon: WithoutPolygon[];
} {
  const month = f.month ?? stores.indicators.latestMonth(f.province ?? null);
  const rows = f.version ? stores.units.versionCommunes(f.version, f) : stores.units.communesWithGeometry(f);
  const byCode = stores.indicators.byCommune(month, f.province ?? null);
  const former = formerDistrictsOf(stores);
  const features: CommuneFeature[] = rows.map((r) => {
    const geometry = JSON.parse(storedForZoom(r, f.zoom)) as AreaGeometry;
    const label = storedLabel(r);
    return {
      type: 'Feature',
      id: Number(r.code),
      geometry,
      properties: {
        label,
        code: r.code,
        name: r.name,
        district_code: r.district_code,
        district_name: r.district_name,
        province_code: r.province_code,
        unit_type: r.unit_type,
        area_km2: r.area_km2,
        former_districts: former.get(r.code) ?? [],
        month,
        ...provenance(byCode.get(r.code)),
        ...indicatorProperties(byCode.get(r.code), f.programme),
      },
    };
  });
  // Units with no boundary yet are listed with their figures, not drawn and not dropped.
  const without_polygon =
    f.version || f.bbox || f.district
      ? []
      : stores.units.communesWithoutGeometry(f.province ?? null).map((c) => ({
          ...c,
          month,
          ...provenance(byCode.get(c.code)),
          ...indicatorProperties(byCode.get(c.code), f.programme),
        }));
  return { type: 'FeatureCollection', month, features, without_polygon };
}

export type WithoutPolygon = Pick<CommuneProperties, 'code' | 'name' | 'province_code' | 'unit_type' | 'month'> &
  ReturnType<typeof provenance> &
  ReturnType<typeof indicatorProperties>;

/**
 * Communes of an earlier unit set, as reported: no boundaries (phusong ships none for them — a department
 * that imports its own makes them today's units), figures only for months reported in that set.
 */
export function communeCollectionInSet(
  stores: Stores,
  set: string,
  f: {
    province?: string | null;
    district?: string | null;
    month?: string | null;
    programme: Pick<SunsetProgramme, 'affects'>;
  },
) {
  const months = stores.reported.monthsIn(set);
  const month = f.month ?? months.at(-1) ?? null;
  const reported = month ? stores.reported.reported(set, month, f.province ?? null) : new Map();
  const districts = new Map(stores.unitSets.districts(set).map((d) => [d.code, d.name]));
  const features = stores.unitSets
    .communes(set)
    .filter((c) => (!f.province || c.province_code === f.province) && (!f.district || c.district_code === f.district))
    .map((c) => {
      const row = reported.get(c.code);
      return {
        type: 'Feature' as const,
        id: Number(c.code),
        geometry: null,
        properties: {
          label: null,
          code: c.code,
          name: c.name,
          district_code: c.district_code,
          district_name: c.district_code ? (districts.get(c.district_code) ?? null) : null,
          province_code: c.province_code,
          unit_type: c.unit_type,
          area_km2: null,
          month,
          reported_in: row ? set : null,
          estimated: false,
          estimate_method: [] as ShareMethod[],
          ...indicatorProperties(row, f.programme),
        },
      };
    });
  return { type: 'FeatureCollection' as const, month, months_reported: months, features };
}

export function communeDetail(stores: Stores, code: string, programme: Pick<SunsetProgramme, 'affects'>) {
  const c = stores.units.commune(code);
  if (!c) return undefined;
  const series = stores.indicators
    .series(code)
    .map((r) => ({ month: r.month, ...indicatorProperties(r, programme), ...provenance(r), notes: r.notes }));
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
      unit_type: c.unit_type,
      area_km2: c.area_km2 ?? null,
      /** What it was formed from when its unit set came into force, as that set's crosswalk says. */
      formed_from: formedFromOf(stores, code),
      bbox: c.min_lon == null ? null : ([c.min_lon, c.min_lat, c.max_lon, c.max_lat] as number[]),
      series,
    },
  };
}

/**
 * /api/communes' whole answer as JSON bytes: `meta` (made by the caller) and the communes matching `f`, in
 * today's units or, with `set`, in that earlier unit set's. On the request thread for a province, a former
 * district or a box; by a worker for the whole country (3,321 communes: 0.2–0.5 s to build and encode).
 */
export function communeAnswer(stores: Stores, set: string | null, meta: unknown, f: CommuneFilter): Buffer {
  if (set) {
    const fc = communeCollectionInSet(stores, set, f);
    return Buffer.from(
      JSON.stringify({
        type: fc.type,
        meta,
        month: fc.month,
        attribution: null,
        unallocated: [],
        months_reported: fc.months_reported,
        features: fc.features,
      }),
    );
  }
  const fc = communeCollection(stores, f);
  return Buffer.from(
    JSON.stringify({
      type: fc.type,
      meta,
      month: fc.month,
      attribution: BOUNDARY_ATTRIBUTION,
      unallocated: stores.indicators.unallocated(fc.month, f.province ?? null),
      without_polygon: fc.without_polygon,
      features: fc.features,
    }),
  );
}
