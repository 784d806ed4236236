// /api/coverage/*: per-commune 4G coverage, gap cells, footprints, orphaned 2G sites, band flags, the
// priority ranking and what-if scenarios. Every answer names the model, grid resolution, scenario and
// date it was computed from.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { bi, notFound } from '../domain/errors.ts';
import { today } from '../../common/month.ts';
import { SCENARIOS, type CoverageService } from '../domain/coverage.ts';
import {
  bandFlags,
  communeCoverageReport,
  DEFAULT_WEIGHTS,
  gapCells,
  orphanedSites,
  ranking,
  rankingInSet,
  whatIf,
} from '../domain/coverage-reports.ts';
import { footprintBbox } from '../../common/footprint.ts';
import { GSM_DEFAULTS, LTE_DEFAULTS, maxPathLossDb, modelRadiusKm } from '../analysis/link-budget.ts';
import {
  bboxParam,
  communeCodeParam,
  dateParam,
  demoMeta,
  errorResponses,
  monthParam,
  provinceParam,
  unitsAtParam,
} from './params.schema.ts';
import { checkPlaces, checkPlacesInSet } from './checks.ts';
import { unitSetAt } from '../domain/unit-sets.ts';
import { presentMeta } from './present.ts';

const scenarioParam = z
  .enum(SCENARIOS, { error: bi('expected current or planned', 'cần current (hiện tại) hoặc planned (kế hoạch)') })
  .default('current')
  .openapi({ description: 'current: 4G on air at the date; planned: also 4G planned' });

const baseQuery = {
  province: provinceParam,
  scenario: scenarioParam,
  date: dateParam.optional().openapi({ description: 'Date the sites are taken at; defaults to today' }),
  units_at: unitsAtParam.optional().openapi({ description: "Today's units only (coverage is per today's commune)" }),
};
const json = (schema: z.ZodType, description: string) => ({
  200: { description, content: { 'application/json': { schema } } },
  ...errorResponses,
});
const open = z.record(z.string(), z.unknown());

const weight = z.coerce
  .number({ error: bi('expected a weight from 0 to 1', 'cần trọng số từ 0 đến 1') })
  .min(0, bi('expected a weight from 0 to 1', 'cần trọng số từ 0 đến 1'))
  .max(1, bi('expected a weight from 0 to 1', 'cần trọng số từ 0 đến 1'));

const hypotheticalSite = z.object({
  lon: z
    .number()
    .min(102, bi('longitude must be within Viet Nam (102–110)', 'kinh độ phải trong Việt Nam (102–110)'))
    .max(110, bi('longitude must be within Viet Nam (102–110)', 'kinh độ phải trong Việt Nam (102–110)')),
  lat: z
    .number()
    .min(8, bi('latitude must be within Viet Nam (8–24)', 'vĩ độ phải trong Việt Nam (8–24)'))
    .max(24, bi('latitude must be within Viet Nam (8–24)', 'vĩ độ phải trong Việt Nam (8–24)')),
  band_mhz: z.union([z.literal(700), z.literal(900), z.literal(1800), z.literal(2100), z.literal(2600)], {
    error: bi('expected a band of 700, 900, 1800, 2100 or 2600 MHz', 'cần băng tần 700, 900, 1800, 2100 hoặc 2600 MHz'),
  }),
  antenna_height_m: z
    .number()
    .min(5, bi('antenna height must be 5–150 m', 'độ cao anten phải từ 5 đến 150 m'))
    .max(150, bi('antenna height must be 5–150 m', 'độ cao anten phải từ 5 đến 150 m')),
  environment: z.enum(['urban', 'suburban', 'rural']).optional(),
  sectors: z
    .array(
      z.object({
        azimuth_deg: z.number().min(0).lt(360),
        beamwidth_deg: z.number().gt(0).max(360),
      }),
    )
    .max(6)
    .optional(),
});

export const whatIfBody = z
  .object({
    province: provinceParam,
    scenario: scenarioParam,
    date: dateParam.optional(),
    month: monthParam.optional(),
    switch_off_2g: z.array(z.number().int().positive()).max(500).default([]),
    add_4g: z.array(hypotheticalSite).max(50).default([]),
  })
  .openapi('WhatIf');

export function coverageRoutes(stores: Stores, service: CoverageService) {
  const place = (province: string) => checkPlaces(stores, { province });
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/coverage/model',
        tags: ['coverage'],
        summary: 'The coverage model: link-budget defaults and the radii they give per band and environment',
        responses: json(open, 'Model defaults'),
      }),
      (c) => {
        const radii = Object.fromEntries(
          [700, 900, 1800, 2100].map((band) => [
            band,
            Object.fromEntries(
              (['urban', 'suburban', 'rural'] as const).map((env) => [
                env,
                Math.round(modelRadiusKm({ tech: '4G', bandMhz: band, antennaHeightM: 30, environment: env }) * 100) /
                  100,
              ]),
            ),
          ]),
        );
        return c.json(
          {
            model: 'Okumura–Hata (≤1500 MHz) / COST-231 Hata (>1500 MHz)',
            resolution: service.resolution,
            lte: { ...LTE_DEFAULTS, max_path_loss_db: Math.round(maxPathLossDb(LTE_DEFAULTS) * 100) / 100 },
            gsm: { ...GSM_DEFAULTS, max_path_loss_db: Math.round(maxPathLossDb(GSM_DEFAULTS) * 100) / 100 },
            lte_radius_km_at_30m: radii,
            docs: '/api/docs#coverage',
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/coverage/communes',
        tags: ['coverage'],
        summary: 'Share of each commune inside some 4G footprint, with the 2G subscribers living in gaps',
        request: { query: z.object({ ...baseQuery, month: monthParam.optional() }) },
        responses: json(open, 'Per-commune coverage'),
      }),
      async (c) => {
        const q = c.req.valid('query');
        place(q.province);
        await service.ensure(q.province, q.scenario, q.date ?? today());
        const r = communeCoverageReport(stores, service, { ...q, date: q.date ?? today(), month: q.month ?? null });
        return c.json({ meta: presentMeta(stores), ...r }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/coverage/gaps',
        tags: ['coverage'],
        summary: 'Uncovered H3 cells (gaps) of a province, one commune or a bbox',
        request: {
          query: z.object({ ...baseQuery, commune: communeCodeParam.optional(), bbox: bboxParam.optional() }),
        },
        responses: json(
          z.object({ meta: demoMeta, resolution: z.number(), cells: z.array(z.string()) }).passthrough(),
          'Gap cells',
        ),
      }),
      async (c) => {
        const q = c.req.valid('query');
        place(q.province);
        if (q.commune && !stores.units.commune(q.commune)) throw notFound('commune', 'xã', q.commune, 'commune');
        const date = q.date ?? today();
        await service.ensure(q.province, q.scenario, date);
        const cells = gapCells(service, { ...q, date });
        return c.json(
          { meta: presentMeta(stores), scenario: q.scenario, date, resolution: service.resolution, cells },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/coverage/footprints',
        tags: ['coverage'],
        summary: '4G footprints of a province: site position, radius, sectors (wedges) and provenance',
        request: { query: z.object({ ...baseQuery, bbox: bboxParam.optional() }) },
        responses: json(open, 'Footprints as GeoJSON'),
      }),
      async (c) => {
        const q = c.req.valid('query');
        place(q.province);
        const date = q.date ?? today();
        await service.ensure(q.province, q.scenario, date);
        const [w, s, e, n] = q.bbox ?? [-180, -90, 180, 90];
        // Points with radius and sectors rather than polygons: the page draws discs and wedges itself, at
        // a fraction of the bytes (footprintPolygons in analysis/footprint.ts builds the same shapes).
        const features = service
          .footprints(q.province, q.scenario, date)
          .filter((f) => {
            const b = footprintBbox(f);
            return b[0] <= e && b[2] >= w && b[1] <= n && b[3] >= s;
          })
          .map((f) => ({
            type: 'Feature' as const,
            id: f.siteId,
            geometry: { type: 'Point' as const, coordinates: [f.lon, f.lat] },
            properties: {
              site_id: f.siteId,
              band_mhz: f.bandMhz,
              radius_km: Math.round(f.radiusKm * 1000) / 1000,
              sectors: f.sectors,
              provenance: f.provenance,
            },
          }));
        return c.json(
          { type: 'FeatureCollection', meta: presentMeta(stores), scenario: q.scenario, date, features },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/coverage/orphans',
        tags: ['coverage'],
        summary: '2G sites switched off, or due to be, whose location no active 4G footprint covers',
        request: { query: z.object({ province: provinceParam, date: baseQuery.date }) },
        responses: json(open, 'Orphaned 2G sites'),
      }),
      async (c) => {
        const q = c.req.valid('query');
        place(q.province);
        const date = q.date ?? today();
        await service.ensure(q.province, 'current', date);
        return c.json(
          { meta: presentMeta(stores), date, sites: orphanedSites(stores, service, { province: q.province, date }) },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/coverage/band-flags',
        tags: ['coverage'],
        summary: 'Sites losing a low band (GSM 900) and keeping only a higher one: footprint area ratio',
        request: { query: z.object({ province: provinceParam, date: baseQuery.date }) },
        responses: json(open, 'Flagged sites'),
      }),
      async (c) => {
        const q = c.req.valid('query');
        place(q.province);
        const date = q.date ?? today();
        await service.ensure(q.province, 'current', date);
        return c.json(
          {
            meta: presentMeta(stores),
            date,
            threshold: 0.5,
            sites: bandFlags(stores, service, { province: q.province, date }),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/coverage/ranking',
        tags: ['coverage'],
        summary: 'Communes ranked by priority, with the formula',
        request: {
          query: z.object({
            ...baseQuery,
            units_at: unitsAtParam.optional().openapi({
              description:
                "Today's units (default), or an earlier set's communes for a month reported in them (coverage left out: it stands on today's boundaries)",
            }),
            month: monthParam.optional(),
            w_2g: weight.optional(),
            w_gap: weight.optional(),
            w_nosmart: weight.optional(),
          }),
        },
        responses: json(open, 'Ranking'),
      }),
      async (c) => {
        const q = c.req.valid('query');
        const weights = {
          share2g: q.w_2g ?? DEFAULT_WEIGHTS.share2g,
          uncovered: q.w_gap ?? DEFAULT_WEIGHTS.uncovered,
          withoutSmartphone: q.w_nosmart ?? DEFAULT_WEIGHTS.withoutSmartphone,
        };
        const set = unitSetAt(stores, q.units_at);
        if (set.id !== stores.unitSets.mapSet()) {
          checkPlacesInSet(stores, set.id, { province: q.province });
          const r = rankingInSet(stores, set.id, { province: q.province, month: q.month ?? null, weights });
          return c.json({ meta: presentMeta(stores, set), ...r }, 200);
        }
        place(q.province);
        await service.ensure(q.province, q.scenario, q.date ?? today());
        const r = ranking(stores, service, { ...q, date: q.date ?? today(), month: q.month ?? null, weights });
        return c.json({ meta: presentMeta(stores), ...r }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/coverage/what-if',
        tags: ['coverage'],
        summary: 'Switch off chosen 2G sites and add hypothetical 4G sites; nothing is saved',
        request: { body: { content: { 'application/json': { schema: whatIfBody } }, required: true } },
        responses: json(open, 'Communes that change'),
      }),
      async (c) => {
        const b = c.req.valid('json');
        place(b.province);
        await service.ensure(b.province, b.scenario, b.date ?? today());
        const r = whatIf(stores, service, {
          province: b.province,
          scenario: b.scenario,
          date: b.date ?? today(),
          month: b.month ?? null,
          switchOff2g: b.switch_off_2g,
          add4g: b.add_4g,
        });
        return c.json({ meta: presentMeta(stores), ...r }, 200);
      },
    );
}
