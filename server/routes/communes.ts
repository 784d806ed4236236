// GET /api/communes (GeoJSON with a month's indicators) and /api/communes/:code (with the time series).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../domain/errors.ts';
import { communeCollection, communeDetail } from '../domain/communes.ts';
import {
  bboxParam,
  communeCodeParam,
  demoMeta,
  districtParam,
  errorResponses,
  geometrySchema,
  monthParam,
  provinceParam,
  zoomParam,
} from './params.schema.ts';
import { checkPlaces } from './checks.ts';
import { presentMeta } from './present.ts';

const indicatorFields = {
  subscribers: z.number().nullable().openapi({ description: 'Mobile subscribers' }),
  subscribers_2g: z.number().nullable().openapi({ description: 'Subscribers on 2G devices' }),
  households: z.number().nullable(),
  households_smartphone: z.number().nullable().openapi({ description: 'Households with at least one smartphone' }),
  households_without_smartphone: z.number().nullable().openapi({ description: 'households − households_smartphone' }),
  share_2g: z.number().nullable().openapi({ description: 'subscribers_2g / subscribers, fraction 0–1' }),
  share_smartphone: z.number().nullable().openapi({ description: 'households_smartphone / households, fraction 0–1' }),
};

const communeProperties = z
  .object({
    label: z.array(z.number()).openapi({ description: '[lon, lat] of a point inside the commune, for its label' }),
    code: z.string(),
    name: z.string(),
    district_code: z.string(),
    district_name: z.string(),
    province_code: z.string(),
    area_km2: z.number(),
    month: z.string().nullable(),
    ...indicatorFields,
  })
  .openapi('CommuneProperties');

const communeCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    meta: demoMeta,
    month: z.string().nullable(),
    features: z.array(
      z.object({ type: z.literal('Feature'), id: z.number(), geometry: geometrySchema, properties: communeProperties }),
    ),
  })
  .openapi('CommuneCollection');

const communeDetailSchema = z
  .object({
    type: z.literal('Feature'),
    meta: demoMeta,
    id: z.number(),
    geometry: geometrySchema.nullable(),
    properties: z.object({
      code: z.string(),
      name: z.string(),
      district_code: z.string(),
      district_name: z.string(),
      province_code: z.string(),
      province_name: z.string(),
      area_km2: z.number().nullable(),
      bbox: z.array(z.number()).nullable(),
      series: z.array(z.object({ month: z.string(), notes: z.string().nullable(), ...indicatorFields })),
    }),
  })
  .openapi('CommuneDetail');

export function communeRoutes(stores: Stores) {
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/communes',
        tags: ['communes'],
        summary: "Communes as GeoJSON with one month's indicators and derived figures",
        request: {
          query: z.object({
            province: provinceParam.optional(),
            district: districtParam.optional(),
            bbox: bboxParam.optional(),
            month: monthParam.optional(),
            version: z.coerce.number().int().positive().optional().openapi({
              type: 'integer',
              description: 'A boundary version id (see /api/boundaries/versions); current when absent',
            }),
            zoom: zoomParam
              .transform(Math.floor)
              .optional()
              .openapi({ description: 'Simplify boundaries for this zoom level (half a pixel)' }),
          }),
        },
        responses: {
          200: { description: 'Communes', content: { 'application/geo+json': { schema: communeCollectionSchema } } },
          ...errorResponses,
        },
      }),
      (c) => {
        const q = c.req.valid('query');
        checkPlaces(stores, q);
        const fc = communeCollection(stores, q);
        return c.json({ type: fc.type, meta: presentMeta(stores), month: fc.month, features: fc.features }, 200, {
          'content-type': 'application/geo+json; charset=utf-8',
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communes/{code}',
        tags: ['communes'],
        summary: 'One commune with its boundary and its whole monthly series',
        request: { params: z.object({ code: communeCodeParam }) },
        responses: {
          200: { description: 'The commune', content: { 'application/geo+json': { schema: communeDetailSchema } } },
          ...errorResponses,
        },
      }),
      (c) => {
        const { code } = c.req.valid('param');
        const f = communeDetail(stores, code);
        if (!f) throw notFound('commune', 'xã', code, 'code');
        return c.json({ ...f, meta: presentMeta(stores) }, 200, {
          'content-type': 'application/geo+json; charset=utf-8',
        });
      },
    );
}
