// GET /api/search?q=: districts, communes, provinces and site codes for the search box.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { bi } from '../domain/errors.ts';
import { search } from '../domain/search.ts';
import { demoMeta, errorResponses, provinceParam, unitsAtParam } from './params.schema.ts';
import { checkPlaces } from './checks.ts';
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
          units_at: unitsAtParam
            .optional()
            .openapi({ description: "Today's units only; old names are found anyway and lead to today's units" }),
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
      checkPlaces(stores, q);
      return c.json({ meta: presentMeta(stores), results: search(stores, q.q, q.province ?? null) }, 200);
    },
  );
}
