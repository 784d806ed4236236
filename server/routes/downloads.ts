// Downloads at /downloads/{collection}.gpkg and .kml: every feature a request of OGC API – Features would
// page through, in one file a GIS opens (GeoPackage, WGS 84) or Google Earth shows (KML). Same filters as
// the items (bbox, datetime, the collection's properties, sunset); the file is built by a worker thread.
import { Hono } from 'hono';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import type { Pool } from '../workers/pool.ts';
import { DomainError } from '../domain/errors.ts';
import { areaBbox, featureCollections } from '../domain/features.ts';
import type { CoverageService } from '../domain/coverage.ts';
import { allMatching, DOWNLOAD_FORMATS, DOWNLOAD_TYPES, type DownloadFormat } from '../domain/downloads.ts';
import { bad, ogcError, onlyParams, parseItemsQuery, parseSunset } from './ogc-params.ts';
import { qgisProject } from '../domain/qgis-project.ts';

export function downloadRoutes(stores: Stores, coverage: CoverageService, pool: Pool) {
  const collections = new Map(featureCollections(stores, coverage).map((c) => [c.id, c]));
  const app = new Hono<AppEnv>();
  app.onError(ogcError);

  // "Mở trong QGIS": a project opening the OGC API and tile layers, styled as the page, over the area shown.
  app.get('/phusong.qgs', (c) => {
    const raw = c.req.query();
    onlyParams(raw, ['province_code', 'sunset']);
    const sunset = parseSunset(raw.sunset);
    const province = raw.province_code ? stores.units.province(raw.province_code) : null;
    if (raw.province_code && !province)
      throw bad('province_code', `unknown province ${raw.province_code}`, `không có tỉnh ${raw.province_code}`);
    const extent = areaBbox(stores, province?.code ?? null);
    const xml = qgisProject({
      origin: new URL(c.req.url).origin,
      sunset,
      extent,
      title: `phusong — ${province ? province.name : 'Việt Nam'}`,
      demo: stores.meta().demo,
    });
    return c.body(xml, 200, {
      'content-type': 'application/x-qgis-project; charset=utf-8',
      'content-disposition': `attachment; filename="phusong${province ? `-${province.code}` : ''}.qgs"`,
      'cache-control': 'no-store',
    });
  });

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
    const features = def.needsArea ? await allMatching(def, query) : undefined;
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
