// The demo's commune indicators: Hải Phòng's and Sơn La's stories in the pre-reform communes (January
// 2024 → June 2025), the other demo provinces from their real population, then today's communes from July
// 2025 (June's figures carried across the crosswalk) with the 3G sunset's device classes.
import type { Stores } from '../stores.ts';
import { communeKind } from '../domain/admin-list.ts';
import { carryAcross } from '../domain/crosswalk.ts';
import { PRE_REFORM_SET } from '../domain/unit-sets.ts';
import { createRng, type Rng } from './prng.ts';
import {
  DEMO_OLD_PROVINCES,
  HP_2G_DISTRICTS,
  PRE_REFORM_MONTHS,
  SWITCH_OFF_MONTH,
  apportion,
  type Crossing,
  type OldCommune,
  type OldProvince,
} from './common.ts';

const SOURCE = 'demo';
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

/**
 * The pre-reform communes of the demo provinces, with a population: each today's commune's real population
 * shared among the old communes it was formed from (by how many of them it took in).
 */
export function oldCommunes(stores: Stores, { links, weights }: Crossing, rng: Rng): OldCommune[] {
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

type Figures = [number, number, number, number];
export type Rows = { code: string; month: string; v: Figures }[];

export function haiPhongIndicators(communes: OldCommune[], rng: Rng): Rows {
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

export function sonLaIndicators(communes: OldCommune[], rng: Rng): Rows {
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
export function plainIndicators(
  communes: OldCommune[],
  rng: Rng,
  p: { share2g: [number, number]; smart: [number, number] },
) {
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
export function todaysIndicators(crossing: Crossing, june: Rows, months: string[], rng: Rng): Rows {
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
export function deviceClasses(rows: Rows, months: string[], seed: number): DeviceRows {
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

export function writeIndicators(
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
