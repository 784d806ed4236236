// /api/import/*: the department's own boundaries and monthly indicators (admins). Each answers with the
// report first (mode=preview writes nothing); mode=commit writes everything in one transaction or nothing.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { bi } from '../domain/errors.ts';
import { requireRole } from '../http/auth.ts';
import { readBoundaryFile } from '../domain/boundary-files.ts';
import { commitBoundaryImport, planBoundaryImport } from '../domain/boundary-import.ts';
import { commitIndicatorImport, planIndicatorImport } from '../domain/indicator-import.ts';
import { readTable } from '../domain/site-import.ts';
import { checkUnitList, planUnitList } from '../domain/unit-list-import.ts';
import { commitUnitList, unitListRefused } from '../domain/unit-set-apply.ts';
import { dateParam, errorResponses, monthParam, provinceParam, unitsAtParam } from './params.schema.ts';
import { PRIVATE } from './limits.ts';

const open = z.record(z.string(), z.unknown());
const fileField = z
  .instanceof(File, { error: bi('file: attach the file', 'file: hãy đính kèm tệp') })
  .openapi({ type: 'string', format: 'binary' });
const mode = z
  .enum(['preview', 'commit'], { error: bi('expected preview or commit', 'cần preview hoặc commit') })
  .default('preview');
const safeName = (f: File) => f.name.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'upload';
/** An uploaded CSV/XLSX read into rows, under a name safe to store and show. */
const uploadedTable = async (file: File) => {
  const filename = safeName(file);
  return { filename, table: await readTable(new Uint8Array(await file.arrayBuffer()), filename) };
};

export function importRoutes(stores: Stores, onChanged: () => void) {
  const admin: MiddlewareHandler<AppEnv>[] = [requireRole('admin')];
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
          }),
          body: { content: { 'multipart/form-data': { schema: z.object({ file: fileField }) } }, required: true },
        },
        responses: {
          200: { description: 'The match report', content: { 'application/json': { schema: open } } },
          ...errorResponses,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const file = c.req.valid('form').file;
        const filename = safeName(file);
        const data = await readBoundaryFile(new Uint8Array(await file.arrayBuffer()), filename);
        const plan = planBoundaryImport(stores, data, {
          filename,
          province: q.province,
          level: q.level,
          unitsAt: q.units_at ?? null,
          skipUnmatched: q.skip_unmatched === '1',
        });
        if (q.mode === 'preview') return c.json({ mode: q.mode, ...plan.report }, 200, PRIVATE);
        const r = commitBoundaryImport(stores, c.get('user'), c.get('via') ?? 'form', plan);
        onChanged();
        return c.json({ mode: q.mode, committed: true, ...r }, 200, PRIVATE);
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
          query: z.object({ province: provinceParam, month: monthParam, mode, units_at: unitsAtParam.optional() }),
          body: { content: { 'multipart/form-data': { schema: z.object({ file: fileField }) } }, required: true },
        },
        responses: {
          200: { description: 'The report', content: { 'application/json': { schema: open } } },
          ...errorResponses,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const { filename, table } = await uploadedTable(c.req.valid('form').file);
        const plan = planIndicatorImport(stores, table, {
          filename,
          province: q.province,
          month: q.month,
          unitsAt: q.units_at ?? null,
        });
        if (q.mode === 'preview') return c.json({ mode: q.mode, ...plan.report }, 200, PRIVATE);
        const r = commitIndicatorImport(stores, c.get('user'), `import:${filename}`, plan);
        onChanged();
        return c.json({ mode: q.mode, committed: true, ...r }, 200, PRIVATE);
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
        const { filename, table } = await uploadedTable(c.req.valid('form').file);
        return c.json(checkUnitList(stores, table, { filename, inForceFrom: q.in_force_from }), 200, PRIVATE);
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
          ...errorResponses,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const { filename, table } = await uploadedTable(c.req.valid('form').file);
        const plan = planUnitList(stores, table, { filename, inForceFrom: q.in_force_from });
        if (q.mode === 'preview') return c.json({ mode: q.mode, ...plan.report }, 200, PRIVATE);
        if (!plan.report.ok)
          return c.json({ ...unitListRefused(plan.report).body(), report: plan.report }, 422, PRIVATE);
        const written = commitUnitList(stores, c.get('user'), `import:${filename}`, plan, { filename, name: q.name });
        onChanged();
        return c.json({ mode: q.mode, committed: true, ...written }, 200, PRIVATE);
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
