// The MapLibre map and its deck.gl overlay (interleaved), created on the start camera; its moves are
// written to the view state's camera.
import { AttributionControl, Map as MapLibreMap, NavigationControl, ScaleControl } from 'maplibre-gl';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { buildStyle } from '../../map/style.ts';
import type { Camera } from '../../state/view.ts';

export function createMap(container: HTMLElement, basemapUrl: string | null, cam: Camera | null) {
  const map = new MapLibreMap({
    container,
    style: buildStyle(basemapUrl),
    // The whole country at 1280×720 when no camera is given.
    center: cam ? [cam.lng, cam.lat] : [106.3, 16.0],
    zoom: cam?.zoom ?? 5,
    bearing: cam?.bearing ?? 0,
    attributionControl: false,
    // Exports and screenshots read the canvas after it is drawn.
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  });
  map.addControl(new NavigationControl({ showCompass: true }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
  // The boundary publisher's attribution travels with the provinces source; it must stay visible.
  map.addControl(new AttributionControl({ compact: false }), 'bottom-right');
  // Sections opening beside the map (charts, figures as reported, the panel) change its size, not the
  // window's: follow the container itself.
  new ResizeObserver(() => map.resize()).observe(container);
  const overlay = new MapboxOverlay({ interleaved: true, layers: [] });
  map.addControl(overlay);
  return { map, overlay };
}

/** The map's camera in the view state's terms. */
export function cameraOf(map: MapLibreMap): Camera {
  const c = map.getCenter();
  return { zoom: map.getZoom(), lat: c.lat, lng: c.lng, bearing: map.getBearing() };
}
