// The map's own style: no tiles, glyphs or sprites from the internet. A plain sea-coloured background,
// land drawn from today's province outlines (real boundaries, data/units-2025), and the commune
// choropleth and outlines above it; communes whose figures are estimated get a dashed outline. Labels are
// drawn by deck.gl (system fonts), so no glyph server is needed either. An online raster basemap can be
// added underneath when configured; nothing depends on it.
import type { StyleSpecification } from 'maplibre-gl';
import { BOUNDARY_ATTRIBUTION } from '../../common/unit-sets.ts';

export const SOURCES = { provinces: 'provinces', communes: 'communes', basemap: 'basemap' } as const;
export const LAYER_IDS = {
  land: 'land',
  communeFill: 'commune-fill',
  communeLine: 'commune-line',
  communeSelected: 'commune-selected',
  communeHover: 'commune-hover',
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

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/** The optional online basemap's layer, added under the land when the server names one. */
export function basemapLayer() {
  return { id: 'basemap', type: 'raster' as const, source: SOURCES.basemap };
}

export function buildStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      [SOURCES.provinces]: { type: 'geojson', data: EMPTY, attribution: BOUNDARY_ATTRIBUTION },
      [SOURCES.communes]: { type: 'geojson', data: EMPTY, promoteId: 'code' },
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
