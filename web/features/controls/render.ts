// The sidebar: area (province, district), month, indicator, layers and site filters. Each control reads
// from and writes to the view state through the callbacks it is given.
import { el, clear } from '../../ui/dom.ts';
import { formatMonth, getLang, t, type LabelKey } from '../../i18n/index.ts';
import { milestoneDate, type SunsetProgramme } from '../../../common/sunsets.ts';
import { INDICATORS, LAYERS, type ViewState, type LayerId } from '../../state/view.ts';
import { SITE_CATEGORIES } from '../../../common/site-state.ts';

export interface ControlData {
  provinces: { code: string; name: string }[];
  districts: { code: string; name: string; province_code: string }[];
  months: string[];
  operators: { id: string; name: string }[];
  techs: string[];
  /** The sunset programmes, ordered by the day their network goes off. */
  sunsets: SunsetProgramme[];
}

export interface ControlHandlers {
  area(province: string | null, district: string | null): void;
  month(month: string): void;
  indicator(indicator: ViewState['indicator']): void;
  layer(layer: LayerId, on: boolean): void;
  filter(name: 'operator' | 'tech' | 'category', value: string | null): void;
  sitesAt(date: string | null): void;
  scenario(s: ViewState['scenario']): void;
  sunset(s: ViewState['sunset']): void;
  ranking(open: boolean): void;
}

function labelled(labelKey: LabelKey, control: HTMLElement, id: string): HTMLElement {
  control.id = id;
  return el('div', { class: 'field' }, el('label', { for: id, 'data-label': labelKey }), control);
}

function select(options: { value: string; label: string; labelKey?: LabelKey }[], value: string | null) {
  const s = el('select');
  for (const o of options) {
    const opt = el('option', { value: o.value }, o.label);
    if (o.labelKey) opt.dataset.label = o.labelKey;
    if (o.value === (value ?? '')) opt.selected = true;
    s.append(opt);
  }
  return s;
}

export function renderControls(root: HTMLElement, data: ControlData, view: ViewState, on: ControlHandlers): void {
  clear(root);
  const province = select(
    [
      { value: '', label: t('all_provinces'), labelKey: 'all_provinces' },
      ...data.provinces.map((p) => ({ value: p.code, label: p.name })),
    ],
    view.province,
  );
  const districtsOf = (p: string | null) => data.districts.filter((d) => !p || d.province_code === p);
  const district = select(
    [
      { value: '', label: t('all_districts'), labelKey: 'all_districts' },
      ...districtsOf(view.province).map((d) => ({ value: d.code, label: d.name })),
    ],
    view.district,
  );
  province.addEventListener('change', () => on.area(province.value || null, null));
  district.addEventListener('change', () => {
    const d = data.districts.find((x) => x.code === district.value);
    on.area(d?.province_code ?? (province.value || null), district.value || null);
  });

  const month = select(
    data.months.map((m) => ({ value: m, label: formatMonth(m) })),
    view.month ?? data.months.at(-1) ?? null,
  );
  month.addEventListener('change', () => on.month(month.value));

  const indicator = el('div', { class: 'radios', role: 'radiogroup' });
  for (const ind of INDICATORS) {
    const input = el('input', { type: 'radio', name: 'indicator', value: ind, id: `ind-${ind}` });
    input.checked = view.indicator === ind;
    input.addEventListener('change', () => input.checked && on.indicator(ind));
    indicator.append(el('label', { for: `ind-${ind}` }, input, el('span', { 'data-label': `ind_${ind}` as LabelKey })));
  }

  // The programme every figure and label follows: 2G (done in 2026), 3G (next).
  const sunset = select(
    data.sunsets.map((p) => ({
      value: p.technology,
      label: t('sunset_option', {
        name: getLang() === 'vi' ? p.name_vi : p.name_en,
        d: formatMonth(milestoneDate(p, 'network_off')?.slice(0, 7)),
      }),
    })),
    view.sunset,
  );
  sunset.addEventListener('change', () => on.sunset(sunset.value as ViewState['sunset']));

  const layers = el('div', { class: 'checks' });
  for (const layer of LAYERS) {
    const input = el('input', { type: 'checkbox', id: `layer-${layer}`, 'data-layer': layer });
    input.checked = view.layers.has(layer);
    input.addEventListener('change', () => on.layer(layer, input.checked));
    layers.append(
      el('label', { for: `layer-${layer}` }, input, el('span', { 'data-label': `layer_${layer}` as LabelKey })),
    );
  }

  const all = { value: '', label: t('all'), labelKey: 'all' as LabelKey };
  const operator = select([all, ...data.operators.map((o) => ({ value: o.id, label: o.name }))], view.operator);
  operator.addEventListener('change', () => on.filter('operator', operator.value || null));
  const tech = select([all, ...data.techs.map((x) => ({ value: x, label: x }))], view.tech);
  tech.addEventListener('change', () => on.filter('tech', tech.value || null));
  const catSelect = select(
    [
      all,
      ...SITE_CATEGORIES.filter((c) => c !== 'off').map((c) => ({
        value: c,
        label: t(`cat_${c}`),
        labelKey: `cat_${c}` as LabelKey,
      })),
    ],
    view.category,
  );
  catSelect.addEventListener('change', () => on.filter('category', catSelect.value || null));
  // Stations have their own date (default today), whatever month the figures are of.
  const sitesAt = el('input', { type: 'date', min: '2019-01-01' });
  sitesAt.value = view.sitesAt ?? '';
  sitesAt.addEventListener('change', () => on.sitesAt(sitesAt.value || null));

  root.append(
    el('h2', { 'data-label': 'area' }),
    labelled('province', province, 'province-select'),
    labelled('district', district, 'district-select'),
    labelled('month', month, 'month-select'),
    el('h2', { 'data-label': 'indicator' }),
    labelled('sunset', sunset, 'sunset-select'),
    indicator,
    el('h2', { 'data-label': 'layers' }),
    layers,
    el('h2', { 'data-label': 'filters' }),
    labelled('operator', operator, 'operator-select'),
    labelled('technology', tech, 'tech-select'),
    labelled('state', catSelect, 'category-select'),
    labelled('sites_at', sitesAt, 'sites-at'),
  );
}

/** The coverage section: scenario (current / including planned) and the ranking table's switch. */
export function renderCoverageControls(root: HTMLElement, view: ViewState, on: ControlHandlers): void {
  clear(root);
  const scenario = select(
    [
      { value: 'current', label: t('scenario_current'), labelKey: 'scenario_current' },
      { value: 'planned', label: t('scenario_planned'), labelKey: 'scenario_planned' },
    ],
    view.scenario,
  );
  scenario.addEventListener('change', () => on.scenario(scenario.value === 'planned' ? 'planned' : 'current'));
  const ranking = el('input', { type: 'checkbox', id: 'ranking-toggle' });
  ranking.checked = view.ranking;
  ranking.addEventListener('change', () => on.ranking(ranking.checked));
  root.append(
    el('h2', { 'data-label': 'coverage' }),
    labelled('scenario', scenario, 'scenario-select'),
    el(
      'div',
      { class: 'checks' },
      el('label', { for: 'ranking-toggle' }, ranking, el('span', { 'data-label': 'ranking' })),
    ),
  );
}
