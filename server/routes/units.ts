// GET /api/provinces, /api/districts: the administrative units with their extents.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import { demoMeta, errorResponses, geometrySchema, provinceParam } from './params.schema.ts';
import { checkPlaces } from './checks.ts';
import { labelPoint } from '../analysis/simplify.ts';
import type { AreaGeometry } from '../domain/communes.ts';
import { presentMeta } from './present.ts';
import type { AppEnv } from '../http/env.ts';

const extent = {
  area_km2: z.number().nullable(),
  bbox: z.array(z.number()).length(4).nullable().openapi({ description: '[minLon, minLat, maxLon, maxLat]' }),
};
const provinceSchema = z
  .object({ code: z.string(), name: z.string(), districts: z.number(), communes: z.number(), ...extent })
  .openapi('Province');
const districtSchema = z
  .object({ code: z.string(), name: z.string(), province_code: z.string(), communes: z.number(), ...extent })
  .openapi('District');

const bboxOf = (r: Record<string, unknown>) =>
  typeof r.min_lon === 'number' ? ([r.min_lon, r.min_lat, r.max_lon, r.max_lat] as number[]) : null;

export function unitRoutes(stores: Stores) {
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/provinces',
        tags: ['units'],
        summary: 'Provinces with their district and commune counts and extents',
        responses: {
          200: {
            description: 'Provinces',
            content: {
              'application/json': { schema: z.object({ meta: demoMeta, provinces: z.array(provinceSchema) }) },
            },
          },
        },
      }),
      (c) =>
        c.json(
          {
            meta: presentMeta(stores),
            provinces: stores.units.provinces().map((r) => ({
              code: r.code,
              name: r.name,
              districts: r.districts as number,
              communes: r.communes as number,
              area_km2: (r.area_km2 as number | null) ?? null,
              bbox: bboxOf(r),
            })),
          },
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/districts',
        tags: ['units'],
        summary: 'Districts of a province (all districts without a filter)',
        request: {
          query: z.object({
            province: provinceParam.optional(),
            geometry: z
              .enum(['0', '1'])
              .optional()
              .openapi({ description: '1 = return a GeoJSON FeatureCollection with outlines' }),
          }),
        },
        responses: {
          200: {
            description: 'Districts, or their outlines as GeoJSON when geometry=1',
            content: {
              'application/json': {
                schema: z.union([
                  z.object({ meta: demoMeta, districts: z.array(districtSchema) }),
                  z.object({
                    type: z.literal('FeatureCollection'),
                    meta: demoMeta,
                    features: z.array(
                      z.object({
                        type: z.literal('Feature'),
                        geometry: geometrySchema,
                        properties: z.object({
                          label: z.array(z.number()),
                          code: z.string(),
                          name: z.string(),
                          province_code: z.string(),
                          area_km2: z.number(),
                        }),
                      }),
                    ),
                  }),
                ]),
              },
            },
          },
          ...errorResponses,
        },
      }),
      (c) => {
        const q = c.req.valid('query');
        checkPlaces(stores, q);
        if (q.geometry === '1') {
          return c.json(
            {
              type: 'FeatureCollection' as const,
              meta: presentMeta(stores),
              features: stores.units.districtGeometries(q.province ?? null).map((r) => {
                const geometry = JSON.parse(r.geojson) as AreaGeometry;
                return {
                  type: 'Feature' as const,
                  geometry,
                  properties: {
                    label: labelPoint(geometry),
                    code: r.code,
                    name: r.name,
                    province_code: r.province_code,
                    area_km2: r.area_km2,
                  },
                };
              }),
            },
            200,
          );
        }
        return c.json(
          {
            meta: presentMeta(stores),
            districts: stores.units.districts(q.province ?? null).map((r) => ({
              code: r.code,
              name: r.name,
              province_code: r.province_code,
              communes: r.communes as number,
              area_km2: (r.area_km2 as number | null) ?? null,
              bbox: bboxOf(r),
            })),
          },
          200,
        );
      },
    );
}
