// The legend: the choropleth's classes with their units and month, and the site categories with the
// same shapes and colours as on the map.
import { el, clear } from '../../ui/dom.ts';
import { t, formatNumber, formatPercent, monthLabel, formatDay } from '../../i18n/index.ts';
import type { ClassScheme } from '../../layers/classes.ts';
import { NO_DATA_COLOR } from '../../../common/palette.ts';
import { legendIcon } from '../../layers/site-icons.ts';
import type { SiteCategory } from '../../../common/site-state.ts';

function swatch(color: string): HTMLElement {
  const s = el('span', { class: 'swatch' });
  s.style.background = color;
  return s;
}

const LEGEND_CATEGORIES: SiteCategory[] = ['2g_off', '4g_new', '4g_upgraded', '4g_active', '2g_active', 'planned'];

// Folded by default on small screens, where the legend would cover half the map; one tap unfolds it.
let folded: boolean | null = null;

export function renderLegend(
  root: HTMLElement,
  opts: {
    scheme: ClassScheme | null;
    month: string | null;
    showSites: boolean;
    asOf: string | null;
    /** Where a figure comes from (coverage: model, grid, sites, date). */
    note?: string | null;
    gaps?: boolean;
    /** An evaluated what-if is drawn: its cells' colours. */
    whatIf?: boolean;
  },
): void {
  clear(root);
  folded ??= window.innerWidth <= 760;
  const toggle = el(
    'button',
    { type: 'button', class: 'legend-toggle', id: 'legend-toggle', 'aria-expanded': String(!folded) },
    folded ? '+' : '−',
  );
  toggle.title = t('legend');
  toggle.addEventListener('click', () => {
    folded = !folded;
    root.classList.toggle('folded', folded);
    toggle.textContent = folded ? '+' : '−';
    toggle.setAttribute('aria-expanded', String(!folded));
  });
  root.classList.toggle('folded', folded);
  root.append(toggle);
  const fmt = (v: number) => (opts.scheme?.percent ? formatPercent(v, 0) : formatNumber(v));
  if (opts.scheme) {
    const s = opts.scheme;
    const rows = el('ul', { class: 'classes' });
    s.colors.forEach((color, i) => {
      const lo = i === 0 ? undefined : s.breaks[i - 1];
      const hi = s.breaks[i];
      const text =
        lo === undefined ? `< ${fmt(hi ?? 0)}` : hi === undefined ? `≥ ${fmt(lo)}` : `${fmt(lo)} – ${fmt(hi)}`;
      rows.append(el('li', {}, swatch(color), text));
    });
    rows.append(el('li', {}, swatch(NO_DATA_COLOR), t('no_data')));
    root.append(
      el(
        'div',
        { class: 'legend-block', id: 'legend-choropleth' },
        el('h3', {}, t(`ind_${s.indicator}`)),
        el('p', { class: 'legend-sub' }, `${t(s.unit)} · ${opts.month ? monthLabel(opts.month) : ''}`),
        rows,
        opts.note ? el('p', { class: 'legend-note', id: 'legend-note' }, opts.note) : null,
      ),
    );
  }
  if (opts.gaps) {
    root.append(
      el(
        'div',
        { class: 'legend-block', id: 'legend-gaps' },
        el('ul', {}, el('li', {}, swatch('rgba(200,0,80,.6)'), t('layer_gaps'))),
      ),
    );
  }
  if (opts.whatIf) {
    root.append(
      el(
        'div',
        { class: 'legend-block', id: 'legend-whatif' },
        el('h3', {}, t('whatif')),
        el(
          'ul',
          {},
          el('li', {}, swatch('rgba(0,158,115,.75)'), t('whatif_closed')),
          el('li', {}, swatch('rgba(110,0,40,.8)'), t('whatif_lost')),
          el('li', {}, swatch('rgba(0,114,178,.25)'), t('whatif_footprints')),
        ),
      ),
    );
  }
  if (opts.showSites) {
    const rows = el('ul', { class: 'categories' });
    for (const c of LEGEND_CATEGORIES) rows.append(el('li', {}, legendIcon(c), t(`cat_${c}`)));
    root.append(
      el(
        'div',
        { class: 'legend-block', id: 'legend-sites' },
        el('h3', {}, t('sites_legend')),
        opts.asOf ? el('p', { class: 'legend-sub' }, t('at_date', { d: formatDay(opts.asOf) })) : null,
        rows,
      ),
    );
  }
  root.hidden = !opts.scheme && !opts.showSites && !opts.whatIf;
}
