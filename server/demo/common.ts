// What the demo's parts share: its seed and dates, the operators, the provinces with data, the
// pre-reform communes' shape, the crosswalk into today's units, and the random helpers every part draws
// from (one seeded stream, in a fixed order: see seedDemo).
import * as turf from '../analysis/turf.ts';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { CrosswalkLink, UnitWeight } from '../domain/crosswalk.ts';
import { CURRENT_SET, PRE_REFORM_SET } from '../domain/unit-sets.ts';
import type { Stores } from '../stores.ts';
import { addMonths, monthRange } from '../../common/month.ts';
import type { Rng } from './prng.ts';

export const DEMO_SEED = 20240916; // Hải Phòng's deadline for converting every 2G subscriber
/** Months reported in the pre-reform units. */
export const PRE_REFORM_MONTHS = monthRange('2024-01', '2025-06');
/** The latest full month on `date`: the demo reaches it, so this year's 2G switch-off is on the timeline. */
export function latestFullMonth(date = new Date()): string {
  return addMonths(date.toISOString().slice(0, 7), -1);
}
export const DEMO_DATA_START = '2024-01-01';
export const GENERATED_AT = `${addMonths(latestFullMonth(), 1)}-01T00:00:00Z`;

export const OPERATORS = [
  { id: 'viettel', name: 'Viettel', color: '#d7191c', prefix: 'VT' },
  { id: 'vnpt', name: 'VNPT (VinaPhone)', color: '#2b83ba', prefix: 'VNP' },
  { id: 'mobifone', name: 'MobiFone', color: '#1a9641', prefix: 'MBF' },
  { id: 'vietnamobile', name: 'Vietnamobile', color: '#fdae61', prefix: 'VNM' },
] as const;
export type OperatorId = (typeof OPERATORS)[number]['id'];

/** Pre-reform provinces with demo data, and today's province each lies in. */
export const DEMO_OLD_PROVINCES = { '31': '31', '30': '31', '14': '14', '12': '12', '94': '92' } as const;
export type OldProvince = keyof typeof DEMO_OLD_PROVINCES;

/** Districts where Hải Phòng's 2G subscribers were concentrated (Sở TT&TT Hải Phòng, 2024). */
export const HP_2G_DISTRICTS = ['311', '312', '313', '314', '315', '316'];
/** The month the 2G network is off: no subscriber is left on 2G after it. */
export const SWITCH_OFF_MONTH = '2026-10';

export interface OldCommune {
  code: string;
  name: string;
  district: string;
  province: OldProvince;
  kind: 'ward' | 'township' | 'commune';
  population: number;
  concentrated2g: boolean;
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

export function weightedPick<T>(items: readonly T[], weights: readonly number[], rng: Rng): T {
  const sum = weights.reduce((a, b) => a + b, 0);
  let r = rng() * sum;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

export function randomPointIn(area: Feature<Polygon | MultiPolygon>, rng: Rng): [number, number] {
  const [minX, minY, maxX, maxY] = turf.bbox(area);
  for (let i = 0; i < 10_000; i++) {
    const p: [number, number] = [rng.range(minX, maxX), rng.range(minY, maxY)];
    if (turf.booleanPointInPolygon(p, area)) return p;
  }
  throw new Error('randomPointIn: area too thin to sample');
}

export function randomDate(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(rng() * ((b - a) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
}

/** A date in the tracked period of 2024, later months more likely (the shutdown accelerated towards September). */
export function periodDate(rng: Rng): string {
  const month = Math.min(8, Math.floor(Math.sqrt(rng()) * 9));
  const m = PRE_REFORM_MONTHS[month]!;
  return randomDate(rng, `${m}-01`, `${m}-28`);
}

/** The crosswalk into today's units with the weights that share divided communes, read once per seed. */
export interface Crossing {
  links: CrosswalkLink[];
  weights: Map<string, UnitWeight>;
}
export function crossing(stores: Stores): Crossing {
  return {
    links: stores.unitSets
      .crosswalk(PRE_REFORM_SET, CURRENT_SET)
      .map((l) => ({ oldCode: l.old_code, newCode: l.new_code, relation: l.relation })),
    weights: new Map(
      stores.unitSets.communes(CURRENT_SET).map((c) => [c.code, { population: c.population, areaKm2: c.area_km2 }]),
    ),
  };
}
