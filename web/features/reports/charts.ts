// Charts beside the map: the province's (and the chosen district's) figures month by month.
import { el, clear } from '../../ui/dom.ts';
import { t, type LabelKey } from '../../i18n/index.ts';
import { barChart } from './chart.ts';

export interface SeriesRow {
  month: string;
  subscribers_sunset: number | null;
  households_without_smartphone: number;
  sites_sunset_switched_off: number;
  sites_4g_new: number;
  sites_4g_upgraded: number;
}

// The second and third follow the chosen sunset (a month before its device classes were reported: no bar).
const CHARTS: { key: LabelKey; value: (r: SeriesRow) => number | null; color: string }[] = [
  { key: 'chart_no_smartphone', value: (r) => r.households_without_smartphone, color: '#f03b20' },
  { key: 'chart_sunset', value: (r) => r.subscribers_sunset, color: '#E69F00' },
  { key: 'chart_off', value: (r) => r.sites_sunset_switched_off, color: '#D55E00' },
  { key: 'chart_built', value: (r) => r.sites_4g_new + r.sites_4g_upgraded, color: '#0072B2' },
];

export function renderCharts(root: HTMLElement, blocks: { title: string; rows: SeriesRow[] }[]): void {
  clear(root);
  root.append(el('h2', {}, t('charts')));
  for (const b of blocks) {
    const section = el('section', { class: 'chart-block' }, el('h3', {}, b.title));
    for (const c of CHARTS) {
      const svg = barChart(
        b.rows.map((r) => ({ month: r.month, value: c.value(r) })),
        { percent: false, color: c.color, height: 100 },
      );
      section.append(el('figure', { class: 'chart-figure', 'data-chart': c.key }, el('figcaption', {}, t(c.key)), svg));
    }
    root.append(section);
  }
}
