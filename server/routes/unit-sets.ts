// GET /api/unit-sets: the administrative unit sets phusong knows, by the date each came into force, with
// how many provinces, districts and communes each has and how many communes have a boundary.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';

const unitSetSchema = z
  .object({
    id: z.string(),
    in_force_from: z.string(),
    name: z.string(),
    has_districts: z.boolean(),
    source: z.string(),
    provinces: z.number(),
    districts: z.number(),
    communes: z.number(),
    communes_with_boundary: z.number(),
  })
  .openapi('UnitSet');

export function unitSetRoutes(stores: Stores) {
  return new OpenAPIHono<AppEnv>().openapi(
    createRoute({
      method: 'get',
      path: '/unit-sets',
      tags: ['units'],
      summary: 'Administrative unit sets by the date they came into force',
      responses: {
        200: {
          description: 'Unit sets, oldest first',
          content: { 'application/json': { schema: z.object({ unit_sets: z.array(unitSetSchema) }) } },
        },
      },
    }),
    (c) =>
      c.json(
        {
          unit_sets: stores.unitSets.sets().map((s) => {
            const n = stores.unitSets.counts(s.id);
            return {
              id: s.id,
              in_force_from: s.in_force_from,
              name: s.name,
              has_districts: s.has_districts === 1,
              source: s.source,
              provinces: n.provinces,
              districts: n.districts,
              communes: n.communes,
              communes_with_boundary: n.with_geometry,
            };
          }),
        },
        200,
      ),
  );
}
