// The search box: places, old spellings and sites; picking a province or district selects it as the
// area and shows its key figures, picking a commune or site flies there and opens it.
import { api, unwrap } from '../../api/client.ts';
import { formatNumber, formatPercent, getLang, t, monthLabel } from '../../i18n/index.ts';
import { el } from '../../ui/dom.ts';
import { isAbort, reportError } from '../../ui/errors.ts';
import { hidePanel } from '../panel/render.ts';
import { mountSearch, type SearchHit } from './box.ts';
import type { AppContext, BBox } from '../../app/context.ts';

export function mountSearchBox(ctx: AppContext): void {
  mountSearch(
    ctx.shell.search,
    async (q, signal) => {
      const body = await api.search.$get({ query: { q } }, { init: { signal } }).then((r) => unwrap(r, getLang()));
      return body.results as SearchHit[];
    },
    (hit) => pick(ctx, hit),
  );
}

function pick(ctx: AppContext, hit: SearchHit): void {
  if (hit.type === 'province' || hit.type === 'district') {
    ctx.view.set({ province: hit.province_code, district: hit.type === 'district' ? hit.code : null, selection: null });
    ctx.camera.fitArea(true);
    void showAreaPanel(ctx, hit);
    return;
  }
  if (hit.bbox) ctx.camera.fitBox(hit.bbox as BBox, true, hit.type === 'site' ? 15 : 13);
  if (hit.type === 'commune') ctx.view.set({ selection: { kind: 'commune', code: hit.code } });
  if (hit.type === 'site' && hit.id) ctx.view.set({ selection: { kind: 'site', id: hit.id } });
}

/** A district or province chosen in the search: its key figures for the month in the panel. */
async function showAreaPanel(ctx: AppContext, hit: SearchHit): Promise<void> {
  const month = ctx.view.get().month;
  try {
    const body = await ctx.fetchLatest('panel', (init) =>
      api.summary
        .$get(
          {
            query: {
              ...(hit.type === 'district' ? { district: hit.code } : { province: hit.code }),
              ...(month ? { month } : {}),
              sunset: ctx.view.get().sunset,
            },
          },
          { init },
        )
        .then((r) => unwrap(r, getLang())),
    );
    const panel = ctx.shell.panel;
    panel.replaceChildren();
    const close = el('button', { type: 'button', class: 'close', 'aria-label': t('close') }, '×');
    close.addEventListener('click', () => hidePanel(panel));
    const rows: [string, string][] = [
      [t('code'), hit.code],
      [t('subscribers'), formatNumber(body.subscribers)],
      [t('subscribers_2g'), formatNumber(body.subscribers_2g)],
      [t('share_2g'), formatPercent(body.share_2g)],
      [t('subscribers_3g'), formatNumber(body.subscribers_3g)],
      [t('subscribers_no_volte'), formatNumber(body.subscribers_no_volte)],
      ...(body.meta.sunset?.technology === '2G'
        ? []
        : ([
            [t('subscribers_sunset'), formatNumber(body.subscribers_sunset)],
            [t('share_sunset'), formatPercent(body.share_sunset)],
          ] as [string, string][])),
      [t('households_without_smartphone'), formatNumber(body.households_without_smartphone)],
      [t('share_smartphone'), formatPercent(body.share_smartphone)],
      [t('kpi_sunset_off'), formatNumber(body.sites_sunset_switched_off)],
      [t('cat_4g_new'), formatNumber(body.sites_4g_new)],
      [t('cat_4g_upgraded'), formatNumber(body.sites_4g_upgraded)],
    ];
    panel.append(
      el(
        'div',
        { class: 'panel-head' },
        el('small', {}, t(hit.type)),
        el('h2', { id: 'panel-title' }, hit.name),
        close,
      ),
      el('p', { class: 'legend-sub' }, monthLabel(body.month)),
      el('table', { class: 'facts' }, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v)))),
    );
    panel.dataset.kind = hit.type;
    panel.dataset.code = hit.code;
    panel.hidden = false;
  } catch (e) {
    if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
  }
}
