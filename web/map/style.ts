// The map's own style: no tiles, glyphs or sprites from the internet. A plain sea-coloured background,
// land drawn from our district polygons, and the commune choropleth and outlines above it. Labels are
// drawn by deck.gl (system fonts), so no glyph server is needed either. An online raster basemap can be
// added underneath when configured; nothing depends on it.
import type { StyleSpecification } from 'maplibre-gl';

export const SOURCES = { districts: 'districts', communes: 'communes', basemap: 'basemap' } as const;
export const LAYER_IDS = {
  land: 'land',
  communeFill: 'commune-fill',
  communeLine: 'commune-line',
  communeSelected: 'commune-selected',
  districtLine: 'district-line',
  districtLineCasing: 'district-line-casing',
} as const;

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

export function buildStyle(basemapUrl: string | null): StyleSpecification {
  return {
    version: 8,
    sources: {
      [SOURCES.districts]: { type: 'geojson', data: EMPTY },
      [SOURCES.communes]: { type: 'geojson', data: EMPTY, promoteId: 'code' },
      ...(basemapUrl
        ? { [SOURCES.basemap]: { type: 'raster' as const, tiles: [basemapUrl], tileSize: 256, attribution: '' } }
        : {}),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#cfe0ea' } },
      ...(basemapUrl ? [{ id: 'basemap', type: 'raster' as const, source: SOURCES.basemap }] : []),
      {
        id: LAYER_IDS.land,
        type: 'fill',
        source: SOURCES.districts,
        paint: { 'fill-color': '#f2efe6', 'fill-opacity': basemapUrl ? 0.4 : 1 },
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
      {
        id: LAYER_IDS.districtLineCasing,
        type: 'line',
        source: SOURCES.districts,
        paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1.5, 12, 4] },
      },
      {
        id: LAYER_IDS.districtLine,
        type: 'line',
        source: SOURCES.districts,
        paint: { 'line-color': '#3a3a3a', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.6, 12, 2] },
      },
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
