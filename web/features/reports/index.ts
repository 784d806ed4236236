// The sidebar's meeting tools — present, charts, before/after month, exports, communication reports —
// and the charts beside the map (the province's and the district's figures month by month).
import { api, unwrap } from '../../api/client.ts';
import { getLang, t } from '../../i18n/index.ts';
import { el } from '../../ui/dom.ts';
import { field } from '../../ui/dialog.ts';
import { reportError } from '../../ui/errors.ts';
import { renderCharts, type SeriesRow } from './charts.ts';
import { openCommReports } from './comm-reports.ts';
import { exportA4, exportPdf, exportPng } from '../exports/index.ts';
import { watch, type AppContext } from '../../app/context.ts';

export function mountMeetings(ctx: AppContext): void {
  const { view, meta } = ctx;
  const render = () => {
    const v = view.get();
    const root = ctx.shell.meetings;
    root.replaceChildren();
    const button = (label: Parameters<typeof t>[0], id: string, f: () => void) => {
      const b = el('button', { type: 'button', id }, t(label));
      b.addEventListener('click', f);
      return b;
    };
    const charts = el('input', { type: 'checkbox', id: 'charts-toggle' });
    charts.checked = v.charts;
    charts.addEventListener('change', () => view.set({ charts: charts.checked }));
    const table = el('input', { type: 'checkbox', id: 'table-toggle' });
    table.checked = v.table;
    table.addEventListener('change', () => view.set({ table: table.checked }));
    const asReported = el('input', { type: 'checkbox', id: 'as-reported-toggle' });
    asReported.checked = v.asReported;
    asReported.addEventListener('change', () => view.set({ asReported: asReported.checked }));
    const compare = el('select', { id: 'compare-month' });
    compare.append(el('option', { value: '' }, '—'));
    for (const m of meta.months) {
      const o = el('option', { value: m }, m);
      o.selected = m === v.compare;
      compare.append(o);
    }
    compare.addEventListener('change', () => view.set({ compare: compare.value || null }));
    const mode = el('select', { id: 'compare-mode' }) as HTMLSelectElement;
    for (const [value, label] of [
      ['side', t('compare_side')],
      ['swipe', t('compare_swipe')],
    ] as const) {
      const o = el('option', { value }, label);
      o.selected = v.compareMode === value;
      mode.append(o);
    }
    mode.addEventListener('change', () => view.set({ compareMode: mode.value === 'swipe' ? 'swipe' : 'side' }));
    root.append(
      el('h2', {}, t('present')),
      el(
        'div',
        { class: 'checks' },
        el('label', { for: 'table-toggle' }, table, el('span', {}, t('commune_table'))),
        el('label', { for: 'charts-toggle' }, charts, el('span', {}, t('charts'))),
        el('label', { for: 'as-reported-toggle' }, asReported, el('span', {}, t('as_reported'))),
      ),
      field(t('compare'), compare),
      ...(v.compare ? [field(t('compare_mode'), mode)] : []),
      el(
        'div',
        { class: 'buttons' },
        button('present', 'present-start', () => view.set({ present: true })),
        button('export_png', 'export-png', () => void exportPng(ctx)),
        button('export_a4', 'export-a4', () => void exportA4(ctx)),
        button('export_pdf', 'export-pdf', () => void exportPdf(ctx)),
      ),
    );
    if (v.province && v.month) {
      const province = v.province;
      const month = v.month;
      root.append(
        el(
          'div',
          { class: 'buttons' },
          button(
            'comm_reports',
            'comm-reports',
            () =>
              void openCommReports({
                province,
                month,
                sunset: v.sunset,
                districts: meta.districts.filter((d) => d.province_code === province),
              }).catch((e: Error) => reportError(e.message)),
          ),
        ),
      );
    }
  };
  watch(
    ctx,
    ['province', 'month', 'charts', 'table', 'asReported', 'compare', 'compareMode', 'lang', 'sunset'],
    [],
    render,
  );
  render();
}

export function mountCharts(ctx: AppContext): () => Promise<void> {
  const { view, meta } = ctx;
  const load = async () => {
    const v = view.get();
    const box = ctx.shell.charts;
    box.hidden = !v.charts;
    if (!v.charts) return;
    const series = (query: { province?: string; district?: string }) =>
      api.series
        .$get({ query: { ...query, sunset: v.sunset } })
        .then((r) => unwrap(r, getLang()))
        .then((b) => (b as unknown as { months: SeriesRow[] }).months);
    const blocks: { title: string; rows: SeriesRow[] }[] = [];
    const p = v.province && meta.provinces.find((x) => x.code === v.province);
    blocks.push({ title: p ? p.name : t('all_area'), rows: await series(p ? { province: p.code } : {}) });
    const d = v.district && meta.districts.find((x) => x.code === v.district);
    if (d) blocks.push({ title: d.name, rows: await series({ district: d.code }) });
    renderCharts(box, blocks);
  };
  watch(
    ctx,
    ['charts', 'province', 'district', 'lang', 'sunset'],
    [],
    () => void load().catch((e: Error) => reportError(e.message)),
  );
  return load;
}
