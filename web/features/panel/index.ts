// The side panel follows the selection in the view state: a commune's figures and series, or a site's
// technologies, its history and the buttons whoever may change it gets. It opens again when the month,
// the indicator (communes), the language or the logged-in user changes.
import { api, unwrap } from '../../api/client.ts';
import { getLang, t } from '../../i18n/index.ts';
import { el } from '../../ui/dom.ts';
import { isAbort, reportError } from '../../ui/errors.ts';
import { hidePanel, showCommune, showSite, type CommuneDetail, type SiteDetail } from './render.ts';
import { renderHistory } from '../stations/editor.ts';
import { siteActions } from '../stations/index.ts';
import { stationDate, watch, type AppContext, type BBox } from '../../app/context.ts';

export function mountPanel(ctx: AppContext, opts: { flyToSelection: boolean }): () => Promise<void> {
  const { view } = ctx;
  // A shared link naming a commune but no camera opens on that commune, once.
  let flyToSelection = opts.flyToSelection;
  const close = () => view.set({ selection: null });

  const open = async () => {
    const v = view.get();
    const sel = v.selection;
    try {
      if (!sel) return hidePanel(ctx.shell.panel);
      if (sel.kind === 'commune') {
        const body = await ctx.fetchLatest('panel', (init) =>
          api.communes[':code']
            .$get({ param: { code: sel.code }, query: { sunset: v.sunset } }, { init })
            .then((r) => unwrap(r, getLang())),
        );
        const detail = body as unknown as CommuneDetail & { properties: { bbox: number[] | null } };
        showCommune(ctx.shell.panel, detail, v.month, v.indicator, close, v.sunset);
        const bbox = detail.properties.bbox;
        if (flyToSelection && bbox) {
          flyToSelection = false;
          ctx.camera.fitBox(bbox as BBox, false, 13);
        }
      } else {
        const body = await ctx.fetchLatest('panel', (init) =>
          api.sites[':id']
            .$get({ param: { id: String(sel.id) }, query: { as_of: stationDate(v) } }, { init })
            .then((r) => unwrap(r, getLang())),
        );
        const site = body as unknown as SiteDetail;
        showSite(ctx.shell.panel, site, close, siteActions(ctx, site));
        const history = el('div', { class: 'history-box', id: 'site-history' });
        ctx.shell.panel.append(history);
        void renderHistory(history, site.properties.id).catch(() => undefined);
      }
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  };

  watch(ctx, ['selection', 'lang', 'sunset'], [], () => void open());
  view.subscribe(['month', 'sitesAt'], (v) => v.selection && void open());
  view.subscribe(['indicator'], (v) => v.selection?.kind === 'commune' && void open());
  ctx.data.subscribe(['session'], () => view.get().selection?.kind === 'site' && void open());
  return open;
}
