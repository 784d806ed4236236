// deck.gl layers for BTS sites: single sites as shaped, coloured icons; clusters (zoomed out) as grey
// discs sized by count with the count written on them.
import { IconLayer, ScatterplotLayer, TextLayer, type IconLayerProps } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { SiteCategory } from '../../common/site-state.ts';
import { iconAtlas } from './site-icons.ts';

export interface SitePoint {
  kind: 'site';
  id: number;
  position: [number, number];
  category: SiteCategory;
  operator: string;
  site_code: string;
  name: string | null;
  on_air: string[];
}
export interface ClusterPoint {
  kind: 'cluster';
  id: number;
  position: [number, number];
  count: number;
  expansionZoom: number;
  counts: Partial<Record<SiteCategory, number>>;
}
export type SiteDatum = SitePoint | ClusterPoint;

export interface SiteLayerProps {
  data: SiteDatum[];
  selectedId: number | null;
  visible: boolean;
  /** Icon size in pixels (default 18; presentation mode uses more). */
  iconSize?: number;
  /** Sites marked for 2G switch-off in a what-if: drawn with a red ring. */
  marked?: Set<number>;
}

/** A cluster's disc radius in pixels (its white ring included): labels are kept clear of it. */
export const clusterRadius = (count: number) => Math.min(34, 9 + 1.6 * Math.sqrt(count)) + 1;

/** The discs of the clusters among `data`, for the place names to keep clear of. */
export const clusterDiscs = (data: SiteDatum[]) =>
  data.filter((d) => d.kind === 'cluster').map((d) => ({ position: d.position, radius: clusterRadius(d.count) }));

export function siteLayers({ data, selectedId, visible, iconSize = 18, marked }: SiteLayerProps): Layer[] {
  const sites = data.filter((d): d is SitePoint => d.kind === 'site');
  const clusters = data.filter((d): d is ClusterPoint => d.kind === 'cluster');
  const atlas = iconAtlas();
  const ringed = marked && marked.size > 0 ? sites.filter((s) => marked.has(s.id)) : [];
  return [
    new ScatterplotLayer<SitePoint>({
      id: 'site-marks',
      data: ringed,
      visible,
      getPosition: (d) => d.position,
      getRadius: iconSize,
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      getLineColor: [213, 0, 0, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
    }),
    new ScatterplotLayer<ClusterPoint>({
      id: 'site-clusters',
      data: clusters,
      visible,
      pickable: true,
      getPosition: (d) => d.position,
      // The ring is drawn across the disc's edge: the fill's radius is one pixel inside clusterRadius.
      getRadius: (d) => clusterRadius(d.count) - 1,
      radiusUnits: 'pixels',
      getFillColor: [45, 45, 60, 170],
      getLineColor: [255, 255, 255, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      stroked: true,
    }),
    new TextLayer<ClusterPoint>({
      id: 'site-cluster-counts',
      data: clusters,
      visible,
      getPosition: (d) => d.position,
      getText: (d) => String(d.count),
      getSize: 13,
      getColor: [255, 255, 255, 255],
      fontFamily: 'system-ui, sans-serif',
      fontWeight: 700,
      characterSet: '0123456789',
    }),
    new IconLayer<SitePoint>({
      id: 'sites',
      data: sites,
      visible,
      pickable: true,
      // deck.gl turns any image source into a texture (its 'image' prop type); its typings only name string | Texture.
      iconAtlas: atlas.image as unknown as IconLayerProps<SitePoint>['iconAtlas'],
      iconMapping: atlas.mapping,
      getIcon: (d) => d.category,
      getPosition: (d) => d.position,
      getSize: (d) => (d.id === selectedId ? iconSize * 1.7 : iconSize),
      sizeUnits: 'pixels',
      updateTriggers: { getSize: [selectedId, iconSize] },
    }),
  ];
}
