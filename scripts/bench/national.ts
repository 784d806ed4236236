// A national-scale synthetic data set for benchmarks: every one of the 10,542 official communes of the
// 63 provinces (real codes and names from data/gso), 100,000 BTS sites with events, and one month of
// indicators. Geometry is synthetic: provinces are laid on a grid over Viet Nam's extent and each is cut
// into rectangular communes; what matters here is the count and size of things, not their shape.
// Sites carry 3 × 120° sectors on two masts out of three, like the demo set.
import { existsSync } from 'node:fs';
import type { DB } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/database.ts';
import { createUnitsStore } from '../../server/db/units.ts';
import { createSitesStore } from '../../server/db/sites.ts';
import { createIndicatorsStore } from '../../server/db/indicators.ts';
import { writeMeta } from '../../server/db/meta.ts';
import { readAdminList } from '../../server/domain/admin-list.ts';
import { normalizeName } from '../../server/domain/names.ts';
import { createRng } from '../../server/demo/prng.ts';
import { OPERATORS } from '../../server/demo/generate.ts';

// Provinces are 0.62° × 0.78° (~5,600 km²): 63 of them make ~355,000 km², about Viet Nam's land area.
const EXTENT = { west: 103.0, south: 12.0 };
const PROVINCE_W = 0.62;
const PROVINCE_H = 0.78;
const ENVIRONMENTS = ['urban', 'suburban', 'rural', 'rural'] as const;
const AT = '2024-10-01T00:00:00Z';

export interface NationalOptions {
  sites?: number;
}

function rect(w: number, s: number, e: number, n: number) {
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

export function seedNational(db: DB, options: NationalOptions = {}): { communes: number; sites: number } {
  const nSites = options.sites ?? 100_000;
  const rng = createRng(63);
  const list = readAdminList();
  const units = createUnitsStore(db);
  const sites = createSitesStore(db);
  const indicators = createIndicatorsStore(db);
  const provinces = [...new Set(list.map((r) => r.province_code))];
  const cols = 7;
  const cw = PROVINCE_W;
  const ch = PROVINCE_H;
  const communeBoxes: { code: string; province: string; box: [number, number, number, number] }[] = [];

  db.transaction(() => {
    for (const op of OPERATORS) sites.insertOperator(op.id, op.name, op.color);
    provinces.forEach((pc, i) => {
      const inProvince = list.filter((r) => r.province_code === pc);
      units.insertProvince(pc, inProvince[0]!.province_name, normalizeName(inProvince[0]!.province_name));
      const pw = EXTENT.west + (i % cols) * cw;
      const ps = EXTENT.south + Math.floor(i / cols) * ch;
      const v = {
        province: units.addBoundaryVersion(pc, 'province', 'synthetic', 'bench', AT),
        district: units.addBoundaryVersion(pc, 'district', 'synthetic', 'bench', AT),
        commune: units.addBoundaryVersion(pc, 'commune', 'synthetic', 'bench', AT),
      };
      const store = (level: 'province' | 'district' | 'commune', code: string, b: [number, number, number, number]) =>
        units.insertGeometry({
          version_id: v[level],
          level,
          code,
          geojson: JSON.stringify(rect(...b)),
          area_km2: (b[2] - b[0]) * (b[3] - b[1]) * 111 * 104,
          min_lon: b[0],
          min_lat: b[1],
          max_lon: b[2],
          max_lat: b[3],
        });
      store('province', pc, [pw, ps, pw + cw, ps + ch]);
      const districts = [...new Set(inProvince.map((r) => r.district_code))];
      // Districts are horizontal bands of the province; communes split each band into columns.
      districts.forEach((dc, j) => {
        const ds = ps + (j * ch) / districts.length;
        const dn = ps + ((j + 1) * ch) / districts.length;
        const inDistrict = inProvince.filter((r) => r.district_code === dc);
        units.insertDistrict(dc, pc, inDistrict[0]!.district_name, normalizeName(inDistrict[0]!.district_name));
        store('district', dc, [pw, ds, pw + cw, dn]);
        inDistrict.forEach((r, k) => {
          const b: [number, number, number, number] = [
            pw + (k * cw) / inDistrict.length,
            ds,
            pw + ((k + 1) * cw) / inDistrict.length,
            dn,
          ];
          units.insertCommune(r.commune_code, dc, pc, r.commune_name, normalizeName(r.commune_name));
          store('commune', r.commune_code, b);
          communeBoxes.push({ code: r.commune_code, province: pc, box: b });
          const subs = rng.int(3000, 30000);
          const hh = Math.round(subs / 3.2);
          indicators.upsert({
            commune_code: r.commune_code,
            month: '2024-09',
            subscribers: subs,
            subscribers_2g: Math.round(subs * rng.range(0.02, 0.3)),
            households: hh,
            households_smartphone: Math.round(hh * rng.range(0.8, 0.99)),
            notes: null,
            source: 'bench',
            recorded_at: AT,
          });
        });
      });
    });
    for (let i = 0; i < nSites; i++) {
      const c = communeBoxes[Math.floor(rng() * communeBoxes.length)]!;
      const op = OPERATORS[i % OPERATORS.length]!;
      const id = sites.insertSite({
        operator_id: op.id,
        site_code: `N-${String(i).padStart(6, '0')}`,
        name: null,
        lon: rng.range(c.box[0], c.box[2]),
        lat: rng.range(c.box[1], c.box[3]),
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
      if (rng() < 0.7)
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
      if (rng() < 0.2)
        sites.insertEvent({
          site_id: id,
          tech: '2G',
          status: 'switched_off',
          date: '2024-06-01',
          band_mhz: null,
          note: null,
          created_at: AT,
        });
    }
    writeMeta(db, { demo: 'true', label: 'Synthetic national benchmark set', data_start: '2024-01-01' });
  })();
  return { communes: communeBoxes.length, sites: nSites };
}

/** Opens the national benchmark database at `path`, generating it first if the file does not exist. */
export function nationalDb(path: string): DB {
  const fresh = !existsSync(path);
  const db = openDatabase(path);
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
