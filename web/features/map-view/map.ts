// The MapLibre map and its deck.gl overlay (interleaved), created on the start camera; its moves are
// written to the view state's camera.
import { Map as MapLibreMap, NavigationControl, ScaleControl } from 'maplibre-gl';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { buildStyle } from '../../map/style.ts';
import type { Camera } from '../../state/view.ts';

export function createMap(container: HTMLElement, basemapUrl: string | null, cam: Camera | null) {
  const map = new MapLibreMap({
    container,
    style: buildStyle(basemapUrl),
    center: cam ? [cam.lng, cam.lat] : [106.0, 21.2],
    zoom: cam?.zoom ?? 7,
    bearing: cam?.bearing ?? 0,
    attributionControl: false,
    // Exports and screenshots read the canvas after it is drawn.
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  });
  map.addControl(new NavigationControl({ showCompass: true }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
  const overlay = new MapboxOverlay({ interleaved: true, layers: [] });
  map.addControl(overlay);
  return { map, overlay };
}

/** The map's camera in the view state's terms. */
export function cameraOf(map: MapLibreMap): Camera {
  const c = map.getCenter();
  return { zoom: map.getZoom(), lat: c.lat, lng: c.lng, bearing: map.getBearing() };
}
