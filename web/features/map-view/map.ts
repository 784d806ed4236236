// The MapLibre map, created on the start camera before anything else is fetched, so its style and worker
// load while the page asks for its figures; its moves are written to the view state's camera. deck.gl's
// overlay joins it once the first map is drawn (deck.ts).
import { AttributionControl, Map as MapLibreMap, NavigationControl, ScaleControl } from 'maplibre-gl';
import { buildStyle, basemapLayer, LABEL_FADE_MS, SOURCES, LAYER_IDS } from '../../map/style.ts';
import type { Camera } from '../../state/view.ts';

export function createMap(container: HTMLElement, cam: Camera | null): MapLibreMap {
  const map = new MapLibreMap({
    container,
    style: buildStyle(),
    // The whole country at 1280×720 when no camera is given.
    center: cam ? [cam.lng, cam.lat] : [106.3, 16.0],
    zoom: cam?.zoom ?? 5,
    bearing: cam?.bearing ?? 0,
    attributionControl: false,
    fadeDuration: LABEL_FADE_MS,
    // Exports and screenshots read the canvas after it is drawn.
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: false },
  });
  map.addControl(new NavigationControl({ showCompass: true }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
  // The boundary publisher's attribution travels with the provinces source; it must stay visible.
  map.addControl(new AttributionControl({ compact: false }), 'bottom-right');
  // Sections opening beside the map (charts, figures as reported, the panel) change its size, not the
  // window's: follow the container itself.
  new ResizeObserver(() => map.resize()).observe(container);
  return map;
}

/** Resolves once the map's style is loaded: sources and layers can be changed from then on. */
export function styleReady(map: MapLibreMap): Promise<void> {
  return new Promise((resolve) => (map.isStyleLoaded() ? resolve() : map.once('style.load', () => resolve())));
}

/** An online raster basemap under the land, when the server is configured with one (never required). */
export function addBasemap(map: MapLibreMap, url: string): void {
  map.addSource(SOURCES.basemap, { type: 'raster', tiles: [url], tileSize: 256, attribution: '' });
  map.addLayer(basemapLayer(), LAYER_IDS.land);
  map.setPaintProperty(LAYER_IDS.land, 'fill-opacity', 0.4);
}

/** The map's camera in the view state's terms. */
export function cameraOf(map: MapLibreMap): Camera {
  const c = map.getCenter();
  return { zoom: map.getZoom(), lat: c.lat, lng: c.lng, bearing: map.getBearing() };
}
