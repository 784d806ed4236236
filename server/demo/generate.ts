// The demo data set: Hải Phòng and Sơn La, January → September 2024, generated deterministically so that
// it tells the stories of the source documents (../shared/PRODUCT.md):
//  - Hải Phòng: ~2.5 M subscribers, ~300,000 on 2G (12%) in January, concentrated in 36 communes of
//    An Dương, An Lão, Kiến Thuỵ, Tiên Lãng, Vĩnh Bảo and Thuỷ Nguyên; ~200,000 converted by September;
//    over 200 2G sites switched off and nearly 450 new 4G sites across VNPT, Viettel and MobiFone.
//  - Sơn La: ~300,000 households, 96% with a smartphone in August rising towards 98.74%; Sơn La city from
//    533 households without a smartphone in January to 119 in August; VNPT 7 new and 13 upgraded 4G sites.
//  - District communication reports for June → September, with districts missing in September.
// Names and codes are the official GSO ones; geometry is generated (see tiling.ts). Everything is written
// in one transaction and labelled as demo data in `meta`.
import * as turf from '@turf/turf';
import type { DB } from '../db/database.ts';
import { createUnitsStore } from '../db/units.ts';
import { createIndicatorsStore } from '../db/indicators.ts';
import { createSitesStore } from '../db/sites.ts';
import { createReportsStore } from '../db/reports.ts';
import { writeMeta } from '../db/meta.ts';
import { createAuthStore } from '../db/auth.ts';
import { hashPasswordSync } from '../auth/secrets.ts';
import { communeKind, readAdminList, type AdminListRow } from '../domain/admin-list.ts';
import { normalizeName } from '../domain/names.ts';
import { monthRange } from '../../common/month.ts';
import { COMM_FORMS, type CommForm } from '../../common/comm-forms.ts';
import type { EventStatus, Tech } from '../../common/site-state.ts';
import { createRng, type Rng } from './prng.ts';
import { HAI_PHONG, SON_LA, type ProvinceOutline } from './outlines.ts';
import {
  outlineFeature,
  randomPointIn,
  roundGeometry,
  scaleToArea,
  tileProvince,
  unionAll,
  voronoiCells,
  type Area,
} from './tiling.ts';

export const DEMO_SEED = 20240916; // Hải Phòng's deadline for converting every 2G subscriber
export const DEMO_MONTHS = monthRange('2024-01', '2024-09');
export const DEMO_DATA_START = '2024-01-01';
const GENERATED_AT = '2024-10-01T00:00:00Z';
const SOURCE = 'demo';

export const OPERATORS = [
  { id: 'viettel', name: 'Viettel', color: '#d7191c', prefix: 'VT' },
  { id: 'vnpt', name: 'VNPT (VinaPhone)', color: '#2b83ba', prefix: 'VNP' },
  { id: 'mobifone', name: 'MobiFone', color: '#1a9641', prefix: 'MBF' },
  { id: 'vietnamobile', name: 'Vietnamobile', color: '#fdae61', prefix: 'VNM' },
] as const;
type OperatorId = (typeof OPERATORS)[number]['id'];

/** Districts where Hải Phòng's 2G subscribers are concentrated (Sở TT&TT Hải Phòng, 2024). */
export const HP_2G_DISTRICTS = ['311', '312', '313', '314', '315', '316'];
/** Sơn La city, households without a smartphone, January → September 2024 (533 → 119 by August). */
export const SON_LA_CITY_WITHOUT_SMARTPHONE = [533, 478, 421, 360, 298, 236, 171, 119, 104];
/** Sơn La province, households without a smartphone per month (~300,400 households; 288,450 with in August). */
const SON_LA_WITHOUT_SMARTPHONE = [15320, 14900, 14400, 13950, 13500, 13050, 12550, 11950, 11400];
const SON_LA_HOUSEHOLDS = 300_400;
const HP_SUBSCRIBERS_JAN = 2_512_000;
/** Hải Phòng's population, about 2.07 million (GSO 2023). */
const HP_POPULATION = 2_070_000;
const HP_2G_JAN = 302_400;
/** Share of January's 2G subscribers converted by each month, Hải Phòng (~200,000 of 302,400 by September). */
const HP_CONVERTED = [0, 0.05, 0.11, 0.18, 0.27, 0.37, 0.48, 0.58, 0.665];

interface Commune {
  code: string;
  name: string;
  district: string;
  province: string;
  kind: 'ward' | 'township' | 'commune';
  area: Area;
  areaKm2: number;
  population: number;
  concentrated2g: boolean;
}

export interface DemoSummary {
  provinces: number;
  districts: number;
  communes: number;
  sites: number;
  events: number;
}

/** Splits `total` into integers proportional to `weights` (largest remainder), summing exactly to `total`. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]!++;
  return out;
}

function weightedPick<T>(items: readonly T[], weights: readonly number[], rng: Rng): T {
  const sum = weights.reduce((a, b) => a + b, 0);
  let r = rng() * sum;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

function bboxOf(g: Area) {
  const [min_lon, min_lat, max_lon, max_lat] = turf.bbox(g);
  return { min_lon, min_lat, max_lon, max_lat };
}

function randomDate(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(rng() * ((b - a) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
}

/** A date in the tracked period, later months more likely (the shutdown accelerated towards September). */
function periodDate(rng: Rng): string {
  const month = Math.min(8, Math.floor(Math.sqrt(rng()) * 9));
  const m = DEMO_MONTHS[month]!;
  return randomDate(rng, `${m}-01`, `${m}-28`);
}

function buildGeography(db: DB, outline: ProvinceOutline, rows: AdminListRow[], rng: Rng): Commune[] {
  const units = createUnitsStore(db);
  const districtCodes = [...new Set(rows.map((r) => r.district_code))];
  const seatsIn = districtCodes.map((d) => {
    const seat = outline.seats[d];
    if (!seat) throw new Error(`outline ${outline.code}: no seat for district ${d}`);
    return seat;
  });
  const scaled = scaleToArea(outline.parts, seatsIn, outline.area_km2);
  const province = outlineFeature(scaled.parts);
  const districtAreas = voronoiCells(province, scaled.points);

  const p = rows[0]!;
  units.insertProvince(p.province_code, p.province_name, normalizeName(p.province_name));
  const label = 'Ranh giới minh hoạ (sinh tự động) / generated demo boundaries';
  const versions = Object.fromEntries(
    (['province', 'district', 'commune'] as const).map((level) => [
      level,
      units.addBoundaryVersion(p.province_code, level, label, SOURCE, GENERATED_AT),
    ]),
  ) as Record<'province' | 'district' | 'commune', number>;
  // Rounded commune cells are the source of truth; districts and the province are their unions, so the
  // three levels nest exactly even after rounding.
  const store = (level: 'province' | 'district' | 'commune', code: string, area: Area): Area => {
    const geometry = roundGeometry(area.geometry);
    const rounded = turf.feature(geometry) as Area;
    units.insertGeometry({
      version_id: versions[level],
      level,
      code,
      geojson: JSON.stringify(geometry),
      area_km2: Math.round((turf.area(rounded) / 1e6) * 1000) / 1000,
      ...bboxOf(rounded),
    });
    return rounded;
  };

  const communes: Commune[] = [];
  const districtsStored: Area[] = [];
  const districtRows = districtCodes.map((d) => rows.filter((r) => r.district_code === d));
  const cellsByDistrict = tileProvince(
    province,
    districtAreas.map((a, i) => {
      if (!a) throw new Error(`district ${districtCodes[i]}: its seat lies outside the province outline`);
      return a;
    }),
    districtRows.map((r) => r.length),
    rng,
  );
  districtCodes.forEach((d, i) => {
    const inDistrict = districtRows[i]!;
    units.insertDistrict(d, p.province_code, inDistrict[0]!.district_name, normalizeName(inDistrict[0]!.district_name));
    const cells = cellsByDistrict[i]!;
    const stored: Area[] = [];
    inDistrict.forEach((r, k) => {
      units.insertCommune(r.commune_code, d, p.province_code, r.commune_name, normalizeName(r.commune_name));
      stored.push(store('commune', r.commune_code, cells[k]!));
      communes.push({
        code: r.commune_code,
        name: r.commune_name,
        district: d,
        province: p.province_code,
        kind: communeKind(r.commune_name),
        area: cells[k]!,
        areaKm2: turf.area(cells[k]!) / 1e6,
        population: 0,
        concentrated2g: false,
      });
    });
    districtsStored.push(store('district', d, unionAll(stored)));
  });
  store('province', p.province_code, unionAll(districtsStored));
  return communes;
}

function writeIndicators(db: DB, rows: { code: string; month: string; v: [number, number, number, number] }[]) {
  const store = createIndicatorsStore(db);
  for (const r of rows) {
    const [subscribers, subscribers_2g, households, households_smartphone] = r.v;
    store.upsert({
      commune_code: r.code,
      month: r.month,
      subscribers,
      subscribers_2g,
      households,
      households_smartphone,
      notes: null,
      source: SOURCE,
      recorded_at: GENERATED_AT,
    });
  }
}

function haiPhongIndicators(db: DB, communes: Commune[], rng: Rng): void {
  // 36 concentrated communes: six rural communes or townships in each of the six districts.
  for (const d of HP_2G_DISTRICTS) {
    const rural = communes.filter((c) => c.district === d && c.kind !== 'ward');
    for (const c of rng.shuffle(rural).slice(0, 6)) c.concentrated2g = true;
  }
  for (const c of communes) {
    c.population =
      c.kind === 'ward'
        ? rng.range(14_000, 28_000)
        : c.kind === 'township'
          ? rng.range(9_000, 16_000)
          : rng.range(6_000, 11_000);
  }
  const scale = HP_POPULATION / communes.reduce((a, c) => a + c.population, 0);
  for (const c of communes) c.population *= scale;
  const subsJan = apportion(
    HP_SUBSCRIBERS_JAN,
    communes.map((c) => c.population),
  );
  const share2g = communes.map((c) =>
    c.concentrated2g ? rng.range(0.26, 0.36) : c.kind === 'ward' ? rng.range(0.05, 0.08) : rng.range(0.09, 0.14),
  );
  const concentrated = communes.map((c, i) => (c.concentrated2g ? Math.round(subsJan[i]! * share2g[i]!) : 0));
  const concentratedTotal = concentrated.reduce((a, b) => a + b, 0);
  const others = apportion(
    HP_2G_JAN - concentratedTotal,
    communes.map((c, i) => (c.concentrated2g ? 0 : subsJan[i]! * share2g[i]!)),
  );
  const g2Jan = communes.map((c, i) => (c.concentrated2g ? concentrated[i]! : others[i]!));

  const rows: { code: string; month: string; v: [number, number, number, number] }[] = [];
  communes.forEach((c, i) => {
    const households = Math.round(c.population / 3.3);
    const smartJan = c.concentrated2g
      ? rng.range(0.72, 0.8)
      : c.kind === 'ward'
        ? rng.range(0.9, 0.95)
        : c.kind === 'township'
          ? rng.range(0.86, 0.91)
          : rng.range(0.8, 0.88);
    const rise = rng.range(0.004, 0.009);
    // Concentrated communes convert more slowly: older users, 2G-only feature phones.
    const pace = (c.concentrated2g ? 0.92 : 1) * rng.range(0.92, 1.08);
    DEMO_MONTHS.forEach((month, m) => {
      const subscribers = Math.round(subsJan[i]! * (1 + 0.0015 * m));
      const g2 = Math.round(g2Jan[i]! * Math.max(0, 1 - HP_CONVERTED[m]! * pace));
      const smart = Math.round(households * Math.min(0.995, smartJan + rise * m));
      rows.push({ code: c.code, month, v: [subscribers, Math.min(g2, subscribers), households, smart] });
    });
  });
  writeIndicators(db, rows);
}

function sonLaIndicators(db: DB, communes: Commune[], rng: Rng): void {
  for (const c of communes) {
    c.population =
      c.kind === 'ward'
        ? rng.range(7_000, 12_000)
        : c.kind === 'township'
          ? rng.range(6_000, 10_000)
          : rng.range(4_000, 8_000);
  }
  const households = apportion(
    SON_LA_HOUSEHOLDS,
    communes.map((c) => c.population),
  );
  const lackWeight = communes.map(
    (c, i) =>
      households[i]! *
      (c.kind === 'ward'
        ? rng.range(0.01, 0.03)
        : c.kind === 'township'
          ? rng.range(0.02, 0.05)
          : rng.range(0.03, 0.09)),
  );
  const decline = communes.map(() => rng.range(0.01, 0.04));
  const isCity = communes.map((c) => c.district === '116');
  const without: number[][] = DEMO_MONTHS.map((_, m) => {
    const city = apportion(
      SON_LA_CITY_WITHOUT_SMARTPHONE[m]!,
      communes.map((_, i) => (isCity[i] ? lackWeight[i]! * (1 - m * decline[i]!) : 0)),
    );
    const rest = apportion(
      SON_LA_WITHOUT_SMARTPHONE[m]! - SON_LA_CITY_WITHOUT_SMARTPHONE[m]!,
      communes.map((_, i) => (isCity[i] ? 0 : lackWeight[i]! * (1 - m * decline[i]!))),
    );
    return communes.map((_, i) => (isCity[i] ? city[i]! : rest[i]!));
  });
  const rows: { code: string; month: string; v: [number, number, number, number] }[] = [];
  communes.forEach((c, i) => {
    const subsJan = Math.round(c.population * rng.range(0.78, 0.92));
    const share2g = c.kind === 'commune' ? rng.range(0.14, 0.22) : rng.range(0.08, 0.13);
    DEMO_MONTHS.forEach((month, m) => {
      const subscribers = Math.round(subsJan * (1 + 0.002 * m));
      const g2 = Math.round(subsJan * share2g * (1 - 0.06 * m));
      const hh = households[i]!;
      rows.push({ code: c.code, month, v: [subscribers, g2, hh, hh - Math.min(hh, without[m]![i]!)] });
    });
  });
  writeIndicators(db, rows);
}

interface PlannedEvent {
  tech: Tech;
  status: EventStatus;
  date: string;
  band_mhz: number | null;
}
interface PlannedSite {
  operator: OperatorId;
  commune: Commune;
  events: PlannedEvent[];
  createdAt: string;
}

interface ProvinceSitePlan {
  prefix: string;
  baseline: Record<OperatorId, number>;
  newSites: Partial<Record<OperatorId, number>>;
  upgrades: Partial<Record<OperatorId, number>>;
  switchOffs: number;
  /** How many of the switch-offs are at masts with no 4G, in rural communes (the orphaned sites). */
  orphans: number;
  planned: number;
  /** Weight of population (vs area) in where masts stand. */
  populationWeight: number;
  /** Chance that a rural mast of the baseline has 4G. */
  rural4g: number;
}

const HP_PLAN: ProvinceSitePlan = {
  prefix: 'HP',
  baseline: { viettel: 600, vnpt: 480, mobifone: 440, vietnamobile: 90 },
  newSites: { viettel: 190, vnpt: 140, mobifone: 118 },
  upgrades: { viettel: 40, vnpt: 32, mobifone: 24 },
  switchOffs: 214,
  orphans: 14,
  planned: 28,
  populationWeight: 0.7,
  rural4g: 0.6,
};
const SL_PLAN: ProvinceSitePlan = {
  prefix: 'SL',
  baseline: { viettel: 520, vnpt: 360, mobifone: 260, vietnamobile: 30 },
  newSites: { viettel: 30, vnpt: 7, mobifone: 12 },
  upgrades: { viettel: 24, vnpt: 13, mobifone: 10 },
  switchOffs: 46,
  orphans: 18,
  planned: 20,
  populationWeight: 0.9,
  rural4g: 0.4,
};

function planSites(communes: Commune[], plan: ProvinceSitePlan, rng: Rng): PlannedSite[] {
  const totalPop = communes.reduce((a, c) => a + c.population, 0);
  const totalArea = communes.reduce((a, c) => a + c.areaKm2, 0);
  // Masts follow people more than land: remote mountain communes get few, which is where gaps are.
  const weights = communes.map(
    (c) => plan.populationWeight * (c.population / totalPop) + (1 - plan.populationWeight) * (c.areaKm2 / totalArea),
  );
  const band4g = () => weightedPick([1800, 2100, 900], [0.75, 0.15, 0.1], rng);
  const sites: PlannedSite[] = [];

  for (const op of OPERATORS) {
    for (let i = 0; i < plan.baseline[op.id]; i++) {
      const commune = weightedPick(communes, weights, rng);
      const events: PlannedEvent[] = [
        {
          tech: '2G',
          status: 'active',
          date: randomDate(rng, '2008-01-01', '2016-12-31'),
          band_mhz: rng() < 0.7 ? 900 : 1800,
        },
      ];
      if (rng() < 0.65)
        events.push({
          tech: '3G',
          status: 'active',
          date: randomDate(rng, '2012-01-01', '2017-12-31'),
          band_mhz: 2100,
        });
      // Fewer 4G masts where 2G is concentrated: that is why those communes lag.
      if (rng() < (commune.concentrated2g ? 0.3 : commune.kind === 'commune' ? plan.rural4g : 0.85)) {
        events.push({
          tech: '4G',
          status: 'active',
          date: randomDate(rng, '2017-01-01', '2023-12-31'),
          band_mhz: band4g(),
        });
      }
      events.sort((a, b) => a.date.localeCompare(b.date));
      sites.push({ operator: op.id, commune, events, createdAt: events[0]!.date });
    }
  }

  const has4g = (s: PlannedSite) => s.events.some((e) => e.tech === '4G');
  // Upgrades: an existing mast gains 4G during the period, preferably where 2G is concentrated.
  for (const op of OPERATORS) {
    const candidates = rng.shuffle(sites.filter((s) => s.operator === op.id && !has4g(s)));
    candidates.sort((a, b) => Number(b.commune.concentrated2g) - Number(a.commune.concentrated2g));
    for (const s of candidates.slice(0, plan.upgrades[op.id] ?? 0)) {
      s.events.push({ tech: '4G', status: 'upgraded', date: periodDate(rng), band_mhz: 1800 });
    }
  }
  // 2G switch-offs in low-traffic areas, mostly at masts that keep 4G; a few leave no 4G behind.
  const baseline = sites.slice();
  const withG4 = rng.shuffle(baseline.filter((s) => has4g(s) && !s.commune.concentrated2g));
  const orphanPool = rng.shuffle(
    baseline.filter((s) => !has4g(s) && s.commune.kind === 'commune' && !s.commune.concentrated2g),
  );
  for (const s of [...withG4.slice(0, plan.switchOffs - plan.orphans), ...orphanPool.slice(0, plan.orphans)]) {
    const date = periodDate(rng);
    const g4 = s.events.find((e) => e.tech === '4G');
    s.events.push({ tech: '2G', status: 'switched_off', date: g4 && g4.date > date ? g4.date : date, band_mhz: null });
  }
  // New 4G stations, more than half of them in the 2G-heavy communes.
  const focus = communes.filter((c) => c.concentrated2g || c.kind === 'commune');
  for (const op of OPERATORS) {
    for (let i = 0; i < (plan.newSites[op.id] ?? 0); i++) {
      const commune = rng() < 0.55 && focus.length > 0 ? rng.pick(focus) : weightedPick(communes, weights, rng);
      const date = periodDate(rng);
      sites.push({
        operator: op.id,
        commune,
        createdAt: date,
        events: [{ tech: '4G', status: 'active', date, band_mhz: band4g() }],
      });
    }
  }
  for (let i = 0; i < plan.planned; i++) {
    const commune = rng.pick(focus.length > 0 ? focus : communes);
    const date = randomDate(rng, '2024-06-01', '2024-09-30');
    const operator = rng.pick(['viettel', 'vnpt', 'mobifone'] as const);
    sites.push({
      operator,
      commune,
      createdAt: date,
      events: [{ tech: '4G', status: 'planned', date, band_mhz: 1800 }],
    });
  }
  for (const s of sites) s.events.sort((a, b) => a.date.localeCompare(b.date));
  return sites;
}

function writeSites(db: DB, plan: ProvinceSitePlan, sites: PlannedSite[], rng: Rng): number {
  const store = createSitesStore(db);
  const seq = new Map<string, number>();
  let events = 0;
  for (const s of sites) {
    const op = OPERATORS.find((o) => o.id === s.operator)!;
    const n = (seq.get(op.id) ?? 0) + 1;
    seq.set(op.id, n);
    const [lon, lat] = randomPointIn(s.commune.area, rng);
    const environment = s.commune.kind === 'ward' ? 'urban' : s.commune.kind === 'township' ? 'suburban' : 'rural';
    const g4 = s.events.find((e) => e.tech === '4G');
    const id = store.insertSite({
      operator_id: op.id,
      site_code: `${plan.prefix}-${op.prefix}-${String(n).padStart(4, '0')}`,
      name: `${s.commune.name.replace(/^(Phường|Xã|Thị trấn) /, '')} ${n}`,
      lon: Math.round(lon * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      province_code: s.commune.province,
      commune_code: s.commune.code,
      antenna_height_m: Math.round(environment === 'urban' ? rng.range(20, 35) : rng.range(28, 48)),
      band_mhz: g4?.band_mhz ?? s.events[0]!.band_mhz,
      measured_radius_m: null,
      environment,
      created_at: `${s.createdAt}T00:00:00Z`,
    });
    for (const e of s.events) {
      store.insertEvent({ site_id: id, ...e, note: null, created_at: GENERATED_AT });
      events++;
    }
    // Most masts carry three 120° sectors (a full circle); some cover a road or valley with one or two
    // directional sectors; a few carriers declare a measured radius instead of the model's.
    const layout = rng();
    if (layout < 0.75) {
      const az0 = Math.floor(rng.range(0, 120));
      for (const k of [0, 120, 240]) store.insertSector(id, null, (az0 + k) % 360, 120);
    } else if (layout < 0.82) {
      const az0 = Math.floor(rng.range(0, 360));
      store.insertSector(id, null, az0, 90);
      if (rng() < 0.5) store.insertSector(id, null, (az0 + 180) % 360, 90);
    }
    if (rng() < 0.03) store.setRadius(id, Math.round(rng.range(800, 3500)), 'declared');
  }
  return events;
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

/** Writes the whole demo data set into an empty, migrated database, in one transaction. */
export function seedDemo(db: DB, seed = DEMO_SEED): DemoSummary {
  const existing = db.prepare('SELECT count(*) AS n FROM provinces').get() as { n: number };
  if (existing.n > 0) throw new Error('seedDemo: the database already holds data; re-seed into a new file');
  const rng = createRng(seed);
  const list = readAdminList();
  return db.transaction(() => {
    const sites = createSitesStore(db);
    for (const op of OPERATORS) sites.insertOperator(op.id, op.name, op.color);
    let nSites = 0;
    let nEvents = 0;
    let nCommunes = 0;
    const districts: string[] = [];
    for (const [outline, plan, indicators] of [
      [HAI_PHONG, HP_PLAN, haiPhongIndicators],
      [SON_LA, SL_PLAN, sonLaIndicators],
    ] as const) {
      const rows = list.filter((r) => r.province_code === outline.code);
      const communes = buildGeography(db, outline, rows, rng);
      indicators(db, communes, rng);
      const planned = planSites(communes, plan, rng);
      nEvents += writeSites(db, plan, planned, rng);
      nSites += planned.length;
      nCommunes += communes.length;
      districts.push(...new Set(communes.map((c) => c.district)));
    }
    writeReports(db, districts, rng);
    writeDemoAccounts(db);
    writeMeta(db, {
      demo: 'true',
      label: 'Dữ liệu minh hoạ — Hải Phòng, Sơn La 2024 / Demo data — Hải Phòng, Sơn La 2024',
      data_start: DEMO_DATA_START,
      generated_by: `server/demo/generate.ts seed ${seed}`,
    });
    return { provinces: 2, districts: districts.length, communes: nCommunes, sites: nSites, events: nEvents };
  })();
}
