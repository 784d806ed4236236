// GET /api/sunsets: the sunset programmes (technology, milestones, per-operator dates, who loses
// service); PUT /api/sunsets (admin): edit them — checked whole, stored, audited.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { requireRole } from '../http/auth.ts';
import { saveSunsets, sunsets, sunsetsSchema } from '../domain/sunsets.ts';
import { demoMeta, errorResponses } from './params.schema.ts';
import { presentMeta } from './present.ts';
import { actorOf, PRIVATE } from './limits.ts';
import { DEVICE_CLASSES, MILESTONE_KINDS, SUNSET_TECHS, type SunsetProgramme } from '../../common/sunsets.ts';

export const programmeSchema = z
  .object({
    technology: z.enum(SUNSET_TECHS),
    name_vi: z.string(),
    name_en: z.string(),
    affects: z
      .array(z.enum(DEVICE_CLASSES))
      .openapi({ description: 'Device classes left without service: 2g (2G-only), 3g (3G, no 4G), no_volte' }),
    milestones: z.array(
      z.object({ kind: z.enum(MILESTONE_KINDS), date: z.string(), label_vi: z.string(), label_en: z.string() }),
    ),
    operators: z
      .record(z.string(), z.array(z.object({ kind: z.enum(MILESTONE_KINDS), date: z.string() })))
      .openapi({ description: "Operators whose dates differ from the national ones: each one's milestones" }),
    source: z.string(),
  })
  .openapi('SunsetProgramme');

const answer = z.object({ meta: demoMeta, sunsets: z.array(programmeSchema) });

export function sunsetRoutes(stores: Stores, onChanged: () => void) {
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/sunsets',
        tags: ['summary'],
        summary: 'The sunset programmes: 2G, then 3G — their milestones, per-operator dates and who loses service',
        responses: { 200: { description: 'Programmes', content: { 'application/json': { schema: answer } } } },
      }),
      (c) => c.json({ meta: presentMeta(stores), sunsets: sunsets(stores) }, 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/sunsets',
        tags: ['summary'],
        summary: 'Replace the sunset programmes (admin): every programme checked, the 2G one kept; audited',
        middleware: [requireRole('admin')],
        request: {
          body: {
            content: { 'application/json': { schema: z.object({ sunsets: sunsetsSchema }) } },
            required: true,
          },
        },
        responses: {
          200: { description: 'Saved', content: { 'application/json': { schema: answer } } },
          ...errorResponses,
        },
      }),
      (c) => {
        const saved = saveSunsets(stores, actorOf(c), c.req.valid('json').sunsets as SunsetProgramme[]);
        onChanged();
        return c.json({ meta: presentMeta(stores), sunsets: saved }, 200, PRIVATE);
      },
    );
}
