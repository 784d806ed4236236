// Sunset programmes: a mobile technology switched off nationally, with its milestones (nationally and per
// operator where they differ) and the subscribers it leaves without service. The 2G programme and the 3G
// one are data (data/sunsets.json, editable by an admin), not code: the next sunset is configuration.

import type { Tech } from './site-state.ts';

/** Technologies a programme can switch off (those with device classes phusong counts). */
export const SUNSET_TECHS = ['2G', '3G'] as const;
export type SunsetTech = (typeof SUNSET_TECHS)[number];
/** The programme every figure follows unless another is asked for (the 2G contract is unchanged). */
export const DEFAULT_SUNSET: SunsetTech = '2G';

/**
 * Subscribers by what their phone can do, as the carriers report them:
 * - `2g`: 2G-only phones (subscribers_2g);
 * - `3g`: 3G-capable phones without 4G (subscribers_3g);
 * - `no_volte`: 4G phones without VoLTE, whose calls still go over 2G/3G (subscribers_no_volte).
 */
export const DEVICE_CLASSES = ['2g', '3g', 'no_volte'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];
export const DEVICE_CLASS_FIELD = {
  '2g': 'subscribers_2g',
  '3g': 'subscribers_3g',
  no_volte: 'subscribers_no_volte',
} as const satisfies Record<DeviceClass, string>;

export const MILESTONE_KINDS = ['handset_cutoff', 'network_off'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export interface Milestone {
  kind: MilestoneKind;
  /** YYYY-MM-DD; a deadline "by September" is its last day. */
  date: string;
  label_vi: string;
  label_en: string;
}

export interface SunsetProgramme {
  technology: SunsetTech;
  name_vi: string;
  name_en: string;
  /** Whose phones stop working (voice included) once the technology is off. */
  affects: DeviceClass[];
  milestones: Milestone[];
  /** Operators whose own dates differ from the national ones: operator id → its milestones. */
  operators: Record<string, { kind: MilestoneKind; date: string }[]>;
  source: string;
}

/** The date of a programme's milestone, the operator's own where it has one. */
export function milestoneDate(p: SunsetProgramme, kind: MilestoneKind, operator?: string | null): string | null {
  const own = operator ? p.operators[operator]?.find((m) => m.kind === kind) : undefined;
  return own?.date ?? p.milestones.find((m) => m.kind === kind)?.date ?? null;
}

/**
 * The technologies still on air after a programme's network is off: every one not switched off by it or
 * by a programme whose network goes off no later (2G is gone before 3G goes).
 */
export function remainingTechs(programmes: readonly SunsetProgramme[], technology: SunsetTech): Tech[] {
  const off = (p: SunsetProgramme) => milestoneDate(p, 'network_off') ?? '9999-12-31';
  const me = programmes.find((p) => p.technology === technology);
  const gone = new Set<Tech>([technology]);
  if (me) for (const p of programmes) if (off(p) <= off(me)) gone.add(p.technology);
  return (['2G', '3G', '4G', '5G'] as const).filter((t) => !gone.has(t));
}

export interface DeviceCounts {
  subscribers: number | null;
  subscribers_2g: number | null;
  subscribers_3g?: number | null;
  subscribers_no_volte?: number | null;
}

/** Subscribers a programme leaves without service: the sum of its device classes; null when one is unknown. */
export function affectedSubscribers(row: DeviceCounts, p: Pick<SunsetProgramme, 'affects'>): number | null {
  let sum = 0;
  for (const c of p.affects) {
    const v = row[DEVICE_CLASS_FIELD[c]];
    if (v === null || v === undefined) return null;
    sum += v;
  }
  return sum;
}
