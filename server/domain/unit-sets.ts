// The unit sets phusong ships, loaded into the database once, on first start: today's units (in force
// since 1 July 2025, with boundaries) and the pre-reform units they replaced (the crosswalk's old side,
// as in force on 30 June 2025, without boundaries), with the official crosswalk between them.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Stores } from '../stores.ts';
import { communeKind } from './admin-list.ts';
import { normalizeName } from './names.ts';
import { boundaryRow, labelPoint, roundGeometry } from '../analysis/simplify.ts';
import { readBoundaries2025, readCommunes2025, readCrosswalk2025, readProvinces2025 } from './units-2025-files.ts';

import { BOUNDARY_ATTRIBUTION, CURRENT_SET, PRE_REFORM_SET } from '../../common/unit-sets.ts';

export { BOUNDARY_ATTRIBUTION, CURRENT_SET, PRE_REFORM_SET };

/**
 * Codes the shipped sources disagree on, resolved to the code two of the three use: Phường Hiệp Hòa is
 * 07147 in the crosswalk and the boundaries but 00071 in the attribute list; Xã Ba Chẽ is 06978 in the
 * attribute list and the boundaries but 06970 in the crosswalk.
 */
const CODE_FIXES: Record<string, string> = { '00071': '07147', '06970': '06978' };
const fix = (code: string) => CODE_FIXES[code] ?? code;

/** "Thành Phố Hải Phòng" → "Thành phố Hải Phòng", "Thủ Đô Hà Nội" → "Thủ đô Hà Nội" (as written officially). */
const provinceName = (name: string) => name.replace(/^Thành Phố /, 'Thành phố ').replace(/^Thủ Đô /, 'Thủ đô ');

const TYPE_OF_KIND = { ward: 'Phường', township: 'Thị trấn', commune: 'Xã' } as const;

/**
 * `build(stores)` computed once per database, and again when unit sets are added: for lookups derived from
 * the unit sets (old names, former districts) that requests read many times.
 */
export function perUnitSets<T>(build: (stores: Stores) => T): (stores: Stores) => T {
  const cache = new WeakMap<Stores, { key: string; value: T }>();
  return (stores) => {
    const key = `${stores.unitSets.sets().length}:${stores.unitSets.mapSet()}`;
    const hit = cache.get(stores);
    if (hit?.key === key) return hit.value;
    const value = build(stores);
    cache.set(stores, { key, value });
    return value;
  };
}

/** The unit set in force on `date` (default: today): the latest that came into force on or before it. */
export function unitSetAt(stores: Pick<Stores, 'unitSets'>, date: string = new Date().toISOString().slice(0, 10)) {
  const sets = stores.unitSets.sets();
  const set = sets.filter((s) => s.in_force_from <= date).at(-1) ?? sets[0];
  if (!set) throw new Error('no unit set loaded: start the server once to load the shipped ones');
  return set;
}

/** The unit sets that came into force before `id`, oldest first. */
export function setsBefore(stores: Pick<Stores, 'unitSets'>, id: string) {
  const sets = stores.unitSets.sets();
  const i = sets.findIndex((s) => s.id === id);
  return i < 0 ? [] : sets.slice(0, i);
}

/** The id of the unit set that came into force before `id` (null for the first). */
export function previousSet(stores: Pick<Stores, 'unitSets'>, id: string): string | null {
  return setsBefore(stores, id).at(-1)?.id ?? null;
}

export interface LoadReport {
  loaded: boolean;
  sets: { id: string; provinces: number; districts: number; communes: number; with_geometry: number }[];
  links: number;
}

/**
 * Gives every boundary stored without a label point its own (a migration clears the points it finds
 * wrong; the readers would otherwise compute them on every request). Returns how many were filled.
 */
export function fillMissingLabels(stores: Pick<Stores, 'units'>): number {
  const rows = stores.units.unlabelled();
  if (rows.length > 0)
    stores.units.setLabels(
      rows.map((r) => ({ id: r.id, label: labelPoint(JSON.parse(r.geojson) as Polygon | MultiPolygon) })),
    );
  return rows.length;
}

/** Loads the shipped unit sets unless the database has them already; one transaction. */
export function loadShippedUnitSets(stores: Stores): LoadReport {
  const u = stores.unitSets;
  const report = (loaded: boolean): LoadReport => ({
    loaded,
    sets: u.sets().map((s) => ({ id: s.id, ...u.counts(s.id) })),
    links: u.crosswalk(PRE_REFORM_SET, CURRENT_SET).length,
  });
  if (u.sets().length > 0) return report(false);
  const links = readCrosswalk2025();
  const communes = readCommunes2025();
  const provinces = readProvinces2025();
  const boundaries = readBoundaries2025();
  stores.db.transaction(() => {
    u.insertSet({
      id: PRE_REFORM_SET,
      // The units in force on 30 June 2025 answer for every earlier date too: phusong ships no older set,
      // and the mergers of 2019–2025 are already in this one (a file in older codes goes through the bridge).
      in_force_from: '2019-01-01',
      name: 'Trước sắp xếp: 63 tỉnh › 691 huyện › 10.033 xã (đến 30/06/2025)',
      has_districts: 1,
      source: 'old side of the official crosswalk of 1 July 2025 (units in force on 30 June 2025)',
    });
    u.insertSet({
      id: CURRENT_SET,
      in_force_from: CURRENT_SET,
      name: 'Từ 01/07/2025: 34 tỉnh › 3.321 xã, phường, đặc khu',
      has_districts: 0,
      source: 'Decision 19/2025/QĐ-TTg and resolutions, as amended to Resolution 30/2026/QH16',
    });
    const seen = { p: new Set<string>(), d: new Set<string>(), c: new Set<string>() };
    for (const l of links) {
      if (!seen.p.has(l.oldProvinceCode)) {
        seen.p.add(l.oldProvinceCode);
        u.insertProvince(PRE_REFORM_SET, l.oldProvinceCode, l.oldProvinceName);
      }
      if (!seen.d.has(l.oldDistrictCode)) {
        seen.d.add(l.oldDistrictCode);
        u.insertDistrict(PRE_REFORM_SET, l.oldDistrictCode, l.oldDistrictName, l.oldProvinceCode);
      }
      if (!seen.c.has(l.oldCode)) {
        seen.c.add(l.oldCode);
        u.insertCommune(PRE_REFORM_SET, {
          code: l.oldCode,
          name: l.oldName,
          unit_type: TYPE_OF_KIND[communeKind(l.oldName)],
          province_code: l.oldProvinceCode,
          district_code: l.oldDistrictCode,
          population: null,
          area_km2: null,
          formed_from: null,
          geometry: null,
        });
      }
      u.insertLink(PRE_REFORM_SET, CURRENT_SET, {
        old_code: l.oldCode,
        new_code: fix(l.newCode),
        relation: l.relation,
        note: l.note || null,
      });
    }
    for (const p of provinces) u.insertProvince(CURRENT_SET, p.code, provinceName(p.name));
    for (const c of communes) {
      const code = fix(c.code);
      const geometry = boundaries.communes.get(code);
      u.insertCommune(CURRENT_SET, {
        code,
        name: c.name,
        unit_type: c.unitType,
        province_code: c.provinceCode,
        district_code: null,
        population: c.population,
        area_km2: c.areaKm2,
        formed_from: c.formedFrom || null,
        geometry: geometry ? JSON.stringify(geometry) : null,
      });
    }
    loadMapUnits(stores, { links, communes, provinces, boundaries });
  })();
  return report(true);
}

/**
 * Fills the map's own tables with today's units: the 34 provinces with their outlines, the 3,321 communes
 * with their boundaries, and the former districts filed under the province they lie in today (what
 * communication reports were filed by, and the map's "former district" filter).
 */
function loadMapUnits(
  stores: Stores,
  src: {
    links: ReturnType<typeof readCrosswalk2025>;
    communes: ReturnType<typeof readCommunes2025>;
    provinces: ReturnType<typeof readProvinces2025>;
    boundaries: ReturnType<typeof readBoundaries2025>;
  },
): void {
  const units = stores.units;
  if (units.provinces().length > 0) return;
  const at = new Date().toISOString();
  for (const p of src.provinces) units.insertProvince(p.code, provinceName(p.name), normalizeName(p.name));
  const districtProvince = new Map<string, { name: string; province: string }>();
  for (const l of src.links) {
    if (!districtProvince.has(l.oldDistrictCode))
      districtProvince.set(l.oldDistrictCode, { name: l.oldDistrictName, province: l.newProvinceCode });
  }
  for (const [code, d] of districtProvince) units.insertDistrict(code, d.province, d.name, normalizeName(d.name));
  const versions = new Map<string, { province: number; commune: number }>();
  for (const p of src.provinces) {
    const version = (level: string) =>
      units.addBoundaryVersion(p.code, level, BOUNDARY_ATTRIBUTION, 'data/units-2025 (shipped)', at);
    versions.set(p.code, { province: version('province'), commune: version('commune') });
  }
  const store = (version: number, level: 'province' | 'commune', code: string, g: Polygon | MultiPolygon) =>
    units.insertGeometry({ version_id: version, level, code, ...boundaryRow(roundGeometry(g)) });
  for (const c of src.communes) {
    const code = fix(c.code);
    units.insertCommune(code, null, c.provinceCode, c.name, normalizeName(c.name), c.unitType);
    const g = src.boundaries.communes.get(code);
    if (g) store(versions.get(c.provinceCode)!.commune, 'commune', code, g as Polygon | MultiPolygon);
  }
  for (const [p, g] of src.boundaries.provinces) {
    const v = versions.get(p);
    if (v) store(v.province, 'province', p, g as Polygon | MultiPolygon);
  }
}
