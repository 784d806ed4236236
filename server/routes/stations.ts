// Writes to the station register: create, edit, add a technology event, retire; a site's history and
// the whole audit log. Carriers write only their operator's sites, admins all; viewers and anonymous
// callers nothing. Every write is audited and refreshes the caches it affects.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Context, MiddlewareHandler } from 'hono';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { DomainError, bi } from '../domain/errors.ts';
import { requireRole } from '../http/auth.ts';
import {
  addEvent,
  createStation,
  retireStation,
  updateStation,
  type Actor,
  type WriteOptions,
} from '../domain/stations.ts';
import {
  categoryParam,
  dateParam,
  districtParam,
  errorResponses,
  operatorParam,
  provinceParam,
  statusParam,
  techParam,
} from './params.schema.ts';
import { commitImport, IMPORT_FIELDS, planImport, readTable, type ImportField } from '../domain/site-import.ts';
import { exportRows, toCsv, toXlsx } from '../domain/site-export.ts';
import { checkOperator, checkPlaces } from './checks.ts';
import { today } from '../../common/month.ts';

const PRIVATE = { 'cache-control': 'private, no-store' };
export const JSON_LIMIT_BYTES = 256 * 1024;
export const UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024;

export const tooLarge = (limit: number) =>
  bodyLimit({
    maxSize: limit,
    onError: () => {
      throw new DomainError(
        'too_large',
        `the request is larger than ${Math.round(limit / 1024)} KiB`,
        `yêu cầu lớn hơn ${Math.round(limit / 1024)} KiB`,
      );
    },
  });

const num = (min: number, max: number, en: string, vi: string) =>
  z
    .number({ error: bi(en, vi) })
    .min(min, bi(en, vi))
    .max(max, bi(en, vi));

export const positionSchema = z
  .union(
    [
      z.object({ lat: z.number(), lon: z.number() }),
      z.object({ text: z.string().trim().min(1).max(100) }),
      z.object({
        vn2000: z.object({ x: z.number(), y: z.number(), meridian: z.number().min(100).max(112).optional() }),
      }),
    ],
    {
      error: bi(
        'expected {lat, lon}, {text} or {vn2000: {x, y, meridian?}}',
        'cần {lat, lon}, {text} hoặc {vn2000: {x, y, meridian?}}',
      ),
    },
  )
  .openapi('Position', {
    description:
      "Decimal degrees {lat, lon}; text in decimal degrees or degrees-minutes-seconds (21°01'42.6\"N 105°51'15.1\"E); or VN-2000 plane coordinates, x north and y east in metres, on the province's central meridian unless given",
  });

const eventSchema = z.object({
  tech: techParam,
  status: statusParam,
  date: dateParam,
  band_mhz: num(100, 6000, 'band_mhz: 100–6000 MHz', 'băng tần: 100–6000 MHz').nullable().optional(),
  note: z.string().max(500).nullable().optional(),
});
const sectorSchema = z.object({
  azimuth_deg: num(0, 359.999, 'azimuth_deg: 0–359.9°', 'góc phương vị: 0–359,9°'),
  beamwidth_deg: num(1, 360, 'beamwidth_deg: 1–360°', 'độ rộng búp sóng: 1–360°'),
  tech: techParam.nullable().optional(),
});
const name = z
  .string()
  .trim()
  .max(200, bi('name: at most 200 characters', 'tên: tối đa 200 ký tự'))
  .nullable()
  .optional();
const siteCode = z
  .string()
  .trim()
  .min(1, bi('site_code is required', 'cần mã trạm'))
  .max(64, bi('site_code: at most 64 characters', 'mã trạm: tối đa 64 ký tự'))
  .regex(
    /^[\p{L}\p{N}._\-/ ]+$/u,
    bi('site_code: letters, digits, . _ - / and spaces', 'mã trạm: chữ, số, . _ - / và dấu cách'),
  );
const common = {
  name,
  antenna_height_m: num(1, 300, 'antenna_height_m: 1–300 m', 'độ cao anten: 1–300 m').nullable().optional(),
  band_mhz: num(100, 6000, 'band_mhz: 100–6000 MHz', 'băng tần: 100–6000 MHz').nullable().optional(),
  environment: z.enum(['urban', 'suburban', 'rural']).nullable().optional(),
  measured_radius_m: num(50, 30000, 'measured_radius_m: 50–30,000 m', 'bán kính đo: 50–30.000 m').nullable().optional(),
  sectors: z.array(sectorSchema).max(12).optional(),
};
export const createSchema = z
  .object({
    operator: operatorParam,
    site_code: siteCode,
    province: provinceParam,
    position: positionSchema,
    events: z
      .array(eventSchema)
      .min(1, bi('a site needs at least one technology event', 'trạm cần ít nhất một sự kiện công nghệ'))
      .max(50),
    ...common,
  })
  .openapi('SiteCreate');
const patchSchema = z
  .object({ province: provinceParam.optional(), position: positionSchema.optional(), ...common })
  .openapi('SitePatch');
const idParam = z.object({
  id: z.string().regex(/^[1-9]\d{0,15}$/, bi('expected a positive integer site id', 'cần mã trạm là số nguyên dương')),
});
const open = z.record(z.string(), z.unknown());
const json = (status: 200 | 201, description: string) => ({
  [status]: { description, content: { 'application/json': { schema: open } } },
  ...errorResponses,
  401: { description: 'Not logged in' },
  403: { description: 'Role or operator does not allow it' },
  409: { description: 'Site code already used by this operator' },
  413: { description: 'Request too large' },
  422: { description: 'A rule refused the change (field and reason named)' },
});

export function actorOf(c: Context<AppEnv>): Actor {
  return { user: c.get('user')!, via: c.get('via') ?? 'form' };
}

const mappingSchema = z
  .string()
  .max(20_000)
  .transform((s, ctx) => {
    try {
      const m = JSON.parse(s) as Record<string, string | null>;
      for (const v of Object.values(m)) {
        if (v !== null && !(IMPORT_FIELDS as readonly string[]).includes(v)) throw new Error(v);
      }
      return m as Record<string, ImportField | null>;
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        message: bi(
          `expected {"header": field} with fields ${IMPORT_FIELDS.join(', ')}`,
          `cần {"tiêu đề": trường} với các trường ${IMPORT_FIELDS.join(', ')}`,
        ),
      });
      void e;
      return z.NEVER;
    }
  });

export function stationRoutes(stores: Stores, options: WriteOptions) {
  const writer: MiddlewareHandler<AppEnv>[] = [requireRole('admin', 'carrier'), tooLarge(JSON_LIMIT_BYTES)];
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'post',
        path: '/sites',
        tags: ['stations'],
        summary: 'Register a site; the commune is found from the position',
        middleware: writer,
        request: { body: { content: { 'application/json': { schema: createSchema } }, required: true } },
        responses: json(201, 'Created, with warnings (e.g. another site of the operator within 50 m)'),
      }),
      (c) => c.json(createStation(stores, actorOf(c), c.req.valid('json'), options), 201, PRIVATE),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/sites/{id}',
        tags: ['stations'],
        summary: 'Edit a site (name, position, height, band, sectors, radius)',
        middleware: writer,
        request: {
          params: idParam,
          body: { content: { 'application/json': { schema: patchSchema } }, required: true },
        },
        responses: json(200, 'Updated'),
      }),
      (c) =>
        c.json(
          updateStation(stores, actorOf(c), Number(c.req.valid('param').id), c.req.valid('json'), options),
          200,
          PRIVATE,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/sites/{id}/events',
        tags: ['stations'],
        summary: 'Add a technology event ("2G switched off on 2024-08-15", "4G upgraded")',
        middleware: writer,
        request: {
          params: idParam,
          body: { content: { 'application/json': { schema: eventSchema } }, required: true },
        },
        responses: json(201, 'Event added'),
      }),
      (c) =>
        c.json(
          addEvent(stores, actorOf(c), Number(c.req.valid('param').id), c.req.valid('json'), options),
          201,
          PRIVATE,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/sites/{id}/retire',
        tags: ['stations'],
        summary: 'Retire a site with a reason (soft delete: history and audit stay)',
        middleware: writer,
        request: {
          params: idParam,
          body: {
            content: {
              'application/json': {
                schema: z.object({
                  reason: z
                    .string()
                    .trim()
                    .min(3, bi('reason: say why, at least 3 characters', 'lý do: ít nhất 3 ký tự'))
                    .max(500),
                }),
              },
            },
            required: true,
          },
        },
        responses: json(200, 'Retired'),
      }),
      (c) =>
        c.json(
          retireStation(stores, actorOf(c), Number(c.req.valid('param').id), c.req.valid('json').reason, options),
          200,
          PRIVATE,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/sites/import',
        tags: ['stations'],
        summary: 'Bulk import from CSV or XLSX: preview (nothing written) or commit (all rows or none)',
        middleware: [requireRole('admin', 'carrier'), tooLarge(UPLOAD_LIMIT_BYTES)] as MiddlewareHandler<AppEnv>[],
        request: {
          query: z.object({
            mode: z
              .enum(['preview', 'commit'], { error: bi('expected preview or commit', 'cần preview hoặc commit') })
              .default('preview'),
            province: provinceParam.optional().openapi({ description: 'Province for rows without one' }),
          }),
          body: {
            content: {
              'multipart/form-data': {
                schema: z.object({
                  file: z
                    .instanceof(File, {
                      error: bi('file: attach a .csv or .xlsx file', 'file: hãy đính kèm tệp .csv hoặc .xlsx'),
                    })
                    .openapi({ type: 'string', format: 'binary' }),
                  mapping: mappingSchema
                    .optional()
                    .openapi({ description: 'JSON {"header in the file": field}, overriding the automatic mapping' }),
                }),
              },
            },
            required: true,
          },
        },
        responses: json(200, 'The report: rows, sites to create/update/leave, events to add, and every bad row'),
      }),
      async (c) => {
        const { mode, province } = c.req.valid('query');
        const { file, mapping } = c.req.valid('form');
        if (province) checkPlaces(stores, { province });
        const actor = actorOf(c);
        const filename = file.name.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'upload';
        const table = await readTable(new Uint8Array(await file.arrayBuffer()), filename);
        const plan = planImport(stores, { ...actor, via: actor.via }, table, {
          filename,
          province: province ?? null,
          mapping: mapping ?? {},
        });
        if (mode === 'preview') return c.json({ mode, ...plan.report }, 200, PRIVATE);
        const report = commitImport(stores, { user: actor.user, via: actor.via }, plan, (ids) =>
          ids.forEach((id) => options.onChanged?.(id)),
        );
        return c.json({ mode, committed: true, ...report }, 200, PRIVATE);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/sites/export',
        tags: ['stations'],
        summary: 'The filtered sites as CSV or XLSX, one row per site and technology (re-importable)',
        request: {
          query: z.object({
            format: z.enum(['csv', 'xlsx'], { error: bi('expected csv or xlsx', 'cần csv hoặc xlsx') }).default('csv'),
            province: provinceParam.optional(),
            district: districtParam.optional(),
            operator: operatorParam.optional(),
            as_of: dateParam.optional(),
            category: categoryParam.optional(),
          }),
        },
        responses: { 200: { description: 'The file' }, ...errorResponses },
      }),
      async (c) => {
        const q = c.req.valid('query');
        checkPlaces(stores, q);
        checkOperator(stores, q.operator);
        const rows = exportRows(stores, q, q.as_of ?? today());
        const stamp = `${q.province ?? 'all'}-${q.as_of ?? today()}`;
        if (q.format === 'xlsx') {
          const meta = stores.meta();
          const body = await toXlsx(rows, meta);
          return c.body(body as unknown as ArrayBuffer, 200, {
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-disposition': `attachment; filename="phusong-sites-${stamp}.xlsx"`,
          });
        }
        return c.body(toCsv(rows), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="phusong-sites-${stamp}.csv"`,
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/sites/{id}/history',
        tags: ['stations'],
        summary: "A site's audit trail: who changed what, when, through what",
        request: { params: idParam },
        responses: json(200, 'Audit rows, newest first'),
      }),
      (c) => {
        const id = c.req.valid('param').id;
        // Who did it is shown to logged-in users only; anonymous readers see what and when.
        const rows = stores.audit.forEntity('site', id);
        const user = c.get('user');
        return c.json(
          {
            rows: user
              ? rows
              : rows.map((r) => ({
                  ...r,
                  actor: null,
                  user_id: null,
                  via: r.via.startsWith('import') ? 'import' : r.via.split(':')[0],
                })),
          },
          200,
          PRIVATE,
        );
      },
    )
    .openapi(
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
        responses: json(200, 'Audit rows'),
      }),
      (c) => c.json({ rows: stores.audit.recent(c.req.valid('query')) }, 200, PRIVATE),
    );
}
