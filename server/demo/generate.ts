// The demo data set, on the real geography phusong ships (data/units-2025): generated deterministically so
// that it tells the stories of the source documents (../shared/PRODUCT.md), in the units they were told in.
//  - January 2024 → June 2025 are reported in the pre-reform communes (as in force on 30 June 2025), from
//    July 2025 to the latest full month in today's communes (carried across the official crosswalk in
//    June 2025, then moving on). Provinces with data: Hải Phòng (now with the former Hải Dương), Sơn La,
//    Lai Châu and the former Sóc Trăng inside today's Cần Thơ; every other province has no data.
//  - Hải Phòng (pre-reform city): ~2.5 M subscribers, ~300,000 on 2G (12%) in January 2024, concentrated
//    in 36 communes of An Dương, An Lão, Kiến Thuỵ, Tiên Lãng, Vĩnh Bảo and Thuỷ Nguyên; ~200,000 converted
//    by September; over 200 2G sites switched off and nearly 450 new 4G sites across VNPT, Viettel and
//    MobiFone in January → September 2024.
//  - Sơn La: ~300,000 households, 96% with a smartphone in August 2024 rising towards 98.74%; Sơn La city
//    from 533 households without a smartphone in January to 119 in August; VNPT 7 new and 13 upgraded
//    4G sites.
//  - 2026: the 2G network is switched off — 2G subscribers fall to none by October, the last 2G
//    transmitters go off through the year.
//  - District communication reports for June → September 2024 (by the former districts), with districts
//    missing in September.
// Sites stand inside real communes, denser where the real population is. Everything is written in one
// transaction and labelled as demo data in `meta`.
// This file writes the parts in one fixed order (every part draws from one seeded stream): the indicators
// (indicators.ts), the sites (sites.ts), then the reports, demo accounts and saved views; common.ts holds
// what they share.
import type { DB } from '../db/database.ts';
import { createSitesStore } from '../db/sites.ts';
import { createReportsStore } from '../db/reports.ts';
import { writeMeta } from '../db/meta.ts';
import { createAuthStore } from '../db/auth.ts';
import { createSlidesStore } from '../db/slides.ts';
import { hashPasswordSync } from '../auth/secrets.ts';
import { CURRENT_SET, PRE_REFORM_SET, loadShippedUnitSets } from '../domain/unit-sets.ts';
import { createStores } from '../stores.ts';
import { addMonths, monthRange } from '../../common/month.ts';
import { COMM_FORMS, type CommForm } from '../../common/comm-forms.ts';
import { createRng, type Rng } from './prng.ts';
import {
  DEMO_DATA_START,
  DEMO_OLD_PROVINCES,
  DEMO_SEED,
  GENERATED_AT,
  OPERATORS,
  PRE_REFORM_MONTHS,
  crossing,
  latestFullMonth,
  type OldProvince,
} from './common.ts';
import {
  deviceClasses,
  haiPhongIndicators,
  oldCommunes,
  plainIndicators,
  sonLaIndicators,
  todaysIndicators,
  writeIndicators,
  type Rows,
} from './indicators.ts';
import { writeDemoSites } from './sites.ts';

export interface DemoSummary {
  provinces: number;
  districts: number;
  communes: number;
  sites: number;
  events: number;
  months: number;
}

const FORM_RANGES: Record<CommForm, [number, number, string]> = {
  loudspeaker: [20, 120, 'Đài truyền thanh cơ sở'],
  digital_team: [5, 40, 'Tổ công nghệ số cộng đồng đến từng hộ'],
  press: [1, 10, 'Báo, đài phát thanh – truyền hình tỉnh'],
  posters: [5, 60, 'Pano, áp phích tại nhà văn hoá thôn'],
  carrier_shop: [2, 15, 'Điểm giao dịch VNPT, Viettel, MobiFone'],
  sms: [1, 5, 'Tin nhắn tới thuê bao 2G'],
  social_media: [3, 30, 'Trang Zalo, Facebook của UBND'],
  meeting: [2, 20, 'Họp thôn, bản'],
};

/** Districts that had not reported September by the 20th, to show the "not reported" flag. */
export const DEMO_UNREPORTED_SEPTEMBER = ['121', '127', '317'];

function writeReports(db: DB, districts: string[], rng: Rng): void {
  const store = createReportsStore(db);
  for (const month of monthRange('2024-06', '2024-09')) {
    for (const d of districts) {
      if (month === '2024-09' && DEMO_UNREPORTED_SEPTEMBER.includes(d)) continue;
      const forms = rng.shuffle([...COMM_FORMS]).slice(0, rng.int(4, 7));
      for (const form of forms) {
        const [lo, hi, media] = FORM_RANGES[form];
        store.insert({
          district_code: d,
          month,
          form,
          count: rng.int(lo, hi),
          media,
          reported_at: `${month}-15T09:00:00Z`,
        });
      }
    }
  }
}

/**
 * Demo accounts (documented in the README; demo data only): the department's admin, one carrier account
 * per operator, a viewer. All share one password.
 */
export const DEMO_PASSWORD = 'phusong-demo-2024';
export const DEMO_ACCOUNTS = [
  { username: 'admin', display_name: 'Sở TT&TT (demo admin)', role: 'admin', operator_id: null },
  { username: 'viettel', display_name: 'Viettel (demo)', role: 'carrier', operator_id: 'viettel' },
  { username: 'vnpt', display_name: 'VNPT (demo)', role: 'carrier', operator_id: 'vnpt' },
  { username: 'mobifone', display_name: 'MobiFone (demo)', role: 'carrier', operator_id: 'mobifone' },
  { username: 'vietnamobile', display_name: 'Vietnamobile (demo)', role: 'carrier', operator_id: 'vietnamobile' },
  { username: 'viewer', display_name: 'Người xem (demo)', role: 'viewer', operator_id: null },
] as const;

function writeDemoAccounts(db: DB): void {
  const auth = createAuthStore(db);
  // One hash for all: scrypt is deliberately slow, and these accounts share the documented password.
  const hash = hashPasswordSync(DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS) auth.insertUser({ ...a, password_hash: hash, created_at: GENERATED_AT });
}

/**
 * Writes the whole demo data set into a migrated database without data, in one transaction; loads the
 * shipped unit sets first if the database has none.
 */
export function seedDemo(db: DB, seed = DEMO_SEED, end = latestFullMonth()): DemoSummary {
  const stores = createStores(db);
  const existing = db
    .prepare('SELECT (SELECT count(*) FROM sites) + (SELECT count(*) FROM commune_indicators) AS n')
    .get() as {
    n: number;
  };
  if (existing.n > 0) throw new Error('seedDemo: the database already holds data; re-seed into a new file');
  loadShippedUnitSets(stores);
  const rng = createRng(seed);
  const todayMonths = monthRange('2025-07', end);
  return db.transaction(() => {
    const sites = createSitesStore(db);
    for (const op of OPERATORS) sites.insertOperator(op.id, op.name, op.color);
    const toToday = crossing(stores);
    const old = oldCommunes(stores, toToday, rng);
    const inOld = (p: OldProvince) => old.filter((c) => c.province === p);
    const pre: Rows = [
      ...haiPhongIndicators(inOld('31'), rng),
      ...plainIndicators(inOld('30'), rng, { share2g: [0.1, 0.16], smart: [0.8, 0.88] }),
      ...sonLaIndicators(inOld('14'), rng),
      ...plainIndicators(inOld('12'), rng, { share2g: [0.16, 0.26], smart: [0.76, 0.86] }),
      ...plainIndicators(inOld('94'), rng, { share2g: [0.12, 0.2], smart: [0.78, 0.87] }),
    ];
    const recordedAt = (month: string) => `${addMonths(month, 1)}-15T00:00:00Z`;
    writeIndicators(stores, PRE_REFORM_SET, pre, recordedAt);
    const june = pre.filter((r) => r.month === '2025-06');
    const today = todaysIndicators(toToday, june, todayMonths, rng);
    writeIndicators(stores, CURRENT_SET, today, recordedAt, deviceClasses(today, todayMonths, seed));

    const written = writeDemoSites(db, stores, toToday, old, rng, seed);
    const districts = [...new Set(old.map((c) => c.district))];
    writeReports(db, districts, rng);
    writeDemoAccounts(db);
    writeDemoSlides(db, end);
    writeMeta(db, {
      demo: 'true',
      label:
        'Dữ liệu minh hoạ — Hải Phòng, Sơn La, Lai Châu, Cần Thơ (Sóc Trăng cũ) / Demo data — Hải Phòng, Sơn La, Lai Châu, Cần Thơ (former Sóc Trăng)',
      data_start: DEMO_DATA_START,
      generated_by: `server/demo/generate.ts seed ${seed} to ${end}`,
    });
    stores.siteStates.flush();
    return {
      provinces: new Set(Object.values(DEMO_OLD_PROVINCES)).size,
      districts: districts.length,
      communes: new Set(today.map((r) => r.code)).size,
      sites: written.sites,
      events: written.events,
      months: PRE_REFORM_MONTHS.length + todayMonths.length,
    };
  })();
}

/**
 * Hải Phòng's saved views for a meeting, so the arrow keys walk a story on a fresh start: the 2G share
 * before the reform, the 2G subscribers by commune, and today after the switch-off.
 */
function writeDemoSlides(db: DB, end: string) {
  const slides = createSlidesStore(db);
  const at = `${end}-28T00:00:00Z`;
  const views = [
    ['2G 9/2024', 'Hải Phòng — tỷ lệ thuê bao 2G, tháng 9/2024', 'p=31&m=2024-09&i=share_2g&l=communes,sites,labels'],
    [
      'Thuê bao 2G 6/2025',
      'Hải Phòng — thuê bao 2G theo xã, tháng 6/2025 (trước sắp xếp)',
      'p=31&m=2025-06&i=subscribers_2g&l=communes,labels',
    ],
    [
      'Hôm nay',
      `Hải Phòng — sau tắt sóng 2G, tháng ${Number(end.slice(5))}/${end.slice(0, 4)}`,
      `p=31&m=${end}&i=share_2g&l=communes,sites,labels`,
    ],
  ] as const;
  for (const [name, title, view] of views)
    slides.insert({ province_code: '31', name, title, note: 'Dữ liệu minh hoạ', view, created_at: at });
}
