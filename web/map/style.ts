// The map's own style: no tiles, glyphs or sprites from the internet. A plain sea-coloured background,
// land drawn from today's province outlines (real boundaries, data/units-2025), and the commune
// choropleth and outlines above it; communes whose figures are estimated get a dashed outline. Labels are
// drawn by deck.gl (system fonts), so no glyph server is needed either. An online raster basemap can be
// added underneath when configured; nothing depends on it.
import type { StyleSpecification } from 'maplibre-gl';
import { BOUNDARY_ATTRIBUTION } from '../../common/unit-sets.ts';

export const SOURCES = {
  provinces: 'provinces',
  communes: 'communes',
  communeTiles: 'commune-tiles',
  basemap: 'basemap',
} as const;
export const LAYER_IDS = {
  land: 'land',
  communeFill: 'commune-fill',
  communeLine: 'commune-line',
  communeSelected: 'commune-selected',
  communeHover: 'commune-hover',
  communeTileFill: 'commune-tile-fill',
  communeTileLine: 'commune-tile-line',
  communeTileSelected: 'commune-tile-selected',
  communeTileHover: 'commune-tile-hover',
  communeEstimated: 'commune-estimated',
  provinceLine: 'province-line',
  provinceLineCasing: 'province-line-casing',
} as const;

/**
 * The communes a former district selects: today's communes formed wholly or partly from it. GeoJSON
 * sources hand arrays to the style as JSON text, so the quoted code is looked for in it.
 */
export function formerDistrictFilter(district: string | null) {
  return district ? ['in', `"${district}"`, ['to-string', ['get', 'former_districts']]] : null;
}

export const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/** The commune fills, from GeoJSON (a province) and from vector tiles (the whole country zoomed in). */
export const COMMUNE_FILLS = [LAYER_IDS.communeFill, LAYER_IDS.communeTileFill] as const;

/**
 * The communes' vector tiles (server/routes/tiles.ts) for a month and sunset: the whole country from
 * zoom 7 is drawn from them, a tile at a time, instead of one GeoJSON answer per view.
 */
export function communeTilesUrl(month: string | null, sunset: string): string {
  const q = new URLSearchParams();
  if (month) q.set('datetime', `${month}-01`);
  if (sunset !== '2G') q.set('sunset', sunset);
  const query = q.toString();
  return `${location.origin}/tiles/communes/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`;
}

/** A layer on the commune tiles, hidden until the page draws from them. */
const tileLayer = <T extends object>(layer: T) => ({
  ...layer,
  source: SOURCES.communeTiles,
  'source-layer': 'communes',
  layout: { visibility: 'none' as const },
});

/** The optional online basemap's layer, added under the land when the server names one. */
export function basemapLayer() {
  return { id: 'basemap', type: 'raster' as const, source: SOURCES.basemap };
}

/**
 * MapLibre's label fade, for both maps: none. The maps have no MapLibre labels (deck.gl draws them), and
 * MapLibre 5 keeps drawing frames for this long after any change at all, a selected outline or a hovered
 * row, while its label placement counts as recent (maplibre/maplibre-gl-js#8208, fixed in MapLibre 6):
 * 300 ms of frames for nothing, each costing tens of milliseconds of CPU on a laptop drawing WebGL in software
 * (a meeting room's, or one without a usable GPU).
 */
export const LABEL_FADE_MS = 0;

export function buildStyle(): StyleSpecification {
  return {
    version: 8,
    // No paint transitions. The choropleth's colours come from the communes' figures, and MapLibre cannot
    // fade such colours: it held the old ones for 300 ms, then switched. And MapLibre 5 starts the 300 ms
    // transition on its invisible sky at every style change, a selected outline or a layer switched, and
    // draws 300 ms of frames for it (maplibre/maplibre-gl-js#8348, fixed in MapLibre 6).
    transition: { duration: 0, delay: 0 },
    sources: {
      [SOURCES.provinces]: { type: 'geojson', data: EMPTY, attribution: BOUNDARY_ATTRIBUTION },
      [SOURCES.communes]: { type: 'geojson', data: EMPTY, promoteId: 'code' },
      [SOURCES.communeTiles]: { type: 'vector', tiles: [communeTilesUrl(null, '2G')], minzoom: 4, maxzoom: 14 },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#dfe5ea' } },
      {
        id: LAYER_IDS.land,
        type: 'fill',
        source: SOURCES.provinces,
        paint: { 'fill-color': '#f2efe6', 'fill-opacity': 1 },
      },
      {
        id: LAYER_IDS.communeFill,
        type: 'fill',
        source: SOURCES.communes,
        paint: { 'fill-color': '#cccccc', 'fill-opacity': 0.85 },
      },
      {
        id: LAYER_IDS.communeLine,
        type: 'line',
        source: SOURCES.communes,
        paint: {
          'line-color': '#6b6b6b',
          'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.2, 11, 0.8, 14, 1.5],
          'line-opacity': 0.7,
        },
      },
      tileLayer({
        id: LAYER_IDS.communeTileFill,
        type: 'fill',
        paint: { 'fill-color': '#cccccc', 'fill-opacity': 0.85 },
      }),
      tileLayer({
        id: LAYER_IDS.communeTileLine,
        type: 'line',
        paint: {
          'line-color': '#6b6b6b',
          'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.2, 11, 0.8, 14, 1.5],
          'line-opacity': 0.7,
        },
      }),
      {
        // Figures shared out of an old commune divided on 1 July 2025: an estimate, never shown as exact.
        id: LAYER_IDS.communeEstimated,
        type: 'line',
        source: SOURCES.communes,
        filter: ['==', ['get', 'estimated'], true],
        paint: {
          'line-color': '#5a2d82',
          'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.6, 11, 1.4],
          'line-dasharray': [2, 1.5],
        },
      },
      {
        id: LAYER_IDS.provinceLineCasing,
        type: 'line',
        source: SOURCES.provinces,
        paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1.5, 12, 4] },
      },
      {
        id: LAYER_IDS.provinceLine,
        type: 'line',
        source: SOURCES.provinces,
        paint: { 'line-color': '#3a3a3a', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.6, 12, 2] },
      },
      {
        // The commune whose row the pointer is on in the commune table.
        id: LAYER_IDS.communeHover,
        type: 'line',
        source: SOURCES.communes,
        filter: ['==', ['get', 'code'], ''],
        paint: { 'line-color': '#0072B2', 'line-width': 3 },
      },
      tileLayer({
        id: LAYER_IDS.communeTileHover,
        type: 'line',
        filter: ['==', ['get', 'code'], ''],
        paint: { 'line-color': '#0072B2', 'line-width': 3 },
      }),
      tileLayer({
        id: LAYER_IDS.communeTileSelected,
        type: 'line',
        filter: ['==', ['get', 'code'], ''],
        paint: { 'line-color': '#000000', 'line-width': 3.5 },
      }),
      {
        id: LAYER_IDS.communeSelected,
        type: 'line',
        source: SOURCES.communes,
        filter: ['==', ['get', 'code'], ''],
        paint: { 'line-color': '#000000', 'line-width': 3.5 },
      },
    ],
  };
}
