// GET /api/summary: the key figures of a province or district for a month; GET /api/meta: the data set.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { summary, summaryInSet } from '../domain/summary.ts';
import { COMM_FORMS } from '../../common/comm-forms.ts';
import { readAdminList } from '../domain/admin-list.ts';
import { SITE_CATEGORIES, TECHS, EVENT_STATUSES } from '../../common/site-state.ts';
import {
  demoMeta,
  districtParam,
  errorResponses,
  monthParam,
  operatorParam,
  provinceParam,
  sunsetIndicatorFields,
  sunsetParam,
  unitsAtParam,
} from './params.schema.ts';
import { sunsetProgramme, sunsets } from '../domain/sunsets.ts';
import { programmeSchema } from './sunsets.ts';
import { checkOperator, checkPlaces, checkPlacesInSet } from './checks.ts';
import { unitSetAt } from '../domain/unit-sets.ts';
import { presentMeta } from './present.ts';

const summarySchema = z
  .object({
    meta: demoMeta,
    province: z.string().nullable(),
    district: z.string().nullable(),
    operator: z.string().nullable(),
    month: z.string().nullable(),
    period: z
      .object({ from: z.string(), to: z.string() })
      .openapi({ description: 'Station events are counted in [from, to]' }),
    communes_reporting: z.number(),
    subscribers: z.number(),
    subscribers_2g: z.number(),
    households: z.number(),
    households_smartphone: z.number(),
    households_without_smartphone: z.number(),
    share_2g: z.number().nullable(),
    share_smartphone: z.number().nullable(),
    ...sunsetIndicatorFields,
    sites_2g_switched_off: z.number().openapi({ description: 'Sites whose 2G was switched off in the period' }),
    sites_3g_switched_off: z.number().openapi({ description: 'Sites whose 3G was switched off in the period' }),
    sites_sunset_switched_off: z
      .number()
      .openapi({ description: "Sites whose chosen sunset's technology was switched off in the period" }),
    sites_4g_new: z.number().openapi({ description: 'New 4G sites put on air in the period' }),
    sites_4g_upgraded: z.number().openapi({ description: 'Existing sites upgraded to 4G in the period' }),
    unallocated: z.number().openapi({
      description: "Old units whose figures no crosswalk follows, counted in the province's totals",
    }),
    estimated: z.boolean().openapi({
      description: "A former district in today's units includes shares of divided communes: an estimate",
    }),
  })
  .openapi('Summary');

let provinceList: { code: string; name: string }[] | undefined;
const gsoProvinces = () =>
  (provinceList ??= [
    ...new Map(
      readAdminList().map((r) => [r.province_code, { code: r.province_code, name: r.province_name }]),
    ).values(),
  ]);

export function summaryRoutes(stores: Stores, options: { basemapUrl: string | null }) {
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/summary',
        tags: ['summary'],
        summary: 'Key figures for a meeting slide: indicators of the month, station events since the start of the data',
        request: {
          query: z.object({
            province: provinceParam.optional(),
            district: districtParam.optional(),
            operator: operatorParam.optional().openapi({ description: 'Count only this operator’s stations' }),
            month: monthParam.optional(),
            units_at: unitsAtParam.optional(),
            sunset: sunsetParam.optional(),
          }),
        },
        responses: {
          200: { description: 'Key figures', content: { 'application/json': { schema: summarySchema } } },
          ...errorResponses,
        },
      }),
      (c) => {
        const q = c.req.valid('query');
        const set = unitSetAt(stores, q.units_at);
        const programme = sunsetProgramme(stores, q.sunset);
        checkOperator(stores, q.operator);
        const meta = presentMeta(stores, set, programme);
        if (set.id !== stores.unitSets.mapSet()) {
          checkPlacesInSet(stores, set.id, q);
          return c.json({ meta, ...summaryInSet(stores, set.id, { ...q, programme }) }, 200);
        }
        checkPlaces(stores, q);
        return c.json({ meta, ...summary(stores, { ...q, programme }) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/meta',
        tags: ['summary'],
        summary: 'The data set: demo flag, months with data, operators and the value lists of the filters',
        responses: {
          200: {
            description: 'Data-set facts',
            content: {
              'application/json': {
                schema: z.object({
                  meta: demoMeta,
                  months: z.array(z.string()),
                  operators: z.array(z.object({ id: z.string(), name: z.string(), color: z.string() })),
                  techs: z.array(z.string()),
                  statuses: z.array(z.string()),
                  categories: z.array(z.string()),
                  comm_forms: z.array(z.string()),
                  basemap: z
                    .string()
                    .nullable()
                    .openapi({ description: 'Optional online raster basemap URL template' }),
                  gso_provinces: z.array(z.object({ code: z.string(), name: z.string() })).openapi({
                    description: 'Every province of the official list (for imports of a province new to phusong)',
                  }),
                  sunsets: z.array(programmeSchema).openapi({
                    description: 'The sunset programmes (2G, then 3G), ordered by the day their network goes off',
                  }),
                }),
              },
            },
          },
        },
      }),
      (c) =>
        c.json(
          {
            meta: presentMeta(stores),
            months: stores.indicators.months(null),
            operators: stores.sites.operators(),
            techs: [...TECHS],
            statuses: [...EVENT_STATUSES],
            categories: [...SITE_CATEGORIES],
            comm_forms: [...COMM_FORMS],
            basemap: options.basemapUrl,
            gso_provinces: gsoProvinces(),
            sunsets: sunsets(stores),
          },
          200,
        ),
    );
}
