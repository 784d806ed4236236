// GET /api/communes (GeoJSON with a month's indicators) and /api/communes/:code (with the time series).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import type { TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import type { Background } from './jobs.ts';
import { notFound } from '../domain/errors.ts';
import { communeAnswer, communeDetail } from '../domain/communes.ts';
import { unitSetAt } from '../domain/unit-sets.ts';
import {
  bboxParam,
  busyResponse,
  communeCodeParam,
  demoMeta,
  districtParam,
  errorResponses,
  geometrySchema,
  monthParam,
  provinceParam,
  sunsetIndicatorFields,
  sunsetParam,
  unitsAtParam,
  zoomParam,
} from './params.schema.ts';
import { sunsetProgramme } from '../domain/sunsets.ts';
import { checkPlaces } from './checks.ts';
import { presentMeta } from './present.ts';

const indicatorFields = {
  subscribers: z.number().nullable().openapi({ description: 'Mobile subscribers' }),
  subscribers_2g: z.number().nullable().openapi({ description: 'Subscribers on 2G-only devices' }),
  households: z.number().nullable(),
  households_smartphone: z.number().nullable().openapi({ description: 'Households with at least one smartphone' }),
  households_without_smartphone: z.number().nullable().openapi({ description: 'households − households_smartphone' }),
  share_2g: z.number().nullable().openapi({ description: 'subscribers_2g / subscribers, fraction 0–1' }),
  share_smartphone: z.number().nullable().openapi({ description: 'households_smartphone / households, fraction 0–1' }),
  ...sunsetIndicatorFields,
};

const provenanceFields = {
  reported_in: z.string().nullable().openapi({ description: 'The unit set (id) the figures were reported in' }),
  estimated: z.boolean().openapi({
    description: 'Figures shared out of an old commune divided between several new ones: an estimate',
  }),
  estimate_method: z
    .array(z.enum(['population', 'area', 'single_known_target']))
    .openapi({ description: 'How shared figures were estimated' }),
};

const communeProperties = z
  .object({
    label: z
      .array(z.number())
      .nullable()
      .openapi({ description: '[lon, lat] of a point inside the commune, for its label (null: no boundary)' }),
    code: z.string(),
    name: z.string(),
    district_code: z.string().nullable().openapi({ description: "null: today's communes have no district" }),
    district_name: z.string().nullable(),
    province_code: z.string(),
    unit_type: z.string().nullable().openapi({ description: 'Xã, Phường or Đặc khu' }),
    area_km2: z.number().nullable(),
    former_districts: z
      .array(z.string())
      .optional()
      .openapi({ description: "Former districts it was formed from, wholly or partly (today's units)" }),
    month: z.string().nullable(),
    ...provenanceFields,
    ...indicatorFields,
  })
  .openapi('CommuneProperties');

const communeCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    meta: demoMeta,
    month: z.string().nullable(),
    attribution: z.string().nullable().openapi({ description: 'Whose boundaries these are (show it with the map)' }),
    unallocated: z
      .array(
        z.object({
          reported_in: z.string(),
          code: z.string(),
          province_code: z.string().nullable(),
          subscribers: z.number(),
          subscribers_2g: z.number(),
          subscribers_3g: z.number().nullable(),
          subscribers_no_volte: z.number().nullable(),
          households: z.number(),
          households_smartphone: z.number(),
        }),
      )
      .openapi({
        description:
          "Figures of old units no crosswalk follows: kept in their province's totals, never shared out by guess",
      }),
    without_polygon: z
      .array(
        z.object({
          code: z.string(),
          name: z.string(),
          province_code: z.string(),
          unit_type: z.string().nullable(),
          month: z.string().nullable(),
          ...provenanceFields,
          ...indicatorFields,
        }),
      )
      .optional()
      .openapi({
        description:
          "Today's units without a boundary yet (formed from part of an old unit, until a department imports it): their figures, not drawn",
      }),
    months_reported: z
      .array(z.string())
      .optional()
      .openapi({ description: 'Pre-reform units: the months reported in them' }),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.number(),
        geometry: geometrySchema.nullable(),
        properties: communeProperties,
      }),
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
      district_code: z.string().nullable(),
      district_name: z.string().nullable(),
      province_code: z.string(),
      province_name: z.string(),
      unit_type: z.string().nullable(),
      area_km2: z.number().nullable(),
      bbox: z.array(z.number()).nullable(),
      formed_from: z
        .array(
          z.object({
            code: z.string(),
            name: z.string(),
            district_code: z.string().nullable(),
            district_name: z.string().nullable(),
            province_code: z.string(),
            province_name: z.string(),
            relation: z.enum(['whole', 'part', 'unchanged', 'renamed']),
            unit_set: z.string(),
          }),
        )
        .openapi({ description: 'The pre-reform communes it was formed from (the official crosswalk)' }),
      series: z.array(
        z.object({ month: z.string(), notes: z.string().nullable(), ...provenanceFields, ...indicatorFields }),
      ),
    }),
  })
  .openapi('CommuneDetail');

export function communeRoutes(stores: Stores, { pool, wide }: Pick<Background, 'pool' | 'wide'>) {
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
            district: districtParam.optional().openapi({
              description:
                "In today's units, a former district: the communes formed wholly or partly from it; in pre-reform units, the district",
            }),
            units_at: unitsAtParam.optional(),
            bbox: bboxParam.optional(),
            month: monthParam.optional(),
            sunset: sunsetParam.optional(),
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
          ...busyResponse,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const set = unitSetAt(stores, q.units_at);
        const programme = sunsetProgramme(stores, q.sunset);
        const inSet = set.id !== stores.unitSets.mapSet() ? set.id : null;
        if (!inSet) checkPlaces(stores, q);
        const meta = presentMeta(stores, set, programme);
        const f = { ...q, programme };
        // A province, a former district or a box is built here in milliseconds; the whole country (0.2–0.5 s)
        // by a worker, while this thread answers everyone else.
        const body =
          q.province || q.district || q.bbox
            ? communeAnswer(stores, inSet, meta, f)
            : await wide.run(() => pool.run('communeAnswer', { set: inSet, meta, query: f }));
        c.set('body', body);
        return c.body(body as Uint8Array<ArrayBuffer>, 200, {
          'content-type': 'application/geo+json; charset=utf-8',
        }) as unknown as TypedResponse<JSONParsed<z.infer<typeof communeCollectionSchema>>, 200, 'json'>;
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/communes/{code}',
        tags: ['communes'],
        summary: 'One commune with its boundary and its whole monthly series',
        request: { params: z.object({ code: communeCodeParam }), query: z.object({ sunset: sunsetParam.optional() }) },
        responses: {
          200: { description: 'The commune', content: { 'application/geo+json': { schema: communeDetailSchema } } },
          ...errorResponses,
        },
      }),
      (c) => {
        const { code } = c.req.valid('param');
        const programme = sunsetProgramme(stores, c.req.valid('query').sunset);
        const f = communeDetail(stores, code, programme);
        if (!f) throw notFound('commune', 'xã', code, 'code');
        return c.json({ ...f, meta: presentMeta(stores, undefined, programme) }, 200, {
          'content-type': 'application/geo+json; charset=utf-8',
        });
      },
    );
}
