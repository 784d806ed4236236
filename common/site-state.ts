// What a BTS site is at a given date, computed from its dated technology events. A 2G switch-off and a
// 4G upgrade at the same mast are one site with two events; the state of each technology is its latest
// event on or before the date.

export const TECHS = ['2G', '3G', '4G', '5G'] as const;
export type Tech = (typeof TECHS)[number];
export const EVENT_STATUSES = ['planned', 'active', 'upgraded', 'switched_off'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * Map category of a site, one per site so one glance tells them apart:
 * - `2g_off`: its 2G was switched off during the tracked period (from `dataStart`);
 * - `4g_new`: its 4G went live as a new station during the period;
 * - `4g_upgraded`: its 4G was added or upgraded at an existing mast during the period;
 * - `4g_active`, `2g_active`: on air since before the period (4G wins when both);
 * - `planned`: nothing on air yet, something planned;
 * - `off`: nothing on air (everything switched off before the period).
 */
export const SITE_CATEGORIES = ['2g_off', '4g_new', '4g_upgraded', '4g_active', '2g_active', 'planned', 'off'] as const;
export type SiteCategory = (typeof SITE_CATEGORIES)[number];

export interface SiteEvent {
  tech: Tech;
  status: EventStatus;
  date: string;
  band_mhz?: number | null;
}

export interface TechState {
  status: EventStatus;
  since: string;
  band_mhz: number | null;
}

export type SiteTechStates = Partial<Record<Tech, TechState>>;

/** Latest event per technology on or before `asOf`; events must be sorted by date (then id). */
export function techStatesAt(events: readonly SiteEvent[], asOf: string): SiteTechStates {
  const out: SiteTechStates = {};
  for (const e of events) {
    if (e.date > asOf) continue;
    const prev = out[e.tech];
    // A band is declared once, on the event that set it; later events without one keep it.
    out[e.tech] = { status: e.status, since: e.date, band_mhz: e.band_mhz ?? prev?.band_mhz ?? null };
  }
  return out;
}

export function isOnAir(s: TechState | undefined): boolean {
  return s !== undefined && (s.status === 'active' || s.status === 'upgraded');
}

export function siteCategory(states: SiteTechStates, dataStart: string): SiteCategory {
  const g2 = states['2G'];
  const g4 = states['4G'];
  if (g2?.status === 'switched_off' && g2.since >= dataStart) return '2g_off';
  if (isOnAir(g4) && g4!.since >= dataStart) return g4!.status === 'upgraded' ? '4g_upgraded' : '4g_new';
  if (isOnAir(g4) || isOnAir(states['5G'])) return '4g_active';
  if (isOnAir(g2) || isOnAir(states['3G'])) return '2g_active';
  if (Object.values(states).some((s) => s?.status === 'planned')) return 'planned';
  return 'off';
}
