// Downloads at /downloads/{collection}.gpkg and .kml: every feature a request of OGC API – Features would
// page through, in one file a GIS opens (GeoPackage, WGS 84) or Google Earth shows (KML). Same filters as
// the items (bbox, datetime, the collection's properties, sunset); the file is built by a worker thread.
import { Hono } from 'hono';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import type { Pool } from '../workers/pool.ts';
import { DomainError } from '../domain/errors.ts';
import { featureCollections } from '../domain/features.ts';
import type { CoverageService } from '../domain/coverage.ts';
import { checkDownloadSize, DOWNLOAD_FORMATS, DOWNLOAD_TYPES, type DownloadFormat } from '../domain/downloads.ts';
import { bad, ogcError, parseItemsQuery } from './ogc-params.ts';

export function downloadRoutes(stores: Stores, coverage: CoverageService, pool: Pool) {
  const collections = new Map(featureCollections(stores, coverage).map((c) => [c.id, c]));
  const app = new Hono<AppEnv>();
  app.onError(ogcError);

  app.get('/:file{[a-z0-9-]+\\.(gpkg|kml)}', async (c) => {
    const file = c.req.param('file');
    const id = file.replace(/\.(gpkg|kml)$/, '');
    const format = file.slice(id.length + 1) as DownloadFormat;
    const def = collections.get(id);
    if (!def || !DOWNLOAD_FORMATS.includes(format))
      throw new DomainError(
        'not_found',
        `no collection ${id}: use ${[...collections.keys()].join(', ')}`,
        `không có tập dữ liệu ${id}: dùng ${[...collections.keys()].join(', ')}`,
        'collectionId',
      );
    const raw = c.req.query();
    for (const k of ['limit', 'offset', 'f'])
      if (raw[k] !== undefined)
        throw bad(
          k,
          'a download holds every matching feature: no paging',
          'tệp tải về chứa mọi đối tượng khớp: không chia trang',
        );
    const { bbox, time, filters, sunset } = parseItemsQuery(raw, def, undefined);
    const query = { bbox, time, filters, sunset };
    // Gap cells and footprints come from the request thread's coverage cache.
    let features;
    if (def.needsArea) {
      const matches = await def.items(query);
      checkDownloadSize(def, matches.matched);
      features = matches.page(0, matches.matched);
    }
    const bytes = await pool.run(
      'download',
      { collection: def.id, query, format, features },
      undefined,
      c.req.raw.signal,
    );
    const name = `phusong-${def.id}${time ? `-${time}` : ''}${filters.province_code ? `-${filters.province_code}` : ''}.${format}`;
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': DOWNLOAD_TYPES[format],
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    });
  });

  return app;
}
