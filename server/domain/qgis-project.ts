// "Mở trong QGIS": a QGIS project (.qgs) that opens phusong's OGC API – Features and vector tile layers
// styled as the page draws them — communes by the sunset's subscriber share in the page's classes and
// colours, sites by category, 4G gap cells — over the area the user was looking at. Written with
// fast-xml-parser's builder, so every name and URL is escaped as XML.
import { XMLBuilder } from 'fast-xml-parser';
import { CATEGORY_COLORS, GAP_RGBA, NO_DATA_COLOR, SHARE_BREAKS, YL_OR_RD } from '../../common/palette.ts';
import { SITE_CATEGORIES, type SiteCategory } from '../../common/site-state.ts';
import type { BBox } from '../db/units.ts';
import type { SunsetTech } from '../../common/sunsets.ts';
import { TILE_LAYERS } from './tiles.ts';

const CATEGORY_LABELS: Record<SiteCategory, string> = {
  '2g_off': 'Đã tắt 2G / 2G switched off',
  '4g_new': 'Trạm 4G mới / New 4G',
  '4g_upgraded': 'Nâng cấp 4G / Upgraded to 4G',
  '4g_active': '4G đang phát / Active 4G',
  '2g_active': 'Chỉ 2G/3G đang phát / Active 2G/3G only',
  planned: 'Kế hoạch / Planned',
  off: 'Ngừng phát / Off air',
};

export interface QgisProjectOptions {
  /** The server's origin as the user reaches it (http://host:port). */
  origin: string;
  sunset: SunsetTech;
  /** The area to open on (a province's extent, or the country's). */
  extent: BBox;
  title: string;
  demo: boolean;
}

/** "#rrggbb" or [r, g, b, a] → QGIS's "r,g,b,a". */
function qColor(c: string | readonly number[], alpha = 255): string {
  if (typeof c !== 'string') return c.join(',');
  const n = parseInt(c.slice(1), 16);
  return `${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha}`;
}

const options = (o: Record<string, string | number>) => ({
  Option: Object.entries(o).map(([name, value]) => ({ '@_type': 'QString', '@_name': name, '@_value': String(value) })),
  '@_type': 'Map',
});

const fillSymbol = (name: string, color: string, outline: string, outlineWidth = 0.1, alpha = 0.85) => ({
  '@_type': 'fill',
  '@_name': name,
  '@_alpha': alpha,
  '@_clip_to_extent': 1,
  '@_force_rhr': 0,
  layer: {
    '@_class': 'SimpleFill',
    '@_enabled': 1,
    '@_locked': 0,
    '@_pass': 0,
    Option: options({
      color,
      outline_color: outline,
      outline_width: outlineWidth,
      outline_style: 'solid',
      style: 'solid',
    }),
  },
});

const markerSymbol = (name: string, color: string) => ({
  '@_type': 'marker',
  '@_name': name,
  '@_alpha': 1,
  '@_clip_to_extent': 1,
  '@_force_rhr': 0,
  layer: {
    '@_class': 'SimpleMarker',
    '@_enabled': 1,
    '@_locked': 0,
    '@_pass': 0,
    Option: options({
      color,
      name: 'circle',
      size: 2.6,
      outline_color: '255,255,255,255',
      outline_width: 0.3,
      outline_style: 'solid',
    }),
  },
});

/** The page's classes of a sunset share: lower and upper bound and legend label of each. */
function shareClasses() {
  const b = [0, ...SHARE_BREAKS.share_sunset, 1.0001];
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  return YL_OR_RD.map((color, i) => ({
    color,
    lower: b[i]!,
    upper: b[i + 1]!,
    label:
      i === 0 ? `< ${pct(b[1]!)}` : i === YL_OR_RD.length - 1 ? `≥ ${pct(b[i]!)}` : `${pct(b[i]!)} – ${pct(b[i + 1]!)}`,
  }));
}

/** The choropleth of the page on a feature layer: a share in its five classes. */
function communesRenderer(attr: string) {
  const ranges = shareClasses().map((k, i) => ({
    '@_lower': k.lower,
    '@_upper': k.upper,
    '@_symbol': String(i),
    '@_label': k.label,
    '@_render': 'true',
  }));
  return {
    '@_type': 'graduatedSymbol',
    '@_attr': attr,
    '@_graduatedMethod': 'GraduatedColor',
    '@_symbollevels': 0,
    '@_enableorderby': 0,
    '@_forceraster': 0,
    ranges: { range: ranges },
    symbols: {
      symbol: YL_OR_RD.map((c, i) => fillSymbol(String(i), qColor(c), '255,255,255,255')),
    },
  };
}

function sitesRenderer() {
  return {
    '@_type': 'categorizedSymbol',
    '@_attr': 'category',
    '@_symbollevels': 0,
    '@_enableorderby': 0,
    '@_forceraster': 0,
    categories: {
      category: SITE_CATEGORIES.map((c, i) => ({
        '@_value': c,
        '@_symbol': String(i),
        '@_label': CATEGORY_LABELS[c],
        '@_render': 'true',
      })),
    },
    symbols: { symbol: SITE_CATEGORIES.map((c, i) => markerSymbol(String(i), qColor(CATEGORY_COLORS[c]))) },
  };
}

/** One style of a vector tile layer: polygons of `layer` matching `expression`, drawn with `symbol`. */
const tileStyle = (name: string, layer: string, expression: string, symbol: object) => ({
  '@_name': name,
  '@_layer': layer,
  '@_geometry': 2,
  '@_enabled': 1,
  '@_expression': expression,
  '@_min-zoom': -1,
  '@_max-zoom': -1,
  symbols: { symbol },
});

interface LayerSpec {
  id: string;
  name: string;
  kind: 'vector' | 'vector-tile';
  provider: string;
  datasource: string;
  geometry?: 'Polygon' | 'Point';
  visible: boolean;
  renderer: Record<string, unknown>;
}

const srs4326 = { spatialrefsys: { authid: 'EPSG:4326', srid: 4326, description: 'WGS 84', geographicflag: 'true' } };
const srs3857 = {
  spatialrefsys: { authid: 'EPSG:3857', srid: 3857, description: 'WGS 84 / Pseudo-Mercator', geographicflag: 'false' },
};

/** The OAPIF provider's data source: a collection of the OGC API, paged by QGIS as the map needs it. */
const oapif = (origin: string, collection: string) =>
  `pagingEnabled='true' preferCoordinatesForWfsT11='false' restrictToRequestBBOX='1' typename='${collection}' url='${origin}/ogc' version='OGC_API_FEATURES'`;

/** An XYZ vector tile source, written as QGIS writes it: the template's braces and the query's `=` encoded. */
const xyz = (origin: string, layer: keyof typeof TILE_LAYERS, query: string) => {
  const def = TILE_LAYERS[layer];
  const url = `${origin}/tiles/${layer}/%7Bz%7D/%7Bx%7D/%7By%7D.mvt${query ? `?${query.replace(/=/g, '%3D')}` : ''}`;
  return `styleUrl=&type=xyz&url=${url}&zmax=${def.maxzoom}&zmin=${def.minzoom}`;
};

function mapLayer(l: LayerSpec) {
  return {
    '@_type': l.kind,
    ...(l.geometry ? { '@_geometry': l.geometry } : {}),
    '@_autoRefreshEnabled': 0,
    id: l.id,
    datasource: l.datasource,
    layername: l.name,
    srs: l.kind === 'vector' ? srs4326 : srs3857,
    provider: { '@_encoding': 'UTF-8', '#text': l.provider },
    ...(l.kind === 'vector' ? { 'renderer-v2': l.renderer } : { renderer: l.renderer }),
  };
}

export function qgisProject(o: QgisProjectOptions): string {
  const q = o.sunset === '2G' ? '' : `sunset=${o.sunset}`;
  const layers: LayerSpec[] = [
    {
      id: 'phusong_communes_tiles',
      name: `Xã, phường — thuê bao mất sóng khi tắt ${o.sunset} (ô vector, tháng mới nhất) / Subscribers losing service at the ${o.sunset} sunset`,
      kind: 'vector-tile',
      provider: 'xyzvectortiles',
      datasource: xyz(o.origin, 'communes', q),
      visible: true,
      renderer: {
        '@_type': 'basic',
        styles: {
          style: [
            tileStyle(
              'no-data',
              'communes',
              '"share_sunset" IS NULL',
              fillSymbol('0', qColor(NO_DATA_COLOR), '255,255,255,255'),
            ),
            ...shareClasses().map((k, i) =>
              tileStyle(
                k.label,
                'communes',
                `"share_sunset" >= ${k.lower} AND "share_sunset" < ${k.upper}`,
                fillSymbol('0', qColor(k.color), '255,255,255,255'),
              ),
            ),
          ],
        },
      },
    },
    {
      id: 'phusong_communes',
      name: 'Xã, phường — tỷ lệ thuê bao 2G (OGC API, có thuộc tính) / 2G subscriber share (OGC API, with attributes)',
      kind: 'vector',
      provider: 'OAPIF',
      datasource: oapif(o.origin, 'communes'),
      geometry: 'Polygon',
      visible: false,
      renderer: communesRenderer('share_2g'),
    },
    {
      id: 'phusong_sites',
      name: 'Trạm BTS hôm nay / BTS sites today',
      kind: 'vector',
      provider: 'OAPIF',
      datasource: oapif(o.origin, 'sites'),
      geometry: 'Point',
      visible: true,
      renderer: sitesRenderer(),
    },
    {
      id: 'phusong_gaps_tiles',
      name: 'Vùng lõm sóng 4G (ô vector) / 4G gaps (vector tiles)',
      kind: 'vector-tile',
      provider: 'xyzvectortiles',
      datasource: xyz(o.origin, 'gaps', ''),
      visible: true,
      renderer: {
        '@_type': 'basic',
        styles: {
          style: tileStyle('gaps', 'gaps', '', fillSymbol('0', qColor(GAP_RGBA), '0,0,0,0', 0, GAP_RGBA[3] / 255)),
        },
      },
    },
  ];
  const [w, s, e, n] = o.extent;
  const merc = (lon: number, lat: number) => [
    (lon * 20037508.34) / 180,
    (Math.log(Math.tan(((90 + lat) * Math.PI) / 360)) * 20037508.34) / Math.PI,
  ];
  const [xmin, ymin] = merc(w, s);
  const [xmax, ymax] = merc(e, n);
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    qgis: {
      '@_projectname': o.title,
      '@_version': '3.28.0-Firenze',
      title: o.title + (o.demo ? ' — DỮ LIỆU MINH HOẠ / DEMO DATA' : ''),
      projectCrs: srs3857,
      'layer-tree-group': {
        'layer-tree-layer': layers.map((l) => ({
          '@_id': l.id,
          '@_name': l.name,
          '@_providerKey': l.provider,
          '@_source': l.datasource,
          '@_checked': l.visible ? 'Qt::Checked' : 'Qt::Unchecked',
          '@_expanded': 1,
        })),
      },
      mapcanvas: {
        '@_name': 'theMapCanvas',
        units: 'meters',
        extent: { xmin, ymin, xmax, ymax },
        destinationsrs: srs3857,
      },
      projectlayers: { maplayer: layers.map(mapLayer) },
    },
  };
  return new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    suppressEmptyNode: true,
  }).build(doc);
}
