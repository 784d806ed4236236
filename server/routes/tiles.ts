// Vector tiles at /tiles/{layer}/{z}/{x}/{y}.mvt and their TileJSON at /tiles/{layer}.json, as Martin or
// pg_tileserv serve them: MapLibre, QGIS ("Vector Tiles" connection) and GDAL's MVT driver read them.
// A tile is cut and encoded by a worker thread and kept per data revision with its ETag (the response
// cache), so a map panning over the country costs each tile once.
import { Hono, type Context } from 'hono';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import type { Pool } from '../workers/pool.ts';
import { DomainError } from '../domain/errors.ts';
import { areaBbox, featureCollections } from '../domain/features.ts';
import type { CoverageService } from '../domain/coverage.ts';
import { TILE_LAYERS, tileFeatures, type TileLayerDef, type TileRequest } from '../domain/tiles.ts';
import { bad, ogcError, onlyParams, parseDatetime, parseSunset } from './ogc-params.ts';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

function layerOf(id: string): TileLayerDef {
  const def = (TILE_LAYERS as Record<string, TileLayerDef>)[id];
  if (!def)
    throw new DomainError(
      'not_found',
      `no tile layer ${id}: use ${Object.keys(TILE_LAYERS).join(', ')}`,
      `không có lớp ô bản đồ ${id}: dùng ${Object.keys(TILE_LAYERS).join(', ')}`,
      'layer',
    );
  return def;
}

/** The query a tile or its TileJSON takes: the time of its collection and the sunset; nothing else. */
function tileQuery(c: Context, def: TileLayerDef): Pick<TileRequest, 'time' | 'sunset'> {
  onlyParams(c.req.query(), ['datetime', 'sunset']);
  return {
    time: parseDatetime(c.req.query('datetime'), def.time === 'month' ? 'month' : 'day'),
    sunset: parseSunset(c.req.query('sunset')),
  };
}

function coordinate(name: string, raw: string, max: number): number {
  if (!/^\d{1,8}$/.test(raw) || Number(raw) > max)
    throw bad(name, `expected a whole number from 0 to ${max}`, `cần số nguyên từ 0 đến ${max}`);
  return Number(raw);
}

export function tileRoutes(stores: Stores, coverage: CoverageService, pool: Pool) {
  const gaps = featureCollections(stores, coverage).find((c) => c.id === 'gaps')!;
  const app = new Hono<AppEnv>();
  app.onError(ogcError);

  app.get('/:file{[a-z]+\\.json}', (c) => {
    const def = layerOf(c.req.param('file').replace(/\.json$/, ''));
    tileQuery(c, def);
    const origin = new URL(c.req.url).origin;
    const query = new URL(c.req.url).search;
    const bounds = areaBbox(stores, null);
    return c.json({
      tilejson: '3.0.0',
      name: `phusong ${def.id}`,
      description: `${def.title} — ${def.title_vi}${stores.meta().demo ? ' (demo data / dữ liệu minh hoạ)' : ''}`,
      attribution: 'phusong; boundaries: Viet Nam administrative units in force since 1 July 2025',
      scheme: 'xyz',
      tiles: [`${origin}/tiles/${def.id}/{z}/{x}/{y}.mvt${query}`],
      minzoom: def.minzoom,
      maxzoom: def.maxzoom,
      bounds,
      center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, def.minzoom + 2],
      vector_layers: [
        { id: def.id, description: def.title, minzoom: def.minzoom, maxzoom: def.maxzoom, fields: def.fields },
      ],
    });
  });

  app.get('/:layer/:z/:x/:y{[0-9]+\\.mvt}', async (c) => {
    const def = layerOf(c.req.param('layer'));
    const z = coordinate('z', c.req.param('z'), def.maxzoom);
    if (z < def.minzoom)
      throw bad('z', `${def.id} tiles start at zoom ${def.minzoom}`, `ô lớp ${def.id} bắt đầu từ mức ${def.minzoom}`);
    const x = coordinate('x', c.req.param('x'), 2 ** z - 1);
    const y = coordinate('y', c.req.param('y').replace(/\.mvt$/, ''), 2 ** z - 1);
    const t: TileRequest = { layer: def.id, z, x, y, ...tileQuery(c, def) };
    // Gap cells come from the request thread's coverage cache (computed by a worker where missing).
    const features = def.id === 'gaps' ? await tileFeatures(gaps, t) : undefined;
    const signal = c.req.raw.signal;
    const bytes = await pool.run('vectorTile', { ...t, features }, undefined, signal);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': MVT_TYPE });
  });

  return app;
}
