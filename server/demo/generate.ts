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
import * as turf from '../analysis/turf.ts';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { DB } from '../db/database.ts';
import { createSitesStore } from '../db/sites.ts';
import { createReportsStore } from '../db/reports.ts';
import { writeMeta } from '../db/meta.ts';
import { createAuthStore } from '../db/auth.ts';
import { createSlidesStore } from '../db/slides.ts';
import { hashPasswordSync } from '../auth/secrets.ts';
import { communeKind } from '../domain/admin-list.ts';
import { carryAcross, type CrosswalkLink, type UnitWeight } from '../domain/crosswalk.ts';
import { CURRENT_SET, PRE_REFORM_SET, loadShippedUnitSets } from '../domain/unit-sets.ts';
import { createStores, type Stores } from '../stores.ts';
import { addMonths, monthRange } from '../../common/month.ts';
import { COMM_FORMS, type CommForm } from '../../common/comm-forms.ts';
import type { EventStatus, Tech } from '../../common/site-state.ts';
import { createRng, type Rng } from './prng.ts';

export const DEMO_SEED = 20240916; // Hải Phòng's deadline for converting every 2G subscriber
/** Months reported in the pre-reform units. */
export const PRE_REFORM_MONTHS = monthRange('2024-01', '2025-06');
/** The latest full month on `date`: the demo reaches it, so this year's 2G switch-off is on the timeline. */
export function latestFullMonth(date = new Date()): string {
  return addMonths(date.toISOString().slice(0, 7), -1);
}
export const DEMO_DATA_START = '2024-01-01';
const SOURCE = 'demo';
const GENERATED_AT = `${addMonths(latestFullMonth(), 1)}-01T00:00:00Z`;

export const OPERATORS = [
  { id: 'viettel', name: 'Viettel', color: '#d7191c', prefix: 'VT' },
  { id: 'vnpt', name: 'VNPT (VinaPhone)', color: '#2b83ba', prefix: 'VNP' },
  { id: 'mobifone', name: 'MobiFone', color: '#1a9641', prefix: 'MBF' },
  { id: 'vietnamobile', name: 'Vietnamobile', color: '#fdae61', prefix: 'VNM' },
] as const;
type OperatorId = (typeof OPERATORS)[number]['id'];

/** Pre-reform provinces with demo data, and today's province each lies in. */
export const DEMO_OLD_PROVINCES = { '31': '31', '30': '31', '14': '14', '12': '12', '94': '92' } as const;
type OldProvince = keyof typeof DEMO_OLD_PROVINCES;

/** Districts where Hải Phòng's 2G subscribers were concentrated (Sở TT&TT Hải Phòng, 2024). */
export const HP_2G_DISTRICTS = ['311', '312', '313', '314', '315', '316'];
/** Sơn La city, households without a smartphone, January 2024 → June 2025 (533 → 119 by August 2024). */
export const SON_LA_CITY_WITHOUT_SMARTPHONE = [
  533, 478, 421, 360, 298, 236, 171, 119, 104, 96, 90, 84, 79, 74, 70, 66, 62, 59,
];
/** Sơn La province, households without a smartphone per month (~300,400 households; 288,450 with in August 2024). */
const SON_LA_WITHOUT_SMARTPHONE = [
  15320, 14900, 14400, 13950, 13500, 13050, 12550, 11950, 11400, 10900, 10450, 10000, 9600, 9200, 8850, 8500, 8200,
  7900,
];
const SON_LA_HOUSEHOLDS = 300_400;
const HP_SUBSCRIBERS_JAN = 2_512_000;
const HP_2G_JAN = 302_400;
/** Share of January 2024's 2G subscribers converted by each month, Hải Phòng (~200,000 of 302,400 by September). */
const HP_CONVERTED = [
  0, 0.05, 0.11, 0.18, 0.27, 0.37, 0.48, 0.58, 0.665, 0.7, 0.73, 0.76, 0.78, 0.8, 0.82, 0.84, 0.855, 0.87,
];
/** The month the 2G network is off: no subscriber is left on 2G after it. */
const SWITCH_OFF_MONTH = '2026-10';

interface OldCommune {
  code: string;
  name: string;
  district: string;
  province: OldProvince;
  kind: 'ward' | 'township' | 'commune';
  population: number;
  concentrated2g: boolean;
}

/** A commune of today's units where demo sites stand. */
interface Commune {
  code: string;
  name: string;
  province: string;
  kind: 'ward' | 'township' | 'commune';
  area: Feature<Polygon | MultiPolygon>;
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
  months: number;
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

function randomPointIn(area: Feature<Polygon | MultiPolygon>, rng: Rng): [number, number] {
  const [minX, minY, maxX, maxY] = turf.bbox(area);
  for (let i = 0; i < 10_000; i++) {
    const p: [number, number] = [rng.range(minX, maxX), rng.range(minY, maxY)];
    if (turf.booleanPointInPolygon(p, area)) return p;
  }
  throw new Error('randomPointIn: area too thin to sample');
}

function randomDate(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(rng() * ((b - a) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
}

/** A date in the tracked period of 2024, later months more likely (the shutdown accelerated towards September). */
function periodDate(rng: Rng): string {
  const month = Math.min(8, Math.floor(Math.sqrt(rng()) * 9));
  const m = PRE_REFORM_MONTHS[month]!;
  return randomDate(rng, `${m}-01`, `${m}-28`);
}

/**
 * The pre-reform communes of the demo provinces, with a population: each today's commune's real population
 * shared among the old communes it was formed from (by how many of them it took in).
 */
function oldCommunes(stores: Stores, { links, weights }: Crossing, rng: Rng): OldCommune[] {
  const intoNew = new Map<string, number>();
  for (const l of links) intoNew.set(l.newCode, (intoNew.get(l.newCode) ?? 0) + 1);
  const pop = new Map<string, number>();
  for (const l of links) {
    const n = weights.get(l.newCode);
    const p = (n?.population ?? (n?.areaKm2 ?? 20) * 150) / intoNew.get(l.newCode)!;
    pop.set(l.oldCode, (pop.get(l.oldCode) ?? 0) + p);
  }
  const out: OldCommune[] = stores.unitSets
    .communes(PRE_REFORM_SET)
    .filter((c) => c.province_code in DEMO_OLD_PROVINCES)
    .map((c) => ({
      code: c.code,
      name: c.name,
      district: c.district_code!,
      province: c.province_code as OldProvince,
      kind: communeKind(c.name),
      population: Math.max(800, pop.get(c.code) ?? 3000),
      concentrated2g: false,
    }));
  // 36 concentrated communes: six in each of the six districts, rural communes and townships first.
  for (const d of HP_2G_DISTRICTS) {
    const inD = rng.shuffle(out.filter((c) => c.district === d));
    inD.sort((a, b) => Number(a.kind === 'ward') - Number(b.kind === 'ward'));
    for (const c of inD.slice(0, 6)) c.concentrated2g = true;
  }
  return out;
}

/** The crosswalk into today's units with the weights that share divided communes, read once per seed. */
interface Crossing {
  links: CrosswalkLink[];
  weights: Map<string, UnitWeight>;
}
function crossing(stores: Stores): Crossing {
  return {
    links: stores.unitSets
      .crosswalk(PRE_REFORM_SET, CURRENT_SET)
      .map((l) => ({ oldCode: l.old_code, newCode: l.new_code, relation: l.relation })),
    weights: new Map(
      stores.unitSets.communes(CURRENT_SET).map((c) => [c.code, { population: c.population, areaKm2: c.area_km2 }]),
    ),
  };
}

type Figures = [number, number, number, number];
type Rows = { code: string; month: string; v: Figures }[];

function haiPhongIndicators(communes: OldCommune[], rng: Rng): Rows {
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
  const rows: Rows = [];
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
    PRE_REFORM_MONTHS.forEach((month, m) => {
      const subscribers = Math.round(subsJan[i]! * (1 + 0.0015 * m));
      const g2 = Math.round(g2Jan[i]! * Math.max(0, 1 - HP_CONVERTED[m]! * pace));
      const smart = Math.round(households * Math.min(0.995, smartJan + rise * m));
      rows.push({ code: c.code, month, v: [subscribers, Math.min(g2, subscribers), households, smart] });
    });
  });
  return rows;
}

function sonLaIndicators(communes: OldCommune[], rng: Rng): Rows {
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
  const decline = communes.map(() => rng.range(0.01, 0.03));
  const isCity = communes.map((c) => c.district === '116');
  const without: number[][] = PRE_REFORM_MONTHS.map((_, m) => {
    const w = (i: number) => lackWeight[i]! * Math.max(0.05, 1 - m * decline[i]!);
    const city = apportion(
      SON_LA_CITY_WITHOUT_SMARTPHONE[m]!,
      communes.map((_, i) => (isCity[i] ? w(i) : 0)),
    );
    const rest = apportion(
      SON_LA_WITHOUT_SMARTPHONE[m]! - SON_LA_CITY_WITHOUT_SMARTPHONE[m]!,
      communes.map((_, i) => (isCity[i] ? 0 : w(i))),
    );
    return communes.map((_, i) => (isCity[i] ? city[i]! : rest[i]!));
  });
  const rows: Rows = [];
  communes.forEach((c, i) => {
    const subsJan = Math.round(c.population * rng.range(0.78, 0.92));
    const share2g = c.kind === 'commune' ? rng.range(0.14, 0.22) : rng.range(0.08, 0.13);
    PRE_REFORM_MONTHS.forEach((month, m) => {
      const subscribers = Math.round(subsJan * (1 + 0.002 * m));
      const g2 = Math.round(subsJan * share2g * Math.max(0.1, 1 - 0.05 * m));
      const hh = households[i]!;
      rows.push({ code: c.code, month, v: [subscribers, g2, hh, hh - Math.min(hh, without[m]![i]!)] });
    });
  });
  return rows;
}

/** A province without a published story: figures from its real population, trends like its neighbours'. */
function plainIndicators(communes: OldCommune[], rng: Rng, p: { share2g: [number, number]; smart: [number, number] }) {
  const rows: Rows = [];
  for (const c of communes) {
    const households = Math.round(c.population / 3.6);
    const subsJan = Math.round(c.population * rng.range(0.95, 1.25));
    const share2g = rng.range(...p.share2g) * (c.kind === 'ward' ? 0.6 : 1);
    const smartJan = rng.range(...p.smart) + (c.kind === 'ward' ? 0.05 : 0);
    const pace = rng.range(0.03, 0.05);
    PRE_REFORM_MONTHS.forEach((month, m) => {
      const subscribers = Math.round(subsJan * (1 + 0.0015 * m));
      const g2 = Math.round(subsJan * share2g * Math.max(0.15, 1 - pace * m));
      const smart = Math.round(households * Math.min(0.99, smartJan + 0.006 * m));
      rows.push({ code: c.code, month, v: [subscribers, Math.min(g2, subscribers), households, smart] });
    });
  }
  return rows;
}

/**
 * Today's units from July 2025: June 2025's figures carried across the crosswalk, then moving on — the
 * last 2G users move to 4G as the 2G network goes off (none left from SWITCH_OFF_MONTH).
 */
function todaysIndicators(crossing: Crossing, june: Rows, months: string[], rng: Rng): Rows {
  const { links, weights } = crossing;
  const carried = [0, 1, 2, 3].map((k) => carryAcross(new Map(june.map((r) => [r.code, r.v[k]!])), links, weights));
  const rows: Rows = [];
  const offIndex = months.indexOf(SWITCH_OFF_MONTH);
  for (const [code, subs] of carried[0]!.values) {
    const g2 = carried[1]!.values.get(code)!.value;
    const hh = carried[2]!.values.get(code)!.value;
    const smart = Math.min(hh, carried[3]!.values.get(code)!.value);
    const growth = rng.range(0.0005, 0.002);
    const rise = rng.range(0.0008, 0.0018);
    months.forEach((month, m) => {
      const subscribers = Math.round(subs.value * (1 + growth * (m + 1)));
      const left = offIndex < 0 ? Math.max(0.05, 1 - (m + 1) / 17) : Math.max(0, 1 - (m + 1) / (offIndex + 1));
      const g2m = Math.min(subscribers, Math.round(g2 * left));
      const smartM = Math.min(hh, Math.round(smart + (hh - smart) * Math.min(1, rise * 12 * (m + 1) * 0.5)));
      rows.push({ code, month, v: [subscribers, g2m, hh, smartM] });
    });
  }
  return rows;
}

/** The 3G sunset's device classes of a commune's month: 3G-capable phones without 4G, 4G phones without VoLTE. */
type DeviceRows = Map<string, { subscribers_3g: number; subscribers_no_volte: number }>;

/**
 * Demo figures for the next sunset, reported from July 2025 (today's units): 3G-only phones falling from
 * 7–15% of subscribers as people move to 4G, and 4G phones without VoLTE from 9–17% as handsets are
 * replaced — more of both where 2G lingered. Drawn from a random stream of their own, so every figure of
 * the 2G stories stays exactly as it was.
 */
function deviceClasses(rows: Rows, months: string[], seed: number): DeviceRows {
  const rng = createRng(seed + 3);
  const out: DeviceRows = new Map();
  const byCode = new Map<string, Rows>();
  for (const r of rows) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
  for (const [code, list] of byCode) {
    const lagging = (list[0]!.v[1] ?? 0) / Math.max(1, list[0]!.v[0] ?? 1);
    const g3 = rng.range(0.07, 0.15) + lagging * 0.3;
    const noVolte = rng.range(0.09, 0.17) + lagging * 0.2;
    for (const r of list) {
      const m = months.indexOf(r.month);
      const [subscribers, subscribers2g] = r.v;
      const room = Math.max(0, subscribers - subscribers2g);
      const s3 = Math.min(room, Math.round(subscribers * g3 * Math.max(0.45, 1 - 0.025 * m)));
      const nv = Math.min(room - s3, Math.round(subscribers * noVolte * Math.max(0.6, 1 - 0.015 * m)));
      out.set(`${code}|${r.month}`, { subscribers_3g: s3, subscribers_no_volte: nv });
    }
  }
  return out;
}

function writeIndicators(
  stores: Stores,
  set: string,
  rows: Rows,
  recordedAt: (month: string) => string,
  devices: DeviceRows = new Map(),
) {
  for (const r of rows) {
    const [subscribers, subscribers_2g, households, households_smartphone] = r.v;
    stores.reported.upsert({
      unit_set: set,
      commune_code: r.code,
      month: r.month,
      subscribers,
      subscribers_2g,
      ...devices.get(`${r.code}|${r.month}`),
      households,
      households_smartphone,
      notes: null,
      source: SOURCE,
      recorded_at: recordedAt(r.month),
    });
  }
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

/** The former Hải Dương: masts of its own, its 2024 changes not part of Hải Phòng's story. */
const HD_PLAN: ProvinceSitePlan = {
  prefix: 'HD',
  baseline: { viettel: 420, vnpt: 330, mobifone: 280, vietnamobile: 50 },
  newSites: {},
  upgrades: {},
  switchOffs: 0,
  orphans: 0,
  planned: 10,
  populationWeight: 0.75,
  rural4g: 0.65,
};
const LC_PLAN: ProvinceSitePlan = {
  prefix: 'LC',
  baseline: { viettel: 260, vnpt: 170, mobifone: 110, vietnamobile: 10 },
  newSites: { viettel: 14, vnpt: 6, mobifone: 5 },
  upgrades: { viettel: 10, vnpt: 6, mobifone: 4 },
  switchOffs: 20,
  orphans: 9,
  planned: 8,
  populationWeight: 0.85,
  rural4g: 0.35,
};
const ST_PLAN: ProvinceSitePlan = {
  prefix: 'ST',
  baseline: { viettel: 380, vnpt: 290, mobifone: 250, vietnamobile: 40 },
  newSites: { viettel: 40, vnpt: 30, mobifone: 22 },
  upgrades: { viettel: 14, vnpt: 10, mobifone: 8 },
  switchOffs: 60,
  orphans: 6,
  planned: 10,
  populationWeight: 0.75,
  rural4g: 0.6,
};
const PLANS: Record<OldProvince, ProvinceSitePlan> = {
  '31': HP_PLAN,
  '30': HD_PLAN,
  '14': SL_PLAN,
  '12': LC_PLAN,
  '94': ST_PLAN,
};

/**
 * The 2G network goes off: most 2G-only masts gain 4G in 2025–2026, then every 2G transmitter still on is
 * switched off during 2026, the last by October; the few masts left without 4G are where gaps open.
 */
function switchOff2026(sites: PlannedSite[], rng: Rng): void {
  const on2g = (s: PlannedSite) => {
    const g2 = s.events.filter((e) => e.tech === '2G');
    return g2.length > 0 && g2.at(-1)!.status !== 'switched_off';
  };
  for (const s of sites) {
    if (!on2g(s)) continue;
    if (!s.events.some((e) => e.tech === '4G') && rng() < 0.75) {
      s.events.push({
        tech: '4G',
        status: 'upgraded',
        date: randomDate(rng, '2025-03-01', '2026-06-30'),
        band_mhz: 1800,
      });
    }
    const g4 = s.events.find((e) => e.tech === '4G');
    const date = randomDate(rng, '2026-01-05', `${SWITCH_OFF_MONTH}-15`);
    s.events.push({ tech: '2G', status: 'switched_off', date: g4 && g4.date > date ? g4.date : date, band_mhz: null });
  }
}

/**
 * The next sunset starting: during 2026 a few masts that carry 4G switch their 3G off and refarm the
 * spectrum (about one in sixteen). Drawn from a random stream of its own, so the 2G stories keep every
 * figure.
 */
function switchOff3g2026(sites: PlannedSite[], rng: Rng): void {
  for (const s of sites) {
    const g3 = s.events.filter((e) => e.tech === '3G');
    if (g3.length === 0 || g3.at(-1)!.status === 'switched_off') continue;
    if (!s.events.some((e) => e.tech === '4G') || rng() >= 0.0625) continue;
    s.events.push({
      tech: '3G',
      status: 'switched_off',
      date: randomDate(rng, '2026-03-01', '2026-11-15'),
      band_mhz: null,
    });
  }
}

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

/**
 * Today's communes the old province's territory went into, each with the population it brought (the real
 * population of today's commune, shared like the figures: population where known, else area).
 */
function siteCommunes(
  stores: Stores,
  crossing: Crossing,
  old: OldCommune[],
  concentrated: ReadonlySet<string>,
): Commune[] {
  const { links, weights } = crossing;
  const pop = carryAcross(new Map(old.map((c) => [c.code, Math.round(c.population)])), links, weights).values;
  const hot = new Set(links.filter((l) => concentrated.has(l.oldCode)).map((l) => l.newCode));
  const province = DEMO_OLD_PROVINCES[old[0]!.province];
  return stores.units
    .communesWithGeometry({ province })
    .filter((c) => pop.has(c.code))
    .map((c) => {
      const geometry = JSON.parse(c.geojson) as Polygon | MultiPolygon;
      return {
        code: c.code,
        name: c.name,
        province,
        kind: c.unit_type === 'Phường' ? 'ward' : 'commune',
        area: turf.feature(geometry),
        areaKm2: c.area_km2,
        population: pop.get(c.code)!.value,
        concentrated2g: hot.has(c.code),
      };
    });
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

    const concentrated = new Set(old.filter((c) => c.concentrated2g).map((c) => c.code));
    const rng3g = createRng(seed + 33);
    let nSites = 0;
    let nEvents = 0;
    for (const p of Object.keys(PLANS) as OldProvince[]) {
      const communes = siteCommunes(stores, toToday, inOld(p), concentrated);
      const planned = planSites(communes, PLANS[p], rng);
      switchOff2026(planned, rng);
      switchOff3g2026(planned, rng3g);
      for (const s of planned) s.events.sort((a, b) => a.date.localeCompare(b.date));
      nEvents += writeSites(db, PLANS[p], planned, rng);
      nSites += planned.length;
    }
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
      sites: nSites,
      events: nEvents,
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
