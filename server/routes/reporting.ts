// Meetings and monthly reporting: figures month by month, district communication reports (and who has
// not reported), the monthly XLSX for the Ministry, and saved views (slides).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { bi, notFound } from '../domain/errors.ts';
import { requireRole } from '../http/auth.ts';
import { today } from '../../common/month.ts';
import { COMM_FORMS } from '../../common/comm-forms.ts';
import { commReports, saveCommReport, series, seriesInSet } from '../domain/reporting.ts';
import type { Pool } from '../workers/pool.ts';
import {
  districtParam,
  errorResponses,
  monthParam,
  provinceParam,
  sunsetParam,
  unitsAtParam,
} from './params.schema.ts';
import { sunsetProgramme } from '../domain/sunsets.ts';
import { checkPlaces, checkPlacesInSet } from './checks.ts';
import { unitSetAt } from '../domain/unit-sets.ts';
import { presentMeta } from './present.ts';
import { actorOf, PRIVATE } from './limits.ts';

const open = z.record(z.string(), z.unknown());
const ok = (description: string) => ({
  200: { description, content: { 'application/json': { schema: open } } },
  ...errorResponses,
});
const todayParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .openapi({ description: 'Reference date for due/late (default today)' });

export function reportingRoutes(stores: Stores, pool: Pool) {
  const admin: MiddlewareHandler<AppEnv>[] = [requireRole('admin')];
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/series',
        tags: ['reporting'],
        summary: 'Key figures month by month for a province or district (charts)',
        request: {
          query: z.object({
            province: provinceParam.optional(),
            district: districtParam.optional(),
            units_at: unitsAtParam
              .optional()
              .openapi({ description: 'Before 1 July 2025: the former units, as reported (their own months only)' }),
            sunset: sunsetParam.optional(),
          }),
        },
        responses: ok('One row per month'),
      }),
      (c) => {
        const q = c.req.valid('query');
        const set = unitSetAt(stores, q.units_at);
        const programme = sunsetProgramme(stores, q.sunset);
        if (set.id === stores.unitSets.mapSet()) checkPlaces(stores, q);
        else checkPlacesInSet(stores, set.id, q);
        const sq = { ...q, programme };
        return c.json(
          {
            meta: presentMeta(stores, set, programme),
            province: q.province ?? null,
            district: q.district ?? null,
            months: set.id === stores.unitSets.mapSet() ? series(stores, sq) : seriesInSet(stores, set.id, sq),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/comm-reports',
        tags: ['reporting'],
        summary: "Districts' communication reports for a month, totals by form, and who has not reported",
        request: { query: z.object({ province: provinceParam, month: monthParam, today: todayParam }) },
        responses: ok('Reports'),
      }),
      (c) => {
        const q = c.req.valid('query');
        checkPlaces(stores, q);
        return c.json(
          { meta: presentMeta(stores), ...commReports(stores, { ...q, today: q.today ?? today() }) },
          200,
          PRIVATE,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/comm-reports',
        tags: ['reporting'],
        summary: "Enter (or correct) a district's communication work of a month",
        middleware: admin,
        request: {
          body: {
            content: {
              'application/json': {
                schema: z.object({
                  district: districtParam,
                  month: monthParam,
                  items: z
                    .array(
                      z.object({
                        form: z.enum(COMM_FORMS, {
                          error: bi(
                            `expected one of ${COMM_FORMS.join(', ')}`,
                            `cần một trong ${COMM_FORMS.join(', ')}`,
                          ),
                        }),
                        count: z.number().int(bi('count: a whole number', 'số lần: số nguyên')).min(0).max(100_000),
                        media: z.string().trim().max(300).nullable().optional(),
                      }),
                    )
                    .min(1, bi('at least one form of communication', 'cần ít nhất một hình thức'))
                    .max(COMM_FORMS.length),
                }),
              },
            },
            required: true,
          },
        },
        responses: ok('Saved'),
      }),
      (c) => c.json(saveCommReport(stores, actorOf(c), c.req.valid('json')), 200, PRIVATE),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/reports/monthly',
        tags: ['reporting'],
        summary:
          'The monthly report: communication work by district with totals, and progress — XLSX, or PDF in the administrative layout',
        request: {
          query: z.object({
            province: provinceParam,
            month: monthParam,
            today: todayParam,
            sunset: sunsetParam.optional(),
            format: z
              .enum(['xlsx', 'pdf'], { error: bi('expected xlsx or pdf', 'cần xlsx hoặc pdf') })
              .optional()
              .openapi({ description: 'xlsx (default), or pdf: the report as filed, Vietnamese font embedded' }),
          }),
        },
        responses: { 200: { description: 'XLSX or PDF' }, ...errorResponses },
      }),
      async (c) => {
        const q = c.req.valid('query');
        checkPlaces(stores, q);
        const args = { ...q, today: q.today ?? today(), programme: sunsetProgramme(stores, q.sunset) };
        const name = `bao-cao-${args.programme.technology.toLowerCase()}-${q.province}-${q.month}`;
        // Built by a worker thread: the PDF embeds its fonts (about a second), and nobody waits behind it.
        const format = q.format ?? 'xlsx';
        const body = await pool.run('monthlyReport', { ...args, format }, undefined, c.req.raw.signal);
        return c.body(body as unknown as ArrayBuffer, 200, {
          'content-type':
            format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="${name}.${format}"`,
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/slides',
        tags: ['reporting'],
        summary: "A province's saved views, in order",
        request: { query: z.object({ province: provinceParam }) },
        responses: ok('Slides'),
      }),
      (c) => {
        const q = c.req.valid('query');
        checkPlaces(stores, q);
        return c.json({ slides: stores.slides.list(q.province) }, 200, PRIVATE);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/slides',
        tags: ['reporting'],
        summary: 'Save the current view as a slide (admin)',
        middleware: admin,
        request: {
          body: {
            content: {
              'application/json': {
                schema: z.object({
                  province: provinceParam,
                  name: z.string().trim().min(1, bi('name is required', 'cần tên')).max(100),
                  title: z.string().trim().min(1, bi('title is required', 'cần tiêu đề')).max(200),
                  note: z.string().trim().max(1000).nullable().optional(),
                  view: z
                    .string()
                    .max(4000)
                    .regex(
                      /^[\w\-.,:/=&%]*$/,
                      bi('view: a URL query of the map page', 'view: chuỗi truy vấn của trang bản đồ'),
                    ),
                }),
              },
            },
            required: true,
          },
        },
        responses: {
          201: { description: 'Saved', content: { 'application/json': { schema: open } } },
          ...errorResponses,
        },
      }),
      (c) => {
        const b = c.req.valid('json');
        checkPlaces(stores, b);
        const id = stores.slides.insert({
          province_code: b.province,
          name: b.name,
          title: b.title,
          note: b.note ?? null,
          view: b.view,
          created_at: new Date().toISOString(),
        });
        const me = c.get('user')!;
        stores.audit.record({
          user_id: me.id,
          actor: me.username,
          via: c.get('via') ?? 'form',
          entity: 'slide',
          entity_id: String(id),
          action: 'create',
          before: null,
          after: b,
        });
        return c.json({ id }, 201, PRIVATE);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/slides/{id}',
        tags: ['reporting'],
        summary: 'Remove a slide (admin)',
        middleware: admin,
        request: { params: z.object({ id: z.string().regex(/^\d+$/) }) },
        responses: ok('Removed'),
      }),
      (c) => {
        const id = Number(c.req.valid('param').id);
        const before = stores.slides.one(id);
        if (!before || !stores.slides.remove(id)) throw notFound('slide', 'trang chiếu', String(id), 'id');
        const me = c.get('user')!;
        stores.audit.record({
          user_id: me.id,
          actor: me.username,
          via: c.get('via') ?? 'form',
          entity: 'slide',
          entity_id: String(id),
          action: 'delete',
          before,
          after: null,
        });
        return c.json({ removed: true }, 200, PRIVATE);
      },
    );
}
