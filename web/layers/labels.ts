// Place-name labels drawn by deck.gl with the browser's own fonts, so they work offline and show every
// Vietnamese diacritic: district names when zoomed out, commune names when zoomed in.
import { TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { declutter, type Disc, type LabelDatum } from './placement.ts';

export interface LabelLayerProps {
  districts: LabelDatum[];
  communes: LabelDatum[];
  zoom: number;
  visible: boolean;
  /** Font scale (presentation mode enlarges labels). */
  scale?: number;
}

/** Zoom at which commune names replace district names. */
export const COMMUNE_LABEL_ZOOM = 10.5;

export function labelLayers({ districts, communes, zoom, visible, scale = 1 }: LabelLayerProps): Layer[] {
  const common = {
    visible,
    getPosition: (d: LabelDatum) => d.position,
    getText: (d: LabelDatum) => d.text,
    getPixelOffset: (d: LabelDatum) => d.offset ?? [0, 0],
    fontFamily: 'system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif',
    characterSet: 'auto' as const,
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    outlineWidth: 4,
    outlineColor: [255, 255, 255, 230] as [number, number, number, number],
    getColor: [30, 30, 30, 255] as [number, number, number, number],
    billboard: true,
  };
  const showCommunes = zoom >= COMMUNE_LABEL_ZOOM;
  return [
    new TextLayer<LabelDatum>({
      ...common,
      id: 'district-labels',
      data: showCommunes ? [] : districts,
      getSize: 14 * scale,
      fontWeight: 700,
    }),
    new TextLayer<LabelDatum>({
      ...common,
      id: 'commune-labels',
      data: showCommunes ? communes : [],
      getSize: 12 * scale,
    }),
  ];
}

/**
 * The place names of a map's view: province names zoomed out, commune names (without "Xã", "Phường")
 * zoomed in, each set decluttered at the map's camera and kept clear of `discs` (the site clusters drawn
 * with them). The main map and the compared one draw with it.
 */
export function placeNameLayers(
  map: Pick<MapLibreMap, 'getZoom' | 'project' | 'getCanvas'>,
  provinces: LabelDatum[],
  communes: { properties: { label: [number, number]; name: string } }[],
  visible: boolean,
  discs: Disc[] = [],
): Layer[] {
  const zoom = map.getZoom();
  const project = (p: [number, number]) => map.project(p);
  const size = { width: map.getCanvas().clientWidth, height: map.getCanvas().clientHeight };
  const named = (): LabelDatum[] =>
    communes.map((f) => ({
      position: f.properties.label,
      text: f.properties.name.replace(/^(Xã|Phường|Thị trấn) /, ''),
    }));
  return labelLayers({
    districts: zoom < COMMUNE_LABEL_ZOOM ? declutter(provinces, project, 14, size, discs) : [],
    communes: zoom >= COMMUNE_LABEL_ZOOM ? declutter(named(), project, 12, size, discs) : [],
    zoom,
    visible,
  });
}
