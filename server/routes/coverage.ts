// /api/coverage/*: per-commune 4G coverage, gap cells, footprints, orphaned 2G sites, band flags, the
// priority ranking and what-if scenarios. Every answer names the model, grid resolution, scenario and
// date it was computed from.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { bi, notFound } from '../domain/errors.ts';
import { today } from '../../common/month.ts';
import { DEFAULT_WEIGHTS } from '../../common/ranking.ts';
import { SCENARIOS, type CoverageService } from '../domain/coverage.ts';
import {
  afterLayer,
  bandFlags,
  communeCoverageReport,
  gapCells,
  orphanedSites,
  ranking,
  rankingInSet,
} from '../domain/coverage-reports.ts';
import { whatIf } from '../domain/what-if.ts';
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
  sunsetParam,
  unitsAtParam,
} from './params.schema.ts';
import { sunsetContext, sunsetProgramme } from '../domain/sunsets.ts';
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
  sunset: sunsetParam.optional(),
};
/** Gaps and footprints of the service left once the chosen sunset is done (2G: 3G and 4G; 3G: 4G). */
const afterParam = z.enum(['0', '1']).optional().openapi({
  description:
    "1: the cells (or footprints) of what stays on air once the chosen sunset's technology is off (2G sunset: 3G and 4G); default 4G",
});
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
    switch_off_2g: z
      .array(z.number().int().positive())
      .max(500)
      .default([])
      .openapi({ description: 'Sites whose sunset technology (2G unless `sunset` says otherwise) is switched off' }),
    add_4g: z.array(hypotheticalSite).max(50).default([]),
    sunset: sunsetParam.optional(),
    switch_off_all: z
      .boolean()
      .default(false)
      .openapi({ description: "Switch the sunset's technology off at every site of the province" }),
    refarm_band_mhz: z
      .union([z.literal(900), z.literal(2100)], {
        error: bi('expected 900 or 2100 MHz', 'cần 900 hoặc 2100 MHz'),
      })
      .nullable()
      .default(null)
      .openapi({
        description:
          "Refarm the switched-off technology's spectrum to 4G: each site losing it gets an LTE carrier on this band",
      }),
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
        const sunset = sunsetContext(stores, q.sunset);
        const date = q.date ?? today();
        await service.ensure(q.province, q.scenario, date);
        await service.ensure(q.province, q.scenario, date, afterLayer(sunset));
        const r = communeCoverageReport(stores, service, { ...q, date, month: q.month ?? null, sunset });
        return c.json({ meta: presentMeta(stores, undefined, sunset.programme), ...r }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/coverage/gaps',
        tags: ['coverage'],
        summary: 'Uncovered H3 cells (gaps) of a province, one commune or a bbox',
        request: {
          query: z.object({
            ...baseQuery,
            commune: communeCodeParam.optional(),
            bbox: bboxParam.optional(),
            after_sunset: afterParam,
          }),
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
        const layer = q.after_sunset === '1' ? afterLayer(sunsetContext(stores, q.sunset)) : '4G';
        await service.ensure(q.province, q.scenario, date, layer);
        const cells = gapCells(service, { ...q, date, layer });
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
        request: { query: z.object({ ...baseQuery, bbox: bboxParam.optional(), after_sunset: afterParam }) },
        responses: json(open, 'Footprints as GeoJSON'),
      }),
      async (c) => {
        const q = c.req.valid('query');
        place(q.province);
        const date = q.date ?? today();
        const layer = q.after_sunset === '1' ? afterLayer(sunsetContext(stores, q.sunset)) : '4G';
        await service.ensure(q.province, q.scenario, date, layer);
        const [w, s, e, n] = q.bbox ?? [-180, -90, 180, 90];
        // Points with radius and sectors rather than polygons: the page draws discs and wedges itself, at
        // a fraction of the bytes (footprintPolygons in analysis/footprint.ts builds the same shapes).
        const features = service
          .footprints(q.province, q.scenario, date, layer)
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
              tech: f.tech,
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
        request: { query: z.object({ province: provinceParam, date: baseQuery.date, sunset: sunsetParam.optional() }) },
        responses: json(open, 'Orphaned sites'),
      }),
      async (c) => {
        const q = c.req.valid('query');
        place(q.province);
        const date = q.date ?? today();
        const programme = sunsetProgramme(stores, q.sunset);
        await service.ensure(q.province, 'current', date);
        const sites = orphanedSites(stores, service, { province: q.province, date, tech: programme.technology });
        return c.json({ meta: presentMeta(stores, undefined, programme), date, sites }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/coverage/band-flags',
        tags: ['coverage'],
        summary: 'Sites losing a low band (GSM 900) and keeping only a higher one: footprint area ratio',
        request: { query: z.object({ province: provinceParam, date: baseQuery.date, sunset: sunsetParam.optional() }) },
        responses: json(open, 'Flagged sites'),
      }),
      async (c) => {
        const q = c.req.valid('query');
        place(q.province);
        const date = q.date ?? today();
        const programme = sunsetProgramme(stores, q.sunset);
        await service.ensure(q.province, 'current', date);
        return c.json(
          {
            meta: presentMeta(stores, undefined, programme),
            date,
            threshold: 0.5,
            sites: bandFlags(stores, service, { province: q.province, date, tech: programme.technology }),
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
        const sunset = sunsetContext(stores, q.sunset);
        const date = q.date ?? today();
        await service.ensure(q.province, q.scenario, date);
        await service.ensure(q.province, q.scenario, date, afterLayer(sunset));
        const r = ranking(stores, service, { ...q, date, month: q.month ?? null, weights, sunset });
        return c.json({ meta: presentMeta(stores, undefined, sunset.programme), ...r }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/coverage/what-if',
        tags: ['coverage'],
        summary:
          "Switch off the sunset's technology (2G by default) at chosen sites or everywhere, refarm its spectrum to 4G, add hypothetical 4G sites; nothing is saved",
        request: { body: { content: { 'application/json': { schema: whatIfBody } }, required: true } },
        responses: json(open, 'Communes that change'),
      }),
      async (c) => {
        const b = c.req.valid('json');
        place(b.province);
        await service.ensure(b.province, b.scenario, b.date ?? today());
        const programme = sunsetProgramme(stores, b.sunset);
        const r = whatIf(stores, service, {
          province: b.province,
          scenario: b.scenario,
          date: b.date ?? today(),
          month: b.month ?? null,
          switchOff2g: b.switch_off_2g,
          add4g: b.add_4g,
          programme,
          switchOffAll: b.switch_off_all,
          refarmBandMhz: b.refarm_band_mhz,
        });
        return c.json({ meta: presentMeta(stores, undefined, programme), ...r }, 200);
      },
    );
}
