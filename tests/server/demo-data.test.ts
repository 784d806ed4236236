// The map's geography is the real one phusong ships (data/units-2025): today's 34 provinces and 3,321
// communes with their boundaries; the demo data stands on it: sites inside real communes, denser where
// people live, and figures whose province totals are the same in every unit set.
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { demoDb } from '../helpers.ts';
import { openDatabase } from '../../server/db/database.ts';
import { DEMO_OLD_PROVINCES, PRE_REFORM_MONTHS, apportion } from '../../server/demo/common.ts';
import { seedDemo } from '../../server/demo/generate.ts';
import { createStores } from '../../server/stores.ts';
import { PRE_REFORM_SET } from '../../server/domain/unit-sets.ts';

type Area = Feature<Polygon | MultiPolygon>;
const db = demoDb();
const geoms = (level: string) =>
  new Map(
    (
      db.prepare('SELECT code, geojson FROM unit_geometries WHERE level = ?').all(level) as {
        code: string;
        geojson: string;
      }[]
    ).map((r) => [r.code, turf.feature(JSON.parse(r.geojson)) as Area]),
  );
const provinces = geoms('province');
const communes = geoms('commune');
const provinceOf = new Map(
  (db.prepare('SELECT code, province_code FROM communes').all() as { code: string; province_code: string }[]).map(
    (r) => [r.code, r.province_code],
  ),
);

describe('the shipped geography', () => {
  it("has a real boundary for every one of today's communes and provinces, and none for districts", () => {
    expect(communes.size).toBe(3321);
    expect(provinces.size).toBe(34);
    expect(geoms('district').size).toBe(0);
    const generated = db
      .prepare("SELECT count(*) FROM boundary_versions WHERE label NOT LIKE 'Ranh giới: Bản đồ tham chiếu ĐVHC%'")
      .pluck()
      .get();
    expect(generated).toBe(0);
  });

  it('covers Viet Nam: about 333,400 km² in all, islands included', () => {
    const total = [...communes.values()].reduce((a, g) => a + turf.area(g), 0) / 1e6;
    expect(Math.abs(total / 333_384 - 1)).toBeLessThan(0.01);
    // Bạch Long Vĩ (Hải Phòng), far out in the Gulf of Tonkin, has its boundary.
    const blv = db.prepare("SELECT code FROM communes WHERE name = 'Đặc khu Bạch Long Vĩ'").pluck().get() as string;
    expect(communes.get(blv)).toBeDefined();
  });

  it('each province outline is the union of its communes (merged along shared arcs)', () => {
    for (const [code, outline] of provinces) {
      const sum = [...communes].filter(([c]) => provinceOf.get(c) === code).reduce((a, [, g]) => a + turf.area(g), 0);
      expect(Math.abs(turf.area(outline) - sum) / sum).toBeLessThan(1e-3);
    }
  });

  it('every commune is a closed polygon of real size inside Viet Nam (islands to 117.9° E)', () => {
    for (const [code, g] of communes) {
      const polys = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates;
      for (const ring of polys.flat()) {
        expect(ring.length, code).toBeGreaterThanOrEqual(4);
        expect(ring[0], code).toEqual(ring.at(-1));
      }
      expect(turf.area(g), code).toBeGreaterThan(10_000);
      const [w, s2, e, n] = turf.bbox(g);
      expect(w).toBeGreaterThan(102);
      expect(e).toBeLessThan(118);
      expect(s2).toBeGreaterThan(6);
      expect(n).toBeLessThan(23.5);
    }
  });
});

describe('demo data on the real geography', () => {
  const sites = db.prepare('SELECT lon, lat, commune_code, province_code FROM sites').all() as {
    lon: number;
    lat: number;
    commune_code: string;
    province_code: string;
  }[];

  it('every site lies inside its commune, in the provinces with demo data', () => {
    const outside = sites.filter((r) => !turf.booleanPointInPolygon([r.lon, r.lat], communes.get(r.commune_code)!));
    expect(outside).toHaveLength(0);
    expect(new Set(sites.map((s) => s.province_code))).toEqual(new Set(Object.values(DEMO_OLD_PROVINCES)));
  });

  it('puts more sites where more people live', () => {
    const population = new Map(
      (
        db.prepare("SELECT code, population FROM set_communes WHERE set_id = '2025-07-01'").all() as {
          code: string;
          population: number | null;
        }[]
      ).map((r) => [r.code, r.population]),
    );
    const count = new Map<string, number>();
    for (const s of sites) count.set(s.commune_code, (count.get(s.commune_code) ?? 0) + 1);
    const withSites = [...count.keys()]
      .filter((c) => population.get(c))
      .sort((a, b) => population.get(a)! - population.get(b)!);
    const quarter = Math.floor(withSites.length / 4);
    const mean = (codes: string[]) => codes.reduce((a, c) => a + count.get(c)!, 0) / codes.length;
    expect(mean(withSites.slice(-quarter))).toBeGreaterThan(1.5 * mean(withSites.slice(0, quarter)));
  });

  it("keeps every seed province's total the same in both unit sets, every pre-reform month", () => {
    const stores = createStores(db);
    const todayOf = DEMO_OLD_PROVINCES as Record<string, string>;
    const fields = ['subscribers', 'subscribers_2g', 'households', 'households_smartphone'] as const;
    for (const month of PRE_REFORM_MONTHS) {
      const today = new Map<string, Record<string, number>>();
      for (const [old, now] of Object.entries(todayOf)) {
        const rows = [...stores.reported.reported(PRE_REFORM_SET, month, old).values()];
        const sums = today.get(now) ?? Object.fromEntries(fields.map((f) => [f, 0]));
        for (const f of fields) sums[f]! += rows.reduce((a, r) => a + r[f], 0);
        today.set(now, sums);
      }
      for (const [now, sums] of today) {
        const t = stores.indicators.totals(month, now);
        for (const f of fields) expect(t[f], `${now} ${month} ${f}`).toBe(sums[f]);
      }
    }
  });
});

describe('generator', () => {
  it('is deterministic: two runs write the same data', () => {
    const digest = (d: ReturnType<typeof openDatabase>) =>
      d
        .prepare("SELECT group_concat(x, '|') FROM (SELECT site_code || lon || lat AS x FROM sites ORDER BY id)")
        .pluck()
        .get();
    const a = openDatabase(':memory:');
    seedDemo(a);
    expect(digest(a)).toBe(digest(db));
  });

  it('apportions a total exactly', () => {
    expect(apportion(533, [1, 1, 1])).toEqual([178, 178, 177]);
    expect(apportion(10, [0, 3, 1]).reduce((a, b) => a + b, 0)).toBe(10);
  });
});
