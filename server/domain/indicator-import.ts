// Importing a month of commune indicators from the carriers' spreadsheet: one row per commune (code or
// name), subscribers, 2G subscribers, households, households with a smartphone — and, where the file has
// them, the 3G sunset's device classes: subscribers on 3G phones without 4G and on 4G phones without
// VoLTE (a file without those columns leaves them unreported). Vietnamese or English headers,
// "2.500.000"-style numbers. Preview first; the commit replaces that month for those communes
// only, in one transaction — the replaced values stay in the indicator history and the audit log.
import type { Stores } from '../stores.ts';
import { DomainError } from './errors.ts';
import { importSet, otherSetHint, setMatcher, type OtherSetHint } from './official-units.ts';
import { headerKeys } from './names.ts';
import type { MatchHow } from './unit-matching.ts';
import { parseNumber } from '../../common/numbers.ts';
import type { RowError, Table } from './import-table.ts';
import type { AuthUser } from './auth.ts';

const FIELDS = [
  'code',
  'name',
  'district',
  'subscribers',
  'subscribers_2g',
  'subscribers_3g',
  'subscribers_no_volte',
  'households',
  'households_smartphone',
  'notes',
] as const;
type Field = (typeof FIELDS)[number];
/** Columns a file may leave out: then the month's figure is not reported (null), never zero. */
const OPTIONAL_FIELDS = ['subscribers_3g', 'subscribers_no_volte'] as const;

const SYNONYMS: Record<Field, string[]> = {
  code: ['code', 'ma', 'ma xa', 'ma dvhc', 'commune code', 'ma gso'],
  name: ['name', 'ten', 'xa', 'ten xa', 'xa phuong', 'ten xa phuong', 'commune', 'xa phuong thi tran', 'don vi'],
  district: ['district', 'huyen', 'ten huyen', 'quan huyen'],
  subscribers: [
    'subscribers',
    'thue bao',
    'so thue bao',
    'tong thue bao',
    'tong so thue bao',
    'thue bao di dong',
    'mobile subscribers',
  ],
  subscribers_2g: ['subscribers 2g', '2g subscribers', 'thue bao 2g', 'tb 2g', 'so thue bao 2g', 'subscribers_2g'],
  subscribers_3g: [
    'subscribers 3g',
    '3g subscribers',
    'thue bao 3g',
    'tb 3g',
    'so thue bao 3g',
    'thue bao may 3g',
    'thue bao chi 3g',
    '3g only subscribers',
    'subscribers_3g',
  ],
  subscribers_no_volte: [
    'subscribers no volte',
    'subscribers without volte',
    '4g subscribers without volte',
    '4g without volte',
    'non volte 4g subscribers',
    'non volte subscribers',
    'non volte',
    'no volte',
    'thue bao 4g chua volte',
    'thue bao 4g chua ho tro volte',
    'thue bao 4g khong volte',
    'thue bao 4g khong ho tro volte',
    'tb 4g chua volte',
    'tb 4g chua ho tro volte',
    'tb 4g khong volte',
    'chua ho tro volte',
    'subscribers_no_volte',
  ],
  households: ['households', 'so ho', 'ho', 'tong so ho', 'ho gia dinh'],
  households_smartphone: [
    'households smartphone',
    'households with smartphone',
    'households with a smartphone',
    'smartphone households',
    'ho co dien thoai thong minh',
    'ho co dttm',
    'so ho co dien thoai thong minh',
    'households_smartphone',
  ],
  notes: ['notes', 'note', 'ghi chu'],
};

export interface IndicatorReport {
  file: string;
  province: string;
  month: string;
  rows: number;
  matched: number;
  matches: { name: string; code: string; how: MatchHow; note?: string; note_vi?: string }[];
  unmatched: {
    name: string;
    row: number;
    candidates: { code: string; name: string }[];
    reason?: string;
    reason_vi?: string;
  }[];
  duplicates: { code: string; rows: number[] }[];
  /** Units whose rows came from several 2024-09 codes merged into it since: their figures added up. */
  summed: { code: string; rows: number[]; from: string[] }[];
  errors: RowError[];
  created: number;
  updated: number;
  unchanged: number;
  mapping: Record<string, Field | null>;
  /** The unit set the rows were matched against and are written in. */
  unit_set: string;
  /** The names match another unit set better: how to import the file there. */
  other_set: OtherSetHint | null;
  ok: boolean;
}

interface Value {
  code: string;
  subscribers: number;
  subscribers_2g: number;
  subscribers_3g: number | null;
  subscribers_no_volte: number | null;
  households: number;
  households_smartphone: number;
  notes: string | null;
}

export interface IndicatorPlan {
  report: IndicatorReport;
  values: Value[];
}

export function planIndicatorImport(
  stores: Stores,
  table: Table,
  opts: {
    filename: string;
    province: string;
    month: string;
    unitsAt?: string | null;
    onProgress?: (done: number, total: number) => void;
  },
): IndicatorPlan {
  const set = importSet(stores, opts.unitsAt);
  const match = setMatcher(stores, set, opts.province);
  const mapping: Record<string, Field | null> = {};
  const col = new Map<Field, number>();
  table.headers.forEach((h, i) => {
    const fields = (Object.keys(SYNONYMS) as Field[]).filter((x) => !col.has(x));
    const f =
      headerKeys(h)
        .map((k) => fields.find((x) => SYNONYMS[x].includes(k)))
        .find(Boolean) ?? null;
    mapping[h] = f;
    if (f) col.set(f, i);
  });
  const report: IndicatorReport = {
    file: opts.filename,
    province: opts.province,
    month: opts.month,
    rows: table.rows.length,
    matched: 0,
    matches: [],
    unmatched: [],
    duplicates: [],
    summed: [],
    errors: [],
    created: 0,
    updated: 0,
    unchanged: 0,
    mapping,
    unit_set: set.id,
    other_set: null,
    ok: false,
  };
  const header = (f: Field) => table.headers[col.get(f) ?? -1] ?? f;
  for (const f of ['subscribers', 'subscribers_2g', 'households', 'households_smartphone'] as const) {
    if (!col.has(f))
      report.errors.push({ row: 1, column: null, reason: `no column for ${f}`, reason_vi: `không có cột ${f}` });
  }
  if (!col.has('code') && !col.has('name'))
    report.errors.push({
      row: 1,
      column: null,
      reason: 'no column for the commune code or name',
      reason_vi: 'không có cột mã hoặc tên xã',
    });
  if (report.errors.length) return { report, values: [] };

  const get = (r: string[], f: Field) => (col.has(f) ? (r[col.get(f)!] ?? '').trim() : '');
  const seen = new Map<string, number[]>();
  /** Per row: how it reached its unit (a 2024-09 code through the bridge, or directly). */
  const sourceOf = new Map<number, string>();
  const values: Value[] = [];
  const identities: Record<string, unknown>[] = [];
  table.rows.forEach((r, i) => {
    const row = i + 2;
    if (i % 500 === 0) opts.onProgress?.(i, table.rows.length);
    const props: Record<string, unknown> = {
      code: get(r, 'code') || null,
      name: get(r, 'name') || null,
      huyen: get(r, 'district') || null,
    };
    const m = match(props, 'commune');
    identities.push(props);
    if (!m.unit) {
      report.unmatched.push({
        name: m.name,
        row,
        ...(m.note ? { reason: m.note.en, reason_vi: m.note.vi } : {}),
        candidates: m.candidates
          .slice(0, 5)
          .map((c) => ({ code: c.code, name: c.parent_name ? `${c.name} (${c.parent_name})` : c.name })),
      });
      return;
    }
    const nums = {} as Record<'subscribers' | 'subscribers_2g' | 'households' | 'households_smartphone', number>;
    for (const f of ['subscribers', 'subscribers_2g', 'households', 'households_smartphone'] as const) {
      const n = parseNumber(get(r, f), 'count');
      if (n === null || n < 0 || !Number.isInteger(n)) {
        report.errors.push({
          row,
          column: header(f),
          reason: `"${get(r, f)}" is not a whole number ≥ 0`,
          reason_vi: `"${get(r, f)}" không phải số nguyên ≥ 0`,
        });
        return;
      }
      nums[f] = n;
    }
    const optional = {} as Record<(typeof OPTIONAL_FIELDS)[number], number | null>;
    for (const f of OPTIONAL_FIELDS) {
      const text = get(r, f);
      const n = text === '' ? null : parseNumber(text, 'count');
      if (text !== '' && (n === null || n < 0 || !Number.isInteger(n))) {
        report.errors.push({
          row,
          column: header(f),
          reason: `"${text}" is not a whole number ≥ 0`,
          reason_vi: `"${text}" không phải số nguyên ≥ 0`,
        });
        return;
      }
      optional[f] = n;
    }
    if (nums.subscribers_2g > nums.subscribers) {
      report.errors.push({
        row,
        column: header('subscribers_2g'),
        reason: '2G subscribers exceed all subscribers',
        reason_vi: 'thuê bao 2G nhiều hơn tổng thuê bao',
      });
      return;
    }
    if (
      nums.subscribers_2g + (optional.subscribers_3g ?? 0) + (optional.subscribers_no_volte ?? 0) >
      nums.subscribers
    ) {
      report.errors.push({
        row,
        column: header(optional.subscribers_3g !== null ? 'subscribers_3g' : 'subscribers_no_volte'),
        reason: '2G, 3G and non-VoLTE subscribers together exceed all subscribers',
        reason_vi: 'thuê bao 2G, 3G và 4G chưa VoLTE cộng lại nhiều hơn tổng thuê bao',
      });
      return;
    }
    if (nums.households_smartphone > nums.households) {
      report.errors.push({
        row,
        column: header('households_smartphone'),
        reason: 'households with a smartphone exceed households',
        reason_vi: 'số hộ có ĐTTM nhiều hơn tổng số hộ',
      });
      return;
    }
    seen.set(m.unit.code, [...(seen.get(m.unit.code) ?? []), row]);
    sourceOf.set(row, m.how === 'bridge' ? `bridge:${String(props.code)}` : 'direct');
    report.matches.push({
      name: m.name,
      code: m.unit.code,
      how: m.how!,
      ...(m.note ? { note: m.note.en, note_vi: m.note.vi } : {}),
    });
    values.push({ code: m.unit.code, ...nums, ...optional, notes: get(r, 'notes') || null });
  });
  opts.onProgress?.(table.rows.length, table.rows.length);
  // Rows of 2024-09 codes merged into one unit since are that unit's parts: added up, not duplicates.
  // Two rows for the same code, or a direct row beside them, stay duplicates.
  const rowsOf = new Map<string, number[]>();
  values.forEach((_, i) => rowsOf.set(values[i]!.code, [...(rowsOf.get(values[i]!.code) ?? []), i]));
  for (const [code, rows] of seen) {
    if (rows.length < 2) continue;
    const sources = rows.map((r) => sourceOf.get(r)!);
    if (sources.every((x) => x.startsWith('bridge:')) && new Set(sources).size === sources.length) {
      report.summed.push({ code, rows, from: sources.map((x) => x.slice('bridge:'.length)) });
    } else report.duplicates.push({ code, rows });
  }
  const dup = new Set(report.duplicates.map((d) => d.code));
  const summed = new Set(report.summed.map((d) => d.code));
  const kept = values.filter((v) => !dup.has(v.code) && !summed.has(v.code));
  for (const code of summed) {
    const parts = rowsOf.get(code)!.map((i) => values[i]!);
    kept.push({
      code,
      subscribers: parts.reduce((t, p) => t + p.subscribers, 0),
      subscribers_2g: parts.reduce((t, p) => t + p.subscribers_2g, 0),
      ...(Object.fromEntries(
        OPTIONAL_FIELDS.map((f) => [f, parts.some((p) => p[f] === null) ? null : parts.reduce((t, p) => t + p[f]!, 0)]),
      ) as Record<(typeof OPTIONAL_FIELDS)[number], number | null>),
      households: parts.reduce((t, p) => t + p.households, 0),
      households_smartphone: parts.reduce((t, p) => t + p.households_smartphone, 0),
      notes:
        parts
          .map((p) => p.notes)
          .filter(Boolean)
          .join('; ') || null,
    });
  }
  report.matched = kept.length;
  if (report.unmatched.length > 0)
    report.other_set = otherSetHint(
      stores,
      set,
      opts.province,
      identities,
      table.rows.length - report.unmatched.length,
    );
  const current = stores.reported.reported(set.id, opts.month, opts.province);
  // A file without a 3G or VoLTE column says nothing of them: what the month has stays (an empty cell in
  // such a column is "not reported").
  for (const v of kept) for (const f of OPTIONAL_FIELDS) if (!col.has(f)) v[f] = current.get(v.code)?.[f] ?? null;
  for (const v of kept) {
    const c = current.get(v.code);
    if (!c) report.created++;
    else if (
      c.subscribers === v.subscribers &&
      c.subscribers_2g === v.subscribers_2g &&
      c.subscribers_3g === v.subscribers_3g &&
      c.subscribers_no_volte === v.subscribers_no_volte &&
      c.households === v.households &&
      c.households_smartphone === v.households_smartphone &&
      (c.notes ?? null) === v.notes
    )
      report.unchanged++;
    else report.updated++;
  }
  report.ok =
    report.other_set === null &&
    report.errors.length === 0 &&
    report.unmatched.length === 0 &&
    report.duplicates.length === 0 &&
    report.matched > 0;
  return { report, values: kept };
}

/** Writes the month for the file's communes (official units added from the GSO list if missing). */
export function commitIndicatorImport(
  stores: Stores,
  user: AuthUser | null,
  via: string,
  plan: IndicatorPlan,
): IndicatorReport {
  const r = plan.report;
  if (!r.ok) {
    throw new DomainError(
      'import_refused',
      r.other_set
        ? `file: ${r.other_set.en}; nothing was written`
        : `file: ${r.errors.length} bad rows, ${r.unmatched.length} unmatched and ${r.duplicates.length} duplicated communes: nothing was written`,
      r.other_set
        ? `file: ${r.other_set.vi}; chưa ghi gì`
        : `file: ${r.errors.length} dòng lỗi, ${r.unmatched.length} xã không khớp, ${r.duplicates.length} xã trùng: chưa ghi gì`,
      'file',
    );
  }
  const at = new Date().toISOString();
  const current = stores.reported.reported(r.unit_set, r.month, r.province);
  const known = new Set(stores.unitSets.communes(r.unit_set).map((c) => c.code));
  stores.db.transaction(() => {
    for (const v of plan.values) {
      if (!known.has(v.code)) {
        throw new DomainError(
          'unknown_commune',
          `commune ${v.code} is not a unit of the set in force from ${r.unit_set}`,
          `xã ${v.code} không thuộc bộ đơn vị hành chính ${r.unit_set}`,
          'file',
        );
      }
      const before = current.get(v.code) ?? null;
      const same =
        before &&
        before.subscribers === v.subscribers &&
        before.subscribers_2g === v.subscribers_2g &&
        before.subscribers_3g === v.subscribers_3g &&
        before.subscribers_no_volte === v.subscribers_no_volte &&
        before.households === v.households &&
        before.households_smartphone === v.households_smartphone &&
        (before.notes ?? null) === v.notes;
      if (same) continue;
      stores.reported.upsert({
        unit_set: r.unit_set,
        commune_code: v.code,
        month: r.month,
        ...v,
        source: via,
        recorded_at: at,
      });
      stores.audit.record(
        {
          user_id: user?.id ?? null,
          actor: user?.username ?? 'cli',
          via,
          entity: 'indicators',
          entity_id: `${v.code}:${r.month}`,
          action: before ? 'update' : 'create',
          before,
          after: { commune_code: v.code, month: r.month, ...v },
        },
        at,
      );
    }
  })();
  return r;
}
