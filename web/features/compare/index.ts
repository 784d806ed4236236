// Before / after: the same indicator for another month beside the map, cameras locked together; it
// follows the compared month, the indicator's classes and the communes and outlines on the main map.
import { api, unwrap } from '../../api/client.ts';
import { getLang, t, monthLabel } from '../../i18n/index.ts';
import { isAbort, reportError } from '../../ui/errors.ts';
import { openCompare, type CompareView } from './view.ts';
import { communeZoomBucket, watch, type AppContext } from '../../app/context.ts';

let compareView: CompareView | null = null;

/** The open comparison's second pane, for the exports (both panes are exported). */
export const comparePane = () => compareView?.pane() ?? null;

export function mountCompare(ctx: AppContext): () => Promise<void> {
  const { view, data, map } = ctx;
  const load = async () => {
    const v = view.get();
    if (!v.compare) {
      compareView?.close();
      compareView = null;
      return;
    }
    compareView ??= openCompare(map, ctx.shell.map.parentElement!);
    const month = v.compare;
    try {
      const communes = await ctx.fetchLatest('compare', (init) =>
        api.communes
          .$get(
            {
              query: {
                ...(v.province ? { province: v.province } : {}),
                month,
                sunset: v.sunset,
                zoom: String(communeZoomBucket(map.getZoom()) ?? 12),
              },
            },
            { init },
          )
          .then((r) => unwrap(r, getLang())),
      );
      compareView?.update({
        outlines: data.get().outlinesGeo,
        communes,
        scheme: data.get().scheme,
        district: view.get().district,
        label: monthLabel(month),
        mainLabel: monthLabel(view.get().month),
      });
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  };
  watch(ctx, ['compare', 'indicator'], ['communes', 'outlinesGeo'], () => void load());
  return load;
}
