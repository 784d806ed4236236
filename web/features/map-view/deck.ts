// The deck.gl layers over the map: coverage gaps and footprints, sites and clusters, and the decluttered
// province and commune labels — redrawn whenever what they show changes. deck.gl is a chunk of its own:
// its code is fetched while the map loads, and its overlay joins the map once the choropleth is drawn,
// so the first map waits neither for deck.gl's code nor for its shaders.
import type { MapboxOverlay } from '@deck.gl/mapbox';
import { watch, type AppContext } from '../../app/context.ts';
import { pauseDeckWhenIdle } from './deck-idle.ts';

type DeckModules = [
  typeof import('@deck.gl/mapbox'),
  typeof import('../../layers/sites.ts'),
  typeof import('../../layers/labels.ts'),
];

/** Starts fetching deck.gl and the site and label layers (call early; nothing is drawn yet). */
export function loadDeck(): Promise<DeckModules> {
  return Promise.all([import('@deck.gl/mapbox'), import('../../layers/sites.ts'), import('../../layers/labels.ts')]);
}

// The coverage layers (H3 hexagons and h3-js, footprints) are loaded the first time they have something
// to draw: the landing map does not wait for them.
let coverage: typeof import('../../layers/coverage.ts') | null = null;
let loadingCoverage: Promise<void> | null = null;

/**
 * Adds deck.gl's overlay to the map and keeps its layers in step with the stores. `onOverlay` is told
 * the overlay once it exists; `body[data-deck="1"]` is set after its first drawn frame.
 */
export async function mountDeck(
  ctx: AppContext,
  modules: Promise<DeckModules>,
  onOverlay: (overlay: MapboxOverlay) => void,
): Promise<void> {
  const [{ MapboxOverlay }, { siteLayers, clusterDiscs }, { placeNameLayers }] = await modules;
  const { map, view, data } = ctx;
  const overlay = new MapboxOverlay({
    interleaved: true,
    layers: [],
    onAfterRender: () => {
      if (document.body.dataset.deck !== '1') document.body.dataset.deck = '1';
    },
  });
  map.addControl(overlay);
  const loop = pauseDeckWhenIdle(map, overlay);
  onOverlay(overlay);
  const render = () => {
    const v = view.get();
    const d = data.get();
    const wantCoverage =
      d.gaps.length > 0 || d.footprints.length > 0 || (v.whatIf?.add.length ?? 0) > 0 || d.whatIfCells !== null;
    if (wantCoverage && !coverage) {
      loadingCoverage ??= import('../../layers/coverage.ts').then((m) => {
        coverage = m;
        render();
      });
    }
    overlay.setProps({
      layers: [
        ...(coverage?.coverageLayers({
          gaps: d.gaps,
          footprints: d.footprints,
          showGaps: v.layers.has('gaps'),
          showFootprints: v.layers.has('footprints'),
          hypothetical: v.whatIf?.add ?? [],
          scenario: d.whatIfCells,
        }) ?? []),
        ...siteLayers({
          data: d.sites,
          selectedId: v.selection?.kind === 'site' ? v.selection.id : null,
          visible: v.layers.has('sites'),
          marked: new Set(v.whatIf?.switchOff ?? []),
        }),
        ...placeNameLayers(
          map,
          d.outlineLabels,
          (d.communes?.features ?? []).filter((f) => !v.district || f.properties.district_code === v.district),
          v.layers.has('labels'),
          // Names keep clear of the cluster discs drawn with them, so every count stays readable.
          v.layers.has('sites') ? clusterDiscs(d.sites) : [],
        ),
      ],
    });
    loop.wake();
  };
  watch(
    ctx,
    ['camera', 'district', 'layers', 'selection', 'whatIf'],
    ['communes', 'outlineLabels', 'sites', 'gaps', 'footprints', 'whatIfActive', 'whatIfCells'],
    render,
  );
  render();
}
