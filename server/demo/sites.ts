// The demo's BTS sites: per demo province a plan (masts of each operator, 4G upgrades, 2G switch-offs,
// new 4G stations, planned ones), the 2G network going off in 2026 and the 3G sunset starting, each site
// placed inside a real commune of today's units, denser where people live, with its sectors.
import * as turf from '../analysis/turf.ts';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { DB } from '../db/database.ts';
import { createSitesStore } from '../db/sites.ts';
import { carryAcross } from '../domain/crosswalk.ts';
import type { Stores } from '../stores.ts';
import type { EventStatus, Tech } from '../../common/site-state.ts';
import { createRng, type Rng } from './prng.ts';
import {
  DEMO_OLD_PROVINCES,
  GENERATED_AT,
  OPERATORS,
  SWITCH_OFF_MONTH,
  periodDate,
  randomDate,
  randomPointIn,
  weightedPick,
  type Crossing,
  type OldCommune,
  type OldProvince,
  type OperatorId,
} from './common.ts';

/** A commune of today's units where demo sites stand. */
interface Commune {
  code: string;
  name: string;
  province: string;
  kind: 'ward' | 'township' | 'commune';
  area: Feature<Polygon | MultiPolygon>;
  areaKm2: number;
  population: number;
  concentrated2g: boolean;
}

interface PlannedEvent {
  tech: Tech;
  status: EventStatus;
  date: string;
  band_mhz: number | null;
}
interface PlannedSite {
  operator: OperatorId;
  commune: Commune;
  events: PlannedEvent[];
  createdAt: string;
}

interface ProvinceSitePlan {
  prefix: string;
  baseline: Record<OperatorId, number>;
  newSites: Partial<Record<OperatorId, number>>;
  upgrades: Partial<Record<OperatorId, number>>;
  switchOffs: number;
  /** How many of the switch-offs are at masts with no 4G, in rural communes (the orphaned sites). */
  orphans: number;
  planned: number;
  /** Weight of population (vs area) in where masts stand. */
  populationWeight: number;
  /** Chance that a rural mast of the baseline has 4G. */
  rural4g: number;
}

const HP_PLAN: ProvinceSitePlan = {
  prefix: 'HP',
  baseline: { viettel: 600, vnpt: 480, mobifone: 440, vietnamobile: 90 },
  newSites: { viettel: 190, vnpt: 140, mobifone: 118 },
  upgrades: { viettel: 40, vnpt: 32, mobifone: 24 },
  switchOffs: 214,
  orphans: 14,
  planned: 28,
  populationWeight: 0.7,
  rural4g: 0.6,
};
const SL_PLAN: ProvinceSitePlan = {
  prefix: 'SL',
  baseline: { viettel: 520, vnpt: 360, mobifone: 260, vietnamobile: 30 },
  newSites: { viettel: 30, vnpt: 7, mobifone: 12 },
  upgrades: { viettel: 24, vnpt: 13, mobifone: 10 },
  switchOffs: 46,
  orphans: 18,
  planned: 20,
  populationWeight: 0.9,
  rural4g: 0.4,
};

/** The former Hải Dương: masts of its own, its 2024 changes not part of Hải Phòng's story. */
const HD_PLAN: ProvinceSitePlan = {
  prefix: 'HD',
  baseline: { viettel: 420, vnpt: 330, mobifone: 280, vietnamobile: 50 },
  newSites: {},
  upgrades: {},
  switchOffs: 0,
  orphans: 0,
  planned: 10,
  populationWeight: 0.75,
  rural4g: 0.65,
};
const LC_PLAN: ProvinceSitePlan = {
  prefix: 'LC',
  baseline: { viettel: 260, vnpt: 170, mobifone: 110, vietnamobile: 10 },
  newSites: { viettel: 14, vnpt: 6, mobifone: 5 },
  upgrades: { viettel: 10, vnpt: 6, mobifone: 4 },
  switchOffs: 20,
  orphans: 9,
  planned: 8,
  populationWeight: 0.85,
  rural4g: 0.35,
};
const ST_PLAN: ProvinceSitePlan = {
  prefix: 'ST',
  baseline: { viettel: 380, vnpt: 290, mobifone: 250, vietnamobile: 40 },
  newSites: { viettel: 40, vnpt: 30, mobifone: 22 },
  upgrades: { viettel: 14, vnpt: 10, mobifone: 8 },
  switchOffs: 60,
  orphans: 6,
  planned: 10,
  populationWeight: 0.75,
  rural4g: 0.6,
};
const PLANS: Record<OldProvince, ProvinceSitePlan> = {
  '31': HP_PLAN,
  '30': HD_PLAN,
  '14': SL_PLAN,
  '12': LC_PLAN,
  '94': ST_PLAN,
};

/**
 * The 2G network goes off: most 2G-only masts gain 4G in 2025–2026, then every 2G transmitter still on is
 * switched off during 2026, the last by October; the few masts left without 4G are where gaps open.
 */
function switchOff2026(sites: PlannedSite[], rng: Rng): void {
  const on2g = (s: PlannedSite) => {
    const g2 = s.events.filter((e) => e.tech === '2G');
    return g2.length > 0 && g2.at(-1)!.status !== 'switched_off';
  };
  for (const s of sites) {
    if (!on2g(s)) continue;
    if (!s.events.some((e) => e.tech === '4G') && rng() < 0.75) {
      s.events.push({
        tech: '4G',
        status: 'upgraded',
        date: randomDate(rng, '2025-03-01', '2026-06-30'),
        band_mhz: 1800,
      });
    }
    const g4 = s.events.find((e) => e.tech === '4G');
    const date = randomDate(rng, '2026-01-05', `${SWITCH_OFF_MONTH}-15`);
    s.events.push({ tech: '2G', status: 'switched_off', date: g4 && g4.date > date ? g4.date : date, band_mhz: null });
  }
}

/**
 * The next sunset starting: during 2026 a few masts that carry 4G switch their 3G off and refarm the
 * spectrum (about one in sixteen). Drawn from a random stream of its own, so the 2G stories keep every
 * figure.
 */
function switchOff3g2026(sites: PlannedSite[], rng: Rng): void {
  for (const s of sites) {
    const g3 = s.events.filter((e) => e.tech === '3G');
    if (g3.length === 0 || g3.at(-1)!.status === 'switched_off') continue;
    if (!s.events.some((e) => e.tech === '4G') || rng() >= 0.0625) continue;
    s.events.push({
      tech: '3G',
      status: 'switched_off',
      date: randomDate(rng, '2026-03-01', '2026-11-15'),
      band_mhz: null,
    });
  }
}

function planSites(communes: Commune[], plan: ProvinceSitePlan, rng: Rng): PlannedSite[] {
  const totalPop = communes.reduce((a, c) => a + c.population, 0);
  const totalArea = communes.reduce((a, c) => a + c.areaKm2, 0);
  // Masts follow people more than land: remote mountain communes get few, which is where gaps are.
  const weights = communes.map(
    (c) => plan.populationWeight * (c.population / totalPop) + (1 - plan.populationWeight) * (c.areaKm2 / totalArea),
  );
  const band4g = () => weightedPick([1800, 2100, 900], [0.75, 0.15, 0.1], rng);
  const sites: PlannedSite[] = [];

  for (const op of OPERATORS) {
    for (let i = 0; i < plan.baseline[op.id]; i++) {
      const commune = weightedPick(communes, weights, rng);
      const events: PlannedEvent[] = [
        {
          tech: '2G',
          status: 'active',
          date: randomDate(rng, '2008-01-01', '2016-12-31'),
          band_mhz: rng() < 0.7 ? 900 : 1800,
        },
      ];
      if (rng() < 0.65)
        events.push({
          tech: '3G',
          status: 'active',
          date: randomDate(rng, '2012-01-01', '2017-12-31'),
          band_mhz: 2100,
        });
      // Fewer 4G masts where 2G is concentrated: that is why those communes lag.
      if (rng() < (commune.concentrated2g ? 0.3 : commune.kind === 'commune' ? plan.rural4g : 0.85)) {
        events.push({
          tech: '4G',
          status: 'active',
          date: randomDate(rng, '2017-01-01', '2023-12-31'),
          band_mhz: band4g(),
        });
      }
      events.sort((a, b) => a.date.localeCompare(b.date));
      sites.push({ operator: op.id, commune, events, createdAt: events[0]!.date });
    }
  }

  const has4g = (s: PlannedSite) => s.events.some((e) => e.tech === '4G');
  // Upgrades: an existing mast gains 4G during the period, preferably where 2G is concentrated.
  for (const op of OPERATORS) {
    const candidates = rng.shuffle(sites.filter((s) => s.operator === op.id && !has4g(s)));
    candidates.sort((a, b) => Number(b.commune.concentrated2g) - Number(a.commune.concentrated2g));
    for (const s of candidates.slice(0, plan.upgrades[op.id] ?? 0)) {
      s.events.push({ tech: '4G', status: 'upgraded', date: periodDate(rng), band_mhz: 1800 });
    }
  }
  // 2G switch-offs in low-traffic areas, mostly at masts that keep 4G; a few leave no 4G behind.
  const baseline = sites.slice();
  const withG4 = rng.shuffle(baseline.filter((s) => has4g(s) && !s.commune.concentrated2g));
  const orphanPool = rng.shuffle(
    baseline.filter((s) => !has4g(s) && s.commune.kind === 'commune' && !s.commune.concentrated2g),
  );
  for (const s of [...withG4.slice(0, plan.switchOffs - plan.orphans), ...orphanPool.slice(0, plan.orphans)]) {
    const date = periodDate(rng);
    const g4 = s.events.find((e) => e.tech === '4G');
    s.events.push({ tech: '2G', status: 'switched_off', date: g4 && g4.date > date ? g4.date : date, band_mhz: null });
  }
  // New 4G stations, more than half of them in the 2G-heavy communes.
  const focus = communes.filter((c) => c.concentrated2g || c.kind === 'commune');
  for (const op of OPERATORS) {
    for (let i = 0; i < (plan.newSites[op.id] ?? 0); i++) {
      const commune = rng() < 0.55 && focus.length > 0 ? rng.pick(focus) : weightedPick(communes, weights, rng);
      const date = periodDate(rng);
      sites.push({
        operator: op.id,
        commune,
        createdAt: date,
        events: [{ tech: '4G', status: 'active', date, band_mhz: band4g() }],
      });
    }
  }
  for (let i = 0; i < plan.planned; i++) {
    const commune = rng.pick(focus.length > 0 ? focus : communes);
    const date = randomDate(rng, '2024-06-01', '2024-09-30');
    const operator = rng.pick(['viettel', 'vnpt', 'mobifone'] as const);
    sites.push({
      operator,
      commune,
      createdAt: date,
      events: [{ tech: '4G', status: 'planned', date, band_mhz: 1800 }],
    });
  }
  for (const s of sites) s.events.sort((a, b) => a.date.localeCompare(b.date));
  return sites;
}

function writeSites(db: DB, plan: ProvinceSitePlan, sites: PlannedSite[], rng: Rng): number {
  const store = createSitesStore(db);
  const seq = new Map<string, number>();
  let events = 0;
  for (const s of sites) {
    const op = OPERATORS.find((o) => o.id === s.operator)!;
    const n = (seq.get(op.id) ?? 0) + 1;
    seq.set(op.id, n);
    const [lon, lat] = randomPointIn(s.commune.area, rng);
    const environment = s.commune.kind === 'ward' ? 'urban' : s.commune.kind === 'township' ? 'suburban' : 'rural';
    const g4 = s.events.find((e) => e.tech === '4G');
    const id = store.insertSite({
      operator_id: op.id,
      site_code: `${plan.prefix}-${op.prefix}-${String(n).padStart(4, '0')}`,
      name: `${s.commune.name.replace(/^(Phường|Xã|Thị trấn) /, '')} ${n}`,
      lon: Math.round(lon * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      province_code: s.commune.province,
      commune_code: s.commune.code,
      antenna_height_m: Math.round(environment === 'urban' ? rng.range(20, 35) : rng.range(28, 48)),
      band_mhz: g4?.band_mhz ?? s.events[0]!.band_mhz,
      measured_radius_m: null,
      environment,
      created_at: `${s.createdAt}T00:00:00Z`,
    });
    for (const e of s.events) {
      store.insertEvent({ site_id: id, ...e, note: null, created_at: GENERATED_AT });
      events++;
    }
    // Most masts carry three 120° sectors (a full circle); some cover a road or valley with one or two
    // directional sectors; a few carriers declare a measured radius instead of the model's.
    const layout = rng();
    if (layout < 0.75) {
      const az0 = Math.floor(rng.range(0, 120));
      for (const k of [0, 120, 240]) store.insertSector(id, null, (az0 + k) % 360, 120);
    } else if (layout < 0.82) {
      const az0 = Math.floor(rng.range(0, 360));
      store.insertSector(id, null, az0, 90);
      if (rng() < 0.5) store.insertSector(id, null, (az0 + 180) % 360, 90);
    }
    if (rng() < 0.03) store.setRadius(id, Math.round(rng.range(800, 3500)), 'declared');
  }
  return events;
}

/**
 * Today's communes the old province's territory went into, each with the population it brought (the real
 * population of today's commune, shared like the figures: population where known, else area).
 */
function siteCommunes(
  stores: Stores,
  crossing: Crossing,
  old: OldCommune[],
  concentrated: ReadonlySet<string>,
): Commune[] {
  const { links, weights } = crossing;
  const pop = carryAcross(new Map(old.map((c) => [c.code, Math.round(c.population)])), links, weights).values;
  const hot = new Set(links.filter((l) => concentrated.has(l.oldCode)).map((l) => l.newCode));
  const province = DEMO_OLD_PROVINCES[old[0]!.province];
  return stores.units
    .communesWithGeometry({ province })
    .filter((c) => pop.has(c.code))
    .map((c) => {
      const geometry = JSON.parse(c.geojson) as Polygon | MultiPolygon;
      return {
        code: c.code,
        name: c.name,
        province,
        kind: c.unit_type === 'Phường' ? 'ward' : 'commune',
        area: turf.feature(geometry),
        areaKm2: c.area_km2,
        population: pop.get(c.code)!.value,
        concentrated2g: hot.has(c.code),
      };
    });
}

/**
 * Plans and writes the sites of every demo province, in a fixed order: the 2G stories draw from `rng`,
 * the 3G sunset's switch-offs from a stream of their own (`seed`), so neither changes the other's figures.
 */
export function writeDemoSites(
  db: DB,
  stores: Stores,
  toToday: Crossing,
  old: OldCommune[],
  rng: Rng,
  seed: number,
): { sites: number; events: number } {
  const concentrated = new Set(old.filter((c) => c.concentrated2g).map((c) => c.code));
  const rng3g = createRng(seed + 33);
  let sites = 0;
  let events = 0;
  for (const p of Object.keys(PLANS) as OldProvince[]) {
    const communes = siteCommunes(
      stores,
      toToday,
      old.filter((c) => c.province === p),
      concentrated,
    );
    const planned = planSites(communes, PLANS[p], rng);
    switchOff2026(planned, rng);
    switchOff3g2026(planned, rng3g);
    for (const s of planned) s.events.sort((a, b) => a.date.localeCompare(b.date));
    events += writeSites(db, PLANS[p], planned, rng);
    sites += planned.length;
  }
  return { sites, events };
}
