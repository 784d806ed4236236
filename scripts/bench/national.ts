// A national-scale data set for benchmarks on the real geography phusong ships: the 34 provinces and 3,321
// communes of today (with their boundaries), 100,000 BTS sites with events inside real communes (by
// population), and one month of indicators for every commune in today's units. Sites carry 3 × 120°
// sectors on two masts out of three, like the demo set.
import { existsSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { DB } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/database.ts';
import { writeMeta } from '../../server/db/meta.ts';
import { createStores } from '../../server/stores.ts';
import { CURRENT_SET, loadShippedUnitSets } from '../../server/domain/unit-sets.ts';
import { createRng } from '../../server/demo/prng.ts';
import { OPERATORS } from '../../server/demo/common.ts';

const ENVIRONMENTS = ['urban', 'suburban', 'rural', 'rural'] as const;
const AT = '2026-12-01T00:00:00Z';
const MONTH = '2026-11';

export interface NationalOptions {
  sites?: number;
}

export function seedNational(db: DB, options: NationalOptions = {}): { communes: number; sites: number } {
  const nSites = options.sites ?? 100_000;
  const rng = createRng(63);
  const stores = createStores(db);
  loadShippedUnitSets(stores);
  const sites = stores.sites;
  const population = new Map(stores.unitSets.communes(CURRENT_SET).map((c) => [c.code, c.population ?? 5000]));
  const communes = stores.units.communesWithGeometry({}).map((c) => {
    const g = turf.feature(JSON.parse(c.geojson) as Polygon | MultiPolygon);
    return { code: c.code, province: c.province_code, g, box: turf.bbox(g), pop: population.get(c.code) ?? 5000 };
  });
  // Cumulative population: a site's commune is drawn in proportion to the people living there.
  const cumulative: number[] = [];
  communes.reduce((sum, c, i) => (cumulative[i] = sum + c.pop), 0);
  const total = cumulative.at(-1)!;
  const pickCommune = () => {
    const r = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return communes[lo]!;
  };
  const pointIn = (c: (typeof communes)[number]): [number, number] => {
    for (let i = 0; i < 200; i++) {
      const p: [number, number] = [rng.range(c.box[0]!, c.box[2]!), rng.range(c.box[1]!, c.box[3]!)];
      if (turf.booleanPointInPolygon(p, c.g)) return p;
    }
    return turf.pointOnFeature(c.g).geometry.coordinates as [number, number];
  };

  db.transaction(() => {
    for (const op of OPERATORS) sites.insertOperator(op.id, op.name, op.color);
    for (const c of communes) {
      const subs = Math.round(c.pop * rng.range(0.9, 1.3));
      const hh = Math.round(c.pop / 3.6);
      stores.reported.upsert({
        unit_set: CURRENT_SET,
        commune_code: c.code,
        month: MONTH,
        subscribers: subs,
        subscribers_2g: Math.round(subs * rng.range(0.0, 0.05)),
        households: hh,
        households_smartphone: Math.round(hh * rng.range(0.85, 0.99)),
        notes: null,
        source: 'bench',
        recorded_at: AT,
      });
    }
    for (let i = 0; i < nSites; i++) {
      const c = pickCommune();
      const [lon, lat] = pointIn(c);
      const op = OPERATORS[i % OPERATORS.length]!;
      const id = sites.insertSite({
        operator_id: op.id,
        site_code: `N-${String(i).padStart(6, '0')}`,
        name: null,
        lon,
        lat,
        province_code: c.province,
        commune_code: c.code,
        antenna_height_m: rng.int(20, 45),
        band_mhz: 1800,
        measured_radius_m: null,
        environment: ENVIRONMENTS[i % ENVIRONMENTS.length]!,
        created_at: AT,
      });
      sites.insertEvent({
        site_id: id,
        tech: '2G',
        status: 'active',
        date: '2012-01-01',
        band_mhz: 900,
        note: null,
        created_at: AT,
      });
      if (rng() < 0.8)
        sites.insertEvent({
          site_id: id,
          tech: '4G',
          status: 'active',
          date: '2019-01-01',
          band_mhz: 1800,
          note: null,
          created_at: AT,
        });
      if (rng() < 0.67) {
        const az0 = rng.int(0, 119);
        for (const k of [0, 120, 240]) sites.insertSector(id, null, az0 + k, 120);
      }
      if (rng() < 0.6)
        sites.insertEvent({
          site_id: id,
          tech: '2G',
          status: 'switched_off',
          date: '2026-06-01',
          band_mhz: null,
          note: null,
          created_at: AT,
        });
    }
    writeMeta(db, {
      demo: 'true',
      label: 'National benchmark set (real units, generated sites)',
      data_start: '2024-01-01',
    });
    stores.siteStates.flush();
  })();
  return { communes: communes.length, sites: nSites };
}

/** Opens the national benchmark database at `path`, generating it first if the file does not exist. */
export function nationalDb(path: string): DB {
  const fresh = !existsSync(path);
  const db = openDatabase(path);
  // A file made before the kept site states (migration 011) computes them once, here rather than in a timing.
  if (!fresh && createStores(db).siteStates.flush() > 0) db.pragma('wal_checkpoint(TRUNCATE)');
  if (fresh) {
    const t0 = performance.now();
    const s = seedNational(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    console.log(
      `generated ${path}: ${s.communes} communes, ${s.sites} sites in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  return db;
}
