// The whole audit log for admins, newest first: every change to a station, user, slide or report.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { requireRole } from '../http/auth.ts';
import { PRIVATE } from './limits.ts';
import { auditRowsSchema, json } from './sites/sites.schema.ts';

export function auditRoutes(stores: Stores) {
  return new OpenAPIHono<AppEnv>().openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      tags: ['stations'],
      summary: 'The whole audit log (admin), newest first',
      middleware: [requireRole('admin')] as const,
      request: {
        query: z.object({
          entity: z
            .string()
            .regex(/^[a-z_]{1,30}$/)
            .optional(),
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: json(200, 'Audit rows', auditRowsSchema),
    }),
    (c) => c.json({ rows: stores.audit.recent(c.req.valid('query')) }, 200, PRIVATE),
  );
}
