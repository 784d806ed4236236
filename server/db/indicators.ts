// Prepared statements for monthly commune indicators (current values; replaced rows go to history by trigger).
import type { DB } from './database.ts';

export interface IndicatorRow {
  commune_code: string;
  month: string;
  subscribers: number;
  subscribers_2g: number;
  households: number;
  households_smartphone: number;
  notes: string | null;
}

export interface IndicatorTotals {
  communes_reporting: number;
  subscribers: number;
  subscribers_2g: number;
  households: number;
  households_smartphone: number;
}

export function createIndicatorsStore(db: DB) {
  const q = {
    forMonth: db.prepare(
      `SELECT i.commune_code, i.month, i.subscribers, i.subscribers_2g, i.households, i.households_smartphone, i.notes
       FROM commune_indicators i JOIN communes c ON c.code = i.commune_code
       WHERE i.month = @month AND (@province IS NULL OR c.province_code = @province)`,
    ),
    series: db.prepare(
      `SELECT commune_code, month, subscribers, subscribers_2g, households, households_smartphone, notes
       FROM commune_indicators WHERE commune_code = ? ORDER BY month`,
    ),
    months: db.prepare(
      `SELECT DISTINCT i.month FROM commune_indicators i JOIN communes c ON c.code = i.commune_code
       WHERE (@province IS NULL OR c.province_code = @province) ORDER BY i.month`,
    ),
    latestMonth: db.prepare(
      `SELECT max(i.month) AS month FROM commune_indicators i JOIN communes c ON c.code = i.commune_code
       WHERE (@province IS NULL OR c.province_code = @province)`,
    ),
    totals: db.prepare(
      `SELECT count(*) AS communes_reporting,
         coalesce(sum(i.subscribers), 0) AS subscribers, coalesce(sum(i.subscribers_2g), 0) AS subscribers_2g,
         coalesce(sum(i.households), 0) AS households, coalesce(sum(i.households_smartphone), 0) AS households_smartphone
       FROM commune_indicators i JOIN communes c ON c.code = i.commune_code
       WHERE i.month = @month AND (@province IS NULL OR c.province_code = @province)
         AND (@district IS NULL OR c.district_code = @district)`,
    ),
    upsert: db.prepare(
      `INSERT INTO commune_indicators (commune_code, month, subscribers, subscribers_2g, households,
         households_smartphone, notes, source, recorded_at)
       VALUES (@commune_code, @month, @subscribers, @subscribers_2g, @households, @households_smartphone,
         @notes, @source, @recorded_at)
       ON CONFLICT(commune_code, month) DO UPDATE SET subscribers = excluded.subscribers,
         subscribers_2g = excluded.subscribers_2g, households = excluded.households,
         households_smartphone = excluded.households_smartphone, notes = excluded.notes,
         source = excluded.source, recorded_at = excluded.recorded_at`,
    ),
  };
  return {
    /** One month's indicators keyed by commune code; empty when there is no month yet. */
    byCommune: (month: string | null, province: string | null) =>
      new Map(
        month ? (q.forMonth.all({ month, province }) as IndicatorRow[]).map((r) => [r.commune_code, r] as const) : [],
      ),
    series: (commune: string) => q.series.all(commune) as IndicatorRow[],
    months: (province: string | null) => (q.months.all({ province }) as { month: string }[]).map((r) => r.month),
    latestMonth: (province: string | null) => (q.latestMonth.get({ province }) as { month: string | null }).month,
    totals: (month: string, province: string | null, district: string | null) =>
      q.totals.get({ month, province, district }) as IndicatorTotals,
    upsert: (row: IndicatorRow & { source: string; recorded_at: string }) => q.upsert.run(row),
  };
}
