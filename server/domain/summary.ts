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

export function summary(stores: Stores, q: SummaryQuery) {
  const meta = stores.meta();
  const month = q.month ?? stores.indicators.latestMonth(q.province ?? null);
  const totals = month
    ? stores.indicators.totals(month, q.province ?? null, q.district ?? null)
    : { communes_reporting: 0, subscribers: 0, subscribers_2g: 0, households: 0, households_smartphone: 0 };
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
    sites_2g_switched_off: stores.sites.countEvents(f, '2G', 'switched_off', from, to),
    sites_4g_new: stores.sites.countEvents(f, '4G', 'active', from, to),
    sites_4g_upgraded: stores.sites.countEvents(f, '4G', 'upgraded', from, to),
  };
}
