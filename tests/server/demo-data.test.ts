// The demo data set's geometry: communes tile their district and districts their province, with no
// gaps and no overlaps; and the generator is deterministic.
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { demoDb } from '../helpers.ts';
import { openDatabase } from '../../server/db/database.ts';
import { seedDemo } from '../../server/demo/generate.ts';
import { apportion } from '../../server/demo/generate.ts';

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
const districts = geoms('district');
const communes = geoms('commune');
const parentOf = new Map(
  (db.prepare('SELECT code, district_code FROM communes').all() as { code: string; district_code: string }[]).map(
    (r) => [r.code, r.district_code],
  ),
);
const provinceOf = new Map(
  (db.prepare('SELECT code, province_code FROM districts').all() as { code: string; province_code: string }[]).map(
    (r) => [r.code, r.province_code],
  ),
);

function checkTiling(parent: Area, children: Area[]) {
  const parentArea = turf.area(parent);
  const sum = children.reduce((a, c) => a + turf.area(c), 0);
  // No gap and no overlap: the children's areas add up to the parent's, and their union is the parent.
  expect(Math.abs(sum - parentArea) / parentArea).toBeLessThan(1e-4);
  const union = children.length === 1 ? children[0]! : (turf.union(turf.featureCollection(children)) as Area);
  expect(Math.abs(turf.area(union) - parentArea) / parentArea).toBeLessThan(1e-4);
  for (let i = 0; i < children.length; i++) {
    for (let j = i + 1; j < children.length; j++) {
      const overlap = turf.intersect(turf.featureCollection([children[i]!, children[j]!]));
      // Shared edges only: what overlap there is comes from floating point along shared edges, under a
      // millionth of the smaller unit (a 2 cm sliver along a 100 km boundary).
      const smaller = Math.min(turf.area(children[i]!), turf.area(children[j]!));
      expect((overlap ? turf.area(overlap) : 0) / smaller).toBeLessThan(2e-6);
    }
  }
}

describe('demo geometry', () => {
  it('has a boundary for every official unit', () => {
    expect(communes.size).toBe(421);
    expect(districts.size).toBe(26);
    expect(provinces.size).toBe(2);
  });

  it('communes tile each district with no gaps or overlaps', () => {
    for (const [code, district] of districts) {
      const children = [...communes].filter(([c]) => parentOf.get(c) === code).map(([, g]) => g);
      checkTiling(district, children);
    }
  });

  it('districts tile each province', () => {
    for (const [code, province] of provinces) {
      checkTiling(
        province,
        [...districts].filter(([d]) => provinceOf.get(d) === code).map(([, g]) => g),
      );
    }
  });

  it('every commune is a valid polygon whose own area is plausible (0.3–600 km²)', () => {
    for (const g of communes.values()) {
      expect(turf.kinks(g).features).toHaveLength(0);
      const km2 = turf.area(g) / 1e6;
      expect(km2).toBeGreaterThan(0.3);
      expect(km2).toBeLessThan(600);
    }
  });

  it('every site lies inside its commune', () => {
    const rows = db.prepare('SELECT lon, lat, commune_code FROM sites').all() as {
      lon: number;
      lat: number;
      commune_code: string;
    }[];
    const outside = rows.filter((r) => !turf.booleanPointInPolygon([r.lon, r.lat], communes.get(r.commune_code)!));
    expect(outside).toHaveLength(0);
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
