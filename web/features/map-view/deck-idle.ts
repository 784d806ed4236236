// deck.gl's animation loop asks the browser for a frame sixty times a second for as long as the page is
// open, only to see whether it must draw (visgl/deck.gl#6961, #9084): an idle map kept Chromium's renderer
// and compositor busy about a tenth of a core — on a meeting laptop, for the whole meeting. Interleaved
// with MapLibre, deck.gl draws inside the map's own frames; its loop matters only while something changes:
// the map drawing or the pointer on it, new layer props, or an update deck.gl asked for itself (async
// props, a pick). So the loop runs then, and pauses once the map has been still for a moment with nothing
// left for deck.gl to draw or update.
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import { deckOf } from '../../layers/deck-private.ts';

/** How long the map stays still before deck.gl's loop pauses. */
const QUIET_MS = 1000;
/** Map events that wake the loop: it draws, or the pointer is on it (deck.gl picks in its loop). */
const WAKE_EVENTS = ['render', 'mousemove', 'mousedown', 'mouseup', 'touchstart', 'wheel'] as const;

/**
 * Pauses deck.gl's animation loop while the map is idle. `wake` is called after giving the overlay new
 * props (the loop turns them into a drawn frame); `dispose` when the overlay leaves the map.
 */
export function pauseDeckWhenIdle(map: MapLibreMap, overlay: MapboxOverlay): { wake(): void; dispose(): void } {
  const deck = () => deckOf(overlay);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let paused = false;
  const sleep = () => {
    const d = deck();
    if (!d?.animationLoop) return;
    const busy =
      d.needsRedraw({ clearRedrawFlags: false }) || d.layerManager?.needsUpdate() || map.isMoving() || !map.loaded();
    if (busy) {
      timer = setTimeout(sleep, QUIET_MS);
      return;
    }
    d.animationLoop.stop();
    paused = true;
  };
  const wake = () => {
    clearTimeout(timer);
    timer = setTimeout(sleep, QUIET_MS);
    if (!paused) return;
    paused = false;
    deck()
      ?.animationLoop?.start()
      .catch(() => undefined); // deck.gl reports its own errors through onError
  };
  for (const type of WAKE_EVENTS) map.on(type, wake);
  wake();
  return {
    wake,
    dispose() {
      clearTimeout(timer);
      for (const type of WAKE_EVENTS) map.off(type, wake);
    },
  };
}
