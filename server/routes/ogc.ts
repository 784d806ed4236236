// OGC API – Features (Part 1 Core, GeoJSON and HTML, OpenAPI 3.0) at /ogc, for the GIS staff of the
// departments and the carriers' planning tools: QGIS, GDAL/OGR's OAPIF driver and ArcGIS open it as
// they open pygeoapi or pg_featureserv. Landing page, conformance, collections, items with bbox,
// datetime, property filters and limit/offset paging, one feature by id; errors as OGC exceptions naming
// the parameter, in English and Vietnamese.
import { Hono, type Context } from 'hono';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { DomainError } from '../domain/errors.ts';
import { featureCollections, type CollectionDef } from '../domain/features.ts';
import type { CoverageService } from '../domain/coverage.ts';
import { formatOf, ogcError, onlyParams, parseDatetime, parseItemsQuery, parseSunset } from './ogc-params.ts';
import { collectionsHtml, itemsHtml, landingHtml, type Link } from './ogc-html.ts';
import { ogcOpenApi } from './ogc-openapi.ts';

const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
];
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const GEOJSON = 'application/geo+json';
const JSON_TYPE = 'application/json';
const HTML = 'text/html';

export function ogcRoutes(stores: Stores, coverage: CoverageService) {
  const collections = featureCollections(stores, coverage);
  const byId = new Map(collections.map((c) => [c.id, c]));
  const app = new Hono<AppEnv>();

  const origin = (c: Context) => new URL(c.req.url).origin;
  const link = (c: Context, path: string, rel: string, type: string, title: string, query = ''): Link => ({
    href: `${origin(c)}/ogc${path}${query ? `?${query}` : ''}`,
    rel,
    type,
    title,
  });
  const demo = () => stores.meta().demo;
  const format = (c: Context) => formatOf(c.req.query('f'), c.req.header('accept'));
  const only = (c: Context, allowed: string[]) => onlyParams(c.req.query(), allowed);

  const collection = (id: string): CollectionDef => {
    const def = byId.get(id);
    if (!def) throw new DomainError('not_found', `no collection ${id}`, `không có tập dữ liệu ${id}`, 'collectionId');
    return def;
  };

  const describe = (c: Context, def: CollectionDef) => {
    const extent = def.extent(stores);
    return {
      id: def.id,
      title: def.title,
      description: `${def.description} — ${def.title_vi}`,
      itemType: 'feature',
      crs: [CRS84],
      storageCrs: CRS84,
      extent: {
        ...(extent.bbox ? { spatial: { bbox: [extent.bbox], crs: CRS84 } } : {}),
        ...(def.temporal
          ? { temporal: { interval: [extent.interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } }
          : {}),
      },
      links: [
        link(c, `/collections/${def.id}`, 'self', JSON_TYPE, def.title),
        link(c, `/collections/${def.id}`, 'alternate', HTML, `${def.title} (HTML)`, 'f=html'),
        link(c, `/collections/${def.id}/items`, 'items', GEOJSON, `Features of ${def.id}`),
        link(c, `/collections/${def.id}/items`, 'items', HTML, `Features of ${def.id} (HTML)`, 'f=html'),
        link(
          c,
          `/collections/${def.id}/queryables`,
          'http://www.opengis.net/def/rel/ogc/1.0/queryables',
          'application/schema+json',
          'Queryables',
        ),
      ],
    };
  };

  app.onError(ogcError);

  app.get('/', (c) => {
    only(c, ['f']);
    const title = 'phusong — Phủ sóng';
    const description =
      "Viet Nam's 2G (and next, 3G) sunset: communes with the month's mobile figures, BTS sites, 4G coverage gaps and footprints, as OGC API – Features.";
    const links = [
      link(c, '', 'self', JSON_TYPE, 'This document'),
      link(c, '', 'alternate', HTML, 'This document (HTML)', 'f=html'),
      link(
        c,
        '/api',
        'service-desc',
        'application/vnd.oai.openapi+json;version=3.0',
        'The API definition (OpenAPI 3.0)',
      ),
      link(c, '/conformance', 'conformance', JSON_TYPE, 'Conformance classes'),
      link(c, '/collections', 'data', JSON_TYPE, 'The feature collections'),
    ];
    if (format(c) === 'html') return c.html(landingHtml(title, description, links, demo()));
    return c.json({ title, description, links });
  });

  app.get('/api', (c) => {
    only(c, ['f']);
    return c.json(ogcOpenApi(collections, `${origin(c)}/ogc`), 200, {
      'content-type': 'application/vnd.oai.openapi+json;version=3.0',
    });
  });

  app.get('/conformance', (c) => {
    only(c, ['f']);
    return c.json({ conformsTo: CONFORMANCE });
  });

  app.get('/collections', (c) => {
    only(c, ['f']);
    const list = collections.map((d) => describe(c, d));
    if (format(c) === 'html') return c.html(collectionsHtml(list, demo()));
    return c.json({
      links: [
        link(c, '/collections', 'self', JSON_TYPE, 'The feature collections'),
        link(c, '/collections', 'alternate', HTML, 'The feature collections (HTML)', 'f=html'),
      ],
      collections: list,
    });
  });

  app.get('/collections/:id', (c) => {
    only(c, ['f']);
    const d = describe(c, collection(c.req.param('id')));
    if (format(c) === 'html') return c.html(collectionsHtml([d], demo()));
    return c.json(d);
  });

  app.get('/collections/:id/queryables', (c) => {
    only(c, ['f']);
    const def = collection(c.req.param('id'));
    return c.json(
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `${origin(c)}/ogc/collections/${def.id}/queryables`,
        type: 'object',
        title: def.title,
        properties: Object.fromEntries(
          Object.entries(def.queryables).map(([k, q]) => [
            k,
            { type: q.type, description: q.description, ...(q.enum ? { enum: q.enum } : {}) },
          ]),
        ),
      },
      200,
      { 'content-type': 'application/schema+json' },
    );
  });

  app.get('/collections/:id/items', async (c) => {
    const def = collection(c.req.param('id'));
    const raw = c.req.query();
    const q = parseItemsQuery(raw, def, c.req.header('accept'));
    const all = await def.items(q);
    const features = all.page(q.offset, q.limit);
    const base = `/collections/${def.id}/items`;
    // Paging links carry every other parameter of the request as it was given.
    const withPage = (offset: number, f?: string) => {
      const p = new URLSearchParams({ ...raw, limit: String(q.limit), offset: String(offset), ...(f ? { f } : {}) });
      if (!f) p.delete('f');
      return p.toString();
    };
    const links: Link[] = [
      link(c, base, 'self', GEOJSON, 'This page', withPage(q.offset)),
      link(c, base, 'alternate', HTML, 'This page (HTML)', withPage(q.offset, 'html')),
      link(c, `/collections/${def.id}`, 'collection', JSON_TYPE, def.title),
    ];
    if (q.offset + q.limit < all.matched)
      links.push(link(c, base, 'next', GEOJSON, 'Next page', withPage(q.offset + q.limit)));
    if (q.offset > 0)
      links.push(link(c, base, 'prev', GEOJSON, 'Previous page', withPage(Math.max(0, q.offset - q.limit))));
    if (q.format === 'html') {
      const summary = `${features.length} of ${all.matched} features (from ${q.offset + 1})${demo() ? ' — demo data' : ''}`;
      return c.html(itemsHtml(def.title, features as never, summary, links, demo()));
    }
    return c.json(
      {
        type: 'FeatureCollection',
        features,
        numberMatched: all.matched,
        numberReturned: features.length,
        timeStamp: new Date().toISOString(),
        links,
        ...(demo() ? { demo: true } : {}),
      },
      200,
      { 'content-type': GEOJSON },
    );
  });

  app.get('/collections/:id/items/:featureId', async (c) => {
    const def = collection(c.req.param('id'));
    only(c, ['f', 'datetime', 'sunset']);
    const id = c.req.param('featureId');
    const f = await def.item(id, {
      bbox: null,
      time: parseDatetime(c.req.query('datetime'), def.temporal),
      filters: {},
      sunset: parseSunset(c.req.query('sunset')),
    });
    if (!f)
      throw new DomainError(
        'not_found',
        `no feature ${id} in ${def.id}`,
        `không có đối tượng ${id} trong ${def.id}`,
        'featureId',
      );
    const links = [
      link(c, `/collections/${def.id}/items/${encodeURIComponent(id)}`, 'self', GEOJSON, 'This feature'),
      link(c, `/collections/${def.id}`, 'collection', JSON_TYPE, def.title),
    ];
    if (format(c) === 'html') return c.html(itemsHtml(`${def.title}: ${id}`, [f as never], '', links, demo()));
    return c.json({ ...f, links }, 200, { 'content-type': GEOJSON });
  });

  return app;
}
