// /api/import/*: the department's own boundaries and monthly indicators (admins). Each answers with the
// report first (mode=preview writes nothing); mode=commit writes everything in one transaction or nothing.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { bi } from '../domain/errors.ts';
import { requireRole } from '../http/auth.ts';
import { dateParam, errorResponses, monthParam, provinceParam, unitsAtParam } from './params.schema.ts';
import { PRIVATE, uploadName } from './limits.ts';
import { answerOrJob, jobAccepted, jobParam, type Background } from './jobs.ts';

const open = z.record(z.string(), z.unknown());
const fileField = z
  .instanceof(File, { error: bi('file: attach the file', 'file: hãy đính kèm tệp') })
  .openapi({ type: 'string', format: 'binary' });
const mode = z
  .enum(['preview', 'commit'], { error: bi('expected preview or commit', 'cần preview hoặc commit') })
  .default('preview');
export function importRoutes(stores: Stores, bg: Background, onChanged: () => void) {
  const { pool } = bg;
  const admin: MiddlewareHandler<AppEnv>[] = [requireRole('admin')];
  const upload = async (file: File) => ({ data: new Uint8Array(await file.arrayBuffer()), filename: uploadName(file) });
  /** A boundary or indicator import's answer: its report, and once committed the map's data moves on. */
  const reportAnswer = (mode: string, r: { committed: boolean; report: object }) => {
    if (!r.committed) return { status: 200, body: { mode, ...r.report } };
    onChanged();
    return { status: 200, body: { mode, committed: true, ...r.report } };
  };
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'post',
        path: '/import/boundaries',
        tags: ['import'],
        summary:
          "Import a province's commune boundaries (GeoJSON, TopoJSON, zipped Shapefile with .prj), in today's units (a new version) or, with units_at before 2025-07-01, for the pre-reform communes",
        middleware: admin,
        request: {
          query: z.object({
            province: provinceParam,
            level: z.enum(['commune', 'district'], {
              error: bi('expected commune or district', 'cần commune hoặc district'),
            }),
            mode,
            units_at: unitsAtParam.optional(),
            skip_unmatched: z
              .enum(['0', '1'])
              .optional()
              .openapi({ description: '1: import the matched features and leave the unmatched out' }),
            job: jobParam,
          }),
          body: { content: { 'multipart/form-data': { schema: z.object({ file: fileField }) } }, required: true },
        },
        responses: {
          200: { description: 'The match report', content: { 'application/json': { schema: open } } },
          ...jobAccepted,
          ...errorResponses,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const args = {
          ...(await upload(c.req.valid('form').file)),
          user: c.get('user'),
          via: c.get('via') ?? 'form',
          province: q.province,
          level: q.level,
          unitsAt: q.units_at ?? null,
          skipUnmatched: q.skip_unmatched === '1',
          mode: q.mode,
        };
        return answerOrJob(c, bg, 'boundary-import', q.job === '1', async (progress, signal) =>
          reportAnswer(q.mode, await pool.run('boundaryImport', args, progress, signal)),
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/import/indicators',
        tags: ['import'],
        summary:
          "Import a month of commune indicators (XLSX or CSV); replaces that month's values for the file's communes",
        middleware: admin,
        request: {
          query: z.object({
            province: provinceParam,
            month: monthParam,
            mode,
            units_at: unitsAtParam.optional(),
            job: jobParam,
          }),
          body: { content: { 'multipart/form-data': { schema: z.object({ file: fileField }) } }, required: true },
        },
        responses: {
          200: { description: 'The report', content: { 'application/json': { schema: open } } },
          ...jobAccepted,
          ...errorResponses,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const args = {
          ...(await upload(c.req.valid('form').file)),
          user: c.get('user'),
          province: q.province,
          month: q.month,
          unitsAt: q.units_at ?? null,
          mode: q.mode,
        };
        return answerOrJob(c, bg, 'indicator-import', q.job === '1', async (progress, signal) =>
          reportAnswer(q.mode, await pool.run('indicatorImport', args, progress, signal)),
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/import/unit-list/check',
        tags: ['import'],
        summary:
          'Check a new unit list with its crosswalk (CSV/XLSX shaped like the shipped crosswalk) against the unit set it replaces; writes nothing',
        middleware: admin,
        request: {
          query: z.object({
            in_force_from: dateParam.openapi({
              description: 'The date the new units come into force',
              example: '2026-04-30',
            }),
          }),
          body: { content: { 'multipart/form-data': { schema: z.object({ file: fileField }) } }, required: true },
        },
        responses: {
          200: { description: 'Every problem found, by kind', content: { 'application/json': { schema: open } } },
          ...errorResponses,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const r = await pool.run('unitList', {
          ...(await upload(c.req.valid('form').file)),
          user: c.get('user'),
          inForceFrom: q.in_force_from,
          mode: 'check',
        });
        return c.json(r.report, 200, PRIVATE);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/import/unit-list',
        tags: ['import'],
        summary:
          'Import a new unit list with its crosswalk as a new unit set (mode=preview: the check report only). Refused with the report, nothing written, if the check finds any problem; the map moves to the new set on the day it comes into force',
        middleware: admin,
        request: {
          query: z.object({
            in_force_from: dateParam.openapi({
              description: 'The date the new units come into force',
              example: '2026-04-30',
            }),
            mode,
            name: z
              .string()
              .trim()
              .min(1)
              .max(200, { error: bi('name: at most 200 characters', 'name: tối đa 200 ký tự') })
              .optional()
              .openapi({ description: 'How the set is named in lists (default: its date and counts)' }),
            job: jobParam,
          }),
          body: { content: { 'multipart/form-data': { schema: z.object({ file: fileField }) } }, required: true },
        },
        responses: {
          200: {
            description: 'The check report, and the set written',
            content: { 'application/json': { schema: open } },
          },
          422: {
            description: 'The list has problems: the report, nothing written',
            content: { 'application/json': { schema: open } },
          },
          ...jobAccepted,
          ...errorResponses,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const args = {
          ...(await upload(c.req.valid('form').file)),
          user: c.get('user'),
          inForceFrom: q.in_force_from,
          mode: q.mode,
          name: q.name,
        };
        return answerOrJob(c, bg, 'unit-list-import', q.job === '1', async (progress, signal) => {
          const r = await pool.run('unitList', args, progress, signal);
          if (r.kind === 'refused') return { status: 422, body: { ...r.body, report: r.report } };
          if (r.kind !== 'committed') return { status: 200, body: { mode: q.mode, ...r.report } };
          onChanged();
          return { status: 200, body: { mode: q.mode, committed: true, ...r.written } };
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/boundaries/versions',
        tags: ['import'],
        summary: 'Boundary versions of a province, newest first; pass version= to /api/communes to see an old one',
        request: { query: z.object({ province: provinceParam }) },
        responses: {
          200: { description: 'Versions', content: { 'application/json': { schema: open } } },
          ...errorResponses,
        },
      }),
      (c) => c.json({ versions: stores.units.versions(c.req.valid('query').province) }, 200),
    );
}
