// Before / after: the same indicator for another month beside the map or under a swipe divider, cameras
// locked together; it follows the compared month, the indicator's classes, the communes and outlines on
// the main map, and draws their names as the main map does.
import { api, unwrap } from '../../api/client.ts';
import { getLang, t, monthLabel } from '../../i18n/index.ts';
import { isAbort, reportError } from '../../ui/errors.ts';
import { openCompare, type CompareView, type LabelPainter } from './view.ts';
import { pauseDeckWhenIdle } from '../map-view/deck-idle.ts';
import { communeZoomBucket, watch, type AppContext, type CommuneCollection } from '../../app/context.ts';

let compareView: CompareView | null = null;
/** The communes the second pane shows (their label points name them). */
let shownCommunes: CommuneCollection | null = null;
let labels: typeof import('../../layers/labels.ts') | null = null;

/** deck.gl's overlay, interleaved into the second map as into the first, drawing the place names. */
async function labelPainter(): Promise<LabelPainter> {
  const [{ MapboxOverlay }, lib] = await Promise.all([import('@deck.gl/mapbox'), import('../../layers/labels.ts')]);
  labels = lib;
  return (m) => {
    const overlay = new MapboxOverlay({ interleaved: true, layers: [] });
    m.addControl(overlay);
    const loop = pauseDeckWhenIdle(m, overlay);
    return {
      overlay,
      draw: (layers) => {
        overlay.setProps({ layers: layers(m) });
        loop.wake();
      },
      remove: () => {
        loop.dispose();
        m.removeControl(overlay);
      },
    };
  };
}

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
    if (compareView && compareView.mode !== v.compareMode) {
      compareView.close();
      compareView = null;
    }
    compareView ??= openCompare(map, ctx.shell.map.parentElement!, v.compareMode, {
      painter: labelPainter(),
      layers: (m) =>
        labels?.placeNameLayers(
          m,
          data.get().outlineLabels,
          shownCommunes?.features ?? [],
          view.get().layers.has('labels'),
        ) ?? [],
    });
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
      shownCommunes = communes as unknown as CommuneCollection;
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
  watch(ctx, ['compare', 'compareMode', 'indicator', 'layers'], ['communes', 'outlinesGeo'], () => void load());
  // The months' badges in the new language, without asking for the communes again.
  view.subscribe(['lang'], (v) => v.compare && compareView?.relabel(monthLabel(v.compare), monthLabel(v.month)));
  return load;
}
