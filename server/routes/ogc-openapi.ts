// The OpenAPI 3.0 description of /ogc (OGC API – Features Part 1 asks for 3.0; the product API at /api is
// described in 3.1 from its zod schemas). Built from the collections, so a new collection or queryable is
// described without anyone writing it twice.
import type { CollectionDef } from '../domain/features.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './ogc-params.ts';

const json = (ref: string, type = 'application/json') => ({ content: { [type]: { schema: { $ref: ref } } } });
const html = { 'text/html': { schema: { type: 'string' } } };

export function ogcOpenApi(collections: CollectionDef[], serverUrl: string) {
  const link = {
    type: 'object',
    required: ['href', 'rel'],
    properties: {
      href: { type: 'string' },
      rel: { type: 'string' },
      type: { type: 'string' },
      title: { type: 'string' },
    },
  };
  const paths: Record<string, unknown> = {
    '/': {
      get: {
        operationId: 'getLandingPage',
        summary: 'Landing page',
        tags: ['Capabilities'],
        parameters: [{ $ref: '#/components/parameters/f' }],
        responses: {
          '200': {
            description: 'The landing page',
            content: { ...json('#/components/schemas/landingPage').content, ...html },
          },
          '400': { $ref: '#/components/responses/InvalidParameter' },
        },
      },
    },
    '/conformance': {
      get: {
        operationId: 'getConformance',
        summary: 'The conformance classes implemented',
        tags: ['Capabilities'],
        parameters: [{ $ref: '#/components/parameters/f' }],
        responses: { '200': { description: 'Conformance classes', ...json('#/components/schemas/confClasses') } },
      },
    },
    '/collections': {
      get: {
        operationId: 'getCollections',
        summary: 'The feature collections',
        tags: ['Capabilities'],
        parameters: [{ $ref: '#/components/parameters/f' }],
        responses: {
          '200': {
            description: 'Collections',
            content: { ...json('#/components/schemas/collections').content, ...html },
          },
        },
      },
    },
  };
  for (const c of collections) {
    const filters = Object.entries(c.queryables).map(([name, q]) => ({
      name,
      in: 'query',
      required: false,
      description: q.description,
      schema: { type: q.type, ...(q.enum ? { enum: [...q.enum] } : {}) },
      style: 'form',
      explode: false,
    }));
    const base = `/collections/${c.id}`;
    paths[base] = {
      get: {
        operationId: `describe_${c.id.replace(/\W/g, '_')}`,
        summary: c.title,
        tags: [c.id],
        parameters: [{ $ref: '#/components/parameters/f' }],
        responses: {
          '200': {
            description: c.description,
            content: { ...json('#/components/schemas/collection').content, ...html },
          },
        },
      },
    };
    paths[`${base}/items`] = {
      get: {
        operationId: `items_${c.id.replace(/\W/g, '_')}`,
        summary: `Features of ${c.id}`,
        description: c.description,
        tags: [c.id],
        parameters: [
          { $ref: '#/components/parameters/f' },
          ...(c.table ? [] : [{ $ref: '#/components/parameters/bbox' }, { $ref: '#/components/parameters/bbox-crs' }]),
          { $ref: '#/components/parameters/limit' },
          { $ref: '#/components/parameters/offset' },
          ...(c.temporal ? [{ $ref: '#/components/parameters/datetime' }] : []),
          { $ref: '#/components/parameters/sunset' },
          ...filters,
        ],
        responses: {
          '200': {
            description: 'A page of features (numberMatched, numberReturned, next link)',
            content: { ...json('#/components/schemas/featureCollection', 'application/geo+json').content, ...html },
          },
          '400': { $ref: '#/components/responses/InvalidParameter' },
        },
      },
    };
    paths[`${base}/items/{featureId}`] = {
      get: {
        operationId: `item_${c.id.replace(/\W/g, '_')}`,
        summary: `One feature of ${c.id}`,
        tags: [c.id],
        parameters: [
          { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
          { $ref: '#/components/parameters/f' },
          ...(c.temporal ? [{ $ref: '#/components/parameters/datetime' }] : []),
          { $ref: '#/components/parameters/sunset' },
        ],
        responses: {
          '200': { description: 'The feature', ...json('#/components/schemas/feature', 'application/geo+json') },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
    };
    paths[`${base}/queryables`] = {
      get: {
        operationId: `queryables_${c.id.replace(/\W/g, '_')}`,
        summary: `The properties ${c.id} can be filtered on`,
        tags: [c.id],
        responses: {
          '200': {
            description: 'A JSON Schema of the queryables',
            content: { 'application/schema+json': { schema: { type: 'object' } } },
          },
        },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'phusong — OGC API – Features',
      version: '1.0.0',
      description:
        "Viet Nam's communes with the month's mobile figures, BTS sites with their state at a date, 4G gap cells and footprints, for GIS clients (QGIS, GDAL's OAPIF driver, ArcGIS). Demo data is labelled as such.",
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      parameters: {
        f: {
          name: 'f',
          in: 'query',
          required: false,
          description: 'Encoding: json (GeoJSON for features) or html',
          schema: { type: 'string', enum: ['json', 'html'] },
        },
        bbox: {
          name: 'bbox',
          in: 'query',
          required: false,
          description: 'minLon,minLat,maxLon,maxLat in WGS 84 (CRS84)',
          schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
          style: 'form',
          explode: false,
        },
        'bbox-crs': {
          name: 'bbox-crs',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'] },
        },
        limit: {
          name: 'limit',
          in: 'query',
          required: false,
          description: `Features per page (default ${DEFAULT_LIMIT}; more than ${MAX_LIMIT} is capped, with a next link)`,
          schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
        },
        offset: {
          name: 'offset',
          in: 'query',
          required: false,
          description: 'Features to skip (the next link carries it)',
          schema: { type: 'integer', minimum: 0, default: 0 },
        },
        datetime: {
          name: 'datetime',
          in: 'query',
          required: false,
          description:
            'An RFC 3339 instant or interval: the month of figures (communes) or the day the stations are taken at (sites, gaps, footprints); an interval counts as its end',
          schema: { type: 'string' },
        },
        sunset: {
          name: 'sunset',
          in: 'query',
          required: false,
          description: 'The sunset programme of subscribers_sunset / share_sunset: 2G (default) or 3G',
          schema: { type: 'string', enum: ['2G', '3G'] },
        },
      },
      responses: {
        InvalidParameter: {
          description: 'A parameter is malformed or unknown',
          ...json('#/components/schemas/exception'),
        },
        NotFound: { description: 'No such collection or feature', ...json('#/components/schemas/exception') },
      },
      schemas: {
        link,
        exception: {
          type: 'object',
          required: ['code'],
          properties: {
            code: { type: 'string' },
            description: { type: 'string' },
            description_vi: { type: 'string' },
            parameter: { type: 'string' },
          },
        },
        landingPage: {
          type: 'object',
          required: ['links'],
          properties: {
            title: { type: 'string' },
            description: { type: 'string' },
            links: { type: 'array', items: { $ref: '#/components/schemas/link' } },
          },
        },
        confClasses: {
          type: 'object',
          required: ['conformsTo'],
          properties: { conformsTo: { type: 'array', items: { type: 'string' } } },
        },
        collection: {
          type: 'object',
          required: ['id', 'links'],
          properties: {
            id: { type: 'string' },
            title: { type: 'string' },
            description: { type: 'string' },
            itemType: { type: 'string' },
            crs: { type: 'array', items: { type: 'string' } },
            extent: { type: 'object' },
            links: { type: 'array', items: { $ref: '#/components/schemas/link' } },
          },
        },
        collections: {
          type: 'object',
          required: ['links', 'collections'],
          properties: {
            links: { type: 'array', items: { $ref: '#/components/schemas/link' } },
            collections: { type: 'array', items: { $ref: '#/components/schemas/collection' } },
          },
        },
        feature: {
          type: 'object',
          required: ['type', 'geometry', 'properties'],
          properties: {
            type: { type: 'string', enum: ['Feature'] },
            id: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
            geometry: { type: 'object', nullable: true },
            properties: { type: 'object', nullable: true },
          },
        },
        featureCollection: {
          type: 'object',
          required: ['type', 'features'],
          properties: {
            type: { type: 'string', enum: ['FeatureCollection'] },
            features: { type: 'array', items: { $ref: '#/components/schemas/feature' } },
            links: { type: 'array', items: { $ref: '#/components/schemas/link' } },
            timeStamp: { type: 'string', format: 'date-time' },
            numberMatched: { type: 'integer', minimum: 0 },
            numberReturned: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
  };
}
