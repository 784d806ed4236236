// GET /api/provinces, /api/districts: the administrative units with their extents, in the unit set in
// force on `units_at` (default today). Since 1 July 2025 there are no districts: /api/districts then lists
// the former districts (the map's "former district" filter) and says so.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import {
  demoMeta,
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
import { labelPoint, storedForZoom, storedLabel } from '../analysis/simplify.ts';
import { indicatorProperties, type AreaGeometry } from '../domain/communes.ts';
import { presentMeta } from './present.ts';
import type { AppEnv } from '../http/env.ts';
import { BOUNDARY_ATTRIBUTION, unitSetAt } from '../domain/unit-sets.ts';
import { notFound } from '../domain/errors.ts';

const extent = {
  area_km2: z.number().nullable(),
  bbox: z.array(z.number()).length(4).nullable().openapi({ description: '[minLon, minLat, maxLon, maxLat]' }),
};
const provinceSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    districts: z.number().openapi({ description: 'Districts in this unit set (none since 1 July 2025)' }),
    former_districts: z.number().openapi({ description: 'Pre-reform districts now inside the province' }),
    communes: z.number(),
    today_province_code: z.string().nullable().openapi({ description: 'The province it is part of today' }),
    ...extent,
  })
  .openapi('Province');
const districtSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    province_code: z.string(),
    communes: z.number().openapi({ description: "Communes of the district's own unit set" }),
    communes_formed: z.number().openapi({ description: "Today's communes formed wholly or partly from it" }),
    ...extent,
  })
  .openapi('District');
const message = z.object({ en: z.string(), vi: z.string() }).nullable();

const NO_DISTRICTS = {
  en: 'Since 1 July 2025 Viet Nam has no districts: these are the former districts (before the reform), for the "former district" filter — it selects the communes formed wholly or partly from one',
  vi: 'Từ 01/07/2025 không còn cấp huyện: đây là các huyện cũ (trước sắp xếp), dùng cho bộ lọc "huyện cũ" — chọn các xã, phường hình thành toàn bộ hoặc một phần từ huyện đó',
};

const bboxOf = (r: Record<string, unknown>) =>
  typeof r.min_lon === 'number' ? ([r.min_lon, r.min_lat, r.max_lon, r.max_lat] as number[]) : null;

export function unitRoutes(stores: Stores) {
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/provinces',
        tags: ['units'],
        summary: 'Provinces with their commune counts and extents, or their outlines as GeoJSON',
        request: {
          query: z.object({
            units_at: unitsAtParam.optional(),
            geometry: z
              .enum(['0', '1'])
              .optional()
              .openapi({ description: "1 = a GeoJSON FeatureCollection of the outlines (today's units)" }),
            zoom: zoomParam
              .transform(Math.floor)
              .optional()
              .openapi({ description: 'Simplify outlines for this zoom level (half a pixel)' }),
            month: monthParam.optional().openapi({
              description: "With geometry=1: each province's totals of that month (the map's national view)",
            }),
            sunset: sunsetParam.optional(),
          }),
        },
        responses: {
          200: {
            description: 'Provinces, or their outlines when geometry=1',
            content: {
              'application/json': {
                schema: z.union([
                  z.object({ meta: demoMeta, provinces: z.array(provinceSchema) }),
                  z.object({
                    type: z.literal('FeatureCollection'),
                    meta: demoMeta,
                    attribution: z.string(),
                    features: z.array(
                      z.object({
                        type: z.literal('Feature'),
                        geometry: geometrySchema,
                        properties: z.object({
                          label: z.array(z.number()),
                          code: z.string(),
                          name: z.string(),
                          area_km2: z.number(),
                          level: z.literal('province'),
                          month: z.string().nullable(),
                          estimated: z.boolean(),
                          subscribers: z.number().nullable(),
                          subscribers_2g: z.number().nullable(),
                          households: z.number().nullable(),
                          households_smartphone: z.number().nullable(),
                          households_without_smartphone: z.number().nullable(),
                          share_2g: z.number().nullable(),
                          share_smartphone: z.number().nullable(),
                          ...sunsetIndicatorFields,
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
        const set = unitSetAt(stores, q.units_at);
        if (q.geometry === '1') {
          // A province's total is exact in any unit set (old provinces went whole into new ones).
          const programme = sunsetProgramme(stores, q.sunset);
          const figures = (code: string) => {
            const t = q.month ? stores.indicators.totals(q.month, code) : null;
            if (!t || (t.communes_reporting === 0 && t.unallocated === 0))
              return indicatorProperties(undefined, programme);
            return indicatorProperties({ ...t, commune_code: code, month: q.month!, notes: null }, programme);
          };
          return c.json(
            {
              type: 'FeatureCollection' as const,
              meta: presentMeta(stores, unitSetAt(stores), programme),
              attribution: BOUNDARY_ATTRIBUTION,
              features: stores.units.provinceGeometries().map((r) => {
                const label = storedLabel(r);
                return {
                  type: 'Feature' as const,
                  geometry: JSON.parse(storedForZoom(r, q.zoom)) as AreaGeometry,
                  properties: {
                    label,
                    code: r.code,
                    name: r.name,
                    area_km2: r.area_km2,
                    level: 'province' as const,
                    month: q.month ?? null,
                    estimated: false,
                    ...figures(r.code),
                  },
                };
              }),
            },
            200,
          );
        }
        if (set.id === stores.unitSets.mapSet()) {
          return c.json(
            {
              meta: presentMeta(stores, set),
              provinces: stores.units.provinces().map((r) => ({
                code: r.code,
                name: r.name,
                districts: 0,
                former_districts: r.districts as number,
                communes: r.communes as number,
                today_province_code: r.code,
                area_km2: (r.area_km2 as number | null) ?? null,
                bbox: bboxOf(r),
              })),
            },
            200,
          );
        }
        const communes = stores.unitSets.communes(set.id);
        const districts = stores.unitSets.districts(set.id);
        const today = stores.unitSets.provinceMap(set.id, stores.unitSets.mapSet());
        return c.json(
          {
            meta: presentMeta(stores, set),
            provinces: stores.unitSets.provinces(set.id).map((p) => ({
              code: p.code,
              name: p.name,
              districts: districts.filter((d) => d.province_code === p.code).length,
              former_districts: 0,
              communes: communes.filter((x) => x.province_code === p.code).length,
              today_province_code: today.get(p.code) ?? null,
              area_km2: null,
              bbox: null,
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/districts',
        tags: ['units'],
        summary:
          "Districts of a unit set that has them; for today's units (none since 1 July 2025), the former districts",
        request: {
          query: z.object({
            province: provinceParam.optional(),
            units_at: unitsAtParam.optional(),
            geometry: z
              .enum(['0', '1'])
              .optional()
              .openapi({ description: '1 = GeoJSON outlines (none exist for districts since 1 July 2025)' }),
          }),
        },
        responses: {
          200: {
            description: 'Districts, or their outlines as GeoJSON when geometry=1',
            content: {
              'application/json': {
                schema: z.union([
                  z.object({ meta: demoMeta, message, districts: z.array(districtSchema) }),
                  z.object({
                    type: z.literal('FeatureCollection'),
                    meta: demoMeta,
                    message,
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
        const set = unitSetAt(stores, q.units_at);
        if (set.id !== stores.unitSets.mapSet()) {
          const province = q.province ?? null;
          if (province && !stores.unitSets.provinces(set.id).some((p) => p.code === province))
            throw notFound('province', 'tỉnh', province, 'province');
          const communes = stores.unitSets.communes(set.id);
          const formed = stores.unitSets.formedCounts(set.id, stores.unitSets.mapSet());
          const rows = stores.unitSets.districts(set.id).filter((d) => !province || d.province_code === province);
          if (q.geometry === '1')
            return c.json(
              { type: 'FeatureCollection' as const, meta: presentMeta(stores, set), message: null, features: [] },
              200,
            );
          return c.json(
            {
              meta: presentMeta(stores, set),
              message: null,
              districts: rows.map((d) => ({
                code: d.code,
                name: d.name,
                province_code: d.province_code,
                communes: communes.filter((x) => x.district_code === d.code).length,
                communes_formed: formed.get(d.code) ?? 0,
                area_km2: null,
                bbox: null,
              })),
            },
            200,
          );
        }
        checkPlaces(stores, q);
        if (q.geometry === '1') {
          return c.json(
            {
              type: 'FeatureCollection' as const,
              meta: presentMeta(stores, set),
              message: NO_DISTRICTS,
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
            meta: presentMeta(stores, set),
            message: NO_DISTRICTS,
            districts: stores.units.districts(q.province ?? null).map((r) => ({
              code: r.code,
              name: r.name,
              province_code: r.province_code,
              communes: r.communes as number,
              communes_formed: r.communes_formed as number,
              area_km2: (r.area_km2 as number | null) ?? null,
              bbox: bboxOf(r),
            })),
          },
          200,
        );
      },
    );
}
