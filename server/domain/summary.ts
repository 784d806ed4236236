// The key figures a meeting slide needs for a province or district and a month: that month's indicator
// totals, and station events counted from the start of the tracked period to the end of the month.
import type { Stores } from '../stores.ts';
import { deriveIndicators } from './indicators.ts';
import { monthEnd } from '../../common/month.ts';

export interface SummaryQuery {
  province?: string | null;
  district?: string | null;
  operator?: string | null;
  month?: string | null;
}

/**
 * The key figures in an earlier unit set, as reported in it (months of that set only: figures reported in
 * today's units cannot be split back into the old ones). Stations count where they stand today, in the
 * communes formed from the old province or district.
 */
export function summaryInSet(stores: Stores, set: string, q: SummaryQuery) {
  const meta = stores.meta();
  const months = stores.reported
    .months()
    .filter((m) => m.unit_set === set)
    .map((m) => m.month);
  const month = q.month ?? months.at(-1) ?? null;
  const communes = stores.unitSets.communes(set);
  const inPlace = new Set(
    communes
      .filter((c) => (!q.province || c.province_code === q.province) && (!q.district || c.district_code === q.district))
      .map((c) => c.code),
  );
  const t = { communes_reporting: 0, subscribers: 0, subscribers_2g: 0, households: 0, households_smartphone: 0 };
  if (month) {
    for (const [code, r] of stores.reported.reported(set, month, null)) {
      if (!inPlace.has(code)) continue;
      t.communes_reporting++;
      t.subscribers += r.subscribers;
      t.subscribers_2g += r.subscribers_2g;
      t.households += r.households;
      t.households_smartphone += r.households_smartphone;
    }
  }
  const from = meta.data_start;
  const to = month ? monthEnd(month) : from;
  const f = { oldProvince: q.province, district: q.district, operator: q.operator };
  return {
    province: q.province ?? null,
    district: q.district ?? null,
    operator: q.operator ?? null,
    month,
    period: { from, to },
    ...t,
    ...deriveIndicators(t),
    unallocated: 0,
    estimated: false,
    sites_2g_switched_off: stores.sites.countEvents(f, '2G', 'switched_off', from, to),
    sites_4g_new: stores.sites.countEvents(f, '4G', 'active', from, to),
    sites_4g_upgraded: stores.sites.countEvents(f, '4G', 'upgraded', from, to),
  };
}

export function summary(stores: Stores, q: SummaryQuery) {
  const meta = stores.meta();
  const month = q.month ?? stores.indicators.latestMonth(q.province ?? null);
  const communes = q.district ? stores.units.communesOfDistrict(q.district) : null;
  const totals = month
    ? stores.indicators.totals(month, q.province ?? null, communes)
    : {
        communes_reporting: 0,
        subscribers: 0,
        subscribers_2g: 0,
        households: 0,
        households_smartphone: 0,
        unallocated: 0,
        estimated: false,
      };
  const from = meta.data_start;
  const to = month ? monthEnd(month) : from;
  const f = { province: q.province, district: q.district, operator: q.operator };
  return {
    province: q.province ?? null,
    district: q.district ?? null,
    operator: q.operator ?? null,
    month,
    period: { from, to },
    communes_reporting: totals.communes_reporting,
    subscribers: totals.subscribers,
    subscribers_2g: totals.subscribers_2g,
    households: totals.households,
    households_smartphone: totals.households_smartphone,
    ...deriveIndicators(totals),
    /** Old units whose figures no crosswalk follows, counted in the province's totals. */
    unallocated: totals.unallocated,
    /** A former district's figures include shares of divided communes: an estimate. */
    estimated: totals.estimated,
    sites_2g_switched_off: stores.sites.countEvents(f, '2G', 'switched_off', from, to),
    sites_4g_new: stores.sites.countEvents(f, '4G', 'active', from, to),
    sites_4g_upgraded: stores.sites.countEvents(f, '4G', 'upgraded', from, to),
  };
}
