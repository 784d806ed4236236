// deck.gl layers of the coverage analysis: gap cells as H3 hexagons, site footprints as discs or sector
// wedges (the same shapes the server's model uses), and the hypothetical sites of a what-if.
import { GAP_RGBA } from '../../common/palette.ts';
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { SolidPolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { footprintPolygons, type Footprint } from '../../common/footprint.ts';

export interface FootprintDatum {
  siteId: number;
  polygon: [number, number][];
  provenance: Footprint['provenance'];
}

/** Footprint polygons from the API's points (radius, sectors), one datum per disc or wedge. */
export function footprintData(
  features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[],
): FootprintDatum[] {
  return features.flatMap((f) => {
    const p = f.properties;
    const fp: Footprint = {
      siteId: p.site_id as number,
      tech: '4G',
      lon: f.geometry.coordinates[0]!,
      lat: f.geometry.coordinates[1]!,
      radiusKm: p.radius_km as number,
      sectors: (p.sectors as Footprint['sectors']) ?? null,
      bandMhz: p.band_mhz as number,
      provenance: p.provenance as Footprint['provenance'],
    };
    return footprintPolygons(fp, 32).map((poly) => ({
      siteId: fp.siteId,
      polygon: poly.coordinates[0]! as [number, number][],
      provenance: fp.provenance,
    }));
  });
}

export interface CoverageLayerProps {
  gaps: string[];
  footprints: FootprintDatum[];
  showGaps: boolean;
  showFootprints: boolean;
  hypothetical: { lon: number; lat: number; radiusKm?: number }[];
  /** An evaluated what-if: the gaps it closes (green), cells left without any service (dark red), its footprints. */
  scenario: { closed: string[]; lost: string[]; footprints: FootprintDatum[] } | null;
}

/** H3 cells filled in one colour. */
const cellLayer = (id: string, cells: string[], color: [number, number, number, number], visible = true) =>
  new H3HexagonLayer<string>({
    id,
    data: cells,
    visible,
    getHexagon: (d) => d,
    getFillColor: color,
    extruded: false,
    stroked: false,
    highPrecision: 'auto',
  });

export function coverageLayers(p: CoverageLayerProps): Layer[] {
  return [
    new SolidPolygonLayer<FootprintDatum>({
      id: 'footprints',
      data: p.footprints,
      visible: p.showFootprints,
      getPolygon: (d) => d.polygon,
      // Declared radii in purple so the carrier's own figures stand out from the model's.
      getFillColor: (d) => (d.provenance === 'modelled' ? [0, 114, 178, 28] : [120, 60, 170, 40]),
      updateTriggers: { getFillColor: [p.footprints.length] },
    }),
    cellLayer('gaps', p.gaps, GAP_RGBA, p.showGaps),
    new SolidPolygonLayer<FootprintDatum>({
      id: 'whatif-footprints',
      data: p.scenario?.footprints ?? [],
      getPolygon: (d) => d.polygon,
      getFillColor: [0, 114, 178, 45],
    }),
    cellLayer('whatif-closed', p.scenario?.closed ?? [], [0, 158, 115, 190]),
    cellLayer('whatif-lost', p.scenario?.lost ?? [], [110, 0, 40, 200]),
    new ScatterplotLayer<{ lon: number; lat: number }>({
      id: 'hypothetical-sites',
      data: p.hypothetical,
      getPosition: (d) => [d.lon, d.lat],
      getRadius: 9,
      radiusUnits: 'pixels',
      getFillColor: [255, 255, 255, 255],
      getLineColor: [0, 114, 178, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 4,
      stroked: true,
    }),
  ];
}
