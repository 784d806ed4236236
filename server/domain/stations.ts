// Carriers keep their station list true: create a site, edit it, add technology events, retire it.
// Every rule is checked before anything is written; every change is one transaction with exactly one
// audit row (who, when, through what, before and after).
import * as turf from '../analysis/turf.ts';
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Stores } from '../stores.ts';
import type { SiteRow } from '../db/sites.ts';
import { CHUNK } from '../db/site-states.ts';
import { DomainError } from './errors.ts';
import type { AuthUser } from './auth.ts';
import { CoordinateError, parsePosition, type PositionInput } from './coordinates.ts';
import { isOnAir, techStatesAt, type EventStatus, type Tech } from '../../common/site-state.ts';
import { isRealDate, today } from '../../common/month.ts';
import { localOffsetKm } from '../../common/footprint.ts';

export interface Actor {
  user: AuthUser;
  /** 'form', 'api_token:<name>', 'import:<file>' */
  via: string;
}

export interface EventInput {
  tech: Tech;
  status: EventStatus;
  date: string;
  band_mhz?: number | null | undefined;
  note?: string | null | undefined;
}

export interface SectorInput {
  azimuth_deg: number;
  beamwidth_deg: number;
  tech?: Tech | null | undefined;
}

export interface StationInput {
  operator: string;
  site_code: string;
  name?: string | null | undefined;
  province: string;
  position: PositionInput;
  antenna_height_m?: number | null | undefined;
  band_mhz?: number | null | undefined;
  environment?: 'urban' | 'suburban' | 'rural' | null | undefined;
  measured_radius_m?: number | null | undefined;
  sectors?: SectorInput[] | undefined;
  events?: EventInput[] | undefined;
}

export type StationPatch = Partial<Omit<StationInput, 'operator' | 'site_code' | 'events'>>;

export interface Warning {
  id: string;
  message: string;
  message_vi: string;
}

/** Another mast of the same operator this close is probably the same one typed twice: warn, not refuse. */
export const NEARBY_WARNING_M = 50;

const invalid = (field: string, en: string, vi: string) =>
  new DomainError('invalid_station', `${field}: ${en}`, `${field}: ${vi}`, field);

/** Carriers touch only their operator's sites; admins touch all. */
export function checkOwnership(actor: Actor, operator: string): void {
  if (actor.user.role === 'admin') return;
  if (actor.user.role === 'carrier' && actor.user.operator_id === operator) return;
  throw new DomainError(
    'forbidden',
    `operator: your account may only change ${actor.user.operator_id ?? 'no'} sites, not ${operator}`,
    `operator: tài khoản của bạn chỉ được sửa trạm của ${actor.user.operator_id ?? '(không có)'}, không phải ${operator}`,
    'operator',
  );
}

/** Where positions are looked up: the boundaries whose bbox holds a point, and each boundary's shape. */
export interface Locator {
  candidates(
    level: 'province' | 'commune',
    lon: number,
    lat: number,
  ): { id: number; code: string; province_code: string }[];
  shape(id: number): Polygon | MultiPolygon;
}

function shapeReader(stores: Stores): Locator['shape'] {
  const shapes = new Map<number, Polygon | MultiPolygon>();
  return (id) => {
    let geometry = shapes.get(id);
    if (!geometry) shapes.set(id, (geometry = JSON.parse(stores.units.geometryById(id)!) as Polygon | MultiPolygon));
    return geometry;
  };
}

/** One position: the candidates from the database's R*Tree. */
function databaseLocator(stores: Stores): Locator {
  return { candidates: (level, lon, lat) => stores.units.containing(level, lon, lat), shape: shapeReader(stores) };
}

/**
 * Many positions (a bulk import): every current boundary's bbox read once into an in-memory index, and
 * each shape parsed once — a lookup costs microseconds instead of a query.
 */
export function bulkLocator(stores: Stores): Locator {
  const index = (level: 'province' | 'commune') => {
    const boxes = stores.units.currentBoxes(level);
    const tree = new Flatbush(Math.max(1, boxes.length));
    for (const b of boxes) tree.add(b.min_lon, b.min_lat, b.max_lon, b.max_lat);
    if (boxes.length === 0) tree.add(0, 0, 0, 0);
    tree.finish();
    return { tree, boxes };
  };
  const levels = { province: index('province'), commune: index('commune') };
  return {
    candidates(level, lon, lat) {
      const { tree, boxes } = levels[level];
      return tree.search(lon, lat, lon, lat).flatMap((i) => (boxes[i] ? [boxes[i]] : []));
    },
    shape: shapeReader(stores),
  };
}

/**
 * Parses and places a position: inside Viet Nam, inside the province; the commune by point-in-polygon.
 * Pass a bulkLocator() when placing many positions.
 */
export function placePosition(
  stores: Stores,
  position: PositionInput,
  province: string,
  locator: Locator = databaseLocator(stores),
) {
  let p: ReturnType<typeof parsePosition>;
  try {
    p = parsePosition(position, province);
  } catch (e) {
    if (e instanceof CoordinateError) throw invalid('position', e.message, e.messageVi);
    throw e;
  }
  const inside = (level: 'province' | 'commune') =>
    locator
      .candidates(level, p.lon, p.lat)
      .find((g) => turf.booleanPointInPolygon([p.lon, p.lat], locator.shape(g.id)));
  // A province is the union of its communes: the commune found answers for the province too, and only a
  // point in no commune (a gap, the sea) is tested against the province's own, much larger, outline.
  const commune = inside('commune');
  const provinceFound = commune ? commune.province_code : inside('province')?.code;
  if (provinceFound !== province) {
    const name = stores.units.province(province)?.name ?? province;
    throw invalid(
      'position',
      `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} is not inside ${name}`,
      `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} không nằm trong ${name}`,
    );
  }
  return {
    lon: Math.round(p.lon * 1e7) / 1e7,
    lat: Math.round(p.lat * 1e7) / 1e7,
    commune: commune?.code ?? null,
    source: p.source,
  };
}

function nearbyWarnings(stores: Stores, operator: string, lon: number, lat: number, exclude?: number): Warning[] {
  const d = 0.001; // ~110 m: a generous box, then the exact distance
  return stores.sites
    .near(operator, [lon - d, lat - d, lon + d, lat + d], exclude)
    .map((s) => {
      const [dx, dy] = localOffsetKm(lon, lat, s.lon, s.lat);
      return { ...s, m: Math.sqrt(dx * dx + dy * dy) * 1000 };
    })
    .filter((s) => s.m <= NEARBY_WARNING_M)
    .map((s) => ({
      id: 'nearby_site',
      message: `site ${s.site_code} of the same operator stands ${s.m.toFixed(0)} m away: is it the same mast?`,
      message_vi: `trạm ${s.site_code} của cùng nhà mạng cách ${s.m.toFixed(0)} m: có phải cùng một cột?`,
    }));
}

/**
 * Refuses impossible transitions: events out of order, switching off a technology that is not on air,
 * a technology "active" twice in a row, anything but a plan dated in the future.
 */
export function checkEvents(
  existing: { tech: Tech; status: EventStatus; date: string }[],
  added: EventInput[],
  now = today(),
): void {
  const all = [...existing];
  added.forEach((e, i) => {
    const f = `events.${i}`;
    if (!isRealDate(e.date))
      throw invalid(`${f}.date`, 'expected a real date YYYY-MM-DD', 'cần ngày có thật YYYY-MM-DD');
    if (e.status !== 'planned' && e.date > now) {
      throw invalid(
        `${f}.date`,
        `${e.status} on ${e.date} is in the future: only plans may be dated ahead`,
        `${e.status} ngày ${e.date} ở tương lai: chỉ kế hoạch mới được ghi ngày tới`,
      );
    }
    const sameTech = all.filter((x) => x.tech === e.tech);
    const last = sameTech.reduce<(typeof sameTech)[number] | undefined>(
      (a, b) => (!a || b.date >= a.date ? b : a),
      undefined,
    );
    if (last && e.date < last.date) {
      throw invalid(
        `${f}.date`,
        `${e.tech} already has an event on ${last.date}, after ${e.date}`,
        `${e.tech} đã có sự kiện ngày ${last.date}, sau ${e.date}`,
      );
    }
    const state = techStatesAt(all, e.date)[e.tech];
    if (e.status === 'switched_off' && !isOnAir(state)) {
      throw invalid(
        `${f}.status`,
        `cannot switch off ${e.tech}: it is not on air at ${e.date}`,
        `không thể tắt ${e.tech}: công nghệ này không phát sóng vào ${e.date}`,
      );
    }
    if (e.status === 'active' && isOnAir(state)) {
      throw invalid(`${f}.status`, `${e.tech} is already on air at ${e.date}`, `${e.tech} đã phát sóng vào ${e.date}`);
    }
    if (e.status === 'upgraded') {
      const anyOnAir = Object.values(techStatesAt(all, e.date)).some((s) => isOnAir(s));
      if (!anyOnAir) {
        throw invalid(
          `${f}.status`,
          `an upgrade needs a mast on air at ${e.date}; use "active" for a new site`,
          `nâng cấp cần trạm đang phát vào ${e.date}; trạm mới hãy dùng "active"`,
        );
      }
    }
    all.push({ tech: e.tech, status: e.status, date: e.date });
  });
}

/** Everything about a site, as written to the audit log. */
export function snapshot(stores: Stores, id: number) {
  const s = stores.sites.site(id);
  if (!s) return null;
  return {
    ...s,
    radius_source: stores.sites.radiusSource(id),
    events: stores.sites
      .events(id)
      .map(({ tech, status, date, band_mhz, note }) => ({ tech, status, date, band_mhz, note })),
    sectors: stores.sites.sectors(id),
  };
}

/**
 * The snapshot of a site just inserted with these values, as snapshot() would read it back: a bulk
 * import writes 100,000 of them without reading each site again. Keys in the same order, so the audit
 * log's JSON is the same text.
 */
export function newSiteSnapshot(
  id: number,
  s: Omit<SiteRow, 'id'> & { created_at: string },
  events: EventInput[],
  sectors: SectorInput[],
): NonNullable<ReturnType<typeof snapshot>> {
  return {
    id,
    operator_id: s.operator_id,
    site_code: s.site_code,
    name: s.name,
    lon: s.lon,
    lat: s.lat,
    province_code: s.province_code,
    commune_code: s.commune_code,
    antenna_height_m: s.antenna_height_m,
    band_mhz: s.band_mhz,
    measured_radius_m: s.measured_radius_m,
    environment: s.environment,
    created_at: s.created_at,
    updated_at: s.created_at,
    radius_source: null,
    events: [...events]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((e) => ({
        tech: e.tech,
        status: e.status,
        date: e.date,
        band_mhz: e.band_mhz ?? null,
        note: e.note ?? null,
      })),
    sectors: sectors.map((x) => ({
      tech: x.tech ?? null,
      azimuth_deg: x.azimuth_deg % 360,
      beamwidth_deg: x.beamwidth_deg,
    })),
  };
}

/** The one audit row of a write to a site: who, through what, before and after. */
function auditSite(
  stores: Stores,
  actor: Actor,
  id: number,
  action: string,
  before: unknown,
  after: unknown,
  at: string,
) {
  stores.audit.record(
    {
      user_id: actor.user.id,
      actor: actor.user.username,
      via: actor.via,
      entity: 'site',
      entity_id: String(id),
      action,
      before,
      after,
    },
    at,
  );
}

/** Where a written station stands: its province and position, before the write and after it. */
export interface SitePlace {
  province: string;
  lon: number;
  lat: number;
}

export interface WriteOptions {
  /**
   * Called after the transaction commits (coverage recomputation, caches), with the places the sites
   * stood before the write and stand after it, so answers about other provinces can be kept; null where
   * they are not known (an import: every answer is renewed).
   */
  onChanged?: (siteIds: number[], places: SitePlace[] | null) => void;
  now?: string;
  /**
   * Test seam, off in production: called inside an import's transaction after each site written. The
   * crash tests pause there, so their SIGKILL lands inside the transaction every time.
   */
  insideImport?: (written: number) => void;
}

/**
 * One station write: `write` in a transaction with the kept states of the sites it touched
 * (server/db/site-states.ts), and at most one step of any an import left behind.
 */
function writeSites<T>(stores: Stores, write: () => T): T {
  return stores.db.transaction(() => {
    const out = write();
    stores.siteStates.flush(CHUNK);
    return out;
  })();
}

/** Replaces a site's sectors. Call inside the caller's transaction. */
export function writeSectors(stores: Stores, id: number, sectors: SectorInput[]) {
  stores.sites.deleteSectors(id);
  for (const s of sectors) stores.sites.insertSector(id, s.tech ?? null, s.azimuth_deg % 360, s.beamwidth_deg);
}

/** The row an event of site `id` is stored as, written at `at`. */
export function eventRow(id: number, e: EventInput, at: string) {
  return {
    site_id: id,
    tech: e.tech,
    status: e.status,
    date: e.date,
    band_mhz: e.band_mhz ?? null,
    note: e.note ?? null,
    created_at: at,
  };
}

/** Appends technology events to a site's history. Call inside the caller's transaction. */
export function writeEvents(stores: Stores, id: number, events: EventInput[], at: string) {
  for (const e of events) stores.sites.insertEvent(eventRow(id, e, at));
}

export function createStation(stores: Stores, actor: Actor, input: StationInput, opts: WriteOptions = {}) {
  checkOwnership(actor, input.operator);
  if (!stores.sites.operator(input.operator))
    throw invalid('operator', `unknown operator ${input.operator}`, `không có nhà mạng ${input.operator}`);
  if (!stores.units.province(input.province))
    throw invalid('province', `unknown province ${input.province}`, `không có tỉnh ${input.province}`);
  if (stores.sites.byCode(input.operator, input.site_code)) {
    throw new DomainError(
      'duplicate_site',
      `site_code: ${input.operator} already has a site ${input.site_code}`,
      `site_code: ${input.operator} đã có trạm ${input.site_code}`,
      'site_code',
    );
  }
  const place = placePosition(stores, input.position, input.province);
  const events = [...(input.events ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  if (events.length === 0)
    throw invalid('events', 'a site needs at least one technology event', 'trạm cần ít nhất một sự kiện công nghệ');
  checkEvents([], events, opts.now);
  const warnings = nearbyWarnings(stores, input.operator, place.lon, place.lat);
  const at = new Date().toISOString();
  const id = writeSites(stores, () => {
    const id = stores.sites.insertSite({
      operator_id: input.operator,
      site_code: input.site_code,
      name: input.name ?? null,
      lon: place.lon,
      lat: place.lat,
      province_code: input.province,
      commune_code: place.commune,
      antenna_height_m: input.antenna_height_m ?? null,
      band_mhz: input.band_mhz ?? null,
      measured_radius_m: input.measured_radius_m ?? null,
      environment: input.environment ?? null,
      created_at: at,
    });
    if (input.measured_radius_m) stores.sites.setRadius(id, input.measured_radius_m, 'declared');
    writeEvents(stores, id, events, at);
    writeSectors(stores, id, input.sectors ?? []);
    auditSite(stores, actor, id, 'create', null, snapshot(stores, id), at);
    return id;
  });
  opts.onChanged?.([id], [{ province: input.province, lon: place.lon, lat: place.lat }]);
  return { site: snapshot(stores, id)!, warnings };
}

const placeOf = (s: Pick<SiteRow, 'province_code' | 'lon' | 'lat'>): SitePlace => ({
  province: s.province_code,
  lon: s.lon,
  lat: s.lat,
});

function liveSite(stores: Stores, id: number): SiteRow {
  const s = stores.sites.site(id);
  if (!s) throw new DomainError('not_found', `site ${id} not found`, `không tìm thấy trạm ${id}`, 'id');
  return s;
}

export function updateStation(stores: Stores, actor: Actor, id: number, patch: StationPatch, opts: WriteOptions = {}) {
  const s = liveSite(stores, id);
  checkOwnership(actor, s.operator_id);
  const province = patch.province ?? s.province_code;
  if (!stores.units.province(province))
    throw invalid('province', `unknown province ${province}`, `không có tỉnh ${province}`);
  const place =
    patch.position || patch.province
      ? placePosition(stores, patch.position ?? { lat: s.lat, lon: s.lon }, province)
      : null;
  const before = snapshot(stores, id)!;
  const next = {
    id,
    name: patch.name === undefined ? s.name : patch.name,
    lon: place?.lon ?? s.lon,
    lat: place?.lat ?? s.lat,
    province_code: province,
    commune_code: place ? place.commune : s.commune_code,
    antenna_height_m: patch.antenna_height_m === undefined ? s.antenna_height_m : patch.antenna_height_m,
    band_mhz: patch.band_mhz === undefined ? s.band_mhz : patch.band_mhz,
    measured_radius_m: patch.measured_radius_m === undefined ? s.measured_radius_m : patch.measured_radius_m,
    radius_source: (patch.measured_radius_m === undefined
      ? before.radius_source
      : patch.measured_radius_m
        ? 'declared'
        : null) as string | null,
    environment: patch.environment === undefined ? s.environment : patch.environment,
  };
  const changed =
    (Object.keys(next) as (keyof typeof next)[]).some(
      (k) => k !== 'id' && (next[k] ?? null) !== ((before as Record<string, unknown>)[k] ?? null),
    ) ||
    (patch.sectors !== undefined &&
      JSON.stringify(patch.sectors.map((x) => [x.tech ?? null, x.azimuth_deg, x.beamwidth_deg])) !==
        JSON.stringify(before.sectors.map((x) => [x.tech, x.azimuth_deg, x.beamwidth_deg])));
  if (!changed) return { site: before, warnings: [] as Warning[], changed: false };
  const warnings = place ? nearbyWarnings(stores, s.operator_id, place.lon, place.lat, id) : [];
  const at = new Date().toISOString();
  writeSites(stores, () => {
    stores.sites.update({ ...next, updated_at: at });
    if (patch.sectors !== undefined) writeSectors(stores, id, patch.sectors);
    auditSite(stores, actor, id, 'update', before, snapshot(stores, id), at);
  });
  opts.onChanged?.([id], [placeOf(s), placeOf(next)]);
  return { site: snapshot(stores, id)!, warnings, changed: true };
}

export function addEvent(stores: Stores, actor: Actor, id: number, e: EventInput, opts: WriteOptions = {}) {
  const s = liveSite(stores, id);
  checkOwnership(actor, s.operator_id);
  const existing = stores.sites.events(id);
  try {
    checkEvents(existing, [e], opts.now);
  } catch (err) {
    // The single event of this request is the body itself: name its fields without the list index.
    if (err instanceof DomainError && err.field) {
      const field = err.field.replace(/^events\.0\./, '');
      throw new DomainError(
        err.id,
        err.message.replace(/^events\.0\./, ''),
        err.messageVi.replace(/^events\.0\./, ''),
        field,
      );
    }
    throw err;
  }
  const before = snapshot(stores, id)!;
  const at = new Date().toISOString();
  writeSites(stores, () => {
    writeEvents(stores, id, [e], at);
    stores.sites.touch(id, at);
    auditSite(stores, actor, id, 'event', before, snapshot(stores, id), at);
  });
  opts.onChanged?.([id], [placeOf(s)]);
  return { site: snapshot(stores, id)! };
}

export function retireStation(stores: Stores, actor: Actor, id: number, reason: string, opts: WriteOptions = {}) {
  const s = liveSite(stores, id);
  checkOwnership(actor, s.operator_id);
  const before = snapshot(stores, id)!;
  const at = new Date().toISOString();
  writeSites(stores, () => {
    stores.sites.retire(id, reason, at);
    auditSite(stores, actor, id, 'retire', before, { retired_at: at, retired_reason: reason }, at);
  });
  opts.onChanged?.([id], [placeOf(s)]);
  return { id, retired_at: at, reason };
}
