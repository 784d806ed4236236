// The side panel: a commune's names, codes, indicators and a chart of the months; a site's operator,
// code, technologies, sectors and event history. Everything from the API is inserted as text.
import { el, clear } from '../../ui/dom.ts';
import { t, formatDay, formatMonth, formatNumber, formatPercent, type LabelKey } from '../../i18n/index.ts';
import { barChart } from '../reports/chart.ts';
import type { Indicator } from '../../state/view.ts';
import { legendIcon } from '../../layers/site-icons.ts';
import type { SiteCategory } from '../../../common/site-state.ts';

export interface CommuneDetail {
  properties: {
    code: string;
    name: string;
    district_code: string | null;
    district_name: string | null;
    province_code: string;
    province_name: string;
    unit_type: string | null;
    area_km2: number | null;
    formed_from: {
      code: string;
      name: string;
      district_name: string | null;
      province_name: string;
      relation: string;
    }[];
    series: ({ month: string; estimated?: boolean; reported_in?: string | null } & Record<
      string,
      number | string | boolean | null | string[] | undefined
    >)[];
  };
}

export interface SiteDetail {
  geometry: { coordinates: number[] };
  properties: {
    id: number;
    operator: string;
    province_code: string;
    operator_name: string;
    site_code: string;
    name: string | null;
    commune_name: string | null;
    district_name: string | null;
    antenna_height_m: number | null;
    band_mhz: number | null;
    as_of: string;
    category: SiteCategory;
    techs: Record<string, { status: string; since: string; band_mhz: number | null }>;
    events: { tech: string; status: string; date: string; band_mhz: number | null; note: string | null }[];
    sectors: { azimuth_deg: number; beamwidth_deg: number }[];
  };
}

const ROWS: { key: LabelKey; field: string; percent?: boolean }[] = [
  { key: 'subscribers', field: 'subscribers' },
  { key: 'subscribers_2g', field: 'subscribers_2g' },
  { key: 'share_2g', field: 'share_2g', percent: true },
  { key: 'subscribers_3g', field: 'subscribers_3g' },
  { key: 'subscribers_no_volte', field: 'subscribers_no_volte' },
  // The chosen sunset's: who loses service when its technology goes (for 2G, the 2G rows above).
  { key: 'subscribers_sunset', field: 'subscribers_sunset' },
  { key: 'share_sunset', field: 'share_sunset', percent: true },
  { key: 'households', field: 'households' },
  { key: 'households_smartphone', field: 'households_smartphone' },
  { key: 'households_without_smartphone', field: 'households_without_smartphone' },
  { key: 'share_smartphone', field: 'share_smartphone', percent: true },
];

function frame(root: HTMLElement, kind: string, title: string, onClose: () => void, ...body: (Node | null)[]) {
  clear(root);
  const close = el(
    'button',
    { type: 'button', class: 'close', 'data-label-title': 'close', 'aria-label': t('close') },
    '×',
  );
  close.addEventListener('click', onClose);
  root.append(
    el('div', { class: 'panel-head' }, el('small', {}, kind), el('h2', { id: 'panel-title' }, title), close),
    ...body.filter((n): n is Node => n !== null),
  );
  root.hidden = false;
}

function table(rows: [string, string][]): HTMLTableElement {
  return el('table', { class: 'facts' }, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))));
}

export function showCommune(
  root: HTMLElement,
  c: CommuneDetail,
  month: string | null,
  indicator: Indicator,
  onClose: () => void,
  sunset = '2G',
): void {
  const p = c.properties;
  // For the 2G sunset its figures are the 2G rows already listed.
  const rows = ROWS.filter((r) => sunset !== '2G' || !r.field.endsWith('_sunset'));
  const current = p.series.find((s) => s.month === month) ?? p.series.at(-1);
  const fmt = (v: unknown, percent?: boolean) =>
    typeof v === 'number' ? (percent ? formatPercent(v) : formatNumber(v)) : '—';
  // Figures shared out of a divided old commune are estimates: marked "≈" with the reason beside them.
  const approx = current?.estimated ? '≈ ' : '';
  const facts = table([
    [t('code'), p.unit_type ? `${p.code} · ${p.unit_type}` : p.code],
    ...(p.district_name ? ([[t('district'), `${p.district_name} (${p.district_code})`]] as [string, string][]) : []),
    [t('province'), `${p.province_name} (${p.province_code})`],
    ...(current
      ? rows.map(
          (r) =>
            [`${t(r.key)} — ${formatMonth(current.month)}`, `${approx}${fmt(current[r.field], r.percent)}`] as [
              string,
              string,
            ],
        )
      : []),
  ]);
  const estimateNote = current?.estimated ? el('p', { class: 'estimate-note' }, t('estimated_note')) : null;
  const formed =
    p.formed_from.length > 0
      ? el(
          'details',
          { class: 'formed-from' },
          el('summary', {}, t('formed_from', { n: String(p.formed_from.length) })),
          el(
            'ul',
            {},
            ...p.formed_from.map((f) =>
              el(
                'li',
                {},
                `${f.name} (${f.code}), ${[f.district_name, f.province_name].filter(Boolean).join(', ')}`,
                f.relation === 'part' ? el('small', {}, ` — ${t('formed_part')}`) : null,
              ),
            ),
          ),
        )
      : null;
  const percent = indicator.startsWith('share_');
  const chart = barChart(
    p.series.map((s) => ({
      month: s.month,
      value: typeof s[indicator] === 'number' ? (s[indicator] as number) : null,
    })),
    { percent, color: indicator === 'share_smartphone' ? '#2c7fb8' : '#f03b20' },
  );
  frame(
    root,
    t('commune'),
    p.name,
    onClose,
    facts,
    estimateNote,
    formed,
    el('h3', {}, t('chart_title', { ind: t(`ind_${indicator}`) })),
    chart,
  );
  root.dataset.kind = 'commune';
  root.dataset.code = p.code;
}

export function showSite(
  root: HTMLElement,
  s: SiteDetail,
  onClose: () => void,
  actions: HTMLElement | null = null,
): void {
  const p = s.properties;
  const [lon, lat] = s.geometry.coordinates as [number, number];
  const techs = Object.entries(p.techs)
    .map(([tech, st]) => `${tech}: ${t(`st_${st.status}` as LabelKey)}${st.band_mhz ? ` (${st.band_mhz} MHz)` : ''}`)
    .join(', ');
  const facts = table([
    [t('operator'), p.operator_name],
    [t('site_code'), p.site_code],
    [t('commune'), [p.commune_name, p.district_name].filter(Boolean).join(', ')],
    ['WGS84', `${lat.toFixed(5)}, ${lon.toFixed(5)}`],
    [t('technologies'), techs || '—'],
    [t('antenna_height'), p.antenna_height_m ? `${p.antenna_height_m} m` : '—'],
    [t('sectors'), p.sectors.map((x) => `${x.azimuth_deg}° / ${x.beamwidth_deg}°`).join(', ') || '—'],
  ]);
  const history = el(
    'table',
    { class: 'history' },
    el('tr', {}, el('th', {}, t('date')), el('th', {}, t('technology')), el('th', {}, t('state'))),
    ...[...p.events]
      .reverse()
      .map((e) =>
        el(
          'tr',
          {},
          el('td', {}, formatDay(e.date)),
          el('td', {}, e.tech + (e.band_mhz ? ` ${e.band_mhz} MHz` : '')),
          el('td', {}, t(`st_${e.status}` as LabelKey)),
        ),
      ),
  );
  frame(
    root,
    t('site'),
    p.name ? `${p.site_code} — ${p.name}` : p.site_code,
    onClose,
    el(
      'p',
      { class: 'category' },
      legendIcon(p.category),
      ` ${t(`cat_${p.category}`)} (${t('at_date', { d: formatDay(p.as_of) })})`,
    ),
    facts,
    actions,
    el('h3', {}, t('history')),
    history,
  );
  root.dataset.kind = 'site';
  root.dataset.code = String(p.id);
}

export function hidePanel(root: HTMLElement): void {
  root.hidden = true;
  clear(root);
  delete root.dataset.kind;
  delete root.dataset.code;
}
