// A station's units in an earlier unit set (units_at before today's): which old commune, district and
// province it stood in. Stations are placed in today's communes by point-in-polygon; an earlier unit is
// read back through the crosswalk — certain where today's commune was formed from one old unit (or from
// old units all in one district or province, for those levels), else by point-in-polygon where a
// department imported the old polygons, else left open with the candidates named. Never guessed.
import * as turf from '../analysis/turf.ts';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Stores } from '../stores.ts';
import { perUnitSets } from './unit-sets.ts';

export interface UnitsInSet {
  unit_set: string;
  province_code: string | null;
  province_name: string | null;
  district_code: string | null;
  district_name: string | null;
  commune_code: string | null;
  commune_name: string | null;
  /** The old units the station may have stood in, when the crosswalk cannot tell which. */
  commune_candidates: string[];
  /** How the old commune was found: today's commune came from it alone, or its imported polygon. */
  placed_by: 'crosswalk' | 'polygon' | null;
}

type Source = ReturnType<Stores['unitSets']['linksInto']>[number];

/** Today's commune → the units of `set` it was formed from (recomputed when unit sets change). */
const sourcesBySet = perUnitSets(() => new Map<string, Map<string, Source[]>>());

function sourcesOf(stores: Stores, set: string): Map<string, Source[]> {
  const cache = sourcesBySet(stores);
  let bySet = cache.get(set);
  if (!bySet) {
    bySet = new Map();
    for (const l of stores.unitSets.linksInto(set, stores.unitSets.mapSet()))
      bySet.set(l.new_code, [...(bySet.get(l.new_code) ?? []), l]);
    cache.set(set, bySet);
  }
  return bySet;
}

const one = <T>(values: T[]): T | null =>
  values.length > 0 && values.every((v) => v === values[0]) ? values[0]! : null;

/** A station at (lon, lat) in today's commune `commune`, in the units of `set`. */
export function unitsInSet(
  stores: Stores,
  set: string,
  site: { lon: number; lat: number; commune_code: string | null },
): UnitsInSet {
  const sources = site.commune_code ? (sourcesOf(stores, set).get(site.commune_code) ?? []) : [];
  let commune: Source | null = sources.length === 1 ? sources[0]! : null;
  let placedBy: UnitsInSet['placed_by'] = commune ? 'crosswalk' : null;
  if (!commune && sources.length > 1 && sources.every((s) => s.has_polygon)) {
    const pt = turf.point([site.lon, site.lat]);
    commune =
      sources.find((s) => {
        const g = stores.unitSets.geometry(set, s.code);
        return g !== null && turf.booleanPointInPolygon(pt, JSON.parse(g) as Polygon | MultiPolygon);
      }) ?? null;
    if (commune) placedBy = 'polygon';
  }
  const within = commune ? [commune] : sources;
  const province = one(within.map((s) => s.province_code));
  const district = one(within.map((s) => s.district_code));
  return {
    unit_set: set,
    province_code: province,
    province_name: province ? (within[0]!.province_name ?? null) : null,
    district_code: district,
    district_name: district ? (within[0]!.district_name ?? null) : null,
    commune_code: commune?.code ?? null,
    commune_name: commune?.name ?? null,
    commune_candidates: commune ? [] : sources.map((s) => s.code),
    placed_by: placedBy,
  };
}
