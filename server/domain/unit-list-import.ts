// Checking a new unit list with its crosswalk (a CSV shaped like the shipped crosswalk-2025-07-01.csv:
// old_code, new_code, new_name, new_province_code, relation, …) against the unit set it replaces, before
// anything is written: every old code that leads nowhere, duplicate links, codes the replaced set does not
// have, relations that contradict their links, new units named two ways. Reorganisation goes on (Đồng Nai
// became a city on 30 April 2026); this is how a department checks the next list.
// A list without problems is written as a new unit set by server/domain/unit-set-apply.ts.
import type { Stores } from '../stores.ts';
import type { Table } from './import-table.ts';
import type { Relation } from './crosswalk.ts';
import { isRealDate } from '../../common/month.ts';

const RELATIONS: readonly Relation[] = ['whole', 'part', 'unchanged', 'renamed'];
const REQUIRED = ['old_code', 'new_code', 'new_name', 'new_province_code', 'relation'] as const;
/** Problems listed one by one up to this many per kind; the count says how many there are in all. */
const LISTED = 200;

export type ProblemKind =
  | 'missing_column'
  | 'bad_row'
  | 'unknown_old_code'
  | 'duplicate_link'
  | 'old_code_leads_nowhere'
  | 'relation_contradicts_links'
  | 'conflicting_new_unit';

export interface UnitListReport {
  file: string;
  in_force_from: string;
  replaces: string;
  rows: number;
  links: number;
  old_units: number;
  new_units: number;
  new_provinces: number;
  relations: Record<Relation, number>;
  problems: Record<
    ProblemKind,
    { count: number; listed: { row: number | null; code: string; en: string; vi: string }[] }
  >;
  ok: boolean;
}

/** One link of a checked list. */
export interface UnitListLink {
  old_code: string;
  new_code: string;
  relation: Relation;
  note: string | null;
}
/** A unit of the new set, as the list names it. */
export interface UnitListUnit {
  code: string;
  name: string;
  province_code: string;
  /** From the optional new_unit_type column, else from the name (Phường …, Đặc khu …, Xã …). */
  unit_type: string;
}
export interface UnitListPlan {
  report: UnitListReport;
  links: UnitListLink[];
  units: UnitListUnit[];
  /** The new set's provinces: named by the list's new_province_name, else as in the set it replaces. */
  provinces: { code: string; name: string }[];
}

const typeOf = (name: string) =>
  /^phường /i.test(name)
    ? 'Phường'
    : /^đặc khu /i.test(name)
      ? 'Đặc khu'
      : /^thị trấn /i.test(name)
        ? 'Thị trấn'
        : 'Xã';

/** Checks a new unit list against the set it replaces: every problem, by kind; writes nothing. */
export function checkUnitList(
  stores: Stores,
  table: Table,
  opts: { filename: string; inForceFrom: string },
): UnitListReport {
  return planUnitList(stores, table, opts).report;
}

/** The checked list, read into the units and links of the new set (written only when the report is ok). */
export function planUnitList(
  stores: Stores,
  table: Table,
  opts: { filename: string; inForceFrom: string },
): UnitListPlan {
  const links: UnitListLink[] = [];
  const provinceNames = new Map<string, string>();
  const sets = stores.unitSets.sets();
  const from = sets.at(-1)!;
  const report: UnitListReport = {
    file: opts.filename,
    in_force_from: opts.inForceFrom,
    replaces: from.id,
    rows: table.rows.length,
    links: 0,
    old_units: 0,
    new_units: 0,
    new_provinces: 0,
    relations: { whole: 0, part: 0, unchanged: 0, renamed: 0 },
    problems: {
      missing_column: { count: 0, listed: [] },
      bad_row: { count: 0, listed: [] },
      unknown_old_code: { count: 0, listed: [] },
      duplicate_link: { count: 0, listed: [] },
      old_code_leads_nowhere: { count: 0, listed: [] },
      relation_contradicts_links: { count: 0, listed: [] },
      conflicting_new_unit: { count: 0, listed: [] },
    },
    ok: false,
  };
  const problem = (kind: ProblemKind, row: number | null, code: string, en: string, vi: string) => {
    const p = report.problems[kind];
    p.count++;
    if (p.listed.length < LISTED) p.listed.push({ row, code, en, vi });
  };
  if (!isRealDate(opts.inForceFrom) || opts.inForceFrom <= from.in_force_from) {
    problem(
      'bad_row',
      null,
      opts.inForceFrom,
      `in_force_from: a new unit set comes into force after the set it replaces (${from.in_force_from})`,
      `in_force_from: bộ đơn vị mới phải có hiệu lực sau bộ hiện có (${from.in_force_from})`,
    );
  }
  const col = new Map(table.headers.map((h, i) => [h.trim().toLowerCase(), i]));
  for (const c of REQUIRED) {
    if (!col.has(c)) problem('missing_column', 1, c, `no column ${c}`, `không có cột ${c}`);
  }
  if (report.problems.missing_column.count > 0) return { report, links, units: [], provinces: [] };
  const get = (r: string[], c: string) => (r[col.get(c)!] ?? '').trim();

  const oldUnits = new Set(stores.unitSets.communes(from.id).map((c) => c.code));
  const seen = new Set<string>();
  const targets = new Map<string, { relations: Set<Relation>; news: Set<string>; row: number }>();
  const newUnits = new Map<string, { name: string; province: string; row: number; type: string }>();
  const has = (c: string) => col.has(c);
  table.rows.forEach((r, i) => {
    const row = i + 2;
    const oldCode = get(r, 'old_code');
    const newCode = get(r, 'new_code');
    const relation = get(r, 'relation') as Relation;
    const name = get(r, 'new_name');
    const province = get(r, 'new_province_code');
    const provinceName = has('new_province_name') ? get(r, 'new_province_name') : '';
    if (provinceName && !provinceNames.has(province)) provinceNames.set(province, provinceName);
    if (!/^\d{5}$/.test(oldCode) || !/^\d{5}$/.test(newCode) || !/^\d{2}$/.test(province) || !name) {
      problem(
        'bad_row',
        row,
        oldCode || newCode,
        'expected 5-digit codes, a 2-digit province and a name',
        'cần mã xã 5 chữ số, mã tỉnh 2 chữ số và tên',
      );
      return;
    }
    if (!RELATIONS.includes(relation)) {
      problem(
        'bad_row',
        row,
        oldCode,
        `relation: expected one of ${RELATIONS.join(', ')}`,
        `relation: cần một trong ${RELATIONS.join(', ')}`,
      );
      return;
    }
    if (!oldUnits.has(oldCode)) {
      problem(
        'unknown_old_code',
        row,
        oldCode,
        `old_code ${oldCode} is not a unit of the set it replaces (${from.id})`,
        `old_code ${oldCode} không thuộc bộ đơn vị được thay thế (${from.id})`,
      );
      return;
    }
    const key = `${oldCode}>${newCode}`;
    if (seen.has(key)) {
      problem(
        'duplicate_link',
        row,
        oldCode,
        `the link ${oldCode} → ${newCode} is there twice`,
        `liên kết ${oldCode} → ${newCode} bị lặp`,
      );
      return;
    }
    seen.add(key);
    links.push({ old_code: oldCode, new_code: newCode, relation, note: (has('note') && get(r, 'note')) || null });
    report.links++;
    report.relations[relation]++;
    const t = targets.get(oldCode) ?? { relations: new Set<Relation>(), news: new Set<string>(), row };
    t.relations.add(relation);
    t.news.add(newCode);
    targets.set(oldCode, t);
    const unit = newUnits.get(newCode);
    if (unit && (unit.name !== name || unit.province !== province)) {
      problem(
        'conflicting_new_unit',
        row,
        newCode,
        `new unit ${newCode} is "${unit.name}" in province ${unit.province} on row ${unit.row} but "${name}" in ${province} here`,
        `đơn vị mới ${newCode} là "${unit.name}" (tỉnh ${unit.province}) ở dòng ${unit.row} nhưng "${name}" (tỉnh ${province}) ở đây`,
      );
    } else if (!unit)
      newUnits.set(newCode, {
        name,
        province,
        row,
        type: (has('new_unit_type') && get(r, 'new_unit_type')) || typeOf(name),
      });
  });
  for (const [oldCode, t] of targets) {
    const divided = t.news.size > 1;
    const saysPart = t.relations.has('part');
    if (divided !== saysPart || t.relations.size > 1) {
      problem(
        'relation_contradicts_links',
        t.row,
        oldCode,
        divided
          ? `old_code ${oldCode} goes to ${t.news.size} new units: every link must be "part"`
          : `old_code ${oldCode} goes to one new unit: its link cannot be "part"`,
        divided
          ? `old_code ${oldCode} chia cho ${t.news.size} đơn vị mới: mọi liên kết phải là "part"`
          : `old_code ${oldCode} chỉ vào một đơn vị mới: liên kết không thể là "part"`,
      );
    }
  }
  for (const code of oldUnits) {
    if (!targets.has(code))
      problem(
        'old_code_leads_nowhere',
        null,
        code,
        `unit ${code} of the set it replaces has no link: its figures would lead nowhere`,
        `đơn vị ${code} của bộ được thay thế không có liên kết: số liệu của nó sẽ không đi đâu`,
      );
  }
  const known = new Map(stores.unitSets.provinces(from.id).map((p) => [p.code, p.name]));
  const provinces = [...new Set([...newUnits.values()].map((u) => u.province))].sort().map((code) => {
    const name = provinceNames.get(code) ?? known.get(code) ?? '';
    if (!name)
      problem(
        'bad_row',
        [...newUnits.values()].find((u) => u.province === code)?.row ?? null,
        code,
        `province ${code} is new: give its name in a new_province_name column`,
        `tỉnh ${code} là tỉnh mới: cần tên tỉnh ở cột new_province_name`,
      );
    return { code, name };
  });
  report.old_units = targets.size;
  report.new_units = newUnits.size;
  report.new_provinces = new Set([...newUnits.values()].map((u) => u.province)).size;
  report.ok = Object.values(report.problems).every((p) => p.count === 0);
  const units = [...newUnits].map(([code, u]) => ({
    code,
    name: u.name,
    province_code: u.province,
    unit_type: u.type,
  }));
  return { report, links, units, provinces };
}
