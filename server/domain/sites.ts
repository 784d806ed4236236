// BTS sites as GeoJSON points with their state at a date, and one site with its whole history.
import type { Stores } from '../stores.ts';
import { wholeParts, type FeatureParts } from '../db/site-cells.ts';
import type { SiteFilter } from '../db/sites.ts';
import type { AuthUser } from './auth.ts';
import { unitsInSet, type UnitsInSet } from './site-units.ts';
import { PRE_REFORM_SET } from './unit-sets.ts';
import { siteCategory, techStatesAt } from '../../common/site-state.ts';
import {
  keepTechs,
  siteFeature,
  type SiteFeature,
  type SiteProperties,
  type SiteStateFilter,
} from '../db/site-states.ts';

export interface SiteQuery extends SiteStateFilter {
  asOf: string;
}

export type { SiteFeature, SiteProperties };

/** Features built as objects (replayed from history), encoded once and joined by commas, tagged by their hash. */
const encodedParts = (features: readonly object[]): FeatureParts =>
  wholeParts(Buffer.from(features.map((f) => JSON.stringify(f)).join(',')));

/**
 * The sites matching `q` at `q.asOf` as UTF-8 GeoJSON features joined by commas, in parts to be
 * concatenated, and their tag: /api/sites' answer, read from the states kept on write
 * (server/db/site-states.ts), or replayed from the history while a write has left a site behind. (Callers
 * that need objects use siteCollection: parsing a whole country's text back costs as much as replaying its
 * history.)
 */
export function siteFeatureParts(stores: Stores, q: SiteQuery): FeatureParts {
  if (stores.siteStates.fresh()) return stores.siteStates.featureParts(q, q.asOf);
  return encodedParts(siteCollection(stores, q).features);
}

const TAIL = Buffer.from(']}');

/**
 * /api/sites' whole answer: `head` (the collection's members up to `"features":[`) and the features of the
 * sites matching `q` at `q.asOf` in today's units, or, with `set`, in that earlier unit set's (replayed from
 * history, each site with its units in that set), and a tag that changes whenever the features do. On the
 * request thread for a province or a box, by a worker for the country (server/workers/tasks.ts).
 */
export function siteAnswer(
  stores: Stores,
  head: Uint8Array,
  set: string | null,
  q: SiteQuery,
): { body: Buffer; tag: string; kept?: boolean } {
  const { parts, tag, kept } = set
    ? encodedParts(siteCollectionInSet(stores, set, q).features)
    : siteFeatureParts(stores, q);
  return { body: Buffer.concat([head, ...parts, TAIL]), tag, kept };
}

/** The sites matching `q` at `q.asOf`, from each site's events (sites with no event by then are left out). */
export function siteCollection(stores: Stores, q: SiteQuery): { type: 'FeatureCollection'; features: SiteFeature[] } {
  const dataStart = stores.meta().data_start;
  const features: SiteFeature[] = [];
  for (const { site, events } of stores.sites.sitesWithEvents(q, q.asOf)) {
    const techs = techStatesAt(events, q.asOf);
    if (!keepTechs(techs, q)) continue;
    const f = siteFeature(site, techs, dataStart);
    if (q.category && f.properties.category !== q.category) continue;
    features.push(f);
  }
  return { type: 'FeatureCollection', features };
}

/**
 * A filter on an earlier unit set's province, in today's terms: a pre-reform province is the communes
 * formed from it; a later set's province the one it went into (the answer keeps those certainly in it).
 */
export function filterInSet<F extends SiteFilter>(stores: Stores, set: string, q: F): F {
  if (set === PRE_REFORM_SET) return { ...q, province: null, oldProvince: q.province ?? null };
  const to = q.province ? stores.unitSets.provinceMap(set, stores.unitSets.mapSet()).get(q.province) : undefined;
  return { ...q, province: q.province ? (to ?? q.province) : null };
}

/**
 * The sites of an earlier unit set's province or district (its own codes), each with its units in that
 * set (server/domain/site-units.ts) and today's.
 */
export function siteCollectionInSet(stores: Stores, set: string, q: SiteQuery) {
  const fc = siteCollection(stores, filterInSet(stores, set, q));
  const features = fc.features.map((f) => {
    const units: UnitsInSet = unitsInSet(stores, set, {
      lon: f.geometry.coordinates[0],
      lat: f.geometry.coordinates[1],
      commune_code: f.properties.commune_code,
    });
    const { unit_set, province_code, ...rest } = units;
    return {
      ...f,
      properties: {
        ...f.properties,
        unit_set,
        province_code: province_code ?? f.properties.province_code,
        ...rest,
        today: { province_code: f.properties.province_code, commune_code: f.properties.commune_code },
      },
    };
  });
  // A province filter in an old set keeps the stations certainly in it.
  return {
    type: fc.type,
    features: q.province ? features.filter((f) => f.properties.province_code === q.province) : features,
  };
}

export function siteDetail(stores: Stores, id: number, asOf: string) {
  const s = stores.sites.site(id);
  if (!s) return undefined;
  const events = stores.sites.events(id);
  const techs = techStatesAt(events, asOf);
  const commune = s.commune_code ? stores.units.commune(s.commune_code) : undefined;
  return {
    type: 'Feature' as const,
    id: s.id,
    geometry: { type: 'Point' as const, coordinates: [s.lon, s.lat] },
    properties: {
      id: s.id,
      operator: s.operator_id,
      operator_name: stores.sites.operator(s.operator_id)?.name ?? s.operator_id,
      site_code: s.site_code,
      name: s.name,
      province_code: s.province_code,
      commune_code: s.commune_code,
      commune_name: commune?.name ?? null,
      district_code: commune?.district_code ?? null,
      district_name: commune?.district_name ?? null,
      antenna_height_m: s.antenna_height_m,
      band_mhz: s.band_mhz,
      measured_radius_m: s.measured_radius_m,
      environment: s.environment,
      as_of: asOf,
      category: siteCategory(techs, stores.meta().data_start),
      techs,
      events: events.map(({ tech, status, date, band_mhz, note }) => ({ tech, status, date, band_mhz, note })),
      sectors: stores.sites.sectors(id),
      created_at: s.created_at,
      updated_at: s.updated_at,
    },
  };
}

/**
 * A site's audit rows as the caller may see them. The department (admin) and the site's own operator see
 * everything; other logged-in users see who and how but not the snapshots (retire reasons, notes) nor a
 * token's name; anonymous readers see only what changed and when.
 */
export function siteHistory(stores: Stores, id: number | string, user: AuthUser | null) {
  const rows = stores.audit.forEntity('site', String(id));
  const operator = stores.sites.operatorOf(Number(id));
  if (user && (user.role === 'admin' || (user.role === 'carrier' && user.operator_id === operator))) return rows;
  return rows.map(({ before, after, ...r }) => ({
    ...r,
    // The fields that changed, without their values.
    changed: [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
      (k) =>
        JSON.stringify((before as Record<string, unknown> | null)?.[k]) !==
        JSON.stringify((after as Record<string, unknown> | null)?.[k]),
    ),
    actor: user ? r.actor : null,
    user_id: user ? r.user_id : null,
    via: r.via.startsWith('import') ? 'import' : r.via.split(':')[0]!,
  }));
}
