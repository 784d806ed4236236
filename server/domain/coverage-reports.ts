// What planners ask of the coverage model: per-commune figures with the 2G subscribers living in gaps,
// orphaned 2G sites, sites whose footprint shrinks when they lose a low band, and the priority ranking
// (formula shown). What-if scenarios are in what-if.ts.
import { DEFAULT_WEIGHTS, type RankingWeights } from '../../common/ranking.ts';
import { COVERAGE_MODEL } from '../../common/coverage-model.ts';
import type { Stores } from '../stores.ts';
import type { BBox } from '../db/units.ts';
import { layerAfter, LAYERS, type CoverageService, type Layer, type Scenario } from './coverage.ts';
import { affectedSubscribers, type SunsetProgramme, type SunsetTech } from '../../common/sunsets.ts';
import type { Tech } from '../../common/site-state.ts';
import { techStatesAt, isOnAir } from '../../common/site-state.ts';
import { modelRadiusKm, type Environment } from '../analysis/link-budget.ts';
import { areaCells, coverCells, footprintsNear, isCovered } from '../analysis/coverage-grid.ts';
import { footprintBbox, footprintPolygons, localOffsetKm, type Footprint } from '../../common/footprint.ts';

export const MODEL_NAME = COVERAGE_MODEL.en;

/** 2G subscribers are assumed spread evenly over the commune's area: those in gaps = 2G × gap share. */
export const GAP_SPREAD_NOTE =
  '2G subscribers are assumed spread evenly over the commune area: subscribers in gaps = subscribers_2g × uncovered share';
/** The same for the chosen sunset, against the service that remains once its technology is off. */
export const SUNSET_SPREAD_NOTE =
  "subscribers_sunset_in_gaps = subscribers_sunset × (1 − coverage_after_sunset): the sunset's subscribers spread evenly, their replacement phones served by what stays on air";

/** The sunset a coverage answer follows: its programme, and the technologies left on air once it is done. */
export interface SunsetContext {
  programme: SunsetProgramme;
  remaining: Tech[];
}

/** The coverage layer that still serves once a sunset is done (the route ensures it is computed). */
export function afterLayer(s: SunsetContext): Layer {
  return layerAfter(s.remaining);
}

/** What a province's coverage figures stand on: its stations at `date` in `scenario`, its indicators of `month`. */
export interface ReportQuery {
  province: string;
  scenario: Scenario;
  date: string;
  /** The indicators' month; null: the month reported at `date`. */
  month: string | null;
}

export function communeCoverageReport(
  stores: Stores,
  service: CoverageService,
  q: ReportQuery & { sunset: SunsetContext },
) {
  const month = q.month ?? stores.indicators.monthAt(q.province, q.date);
  const indicators = stores.indicators.byCommune(month, q.province);
  const sites = new Set(service.footprints(q.province, q.scenario, q.date).map((f) => f.siteId)).size;
  const after = new Map(
    service.communes(q.province, q.scenario, q.date, afterLayer(q.sunset)).map((c) => [c.code, c.coverage]),
  );
  const communes = service.communes(q.province, q.scenario, q.date).map((c) => {
    const ind = indicators.get(c.code);
    const uncovered = 1 - c.coverage;
    const coverageAfter = after.get(c.code) ?? c.coverage;
    const affected = ind ? affectedSubscribers(ind, q.sunset.programme) : null;
    return {
      code: c.code,
      name: c.name,
      district_code: c.district_code,
      district_name: c.district_name,
      cells: c.cells,
      coverage_4g: Math.round(c.coverage * 10_000) / 10_000,
      uncovered_share: Math.round(uncovered * 10_000) / 10_000,
      subscribers_2g: ind?.subscribers_2g ?? null,
      subscribers_2g_in_gaps: ind ? Math.round(ind.subscribers_2g * uncovered) : null,
      coverage_after_sunset: Math.round(coverageAfter * 10_000) / 10_000,
      subscribers_sunset: affected,
      subscribers_sunset_in_gaps: affected === null ? null : Math.round(affected * (1 - coverageAfter)),
      provenance: c.provenance,
    };
  });
  return {
    province: q.province,
    scenario: q.scenario,
    date: q.date,
    month,
    model: MODEL_NAME,
    resolution: service.resolution,
    sites: sites,
    spread: GAP_SPREAD_NOTE,
    sunset: {
      technology: q.sunset.programme.technology,
      remaining: q.sunset.remaining,
      coverage_after: `coverage_after_sunset: share of the commune inside a ${LAYERS[afterLayer(q.sunset)].join(' or ')} footprint (what stays on air once ${q.sunset.programme.technology} is off)`,
      spread: SUNSET_SPREAD_NOTE,
    },
    communes,
  };
}

export function gapCells(
  service: CoverageService,
  q: {
    province: string;
    scenario: Scenario;
    date: string;
    commune?: string | null;
    bbox?: BBox | null;
    layer?: Layer;
  },
): string[] {
  const communes = service.communes(q.province, q.scenario, q.date, q.layer);
  const boxes = q.bbox
    ? new Map(service.communeShapes(q.province, q.scenario, q.date).map((s) => [s.code, s.bbox]))
    : null;
  const [w, s, e, n] = q.bbox ?? [0, 0, 0, 0];
  return communes
    .filter((c) => {
      if (q.commune && c.code !== q.commune) return false;
      if (!boxes) return true;
      const b = boxes.get(c.code)!;
      return b[0] <= e && b[2] >= w && b[1] <= n && b[3] >= s;
    })
    .flatMap((c) => c.gaps);
}

/**
 * Sites whose sunset technology (2G by default) was switched off in the period, or is still on air and due
 * to be, that no active 4G footprint covers.
 */
export function orphanedSites(
  stores: Stores,
  service: CoverageService,
  q: { province: string; date: string; tech?: SunsetTech },
) {
  const tech = q.tech ?? '2G';
  const dataStart = stores.meta().data_start;
  const index = service.footprintIndex(q.province, 'current', q.date);
  const out: {
    id: number;
    operator: string;
    site_code: string;
    lon: number;
    lat: number;
    commune_code: string | null;
    technology: SunsetTech;
    status: 'switched_off' | 'due';
    since: string;
    nearest_4g_km: number | null;
  }[] = [];
  for (const { site, events } of stores.sites.sitesWithEvents({ province: q.province }, q.date)) {
    const g2 = techStatesAt(events, q.date)[tech];
    if (!g2) continue;
    const off = g2.status === 'switched_off';
    if (off && g2.since < dataStart) continue;
    if (!off && !isOnAir(g2)) continue;
    if (isCovered(index, site.lon, site.lat)) continue;
    let nearest: number | null = null;
    for (const f of index.footprints) {
      const [dx, dy] = localOffsetKm(site.lon, site.lat, f.lon, f.lat);
      const d = Math.sqrt(dx * dx + dy * dy);
      if (nearest === null || d < nearest) nearest = d;
    }
    out.push({
      id: site.id,
      operator: site.operator_id,
      site_code: site.site_code,
      lon: site.lon,
      lat: site.lat,
      commune_code: site.commune_code,
      technology: tech,
      status: off ? 'switched_off' : 'due',
      since: g2.since,
      nearest_4g_km: nearest === null ? null : Math.round(nearest * 100) / 100,
    });
  }
  return out;
}

/**
 * Sites that lose (or have lost) a low band and keep only a higher one: their 2G at ≤ 900 MHz is on air
 * or was switched off in the period, and their 4G is only on bands above 1 GHz. The area a site covers
 * shrinks with the square of its radius.
 */
export function bandFlags(
  stores: Stores,
  service: CoverageService,
  q: { province: string; date: string; threshold?: number; tech?: SunsetTech },
) {
  const tech = q.tech ?? '2G';
  const dataStart = stores.meta().data_start;
  const threshold = q.threshold ?? 0.5;
  const index4 = service.footprintIndex(q.province, 'current', q.date);
  // Coarser cells (res 8, 0.74 km²) are enough to size the area a site leaves without 4G.
  const cellKm2 = 0.737;
  const out = [];
  for (const { site, events } of stores.sites.sitesWithEvents({ province: q.province }, q.date)) {
    const st = techStatesAt(events, q.date);
    const g2 = st[tech];
    const g4 = st['4G'];
    if (!g2 || !g4 || !isOnAir(g4)) continue;
    if (g2.status === 'switched_off' && g2.since < dataStart) continue;
    const lowBand = g2.band_mhz ?? site.band_mhz ?? 900;
    const highBand = g4.band_mhz ?? site.band_mhz ?? 1800;
    if (lowBand > 1000 || highBand <= 1000) continue;
    const env = (site.environment as Environment | null) ?? 'suburban';
    const r2 = modelRadiusKm({ tech, bandMhz: lowBand, antennaHeightM: site.antenna_height_m, environment: env });
    const r4 = modelRadiusKm({
      tech: '4G',
      bandMhz: highBand,
      antennaHeightM: site.antenna_height_m,
      environment: env,
    });
    const ratio = (r4 / r2) ** 2;
    if (ratio >= threshold) continue;
    // Of the area the low band reached, how much no 4G footprint (this site's or another's) covers.
    const disc: Footprint = {
      siteId: site.id,
      tech,
      lon: site.lon,
      lat: site.lat,
      radiusKm: r2,
      sectors: null,
      bandMhz: lowBand,
      provenance: 'modelled',
    };
    const lost = coverCells(
      areaCells(footprintPolygons(disc, 32)[0]!, 8, [site.lon, site.lat]),
      footprintsNear(index4, footprintBbox(disc)),
    );
    out.push({
      id: site.id,
      operator: site.operator_id,
      site_code: site.site_code,
      lon: site.lon,
      lat: site.lat,
      low_band_mhz: lowBand,
      remaining_band_mhz: highBand,
      technology: tech,
      /** The lost technology's radius (named radius_2g_km too, as before the 3G sunset). */
      radius_lost_km: Math.round(r2 * 100) / 100,
      radius_2g_km: Math.round(r2 * 100) / 100,
      radius_4g_km: Math.round(r4 * 100) / 100,
      area_ratio: Math.round(ratio * 1000) / 1000,
      uncovered_after_km2: Math.round(lost.gaps.length * cellKm2 * 10) / 10,
      status_lost: g2.status,
      status_2g: g2.status,
    });
  }
  return out.sort((a, b) => b.uncovered_after_km2 - a.uncovered_after_km2 || a.area_ratio - b.area_ratio);
}

/** What the ranking's first term measures: the 2G share, or the share losing service in another sunset. */
function shareWords(tech: SunsetTech) {
  return tech === '2G'
    ? { en: '2G share', enMax: 'highest 2G share', vi: 'tỷ lệ 2G', viMax: 'tỷ lệ 2G cao nhất tỉnh' }
    : {
        en: `share losing service when ${tech} goes`,
        enMax: 'highest such share',
        vi: `tỷ lệ mất liên lạc khi tắt ${tech}`,
        viMax: 'tỷ lệ cao nhất tỉnh',
      };
}

const vn = (x: number) => String(x).replace('.', ',');

export function rankingFormula(w: RankingWeights, tech: SunsetTech = '2G') {
  const s = shareWords(tech);
  return {
    en:
      `score = 100 × (${w.share2g} × ${s.en} ÷ ${s.enMax} in the province + ${w.uncovered} × uncovered share ` +
      `+ ${w.withoutSmartphone} × share of households without a smartphone ÷ highest such share in the province)`,
    // Vietnamese writes a decimal comma, as the page does everywhere else (0,4, not 0.4).
    vi:
      `điểm = 100 × (${vn(w.share2g)} × ${s.vi} ÷ ${s.viMax} + ${vn(w.uncovered)} × tỷ lệ diện tích chưa phủ 4G ` +
      `+ ${vn(w.withoutSmartphone)} × tỷ lệ hộ chưa có ĐTTM ÷ tỷ lệ cao nhất tỉnh)`,
  };
}

/**
 * The formula applied: shares relative to the province's highest, the uncovered share as it is (a row
 * without one — an earlier unit set's commune — scores on the other two terms), best first.
 */
function rankRows<
  R extends { code: string; share_ranked: number; share_without_smartphone: number; uncovered_share: number | null },
>(rows: R[], w: RankingWeights) {
  const max2g = Math.max(...rows.map((r) => r.share_ranked), 1e-9);
  const maxNo = Math.max(...rows.map((r) => r.share_without_smartphone), 1e-9);
  return rows
    .map((r) => ({
      ...r,
      share_ranked: Math.round(r.share_ranked * 10_000) / 10_000,
      share_without_smartphone: Math.round(r.share_without_smartphone * 10_000) / 10_000,
      score:
        Math.round(
          100 *
            (w.share2g * (r.share_ranked / max2g) +
              w.uncovered * (r.uncovered_share ?? 0) +
              w.withoutSmartphone * (r.share_without_smartphone / maxNo)) *
            10,
        ) / 10,
    }))
    .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code))
    .map((r, i) => ({ rank: i + 1, ...r }));
}

/**
 * Communes by priority. The first term is the chosen sunset's share (2G: the 2G share, as always; 3G: the
 * share whose phones lose service when 3G goes — 0 where not reported); the uncovered share is 4G's.
 */
export function ranking(
  stores: Stores,
  service: CoverageService,
  q: ReportQuery & {
    weights?: RankingWeights;
    sunset: SunsetContext;
  },
) {
  const w = q.weights ?? DEFAULT_WEIGHTS;
  const tech = q.sunset.programme.technology;
  const report = communeCoverageReport(stores, service, q);
  const month = report.month;
  const ind = stores.indicators.byCommune(month, q.province);
  const rows = report.communes.map((c) => {
    const i = ind.get(c.code);
    const affected = i ? affectedSubscribers(i, q.sunset.programme) : null;
    const shareSunset = affected !== null && i && i.subscribers > 0 ? affected / i.subscribers : null;
    return {
      ...c,
      share_2g: i && i.subscribers > 0 ? Math.round((i.subscribers_2g / i.subscribers) * 10_000) / 10_000 : 0,
      share_sunset: shareSunset === null ? null : Math.round(shareSunset * 10_000) / 10_000,
      /** The share the formula's first term ranks on: the chosen sunset's (0 where not reported). */
      share_ranked: shareSunset ?? 0,
      share_without_smartphone: i && i.households > 0 ? (i.households - i.households_smartphone) / i.households : 0,
      households_without_smartphone: i ? i.households - i.households_smartphone : null,
    };
  });
  const ranked = rankRows(rows, w);
  return {
    province: q.province,
    scenario: q.scenario,
    date: q.date,
    month,
    sunset: tech,
    weights: w,
    formula: rankingFormula(w, tech),
    model: report.model,
    resolution: report.resolution,
    communes: ranked,
  };
}

/**
 * The ranking in an earlier unit set's communes, for a month reported in it: 2G share and households
 * without a smartphone as reported. Coverage is computed on today's boundaries only, so its term is left
 * out (its weight is 0, and the formula says why) rather than carried back by guess.
 */
export function rankingInSet(
  stores: Stores,
  set: string,
  q: { province: string; month: string | null; weights?: RankingWeights },
) {
  const w = { ...(q.weights ?? DEFAULT_WEIGHTS), uncovered: 0 };
  const months = stores.reported.monthsIn(set);
  const month = q.month ?? months.at(-1) ?? null;
  const reported = month ? stores.reported.reported(set, month, q.province) : new Map();
  const districts = new Map(stores.unitSets.districts(set).map((d) => [d.code, d.name]));
  const rows = stores.unitSets
    .communes(set)
    .filter((c) => c.province_code === q.province && reported.has(c.code))
    .map((c) => {
      const i = reported.get(c.code)!;
      return {
        code: c.code,
        name: c.name,
        district_code: c.district_code,
        district_name: c.district_code ? (districts.get(c.district_code) ?? null) : null,
        subscribers: i.subscribers,
        subscribers_2g: i.subscribers_2g,
        share_2g: i.subscribers > 0 ? Math.round((i.subscribers_2g / i.subscribers) * 10_000) / 10_000 : 0,
        share_ranked: i.subscribers > 0 ? i.subscribers_2g / i.subscribers : 0,
        households_without_smartphone: i.households - i.households_smartphone,
        share_without_smartphone: i.households > 0 ? (i.households - i.households_smartphone) / i.households : 0,
        uncovered_share: null,
      };
    });
  const communes = rankRows(rows, w);
  const f = rankingFormula(w);
  return {
    province: q.province,
    month,
    months_reported: months,
    weights: w,
    formula: {
      en: `${f.en} — coverage is computed on today's boundaries only: not part of a ranking in these units`,
      vi: `${f.vi} — vùng phủ chỉ tính trên ranh giới hiện hành: không tính trong xếp hạng theo đơn vị này`,
    },
    communes,
  };
}
