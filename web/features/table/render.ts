// The commune table's DOM: a name search and a range filter on any indicator, sortable headers
// (aria-sort), rows that fly the map to their commune and outline it while hovered, and exports of the
// rows as shown (CSV, and XLSX written by ExcelJS, loaded when first asked for).
import { el, clear } from '../../ui/dom.ts';
import { t, formatNumber, formatPercent, formatMonth } from '../../i18n/index.ts';
import { download } from '../exports/render.ts';
import {
  PERCENT_COLUMNS,
  TABLE_COLUMNS,
  type TableColumn,
  type TableFilter,
  type TableRow,
  type TableSort,
} from './rows.ts';

export interface TableHandlers {
  sort(s: TableSort): void;
  filter(f: TableFilter): void;
  pick(row: TableRow): void;
  hover(row: TableRow | null): void;
}

/** Column headings: the sunset's own words for its columns, short ones for the others. */
const label = (k: TableColumn) => (k === 'subscribers_sunset' || k === 'share_sunset' ? t(`ind_${k}`) : t(`tbl_${k}`));
const cell = (k: TableColumn, v: number | null) => (PERCENT_COLUMNS.includes(k) ? formatPercent(v) : formatNumber(v));

/** A bound typed in the column's unit as shown: percent for shares ("13,5" or "13.5"), a count otherwise. */
function parseBound(raw: string, column: TableColumn): number | null {
  const s = raw.trim().replace(/\s/g, '');
  if (!s) return null;
  const n = Number(PERCENT_COLUMNS.includes(column) ? s.replace(',', '.') : s.replace(/[.,](?=\d{3}\b)/g, ''));
  if (!Number.isFinite(n)) return null;
  return PERCENT_COLUMNS.includes(column) ? n / 100 : n;
}

function filterBar(filter: TableFilter, on: TableHandlers): HTMLElement {
  const text = el('input', {
    type: 'search',
    id: 'table-search',
    value: filter.text,
    placeholder: t('table_search'),
  }) as HTMLInputElement;
  const column = el('select', { id: 'table-filter-column' }) as HTMLSelectElement;
  for (const k of TABLE_COLUMNS) {
    const o = el('option', { value: k }, label(k));
    o.selected = k === filter.column;
    column.append(o);
  }
  const shown = (v: number | null) =>
    v === null ? '' : PERCENT_COLUMNS.includes(filter.column) ? String(Math.round(v * 1000) / 10) : String(v);
  const min = el('input', {
    type: 'text',
    inputmode: 'decimal',
    id: 'table-min',
    value: shown(filter.min),
    placeholder: t('table_min'),
  }) as HTMLInputElement;
  const max = el('input', {
    type: 'text',
    inputmode: 'decimal',
    id: 'table-max',
    value: shown(filter.max),
    placeholder: t('table_max'),
  }) as HTMLInputElement;
  const apply = () => {
    const c = column.value as TableColumn;
    on.filter({ text: text.value, column: c, min: parseBound(min.value, c), max: parseBound(max.value, c) });
  };
  // Applied as typed, so a redraw (new figures arriving) never loses what is in the boxes.
  for (const x of [text, min, max]) x.addEventListener('input', apply);
  column.addEventListener('change', apply);
  return el(
    'div',
    { class: 'table-filter' },
    text,
    el('label', {}, t('table_where'), column),
    el('span', { class: 'range' }, min, '–', max, PERCENT_COLUMNS.includes(filter.column) ? ' %' : ''),
  );
}

export function renderTable(
  root: HTMLElement,
  state: {
    rows: TableRow[];
    total: number;
    sort: TableSort;
    filter: TableFilter;
    selected: string | null;
    month: string | null;
  },
  on: TableHandlers,
): void {
  const focused = document.activeElement?.id;
  const active = document.activeElement;
  const caret = active instanceof HTMLInputElement && root.contains(active) ? active.selectionStart : null;
  clear(root);
  const header = (key: TableSort['key'], text: string) => {
    const sorted = state.sort.key === key;
    const th = el(
      'th',
      { 'data-key': key, 'aria-sort': sorted ? (state.sort.desc ? 'descending' : 'ascending') : 'none', tabindex: 0 },
      text,
      sorted ? (state.sort.desc ? ' ▼' : ' ▲') : '',
    );
    const toggle = () => on.sort({ key, desc: sorted ? !state.sort.desc : key !== 'name' });
    th.addEventListener('click', toggle);
    th.addEventListener('keydown', (e) => e.key === 'Enter' && toggle());
    return th;
  };
  const body = el('tbody');
  for (const r of state.rows) {
    const tr = el(
      'tr',
      { 'data-code': r.code, tabindex: 0, class: r.code === state.selected ? 'selected' : '' },
      el('td', {}, el('b', {}, r.name), r.detail ? el('br') : null, r.detail ? el('small', {}, r.detail) : null),
      ...TABLE_COLUMNS.map((k) => el('td', { class: 'num' }, cell(k, r.values[k]))),
    );
    tr.addEventListener('click', () => on.pick(r));
    tr.addEventListener('keydown', (e) => e.key === 'Enter' && on.pick(r));
    tr.addEventListener('mouseenter', () => on.hover(r));
    tr.addEventListener('mouseleave', () => on.hover(null));
    body.append(tr);
  }
  const exportButton = (format: 'csv' | 'xlsx', text: string) => {
    const b = el('button', { type: 'button', id: `table-export-${format}` }, text);
    b.addEventListener('click', () => void exportTable(state.rows, format, state.month));
    return b;
  };
  root.append(
    el('h2', {}, t('commune_table')),
    filterBar(state.filter, on),
    el(
      'p',
      { class: 'legend-sub', id: 'table-count' },
      t('table_count', {
        n: formatNumber(state.rows.length),
        total: formatNumber(state.total),
        m: formatMonth(state.month),
      }),
      ' ',
      exportButton('csv', 'CSV'),
      ' ',
      exportButton('xlsx', 'Excel'),
    ),
    el(
      'table',
      { class: 'ranking-table commune-table', id: 'commune-table-rows' },
      el('thead', {}, el('tr', {}, header('name', t('commune')), ...TABLE_COLUMNS.map((k) => header(k, label(k))))),
      body,
    ),
  );
  if (focused) {
    const again = document.getElementById(focused) as HTMLInputElement | null;
    again?.focus();
    if (again instanceof HTMLInputElement && caret !== null && again.type !== 'number')
      again.setSelectionRange(caret, caret);
  }
}

/** The rows as shown, as a file: shares as percentages, counts as numbers; the page's language. */
async function exportTable(rows: TableRow[], format: 'csv' | 'xlsx', month: string | null): Promise<void> {
  const head = [t('tbl_code'), t('commune'), ...TABLE_COLUMNS.map(label)];
  const stem = `phusong-${t('commune_table_file')}-${month ?? ''}`;
  if (format === 'csv') {
    const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const lines = [
      head.map(q).join(','),
      ...rows.map((r) =>
        [
          r.code,
          q(r.name),
          ...TABLE_COLUMNS.map((k) => {
            const v = r.values[k];
            if (v === null) return '';
            return PERCENT_COLUMNS.includes(k) ? (Math.round(v * 10000) / 100).toString() : String(v);
          }),
        ].join(','),
      ),
    ];
    download(new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' }), `${stem}.csv`);
    return;
  }
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t('commune_table'), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(head).font = { bold: true };
  for (const r of rows) ws.addRow([r.code, r.name, ...TABLE_COLUMNS.map((k) => r.values[k])]);
  TABLE_COLUMNS.forEach((k, i) => {
    const col = ws.getColumn(i + 3);
    col.numFmt = PERCENT_COLUMNS.includes(k) ? '0.0%' : '#,##0';
    col.width = 16;
  });
  ws.getColumn(2).width = 28;
  const bytes = await wb.xlsx.writeBuffer();
  download(
    new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    `${stem}.xlsx`,
  );
}
