// The unit sets phusong ships, loaded into the database once, on first start: today's units (in force
// since 1 July 2025, with boundaries) and the pre-reform units they replaced (the crosswalk's old side,
// as in force on 30 June 2025, without boundaries), with the official crosswalk between them.
import type { Stores } from '../stores.ts';
import { communeKind } from './admin-list.ts';
import { readBoundaries2025, readCommunes2025, readCrosswalk2025, readProvinces2025 } from './units-2025-files.ts';

export const PRE_REFORM_SET = '2025-06-30';
export const SET_2025 = '2025-07-01';

/**
 * Codes the shipped sources disagree on, resolved to the code two of the three use: Phường Hiệp Hòa is
 * 07147 in the crosswalk and the boundaries but 00071 in the attribute list; Xã Ba Chẽ is 06978 in the
 * attribute list and the boundaries but 06970 in the crosswalk.
 */
const CODE_FIXES: Record<string, string> = { '00071': '07147', '06970': '06978' };
const fix = (code: string) => CODE_FIXES[code] ?? code;

const TYPE_OF_KIND = { ward: 'Phường', township: 'Thị trấn', commune: 'Xã' } as const;

export interface LoadReport {
  loaded: boolean;
  sets: { id: string; provinces: number; districts: number; communes: number; with_geometry: number }[];
  links: number;
}

/** Loads the shipped unit sets unless the database has them already; one transaction. */
export function loadShippedUnitSets(stores: Stores): LoadReport {
  const u = stores.unitSets;
  const report = (loaded: boolean): LoadReport => ({
    loaded,
    sets: u.sets().map((s) => ({ id: s.id, ...u.counts(s.id) })),
    links: u.crosswalk(PRE_REFORM_SET, SET_2025).length,
  });
  if (u.sets().length > 0) return report(false);
  const links = readCrosswalk2025();
  const communes = readCommunes2025();
  const provinces = readProvinces2025();
  const boundaries = readBoundaries2025();
  stores.db.transaction(() => {
    u.insertSet({
      id: PRE_REFORM_SET,
      in_force_from: '2025-01-01',
      name: 'Trước sắp xếp: 63 tỉnh › 691 huyện › 10.033 xã (đến 30/06/2025)',
      has_districts: 1,
      source: 'old side of the official crosswalk of 1 July 2025 (units in force on 30 June 2025)',
    });
    u.insertSet({
      id: SET_2025,
      in_force_from: '2025-07-01',
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
      u.insertLink(PRE_REFORM_SET, SET_2025, {
        old_code: l.oldCode,
        new_code: fix(l.newCode),
        relation: l.relation,
        note: l.note || null,
      });
    }
    for (const p of provinces) u.insertProvince(SET_2025, p.code, p.name);
    for (const c of communes) {
      const code = fix(c.code);
      const geometry = boundaries.get(code);
      u.insertCommune(SET_2025, {
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
  })();
  return report(true);
}
