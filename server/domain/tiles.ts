// Mapbox Vector Tiles of the published collections (communes with a month's figures, BTS sites at a day,
// 4G gap cells), cut with geojson-vt and encoded with vt-pbf — the libraries MapLibre itself uses — so a
// map at national or regional zoom loads the few tiles in view instead of every province's GeoJSON, and
// QGIS or GDAL read them as any XYZ vector tile layer. Encoding runs in a worker thread (TASKS.vectorTile).
import type { Feature } from 'geojson';
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { BBox } from '../db/units.ts';
import type { SunsetTech } from '../../common/sunsets.ts';
import type { CollectionDef } from './features.ts';

export const TILE_EXTENT = 4096;
/** Tile buffer, in tile units: features are cut this far outside the tile so strokes join across edges. */
const BUFFER = 64;

export interface TileLayerDef {
  id: 'communes' | 'sites' | 'gaps';
  /** The feature collection the tiles are cut from (server/domain/features.ts). */
  collection: string;
  title: string;
  title_vi: string;
  minzoom: number;
  maxzoom: number;
  /** Which time parameter the layer takes. */
  time: 'month' | 'date';
  fields: Record<string, string>;
}

export const TILE_LAYERS: Record<TileLayerDef['id'], TileLayerDef> = {
  communes: {
    id: 'communes',
    collection: 'communes',
    title: "Today's communes with a month's figures",
    title_vi: 'Xã, phường hiện hành với số liệu tháng',
    minzoom: 4,
    maxzoom: 14,
    time: 'month',
    fields: {
      code: 'String: GSO commune code',
      name: 'String',
      unit_type: 'String: Xã, Phường, Đặc khu',
      province_code: 'String',
      month: 'String: YYYY-MM of the figures',
      subscribers: 'Number',
      subscribers_2g: 'Number',
      share_2g: 'Number: 0–1',
      subscribers_3g: 'Number',
      share_3g: 'Number: 0–1',
      subscribers_no_volte: 'Number',
      subscribers_sunset: 'Number: of the chosen sunset',
      share_sunset: 'Number: 0–1, of the chosen sunset',
      households_without_smartphone: 'Number',
      share_smartphone: 'Number: 0–1',
      estimated: 'Boolean: carried across the 2025 reform',
      label_lon: 'Number: where the name goes',
      label_lat: 'Number',
    },
  },
  sites: {
    id: 'sites',
    collection: 'sites',
    title: 'BTS sites at a day',
    title_vi: 'Trạm BTS tại một ngày',
    // Below zoom 8 a tile of 100,000 sites is megabytes: the page clusters them, a GIS zooms in.
    minzoom: 8,
    maxzoom: 16,
    time: 'date',
    fields: {
      id: 'Number',
      operator: 'String',
      site_code: 'String',
      name: 'String',
      province_code: 'String',
      commune_code: 'String',
      category: 'String: map category at the day',
      on_air: 'String: technologies on air, comma-separated',
    },
  },
  gaps: {
    id: 'gaps',
    collection: 'gaps',
    title: '4G coverage gaps (H3 cells)',
    title_vi: 'Vùng lõm sóng 4G (ô H3)',
    // Coverage is computed province by province: a zoom-10 tile touches a few at most.
    minzoom: 10,
    maxzoom: 14,
    time: 'date',
    fields: { cell: 'String: H3 index', commune_code: 'String', province_code: 'String', date: 'String' },
  },
};

/** The tile's extent in longitude and latitude, grown by the tile buffer (features just outside matter). */
export function tileBbox(z: number, x: number, y: number, buffer = BUFFER / TILE_EXTENT): BBox {
  const n = 2 ** z;
  const lon = (px: number) => (px / n) * 360 - 180;
  const lat = (py: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * py) / n))) * 180) / Math.PI;
  const w = Math.max(-180, lon(x - buffer));
  const e = Math.min(180, lon(x + 1 + buffer));
  const north = Math.min(85.0511, lat(Math.max(0, y - buffer)));
  const s = Math.max(-85.0511, lat(Math.min(n, y + 1 + buffer)));
  return [w, s, e, north];
}

/** Cuts features to one tile and encodes it as an MVT layer named `layer` (an empty tile: zero bytes). */
export function encodeTile(layer: string, features: Feature[], z: number, x: number, y: number): Uint8Array {
  if (features.length === 0) return new Uint8Array(0);
  const tile = geoJSONToTile({ type: 'FeatureCollection', features: features.map(flat) }, z, x, y, {
    extent: TILE_EXTENT,
    buffer: BUFFER,
    clip: true,
    wrap: false,
    maxZoom: 16,
  });
  if (!tile || tile.features.length === 0) return new Uint8Array(0);
  return fromGeojsonVt({ [layer]: tile }, { version: 2, extent: TILE_EXTENT });
}

/** MVT values are strings, numbers or booleans: nulls are left out (a missing key reads as no value). */
function flat(f: Feature): Feature {
  const properties: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(f.properties ?? {})) {
    if (v === null || v === undefined) continue;
    properties[k] = typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
  }
  return { type: 'Feature', id: typeof f.id === 'number' ? f.id : undefined, geometry: f.geometry, properties };
}

export interface TileRequest {
  layer: TileLayerDef['id'];
  z: number;
  x: number;
  y: number;
  /** YYYY-MM (communes) or YYYY-MM-DD (sites, gaps); null: the latest month, today. */
  time: string | null;
  sunset: SunsetTech;
}

/** Every feature of a layer's collection that may show in a tile. */
export async function tileFeatures(collection: CollectionDef, t: TileRequest): Promise<Feature[]> {
  const matches = await collection.items({
    bbox: tileBbox(t.z, t.x, t.y),
    time: t.time,
    filters: {},
    sunset: t.sunset,
  });
  return matches.page(0, matches.matched);
}
