// The commune table's rows: what the map shows (a province's communes, or the provinces of the whole
// country), each with the indicators the map can be coloured by, sorted and filtered as the user asks.
import type { CommuneCollection } from '../../app/context.ts';
import { compareVi, foldDiacritics } from '../../../common/fold.ts';

export const TABLE_COLUMNS = [
  'subscribers',
  'subscribers_sunset',
  'share_sunset',
  'households_without_smartphone',
  'share_smartphone',
  'coverage_4g',
] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];
export const PERCENT_COLUMNS: readonly TableColumn[] = ['share_sunset', 'share_smartphone', 'coverage_4g'];

export interface TableRow {
  code: string;
  name: string;
  /** The former district (communes before 1 July 2025 had one), or the province's kind. */
  detail: string | null;
  level: 'commune' | 'province';
  estimated: boolean;
  values: Record<TableColumn, number | null>;
}

export interface TableSort {
  key: TableColumn | 'name';
  desc: boolean;
}

export interface TableFilter {
  /** Part of the name, diacritics and case ignored. */
  text: string;
  column: TableColumn;
  /** Bounds in the column's own unit (fractions for shares); null: open. */
  min: number | null;
  max: number | null;
}

export function tableRows(communes: CommuneCollection | null): TableRow[] {
  return (communes?.features ?? []).map(({ properties: p }) => ({
    code: p.code,
    name: p.name,
    detail: p.district_name ?? null,
    level: p.level === 'province' ? 'province' : 'commune',
    estimated: p.estimated === true,
    values: Object.fromEntries(
      TABLE_COLUMNS.map((k) => [k, typeof p[k] === 'number' ? (p[k] as number) : null]),
    ) as Record<TableColumn, number | null>,
  }));
}

/** Rows passing the filter, in the sort's order; missing values last whichever the direction. */
export function sortAndFilter(rows: TableRow[], sort: TableSort, filter: TableFilter): TableRow[] {
  const text = foldDiacritics(filter.text);
  const kept = rows.filter((r) => {
    if (text && !foldDiacritics(r.name).includes(text)) return false;
    const v = r.values[filter.column];
    if (filter.min !== null && (v === null || v < filter.min)) return false;
    if (filter.max !== null && (v === null || v > filter.max)) return false;
    return true;
  });
  const dir = sort.desc ? -1 : 1;
  return kept.sort((a, b) => {
    if (sort.key === 'name') return dir * compareVi(a.name, b.name);
    const x = a.values[sort.key];
    const y = b.values[sort.key];
    if (x === null && y === null) return compareVi(a.name, b.name);
    if (x === null) return 1;
    if (y === null) return -1;
    return dir * (x - y) || compareVi(a.name, b.name);
  });
}
