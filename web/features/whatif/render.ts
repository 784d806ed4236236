// The what-if controls: a mode in which clicks on sites of the sunset's technology (2G, or 3G) mark them for
// switch-off — or it is switched off everywhere, its spectrum refarmed to 4G — and clicks on the map place
// hypothetical 4G sites; evaluate, clear, copy the scenario's link, keep named scenarios locally.
import { el, clear } from '../../ui/dom.ts';
import { t, formatNumber, formatPercent } from '../../i18n/index.ts';
import type { WhatIfState } from '../../state/view.ts';

export interface WhatIfHandlers {
  toggle(on: boolean): void;
  evaluate(): void;
  clear(): void;
  copyLink(): void;
  load(w: WhatIfState): void;
  /** The scenario with some of its options changed (switch off everywhere, refarm). */
  change(w: WhatIfState): void;
}

export interface WhatIfSettings {
  band: number;
  height: number;
  /** Sector azimuths as typed ("0/120/240"); empty for an omnidirectional site. */
  azimuths: string;
}

/** Sectors of a hypothetical site from typed azimuths: each covers an equal share of the circle. */
export function sectorsFrom(azimuths: string): { azimuth_deg: number; beamwidth_deg: number }[] | undefined {
  const az = azimuths
    .split(/[/;,\s]+/)
    .filter(Boolean)
    .map(Number)
    .filter((a) => Number.isFinite(a) && a >= 0 && a < 360);
  if (az.length === 0) return undefined;
  return az.map((a) => ({ azimuth_deg: a, beamwidth_deg: Math.min(360, Math.round(360 / az.length)) }));
}

const STORAGE_KEY = 'phusong.whatif';

export function savedScenarios(): { name: string; state: WhatIfState }[] {
  try {
    const list = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as { name: string; state: WhatIfState }[];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function saveScenario(name: string, state: WhatIfState): void {
  const list = savedScenarios().filter((s) => s.name !== name);
  list.unshift({ name, state });
  localStorage.setItem(STORAGE_KEY, JSON.stringify(list.slice(0, 20)));
}

export function renderWhatIf(
  root: HTMLElement,
  state: WhatIfState | null,
  active: boolean,
  settings: WhatIfSettings,
  on: WhatIfHandlers,
): void {
  clear(root);
  const toggle = el('input', { type: 'checkbox', id: 'whatif-toggle' });
  toggle.checked = active;
  toggle.addEventListener('change', () => on.toggle(toggle.checked));
  root.append(el('label', { for: 'whatif-toggle', class: 'toggle' }, toggle, el('span', {}, t('whatif'))));
  if (!active) return;
  const band = el('select', { id: 'whatif-band' });
  for (const b of [700, 900, 1800, 2100]) {
    const o = el('option', { value: b }, `${b} MHz`);
    o.selected = b === settings.band;
    band.append(o);
  }
  band.addEventListener('change', () => (settings.band = Number(band.value)));
  const height = el('input', {
    type: 'number',
    id: 'whatif-height',
    min: 5,
    max: 150,
    step: 1,
    value: settings.height,
  });
  height.addEventListener('change', () => (settings.height = Math.min(150, Math.max(5, Number(height.value) || 30))));
  const azimuths = el('input', {
    type: 'text',
    id: 'whatif-azimuths',
    placeholder: '0/120/240',
    value: settings.azimuths,
  });
  azimuths.addEventListener('change', () => (settings.azimuths = azimuths.value));
  const button = (label: Parameters<typeof t>[0], id: string, f: () => void) => {
    const b = el('button', { type: 'button', id }, t(label));
    b.addEventListener('click', f);
    return b;
  };
  const name = el('input', { type: 'text', id: 'whatif-name', maxlength: 60, placeholder: t('whatif_name') });
  const save = button('whatif_save', 'whatif-save', () => {
    if (!state || !name.value.trim()) return;
    saveScenario(name.value.trim(), state);
    renderWhatIf(root, state, active, settings, on);
  });
  const saved = savedScenarios();
  const current: WhatIfState = state ?? { switchOff: [], add: [] };
  const all = el('input', { type: 'checkbox', id: 'whatif-all' });
  all.checked = current.all === true;
  all.addEventListener('change', () => on.change({ ...current, all: all.checked }));
  const refarm = el('select', { id: 'whatif-refarm' });
  for (const [value, label] of [
    ['', t('whatif_refarm_none')],
    ['900', 'LTE 900 MHz'],
    ['2100', 'LTE 2100 MHz'],
  ] as const) {
    const o = el('option', { value }, label);
    o.selected = String(current.refarm ?? '') === value;
    refarm.append(o);
  }
  refarm.addEventListener('change', () =>
    on.change({ ...current, refarm: refarm.value ? (Number(refarm.value) as 900 | 2100) : null }),
  );
  root.append(
    el('p', { class: 'hint' }, t('whatif_help')),
    el('label', { for: 'whatif-all', class: 'toggle' }, all, el('span', {}, t('whatif_all'))),
    el('div', { class: 'field' }, el('label', { for: 'whatif-refarm' }, t('whatif_refarm')), refarm),
    el('div', { class: 'field' }, el('label', { for: 'whatif-band' }, t('whatif_band')), band),
    el('div', { class: 'field' }, el('label', { for: 'whatif-height' }, t('whatif_height')), height),
    el('div', { class: 'field' }, el('label', { for: 'whatif-azimuths' }, t('azimuths')), azimuths),
    el(
      'p',
      { id: 'whatif-counts' },
      t('whatif_switch_off', { n: state?.switchOff.length ?? 0 }),
      el('br'),
      t('whatif_added', { n: state?.add.length ?? 0 }),
    ),
    el(
      'div',
      { class: 'buttons' },
      button('whatif_run', 'whatif-run', on.evaluate),
      button('whatif_clear', 'whatif-clear', on.clear),
      button('whatif_copy', 'whatif-copy', on.copyLink),
    ),
    el('div', { class: 'buttons' }, name, save),
  );
  if (saved.length > 0) {
    const list = el('ul', { class: 'saved' });
    for (const s of saved) {
      const a = el('button', { type: 'button', class: 'link' }, s.name);
      a.addEventListener('click', () => on.load(s.state));
      list.append(el('li', {}, a));
    }
    root.append(el('h3', {}, t('whatif_saved')), list);
  }
}

export interface WhatIfResult {
  added_sites: { lon: number; lat: number; radius_km: number; band_mhz: number }[];
  refarm: { band_mhz: number; sites: number; radius_km_median: number | null } | null;
  cells: { closed: string[]; lost: string[]; truncated: boolean };
  totals: {
    communes_changed: number;
    subscribers_sunset_in_gaps_before: number;
    subscribers_sunset_in_gaps_after: number;
    subscribers_sunset_losing_service: number;
  };
  communes: {
    code: string;
    name: string;
    district_name: string;
    coverage_4g_before: number;
    coverage_4g_after: number;
    any_service_before: number;
    any_service_after: number;
    subscribers_sunset_losing_service: number;
  }[];
}

export function renderWhatIfResult(root: HTMLElement, r: WhatIfResult, onPick: (code: string) => void): HTMLElement {
  const box = el('div', { class: 'whatif-result', id: 'whatif-result' });
  box.append(
    el(
      'p',
      {},
      t('whatif_totals', {
        n: r.totals.communes_changed,
        b: formatNumber(r.totals.subscribers_sunset_in_gaps_before),
        a: formatNumber(r.totals.subscribers_sunset_in_gaps_after),
        l: formatNumber(r.totals.subscribers_sunset_losing_service),
      }),
    ),
  );
  if (r.refarm)
    box.append(
      el(
        'p',
        { id: 'whatif-refarmed' },
        t('whatif_refarmed', {
          n: formatNumber(r.refarm.sites),
          band: r.refarm.band_mhz,
          r: formatNumber(r.refarm.radius_km_median),
        }),
      ),
    );
  if (r.communes.length === 0) {
    box.append(el('p', { class: 'hint' }, t('whatif_none')));
    return box;
  }
  const table = el(
    'table',
    { class: 'ranking-table' },
    el(
      'tr',
      {},
      el('th', {}, t('commune')),
      el('th', {}, t('coverage_before_after')),
      el('th', {}, t('any_before_after')),
      el('th', {}, t('losing')),
    ),
  );
  for (const c of r.communes) {
    const row = el(
      'tr',
      { 'data-code': c.code },
      el('td', {}, c.name),
      el('td', {}, `${formatPercent(c.coverage_4g_before)} → ${formatPercent(c.coverage_4g_after)}`),
      el('td', {}, `${formatPercent(c.any_service_before)} → ${formatPercent(c.any_service_after)}`),
      el('td', {}, formatNumber(c.subscribers_sunset_losing_service)),
    );
    row.addEventListener('click', () => onPick(c.code));
    table.append(row);
  }
  box.append(table);
  return box;
}
