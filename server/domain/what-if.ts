// What-if scenarios, evaluated before anything is saved: the sunset technology switched off at chosen
// sites or everywhere, its spectrum refarmed to 4G, hypothetical 4G sites added; the communes that lose or
// gain coverage, the sunset's subscribers in gaps or without service, and the cells that change.
import type { Stores } from '../stores.ts';
import { MODEL_NAME, type ReportQuery } from './coverage-reports.ts';
import { shapesBbox, type CoverageService } from './coverage.ts';
import { affectedSubscribers, type SunsetProgramme, type SunsetTech } from '../../common/sunsets.ts';
import { modelRadiusKm, type Environment } from '../analysis/link-budget.ts';
import { areaCells, coverCells, footprintsNear, indexFootprints } from '../analysis/coverage-grid.ts';
import { footprintBbox, type Footprint, type Sector } from '../../common/footprint.ts';

export interface HypotheticalSite {
  lon: number;
  lat: number;
  band_mhz: number;
  antenna_height_m: number;
  environment?: Environment;
  sectors?: { azimuth_deg: number; beamwidth_deg: number }[];
}

/** Most cells of each kind a what-if answer draws (50 sites at ~750 cells each fit well within it). */
const MAX_SCENARIO_CELLS = 100_000;

/** Bands a sunset's spectrum can be refarmed to for 4G: GSM 900 → LTE 900, UMTS 2100 → LTE 2100. */
export const REFARM_BANDS = [900, 2100] as const;

/**
 * What-if: switch off the sunset technology (2G unless another is chosen) at chosen sites or at every
 * site, optionally refarm its spectrum to 4G at each site that loses it, and add hypothetical 4G sites;
 * see — before anything is saved — which communes lose or gain coverage, how many of the sunset's
 * subscribers end up in 4G gaps or without any service, and the cells that change on the map. Only the
 * communes the changed footprints touch are recomputed.
 */
export function whatIf(
  stores: Stores,
  service: CoverageService,
  q: ReportQuery & {
    switchOff2g: number[];
    add4g: HypotheticalSite[];
    /** The programme whose technology is switched off (default 2G). */
    programme?: SunsetProgramme;
    /** Switch the technology off at every site, not only the chosen ones. */
    switchOffAll?: boolean;
    /** Each site that loses the technology gets a 4G carrier on this band (its spectrum refarmed). */
    refarmBandMhz?: (typeof REFARM_BANDS)[number] | null;
  },
) {
  const tech: SunsetTech = q.programme?.technology ?? '2G';
  const shapes = service.communeShapes(q.province, q.scenario, q.date);
  const index4 = service.footprintIndex(q.province, q.scenario, q.date);
  const month = q.month ?? stores.indicators.monthAt(q.province, q.date);
  const ind = stores.indicators.byCommune(month, q.province);
  const affected = (code: string) => {
    const i = ind.get(code);
    if (!i) return 0;
    return q.programme ? (affectedSubscribers(i, q.programme) ?? 0) : i.subscribers_2g;
  };

  const modelled = (id: number, s: HypotheticalSite): Footprint => ({
    siteId: id,
    tech: '4G',
    lon: s.lon,
    lat: s.lat,
    radiusKm: modelRadiusKm({
      tech: '4G',
      bandMhz: s.band_mhz,
      antennaHeightM: s.antenna_height_m,
      environment: s.environment ?? 'suburban',
    }),
    sectors: s.sectors?.length
      ? s.sectors.map((x): Sector => ({ azimuthDeg: x.azimuth_deg, beamwidthDeg: x.beamwidth_deg }))
      : null,
    bandMhz: s.band_mhz,
    provenance: 'modelled',
  });
  const added: Footprint[] = q.add4g.map((s, i) => modelled(-(i + 1), s));
  const province = shapesBbox(shapes);
  const allOld = service.footprintsOf(
    tech,
    [province[0] - 0.2, province[1] - 0.2, province[2] + 0.2, province[3] + 0.2],
    q.date,
  );
  const off = new Set(q.switchOffAll ? allOld.map((f) => f.siteId) : q.switchOff2g);
  const switched = allOld.filter((f) => off.has(f.siteId));
  const unknown = q.switchOffAll ? [] : q.switchOff2g.filter((id) => !switched.some((f) => f.siteId === id));
  // Refarming: the spectrum a site frees becomes a 4G carrier at the same mast, height and sectors.
  const sites = new Map(q.refarmBandMhz ? switched.map((f) => [f.siteId, stores.sites.site(f.siteId)] as const) : []);
  const refarmed: Footprint[] = q.refarmBandMhz
    ? switched.map((f) => {
        const s = sites.get(f.siteId);
        return {
          ...modelled(f.siteId, {
            lon: f.lon,
            lat: f.lat,
            band_mhz: q.refarmBandMhz!,
            antenna_height_m: s?.antenna_height_m ?? 30,
            environment: (s?.environment as Environment | null) ?? 'suburban',
          }),
          sectors: f.sectors,
        };
      })
    : [];
  const indexOldBefore = indexFootprints(allOld);
  const indexOldAfter = indexFootprints(allOld.filter((f) => !off.has(f.siteId)));
  const index4After = indexFootprints([...index4.footprints, ...added, ...refarmed]);

  const touched = [...switched, ...added, ...refarmed].map(footprintBbox);
  const changes = [];
  const closed: string[] = [];
  const lost: string[] = [];
  let gapsBefore = 0;
  let gapsAfter = 0;
  let losing = 0;
  for (const c of shapes) {
    if (!touched.some((b) => b[0] <= c.bbox[2] && b[2] >= c.bbox[0] && b[1] <= c.bbox[3] && b[3] >= c.bbox[1]))
      continue;
    const cells = areaCells(c.geometry, service.resolution, c.label);
    const near4b = footprintsNear(index4, c.bbox);
    const near4a = footprintsNear(index4After, c.bbox);
    const nearOb = footprintsNear(indexOldBefore, c.bbox);
    const nearOa = footprintsNear(indexOldAfter, c.bbox);
    const r4b = coverCells(cells, near4b);
    const r4a = coverCells(cells, near4a);
    const rAnyB = coverCells(cells, [...near4b, ...nearOb]);
    const rAnyA = coverCells(cells, [...near4a, ...nearOa]);
    const [before4, after4, anyBefore, anyAfter] = [r4b.covered, r4a.covered, rAnyB.covered, rAnyA.covered];
    if (before4 === after4 && anyBefore === anyAfter) continue;
    // The cells the map draws for the scenario: gaps the new sites close, and cells left with no service.
    const stillGap = new Set(r4a.gaps);
    for (const cell of r4b.gaps) if (!stillGap.has(cell) && closed.length < MAX_SCENARIO_CELLS) closed.push(cell);
    const hadService = new Set(rAnyB.gaps);
    for (const cell of rAnyA.gaps) if (!hadService.has(cell) && lost.length < MAX_SCENARIO_CELLS) lost.push(cell);
    const n = Math.max(cells.length, 1);
    const subs = affected(c.code);
    const inGapsBefore = Math.round(subs * (1 - before4 / n));
    const inGapsAfter = Math.round(subs * (1 - after4 / n));
    // People who had some service (the sunset's technology or 4G) and have none once it is off.
    const losingService = Math.round((subs * Math.max(0, anyBefore - anyAfter)) / n);
    gapsBefore += inGapsBefore;
    gapsAfter += inGapsAfter;
    losing += losingService;
    changes.push({
      code: c.code,
      name: c.name,
      district_name: c.district_name,
      coverage_4g_before: Math.round((before4 / n) * 10_000) / 10_000,
      coverage_4g_after: Math.round((after4 / n) * 10_000) / 10_000,
      any_service_before: Math.round((anyBefore / n) * 10_000) / 10_000,
      any_service_after: Math.round((anyAfter / n) * 10_000) / 10_000,
      ...inGapFigures(tech, inGapsBefore, inGapsAfter, losingService),
    });
  }
  return {
    province: q.province,
    scenario: q.scenario,
    date: q.date,
    month,
    sunset: tech,
    model: MODEL_NAME,
    resolution: service.resolution,
    unknown_sites: unknown,
    switched_off: switched.length,
    refarm: q.refarmBandMhz
      ? {
          band_mhz: q.refarmBandMhz,
          sites: refarmed.length,
          radius_km_median:
            refarmed.length > 0
              ? Math.round(
                  [...refarmed].sort((a, b) => a.radiusKm - b.radiusKm)[refarmed.length >> 1]!.radiusKm * 1000,
                ) / 1000
              : null,
        }
      : null,
    added_sites: added.map((f) => ({
      lon: f.lon,
      lat: f.lat,
      radius_km: Math.round(f.radiusKm * 1000) / 1000,
      band_mhz: f.bandMhz,
    })),
    totals: {
      communes_changed: changes.length,
      ...inGapFigures(tech, gapsBefore, gapsAfter, losing),
    },
    communes: changes,
    // H3 cells (at `resolution`) for the map: 4G gaps the added and refarmed sites close, and cells that had
    // some service (the sunset's technology or 4G) and have none once it is off; at most MAX_SCENARIO_CELLS each.
    cells: {
      closed,
      lost,
      truncated: closed.length >= MAX_SCENARIO_CELLS || lost.length >= MAX_SCENARIO_CELLS,
    },
  };
}

/**
 * The subscribers in 4G gaps before and after, and those losing all service: named for 2G as they always
 * were (subscribers_2g_…), and for every sunset as subscribers_sunset_….
 */
function inGapFigures(tech: SunsetTech, before: number, after: number, losing: number) {
  return {
    ...(tech === '2G'
      ? {
          subscribers_2g_in_gaps_before: before,
          subscribers_2g_in_gaps_after: after,
          subscribers_2g_losing_service: losing,
        }
      : {}),
    subscribers_sunset_in_gaps_before: before,
    subscribers_sunset_in_gaps_after: after,
    subscribers_sunset_losing_service: losing,
  };
}
