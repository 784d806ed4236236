// The key figures a meeting slide needs for a province or district and a month: that month's indicator
// totals, and station events counted from the start of the tracked period to the end of the month.
import type { Stores } from '../stores.ts';
import type { SiteFilter } from '../db/sites.ts';
import { deriveIndicators, sunsetIndicators } from './indicators.ts';
import type { SunsetProgramme, SunsetTech } from '../../common/sunsets.ts';
import { addOptional, NO_TOTALS, type IndicatorTotals } from './unit-indicators.ts';
import { monthEnd } from '../../common/month.ts';

export interface SummaryQuery {
  province?: string | null;
  district?: string | null;
  operator?: string | null;
  month?: string | null;
  /** The programme whose figures the summary carries besides the explicit 2G and 3G ones. */
  programme: SunsetProgramme;
}

/** One answer's shape, whichever unit set the totals come from. */
function present(stores: Stores, q: SummaryQuery, month: string | null, t: IndicatorTotals, sites: SiteFilter) {
  const from = stores.meta().data_start;
  const to = month ? monthEnd(month) : from;
  const events = stores.sites.eventCounts(sites, from, to);
  // Every technology a programme can switch off has its count: another one is a type error here.
  const switchedOff: Record<SunsetTech, number> = { '2G': events.switched_off_2g, '3G': events.switched_off_3g };
  return {
    province: q.province ?? null,
    district: q.district ?? null,
    operator: q.operator ?? null,
    month,
    period: { from, to },
    communes_reporting: t.communes_reporting,
    subscribers: t.subscribers,
    subscribers_2g: t.subscribers_2g,
    subscribers_3g: t.subscribers_3g,
    subscribers_no_volte: t.subscribers_no_volte,
    households: t.households,
    households_smartphone: t.households_smartphone,
    ...deriveIndicators(t),
    ...sunsetIndicators(t, q.programme),
    /** Old units whose figures no crosswalk follows, counted in the province's totals. */
    unallocated: t.unallocated,
    /** A former district's figures include shares of divided communes: an estimate. */
    estimated: t.estimated,
    sites_2g_switched_off: switchedOff['2G'],
    sites_3g_switched_off: switchedOff['3G'],
    sites_sunset_switched_off: switchedOff[q.programme.technology],
    sites_4g_new: events.active_4g,
    sites_4g_upgraded: events.upgraded_4g,
  };
}

/**
 * The key figures in an earlier unit set, as reported in it (months of that set only: figures reported in
 * today's units cannot be split back into the old ones). Stations count where they stand today, in the
 * communes formed from the old province or district.
 */
export function summaryInSet(stores: Stores, set: string, q: SummaryQuery) {
  const month = q.month ?? stores.reported.monthsIn(set).at(-1) ?? null;
  const inPlace = new Set(
    stores.unitSets
      .communes(set)
      .filter((c) => (!q.province || c.province_code === q.province) && (!q.district || c.district_code === q.district))
      .map((c) => c.code),
  );
  const t = { ...NO_TOTALS };
  if (month) {
    for (const [code, r] of stores.reported.reported(set, month, null)) {
      if (!inPlace.has(code)) continue;
      t.communes_reporting++;
      t.subscribers += r.subscribers;
      t.subscribers_2g += r.subscribers_2g;
      addOptional(t, r);
      t.households += r.households;
      t.households_smartphone += r.households_smartphone;
    }
  }
  return present(stores, q, month, t, { oldProvince: q.province, district: q.district, operator: q.operator });
}

export function summary(stores: Stores, q: SummaryQuery) {
  const month = q.month ?? stores.indicators.latestMonth(q.province ?? null);
  const communes = q.district ? stores.units.communesOfDistrict(q.district) : null;
  const totals = month ? stores.indicators.totals(month, q.province ?? null, communes) : NO_TOTALS;
  return present(stores, q, month, totals, { province: q.province, district: q.district, operator: q.operator });
}
