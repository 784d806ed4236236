// GET /api/sites (points with their state at a date) and /api/sites/:id (with the event history).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { bi, notFound } from '../domain/errors.ts';
import { siteCollection, siteDetail } from '../domain/sites.ts';
import { createSiteClusterer } from '../domain/site-clusters.ts';
import type { Revision } from '../http/cache.ts';
import { today } from '../../common/month.ts';
import {
  bboxParam,
  categoryParam,
  dateParam,
  demoMeta,
  districtParam,
  errorResponses,
  operatorParam,
  provinceParam,
  statusParam,
  techParam,
  zoomParam,
} from './params.schema.ts';
import { checkOperator, checkPlaces } from './checks.ts';
import { presentMeta } from './present.ts';

const techState = z.object({ status: statusParam, since: z.string(), band_mhz: z.number().nullable() });
const techStates = z.record(z.string(), techState).openapi({ description: 'State of each technology at as_of' });

const siteProperties = z
  .object({
    id: z.number(),
    operator: z.string(),
    site_code: z.string(),
    name: z.string().nullable(),
    commune_code: z.string().nullable(),
    province_code: z.string(),
    category: categoryParam,
    techs: techStates,
    on_air: z.array(z.string()),
    antenna_height_m: z.number().nullable(),
    band_mhz: z.number().nullable(),
  })
  .openapi('SiteProperties');

const pointSchema = z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) });

const siteCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    meta: demoMeta,
    as_of: z.string(),
    features: z.array(
      z.object({ type: z.literal('Feature'), id: z.number(), geometry: pointSchema, properties: siteProperties }),
    ),
  })
  .openapi('SiteCollection');

const siteDetailSchema = z
  .object({
    type: z.literal('Feature'),
    meta: demoMeta,
    id: z.number(),
    geometry: pointSchema,
    properties: z.object({
      id: z.number(),
      operator: z.string(),
      operator_name: z.string(),
      site_code: z.string(),
      name: z.string().nullable(),
      province_code: z.string(),
      commune_code: z.string().nullable(),
      commune_name: z.string().nullable(),
      district_code: z.string().nullable(),
      district_name: z.string().nullable(),
      antenna_height_m: z.number().nullable(),
      band_mhz: z.number().nullable(),
      measured_radius_m: z.number().nullable(),
      environment: z.string().nullable(),
      as_of: z.string(),
      category: categoryParam,
      techs: techStates,
      events: z.array(
        z.object({
          tech: techParam,
          status: statusParam,
          date: z.string(),
          band_mhz: z.number().nullable(),
          note: z.string().nullable(),
        }),
      ),
      sectors: z.array(z.object({ tech: techParam.nullable(), azimuth_deg: z.number(), beamwidth_deg: z.number() })),
      created_at: z.string(),
      updated_at: z.string(),
    }),
  })
  .openapi('SiteDetail');

const asOfParam = dateParam.optional().openapi({ description: 'Date the state is computed at; defaults to today' });

const filterQuery = {
  province: provinceParam.optional(),
  district: districtParam.optional(),
  operator: operatorParam.optional(),
  tech: techParam.optional(),
  status: statusParam.optional(),
  category: categoryParam.optional(),
};

const clusterSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    meta: demoMeta,
    as_of: z.string(),
    zoom: z.number(),
    total: z.number().openapi({ description: 'Sites matching the filters in the whole area, before the bbox' }),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.number(),
        geometry: pointSchema,
        properties: z.record(z.string(), z.unknown()).openapi({
          description:
            'Either a cluster {cluster: true, cluster_id, point_count, expansion_zoom, counts: {category: n}} ' +
            'or a site {cluster: false, ...SiteProperties}',
        }),
      }),
    ),
  })
  .openapi('SiteClusters');

export function siteRoutes(stores: Stores, revision: Revision) {
  const clusters = createSiteClusterer(stores, revision.current);
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/sites',
        tags: ['sites'],
        summary: 'BTS sites as GeoJSON points with their state at a date',
        description:
          'tech + status keep sites whose technology is in that state at as_of; tech alone keeps sites that have it; ' +
          'status alone keeps sites with any technology in that state; category filters on the map category.',
        request: {
          query: z.object({ ...filterQuery, bbox: bboxParam.optional(), as_of: asOfParam }),
        },
        responses: {
          200: { description: 'Sites', content: { 'application/geo+json': { schema: siteCollectionSchema } } },
          ...errorResponses,
        },
      }),
      (c) => {
        const q = c.req.valid('query');
        checkPlaces(stores, q);
        checkOperator(stores, q.operator);
        const asOf = q.as_of ?? today();
        const fc = siteCollection(stores, { ...q, asOf });
        return c.json({ type: fc.type, meta: presentMeta(stores), as_of: asOf, features: fc.features }, 200, {
          'content-type': 'application/geo+json; charset=utf-8',
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/sites/clusters',
        tags: ['sites'],
        summary: 'Sites aggregated into clusters for a viewport and zoom (the map when zoomed out)',
        request: {
          query: z.object({
            ...filterQuery,
            bbox: bboxParam,
            zoom: zoomParam,
            as_of: asOfParam,
          }),
        },
        responses: {
          200: {
            description: 'Clusters and single sites',
            content: { 'application/geo+json': { schema: clusterSchema } },
          },
          ...errorResponses,
        },
      }),
      (c) => {
        const { bbox, zoom, as_of, ...f } = c.req.valid('query');
        checkPlaces(stores, f);
        checkOperator(stores, f.operator);
        const asOf = as_of ?? today();
        const r = clusters({ ...f, asOf }, bbox, zoom);
        return c.json(
          {
            type: 'FeatureCollection' as const,
            meta: presentMeta(stores),
            as_of: asOf,
            zoom,
            total: r.total,
            features: r.features as unknown as {
              type: 'Feature';
              id: number;
              geometry: { type: 'Point'; coordinates: number[] };
              properties: Record<string, unknown>;
            }[],
          },
          200,
          { 'content-type': 'application/geo+json; charset=utf-8' },
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/sites/{id}',
        tags: ['sites'],
        summary: 'One site with its technologies, sectors and event history',
        request: {
          params: z.object({
            id: z
              .string()
              .regex(/^[1-9]\d{0,15}$/, bi('expected a positive integer site id', 'cần mã trạm là số nguyên dương'))
              .openapi({ example: '1' }),
          }),
          query: z.object({ as_of: asOfParam }),
        },
        responses: {
          200: { description: 'The site', content: { 'application/geo+json': { schema: siteDetailSchema } } },
          ...errorResponses,
        },
      }),
      (c) => {
        const { id } = c.req.valid('param');
        const asOf = c.req.valid('query').as_of ?? today();
        const f = siteDetail(stores, Number(id), asOf);
        if (!f) throw notFound('site', 'trạm', id, 'id');
        return c.json({ ...f, meta: presentMeta(stores) }, 200, {
          'content-type': 'application/geo+json; charset=utf-8',
        });
      },
    );
}
