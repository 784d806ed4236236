// GET /api/search?q=: districts, communes, provinces and site codes for the search box.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { bi } from '../domain/errors.ts';
import { search, searchInSet } from '../domain/search.ts';
import { unitSetAt } from '../domain/unit-sets.ts';
import { demoMeta, errorResponses, provinceParam, unitsAtParam } from './params.schema.ts';
import { checkPlaces, checkPlacesInSet } from './checks.ts';
import { presentMeta } from './present.ts';

const resultSchema = z
  .object({
    type: z.enum(['province', 'district', 'commune', 'site']),
    code: z.string(),
    id: z.number().optional(),
    name: z.string(),
    context: z.string().nullable().openapi({ description: 'Parent unit name, or the operator of a site' }),
    province_code: z.string(),
    bbox: z.array(z.number()).nullable(),
    formerly: z.string().nullable().openapi({
      description:
        'The pre-reform unit the query named: a former commune this one (partly) became, or a former district',
      example: 'Phường Quyết Thắng, Thành phố Sơn La, Tỉnh Sơn La',
    }),
    unit_set: z.string().optional().openapi({ description: 'With units_at before today: the set the unit is of' }),
    became: z
      .array(z.object({ code: z.string(), name: z.string(), relation: z.string() }))
      .optional()
      .openapi({ description: "With units_at before today: today's units it went into (bbox: their extent)" }),
  })
  .openapi('SearchResult');

export function searchRoutes(stores: Stores) {
  return new OpenAPIHono<AppEnv>().openapi(
    createRoute({
      method: 'get',
      path: '/search',
      tags: ['search'],
      summary: 'Find communes, districts and site codes, ignoring diacritics and spelling variants',
      request: {
        query: z.object({
          q: z
            .string()
            .trim()
            .min(1, bi('type at least one character', 'hãy gõ ít nhất một ký tự'))
            .max(100, bi('at most 100 characters', 'tối đa 100 ký tự'))
            .openapi({ example: 'thuy nguyen' }),
          province: provinceParam.optional(),
          units_at: unitsAtParam.optional().openapi({
            description:
              "The units to search (default today's, where old names are found too and lead to today's units); an earlier date searches that set's provinces, districts and communes, each with the units it became",
          }),
        }),
      },
      responses: {
        200: {
          description: 'Matches, best first',
          content: { 'application/json': { schema: z.object({ meta: demoMeta, results: z.array(resultSchema) }) } },
        },
        ...errorResponses,
      },
    }),
    (c) => {
      const q = c.req.valid('query');
      const set = unitSetAt(stores, q.units_at);
      if (set.id !== stores.unitSets.mapSet()) {
        checkPlacesInSet(stores, set.id, q);
        return c.json(
          { meta: presentMeta(stores, set), results: searchInSet(stores, set.id, q.q, q.province ?? null) },
          200,
        );
      }
      checkPlaces(stores, q);
      return c.json({ meta: presentMeta(stores, set), results: search(stores, q.q, q.province ?? null) }, 200);
    },
  );
}
