// /api/sites, reads and writes in one place: the sites as GeoJSON at a date, clusters for the map,
// export and bulk import, one site with its history; create, edit, add a technology event, retire.
// Carriers write only their operator's sites, admins all; viewers and anonymous callers nothing. Every
// write is audited and refreshes the caches it affects. Fixed paths (/sites/clusters, /export, /import)
// are declared before /sites/{id}, which would otherwise take them for an id.
import { createHash } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler, TypedResponse } from 'hono';
import type { Stores } from '../../stores.ts';
import type { AppEnv } from '../../http/env.ts';
import { DomainError, bi, notFound } from '../../domain/errors.ts';
import { requireRole } from '../../http/auth.ts';
import { filterInSet, siteAnswer, siteDetail, siteHistory } from '../../domain/sites.ts';
import { fitsCells } from '../../db/site-cells.ts';
import { unitSetAt } from '../../domain/unit-sets.ts';
import { createSiteClusterer, type ClusterQuery } from '../../domain/site-clusters.ts';
import { addEvent, createStation, retireStation, updateStation, type WriteOptions } from '../../domain/stations.ts';
import { answerOrJob, jobAccepted, jobParam, type Background } from '../jobs.ts';
import { today } from '../../../common/month.ts';
import { checkOperator, checkPlaces, checkPlacesInSet } from '../checks.ts';
import { presentMeta } from '../present.ts';
import { actorOf, PRIVATE, uploadName } from '../limits.ts';
import {
  bboxParam,
  busyResponse,
  categoryParam,
  dateParam,
  districtParam,
  errorResponses,
  operatorParam,
  provinceParam,
  unitsAtParam,
  zoomParam,
} from '../params.schema.ts';
import {
  asOfParam,
  auditRowsSchema,
  clusterSchema,
  createSchema,
  eventResultSchema,
  eventSchema,
  filterQuery,
  idParam,
  json,
  mappingSchema,
  patchSchema,
  retireResultSchema,
  siteCollectionSchema,
  siteDetailSchema,
  writeResultSchema,
} from './sites.schema.ts';

/**
 * `revisionOf`: the data revision the clusters of a query stand on (http/site-scope.ts): a province's or
 * former district's index is built again after writes to its stations only.
 */
export function siteRoutes(
  stores: Stores,
  revisionOf: (q: ClusterQuery) => string,
  bg: Background,
  options: WriteOptions & {
    /** Registered sites from which the country's sites are read by a worker (default 20,000; the demo has 6,060). */
    wideReadsFrom?: number;
  },
) {
  const { pool } = bg;
  const wideFrom = options.wideReadsFrom ?? 20_000;
  const clusters = createSiteClusterer(stores, revisionOf);
  const writer: MiddlewareHandler<AppEnv>[] = [requireRole('admin', 'carrier')];
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/sites',
        tags: ['sites'],
        summary: 'BTS sites as GeoJSON points with their state at a date',
        description:
          'tech + status keep sites whose technology is in that state at as_of; tech alone keeps sites that have it; ' +
          'status alone keeps sites with any technology in that state; category filters on the map category.',
        request: {
          query: z.object({ ...filterQuery, bbox: bboxParam.optional(), as_of: asOfParam }),
        },
        responses: {
          200: { description: 'Sites', content: { 'application/geo+json': { schema: siteCollectionSchema } } },
          ...errorResponses,
          ...busyResponse,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        checkOperator(stores, q.operator);
        const asOf = q.as_of ?? today();
        const set = unitSetAt(stores, q.units_at);
        const inSet = set.id !== stores.unitSets.mapSet() ? set.id : null;
        if (inSet) checkPlacesInSet(stores, inSet, q);
        else checkPlaces(stores, q);
        // The features arrive as JSON text (from the kept site states, or encoded once): spliced in, not
        // parsed and re-encoded. Each part is encoded on its own: joined first, a head with Vietnamese in it
        // would turn the whole answer into a two-byte string, several times slower to encode. Its ETag hashes
        // the head and the features' tag (whole cells by their number and generation), not the 2 MB of a
        // province again.
        const head = Buffer.from(
          `${JSON.stringify({ type: 'FeatureCollection', meta: presentMeta(stores, set), as_of: asOf }).slice(0, -1)},"features":[`,
        );
        const query = { ...q, asOf };
        // A province, a former district or a box of today's sites is read here in milliseconds. The whole
        // country (44 MB and 0.3 s for 100,000 sites), or sites replayed in an earlier unit set, by a worker,
        // while this thread answers everyone else.
        const here =
          stores.sites.registered() < wideFrom ||
          (!inSet && !!(q.province || q.district || (q.bbox && fitsCells(q.bbox))));
        const { body, tag, kept } = here
          ? siteAnswer(stores, head, inSet, query)
          : { ...(await bg.wide.run(() => pool.run('siteAnswer', { head, set: inSet, query }))), kept: false };
        c.set('body', body);
        // From the kept cells, a box costs a millisecond again: the response cache keeps it apart, so many
        // boxes of 2 MB do not push out the answers that cost more.
        if (kept) c.set('cheap', true);
        c.set('etag', `"${createHash('sha1').update(head).update(tag).digest('base64url')}"`);
        return c.body(body as Uint8Array<ArrayBuffer>, 200, {
          'content-type': 'application/geo+json; charset=utf-8',
        }) as unknown as TypedResponse<z.infer<typeof siteCollectionSchema>, 200, 'json'>;
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/sites/clusters',
        tags: ['sites'],
        summary: 'Sites aggregated into clusters for a viewport and zoom (the map when zoomed out)',
        request: {
          query: z.object({
            ...filterQuery,
            bbox: bboxParam,
            zoom: zoomParam,
            as_of: asOfParam,
          }),
        },
        responses: {
          200: {
            description: 'Clusters and single sites',
            content: { 'application/geo+json': { schema: clusterSchema } },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { bbox, zoom, as_of, ...f } = c.req.valid('query');
        checkPlaces(stores, f);
        checkOperator(stores, f.operator);
        const asOf = as_of ?? today();
        const query = { ...f, asOf };
        // A province's or former district's index is built here in milliseconds; the whole country's (0.7 s
        // for 100,000 sites, again after every write) by a worker, while this thread answers everyone else.
        const r =
          f.province || f.district
            ? clusters(query, bbox, zoom)
            : await pool.run('siteClusters', { query, bbox, zoom, revision: revisionOf(query) });
        return c.json(
          {
            type: 'FeatureCollection' as const,
            meta: presentMeta(stores),
            as_of: asOf,
            zoom,
            total: r.total,
            features: r.features as unknown as {
              type: 'Feature';
              id: number;
              geometry: { type: 'Point'; coordinates: number[] };
              properties: Record<string, unknown>;
            }[],
          },
          200,
          { 'content-type': 'application/geo+json; charset=utf-8' },
        );
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
            units_at: unitsAtParam.optional().openapi({
              description:
                "An earlier unit set: the sites of its province, with three more columns — each station's province, district and commune in those units",
            }),
          }),
        },
        responses: { 200: { description: 'The file' }, ...errorResponses },
      }),
      async (c) => {
        const q = c.req.valid('query');
        checkOperator(stores, q.operator);
        const set = unitSetAt(stores, q.units_at);
        const inSet = set.id === stores.unitSets.mapSet() ? null : set.id;
        if (inSet) checkPlacesInSet(stores, inSet, q);
        else checkPlaces(stores, q);
        const filter = inSet ? filterInSet(stores, inSet, q) : q;
        const body = await pool.run('sitesExport', {
          filter,
          asOf: q.as_of ?? today(),
          inSet: inSet ? { set: inSet, province: q.province ?? null } : null,
          format: q.format,
        });
        const stamp = `${q.province ?? 'all'}-${q.as_of ?? today()}${inSet ? `-units-${inSet}` : ''}`;
        if (q.format === 'xlsx') {
          return c.body(body as unknown as ArrayBuffer, 200, {
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-disposition': `attachment; filename="phusong-sites-${stamp}.xlsx"`,
          });
        }
        return c.body(body as unknown as ArrayBuffer, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="phusong-sites-${stamp}.csv"`,
        });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/sites/import',
        tags: ['stations'],
        summary: 'Bulk import from CSV or XLSX: preview (nothing written) or commit (all rows or none)',
        middleware: [requireRole('admin', 'carrier')] as MiddlewareHandler<AppEnv>[],
        request: {
          query: z.object({
            mode: z
              .enum(['preview', 'commit'], { error: bi('expected preview or commit', 'cần preview hoặc commit') })
              .default('preview'),
            province: provinceParam.optional().openapi({ description: 'Province for rows without one' }),
            job: jobParam,
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
        responses: {
          ...json(200, 'The report: rows, sites to create/update/leave, events to add, and every bad row'),
          ...jobAccepted,
        },
      }),
      async (c) => {
        const { mode, province, job } = c.req.valid('query');
        const { file, mapping } = c.req.valid('form');
        if (province) checkPlaces(stores, { province });
        const actor = actorOf(c);
        const args = {
          data: new Uint8Array(await file.arrayBuffer()),
          filename: uploadName(file),
          user: actor.user,
          via: actor.via,
          province: province ?? null,
          mapping: mapping ?? {},
          mode,
        };
        // Read, checked and written by a worker thread: everyone else is answered meanwhile.
        return answerOrJob(c, bg, 'site-import', job === '1', async (progress, signal) => {
          const { report, changed } = await pool.run('siteImport', args, progress, signal);
          if (mode === 'preview') return { status: 200, body: { mode, ...report } };
          options.onChanged?.(changed, null);
          return { status: 200, body: { mode, committed: true, ...report } };
        });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/sites',
        tags: ['stations'],
        summary: 'Register a site; the commune is found from the position',
        middleware: writer,
        request: { body: { content: { 'application/json': { schema: createSchema } }, required: true } },
        responses: json(
          201,
          'Created, with warnings (e.g. another site of the operator within 50 m)',
          writeResultSchema,
        ),
      }),
      (c) => c.json(createStation(stores, actorOf(c), c.req.valid('json'), options), 201, PRIVATE),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/sites/{id}',
        tags: ['sites'],
        summary: 'One site with its technologies, sectors and event history',
        request: {
          params: z.object({
            id: z
              .string()
              .regex(/^[1-9]\d{0,15}$/, bi('expected a positive integer site id', 'cần mã trạm là số nguyên dương'))
              .openapi({ example: '1' }),
          }),
          query: z.object({ as_of: asOfParam }),
        },
        responses: {
          200: { description: 'The site', content: { 'application/geo+json': { schema: siteDetailSchema } } },
          ...errorResponses,
        },
      }),
      (c) => {
        const { id } = c.req.valid('param');
        const asOf = c.req.valid('query').as_of ?? today();
        const f = siteDetail(stores, Number(id), asOf);
        if (!f) throw notFound('site', 'trạm', id, 'id');
        return c.json({ ...f, meta: presentMeta(stores) }, 200, {
          'content-type': 'application/geo+json; charset=utf-8',
        });
      },
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
        responses: json(200, 'Updated', writeResultSchema),
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
        responses: json(201, 'Event added', eventResultSchema),
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
        responses: json(200, 'Retired', retireResultSchema),
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
        method: 'get',
        path: '/sites/{id}/history',
        tags: ['stations'],
        summary: "A site's audit trail: who changed what, when, through what",
        request: { params: idParam },
        responses: json(200, 'Audit rows, newest first', auditRowsSchema),
      }),
      (c) => {
        const id = c.req.valid('param').id;
        return c.json({ rows: siteHistory(stores, id, c.get('user')) }, 200, PRIVATE);
      },
    );
}
