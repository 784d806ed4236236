// Prepared statements for monthly commune indicators as reported: each row stays in the unit set it was
// reported in (`unit_set`); replaced rows go to history by trigger. Reading them in other units is the
// domain's job (server/domain/unit-indicators.ts).
import type { DB } from './database.ts';

export interface IndicatorRow {
  commune_code: string;
  month: string;
  subscribers: number;
  subscribers_2g: number;
  /** 3G-capable phones without 4G (null: not reported). */
  subscribers_3g: number | null;
  /** 4G phones without VoLTE (null: not reported). */
  subscribers_no_volte: number | null;
  households: number;
  households_smartphone: number;
  notes: string | null;
}

export interface ReportedRow extends IndicatorRow {
  unit_set: string;
}

export function createIndicatorsStore(db: DB) {
  const q = {
    forMonth: db.prepare<[{ month: string }], ReportedRow>(
      `SELECT unit_set, commune_code, month, subscribers, subscribers_2g, subscribers_3g, subscribers_no_volte,
         households, households_smartphone, notes
       FROM commune_indicators WHERE month = @month`,
    ),
    /** One unit set's rows of a month in one of its provinces (the communes' province in that set). */
    reported: db.prepare<[{ set: string; month: string; province: string | null }], ReportedRow>(
      `SELECT i.unit_set, i.commune_code, i.month, i.subscribers, i.subscribers_2g, i.subscribers_3g,
         i.subscribers_no_volte, i.households, i.households_smartphone, i.notes
       FROM commune_indicators i
       LEFT JOIN set_communes c ON c.set_id = i.unit_set AND c.code = i.commune_code
       WHERE i.unit_set = @set AND i.month = @month AND (@province IS NULL OR c.province_code = @province)`,
    ),
    months: db.prepare<[], { month: string; unit_set: string }>(
      'SELECT DISTINCT month, unit_set FROM commune_indicators ORDER BY month, unit_set',
    ),
    monthsIn: db.prepare<[string], { month: string }>(
      'SELECT DISTINCT month FROM commune_indicators WHERE unit_set = ? ORDER BY month',
    ),
    monthProvinces: db.prepare<[], { month: string; unit_set: string; province_code: string | null }>(
      `SELECT DISTINCT i.month, i.unit_set, c.province_code FROM commune_indicators i
       LEFT JOIN set_communes c ON c.set_id = i.unit_set AND c.code = i.commune_code ORDER BY i.month`,
    ),
    upsert: db.prepare(
      `INSERT INTO commune_indicators (unit_set, commune_code, month, subscribers, subscribers_2g, subscribers_3g,
         subscribers_no_volte, households, households_smartphone, notes, source, recorded_at)
       VALUES (@unit_set, @commune_code, @month, @subscribers, @subscribers_2g, @subscribers_3g, @subscribers_no_volte,
         @households, @households_smartphone, @notes, @source, @recorded_at)
       ON CONFLICT(unit_set, commune_code, month) DO UPDATE SET subscribers = excluded.subscribers,
         subscribers_2g = excluded.subscribers_2g, subscribers_3g = excluded.subscribers_3g,
         subscribers_no_volte = excluded.subscribers_no_volte, households = excluded.households,
         households_smartphone = excluded.households_smartphone, notes = excluded.notes,
         source = excluded.source, recorded_at = excluded.recorded_at`,
    ),
    /** Changes to this connection plus commits by others: a cache of derived figures is stale when it moves. */
    generation: db.prepare<[], { n: number }>('SELECT n FROM indicator_changes WHERE id = 1'),
  };
  return {
    /** Every row of a month, in whichever unit sets it was reported. */
    forMonth: (month: string) => q.forMonth.all({ month }),
    /** One unit set's rows of a month (optionally of one province of that set), keyed by commune code. */
    reported: (set: string, month: string, province: string | null) =>
      new Map(q.reported.all({ set, month, province }).map((r) => [r.commune_code, r] as const)),
    /** The months with data, and the unit sets each was reported in. */
    months: () => q.months.all(),
    /** The months reported in one unit set. */
    monthsIn: (set: string) => q.monthsIn.all(set).map((r) => r.month),
    /** Which provinces (of the set each row was reported in) have figures in which months. */
    monthProvinces: () => q.monthProvinces.all(),
    /** Writes a commune's month; the 3G-sunset figures are null (not reported) unless given. */
    upsert: (
      row: Omit<ReportedRow, 'subscribers_3g' | 'subscribers_no_volte'> &
        Partial<Pick<ReportedRow, 'subscribers_3g' | 'subscribers_no_volte'>> & { source: string; recorded_at: string },
    ) => q.upsert.run({ subscribers_3g: null, subscribers_no_volte: null, ...row }),
    /** Changes when the indicators do: another connection commits, or a row of them is written here. */
    generation: () => `${db.pragma('data_version', { simple: true })}:${q.generation.get()!.n}`,
  };
}
