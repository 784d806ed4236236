// Prepared statements for operators, BTS sites (with their R*Tree index), events and sectors.
import type { DB } from './database.ts';
import { multiRowInsert } from './bulk.ts';
import { formedFrom } from './units.ts';
import type { BBox } from './units.ts';
import type { EventStatus, Tech } from '../../common/site-state.ts';

export interface OperatorRow {
  id: string;
  name: string;
  color: string;
}
export interface SiteRow {
  id: number;
  operator_id: string;
  site_code: string;
  name: string | null;
  lon: number;
  lat: number;
  province_code: string;
  commune_code: string | null;
  antenna_height_m: number | null;
  band_mhz: number | null;
  measured_radius_m: number | null;
  environment: string | null;
}

export interface SectorRow {
  site_id: number;
  tech: Tech | null;
  azimuth_deg: number;
  beamwidth_deg: number;
}
export interface SiteEventRow {
  id: number;
  site_id: number;
  tech: Tech;
  status: EventStatus;
  date: string;
  band_mhz: number | null;
  note: string | null;
}
export interface SiteFilter {
  province?: string | null;
  district?: string | null;
  /** A pre-reform province: the sites in today's communes formed from it. */
  oldProvince?: string | null;
  operator?: string | null;
  bbox?: BBox | null;
}

// Column order of withEvents rows read in raw mode: SITE_COLUMNS, then the event's id, tech, status, date, band.
type WithEventRow = [
  number,
  string,
  string,
  string | null,
  number,
  number,
  string,
  string | null,
  number | null,
  number | null,
  number | null,
  string | null,
  number,
  Tech,
  EventStatus,
  string,
  number | null,
];

const SITE_COLUMNS = `s.id, s.operator_id, s.site_code, s.name, s.lon, s.lat, s.province_code, s.commune_code,
  s.antenna_height_m, s.band_mhz, s.measured_radius_m, s.environment`;

/**
 * The place and operator filter of a site query (@province, @operator, @district, @old_province, each NULL
 * for none) over `alias`, a table with the sites' province_code, operator_id and commune_code: a former
 * district or pre-reform province is the communes formed from it.
 */
export const placeFilterSql = (alias: string) => `
      (@province IS NULL OR ${alias}.province_code = @province)
      AND (@operator IS NULL OR ${alias}.operator_id = @operator)
      AND (@district IS NULL OR ${alias}.commune_code IN (SELECT code FROM communes WHERE district_code = @district)
        OR ${alias}.commune_code IN (${formedFrom('district_code', 'district')}))
      AND (@old_province IS NULL OR ${alias}.commune_code IN (${formedFrom('province_code', 'old_province')}))`;

/**
 * A statement per combination of the places a query names (province, former district, pre-reform
 * province), prepared when first asked for. `prepare` gets the conditions naming them plainly, to add after
 * the generic place filter: with "@province IS NULL OR …" alone SQLite cannot drive the query from the
 * province or commune index and reads the whole country instead.
 */
export function perNamedPlaces<T>(prepare: (place: (alias: string) => string, communes: boolean) => T) {
  const prepared = new Map<string, T>();
  return (f: Pick<SiteFilter, 'province' | 'district' | 'oldProvince'>): T => {
    const key = `${!!f.province}|${!!f.district}|${!!f.oldProvince}`;
    let st = prepared.get(key);
    if (!st) {
      const place = (alias: string) =>
        (f.province ? ` AND ${alias}.province_code = @province` : '') +
        (f.district
          ? ` AND ${alias}.commune_code IN (SELECT code FROM communes WHERE district_code = @district
              UNION ${formedFrom('district_code', 'district')})`
          : '') +
        (f.oldProvince ? ` AND ${alias}.commune_code IN (${formedFrom('province_code', 'old_province')})` : '');
      // `communes`: the place is only a list of today's communes (a former district or pre-reform province).
      prepared.set(key, (st = prepare(place, !f.province && !!(f.district || f.oldProvince))));
    }
    return st;
  };
}

/** The station events a meeting counts: sites with such an event in a period. */
export interface EventCounts {
  switched_off_2g: number;
  switched_off_3g: number;
  active_4g: number;
  upgraded_4g: number;
}

/** The columns a new site's row is written with, in the order insertSites takes their values. */
export const SITE_INSERT_COLUMNS = [
  'operator_id',
  'site_code',
  'name',
  'lon',
  'lat',
  'province_code',
  'commune_code',
  'antenna_height_m',
  'band_mhz',
  'measured_radius_m',
  'environment',
  'created_at',
  'updated_at',
] as const;

export function createSitesStore(db: DB) {
  const bulk = {
    sites: multiRowInsert(db, 'sites', SITE_INSERT_COLUMNS),
    index: multiRowInsert(db, 'sites_rtree', ['id', 'min_lon', 'max_lon', 'min_lat', 'max_lat']),
    events: multiRowInsert(db, 'site_events', ['site_id', 'tech', 'status', 'date', 'band_mhz', 'note', 'created_at']),
  };
  const filterSql = `WHERE s.retired_at IS NULL AND ${placeFilterSql('s')}`;
  // CROSS JOIN in the bbox statements below keeps the R*Tree first (SQLite's planner otherwise prefers a
  // plain index and scans). With a bbox the R*Tree drives the query: SQLite looks up candidate ids in sites_rtree, then sites by
  // primary key, then their events by index. Two statements rather than one with an OR, so the planner
  // never scans sites for a bbox.
  const q = {
    operators: db.prepare('SELECT id, name, color FROM operators ORDER BY id'),
    operator: db.prepare('SELECT id, name, color FROM operators WHERE id = ?'),
    withEvents: db.prepare(
      `SELECT ${SITE_COLUMNS}, e.id AS e_id, e.tech, e.status, e.date, e.band_mhz AS e_band
       FROM sites s JOIN site_events e ON e.site_id = s.id AND e.date <= @as_of
       ${filterSql} ORDER BY s.id, e.date, e.id`,
    ),
    withEventsInBbox: db.prepare(
      `SELECT ${SITE_COLUMNS}, e.id AS e_id, e.tech, e.status, e.date, e.band_mhz AS e_band
       FROM sites_rtree r JOIN sites s ON s.id = r.id JOIN site_events e ON e.site_id = s.id AND e.date <= @as_of
       ${filterSql} AND r.max_lon >= @min_lon AND r.min_lon <= @max_lon
         AND r.max_lat >= @min_lat AND r.min_lat <= @max_lat
       ORDER BY s.id, e.date, e.id`,
    ),
    site: db.prepare(
      `SELECT ${SITE_COLUMNS}, s.created_at, s.updated_at FROM sites s WHERE s.id = ? AND s.retired_at IS NULL`,
    ),
    events: db.prepare(
      'SELECT id, site_id, tech, status, date, band_mhz, note FROM site_events WHERE site_id = ? ORDER BY date, id',
    ),
    sectors: db.prepare('SELECT tech, azimuth_deg, beamwidth_deg FROM site_sectors WHERE site_id = ? ORDER BY id'),
    sectorsInBbox: db.prepare(
      `SELECT x.site_id, x.tech, x.azimuth_deg, x.beamwidth_deg FROM sites_rtree r CROSS JOIN site_sectors x ON x.site_id = r.id
       WHERE r.max_lon >= @min_lon AND r.min_lon <= @max_lon AND r.max_lat >= @min_lat AND r.min_lat <= @max_lat
       ORDER BY x.site_id, x.id`,
    ),
    radiusSources: db.prepare(
      `SELECT s.id, s.radius_source FROM sites_rtree r JOIN sites s ON s.id = r.id
       WHERE s.radius_source IS NOT NULL AND r.max_lon >= @min_lon AND r.min_lon <= @max_lon
         AND r.max_lat >= @min_lat AND r.min_lat <= @max_lat`,
    ),
    setRadius: db.prepare('UPDATE sites SET measured_radius_m = ?, radius_source = ? WHERE id = ?'),
    byCode: db.prepare(
      `SELECT ${SITE_COLUMNS}, s.retired_at, s.radius_source FROM sites s WHERE s.operator_id = ? AND s.site_code = ?`,
    ),
    update: db.prepare(
      `UPDATE sites SET name = @name, lon = @lon, lat = @lat, province_code = @province_code, commune_code = @commune_code,
         antenna_height_m = @antenna_height_m, band_mhz = @band_mhz, measured_radius_m = @measured_radius_m,
         radius_source = @radius_source, environment = @environment, updated_at = @updated_at
       WHERE id = @id`,
    ),
    retire: db.prepare(
      'UPDATE sites SET retired_at = ?, retired_reason = ?, updated_at = ? WHERE id = ? AND retired_at IS NULL',
    ),
    deleteSectors: db.prepare('DELETE FROM site_sectors WHERE site_id = ?'),
    touch: db.prepare('UPDATE sites SET updated_at = ? WHERE id = ?'),
    near: db.prepare(
      `SELECT s.id, s.site_code, s.lon, s.lat FROM sites_rtree r CROSS JOIN sites s ON s.id = r.id
       WHERE r.max_lon >= @min_lon AND r.min_lon <= @max_lon AND r.max_lat >= @min_lat AND r.min_lat <= @max_lat
         AND s.operator_id = @operator AND s.retired_at IS NULL AND s.id != @exclude`,
    ),
    radiusSource: db.prepare('SELECT radius_source FROM sites WHERE id = ?'),
    operatorOf: db.prepare('SELECT operator_id FROM sites WHERE id = ?'),
    insertOperator: db.prepare('INSERT INTO operators (id, name, color) VALUES (?, ?, ?)'),
    insertSite: db.prepare(
      `INSERT INTO sites (operator_id, site_code, name, lon, lat, province_code, commune_code, antenna_height_m,
         band_mhz, measured_radius_m, environment, created_at, updated_at)
       VALUES (@operator_id, @site_code, @name, @lon, @lat, @province_code, @commune_code, @antenna_height_m,
         @band_mhz, @measured_radius_m, @environment, @created_at, @created_at)`,
    ),
    insertSiteIndex: db.prepare(
      'INSERT INTO sites_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (@id, @lon, @lon, @lat, @lat)',
    ),
    codesOf: db.prepare('SELECT site_code, id, retired_at FROM sites WHERE operator_id = ?'),
    provincesWithSites: db
      .prepare('SELECT DISTINCT province_code FROM sites WHERE retired_at IS NULL ORDER BY 1')
      .pluck(),
    lastId: db.prepare('SELECT max(id) FROM sites').pluck(),
    insertEvent: db.prepare(
      `INSERT INTO site_events (site_id, tech, status, date, band_mhz, note, created_at)
       VALUES (@site_id, @tech, @status, @date, @band_mhz, @note, @created_at)`,
    ),
    insertSector: db.prepare(
      'INSERT INTO site_sectors (site_id, tech, azimuth_deg, beamwidth_deg) VALUES (?, ?, ?, ?)',
    ),
  };

  // A place made of communes drives the count from its sites (commune index), then their events by site:
  // left to itself SQLite read every such event of the country and kept those in the place (a former
  // district of the national set: 58 ms, 0.16 ms this way; a pre-reform province 59 ms, 2.5–4.7 ms). A named
  // province keeps SQLite's own plan, which is as fast or faster there.
  const eventCountsStatement = perNamedPlaces((place, communes) =>
    db.prepare(
      `SELECT
         count(DISTINCT CASE WHEN e.tech = '2G' AND e.status = 'switched_off' THEN e.site_id END) AS switched_off_2g,
         count(DISTINCT CASE WHEN e.tech = '3G' AND e.status = 'switched_off' THEN e.site_id END) AS switched_off_3g,
         count(DISTINCT CASE WHEN e.tech = '4G' AND e.status = 'active' THEN e.site_id END) AS active_4g,
         count(DISTINCT CASE WHEN e.tech = '4G' AND e.status = 'upgraded' THEN e.site_id END) AS upgraded_4g
       FROM ${communes ? 'sites s CROSS JOIN site_events e ON e.site_id = s.id' : 'site_events e JOIN sites s ON s.id = e.site_id'}
       ${filterSql}${place('s')} AND e.date >= @from AND e.date <= @to
         AND ((e.tech IN ('2G', '3G') AND e.status = 'switched_off') OR (e.tech = '4G' AND e.status IN ('active', 'upgraded')))`,
    ),
  );

  function params(f: SiteFilter) {
    return {
      province: f.province ?? null,
      operator: f.operator ?? null,
      district: f.district ?? null,
      old_province: f.oldProvince ?? null,
      min_lon: f.bbox?.[0] ?? 0,
      min_lat: f.bbox?.[1] ?? 0,
      max_lon: f.bbox?.[2] ?? 0,
      max_lat: f.bbox?.[3] ?? 0,
    };
  }

  return {
    operators: () => q.operators.all() as OperatorRow[],
    operator: (id: string) => q.operator.get(id) as OperatorRow | undefined,
    /**
     * Sites matching the filter that existed at `asOf`, each with its events up to that date (sorted),
     * in one query: the R*Tree drives it when there is a bbox.
     */
    sitesWithEvents(f: SiteFilter, asOf: string): { site: SiteRow; events: SiteEventRow[] }[] {
      const out: { site: SiteRow; events: SiteEventRow[] }[] = [];
      let cur: { site: SiteRow; events: SiteEventRow[] } | undefined;
      // Raw rows (arrays) rather than objects: this is the hot path of every map pan.
      const rows = (f.bbox ? q.withEventsInBbox : q.withEvents)
        .raw()
        .all({ ...params(f), as_of: asOf }) as WithEventRow[];
      for (const r of rows) {
        if (!cur || cur.site.id !== r[0]) {
          cur = {
            site: {
              id: r[0],
              operator_id: r[1],
              site_code: r[2],
              name: r[3],
              lon: r[4],
              lat: r[5],
              province_code: r[6],
              commune_code: r[7],
              antenna_height_m: r[8],
              band_mhz: r[9],
              measured_radius_m: r[10],
              environment: r[11],
            },
            events: [],
          };
          out.push(cur);
        }
        cur.events.push({
          id: r[12],
          site_id: r[0],
          tech: r[13],
          status: r[14],
          date: r[15],
          band_mhz: r[16],
          note: null,
        });
      }
      return out;
    },
    site: (id: number) => q.site.get(id) as (SiteRow & { created_at: string; updated_at: string }) | undefined,
    events: (id: number) => q.events.all(id) as SiteEventRow[],
    sectors: (id: number) => q.sectors.all(id) as { tech: Tech | null; azimuth_deg: number; beamwidth_deg: number }[],
    /** Distinct sites with a `tech`/`status` event dated in [from, to]. */
    /** Sites with a 2G or 3G switch-off, a new 4G or an upgrade to 4G between `from` and `to` (inclusive). */
    eventCounts: (f: SiteFilter, from: string, to: string) =>
      eventCountsStatement(f).get({ ...params(f), from, to }) as EventCounts,
    /** Sectors of every site in a bbox, grouped by site. */
    sectorsInBbox(bbox: BBox): Map<number, SectorRow[]> {
      const out = new Map<number, SectorRow[]>();
      const p = { min_lon: bbox[0], min_lat: bbox[1], max_lon: bbox[2], max_lat: bbox[3] };
      for (const r of q.sectorsInBbox.all(p) as SectorRow[]) {
        let list = out.get(r.site_id);
        if (!list) out.set(r.site_id, (list = []));
        list.push(r);
      }
      return out;
    },
    /** Where the radius of sites in a bbox comes from, for those that declare one. */
    radiusSourcesInBbox(bbox: BBox): Map<number, 'declared' | 'measured'> {
      const p = { min_lon: bbox[0], min_lat: bbox[1], max_lon: bbox[2], max_lat: bbox[3] };
      return new Map(
        (q.radiusSources.all(p) as { id: number; radius_source: 'declared' | 'measured' }[]).map((r) => [
          r.id,
          r.radius_source,
        ]),
      );
    },
    setRadius: (id: number, radiusM: number | null, source: 'declared' | 'measured' | null) =>
      q.setRadius.run(radiusM, source, id),
    /** A site by operator and code, retired ones included (the code stays taken). */
    byCode: (operator: string, code: string) =>
      q.byCode.get(operator, code) as
        (SiteRow & { retired_at: string | null; radius_source: 'declared' | 'measured' | null }) | undefined,
    update: (s: Omit<SiteRow, 'operator_id' | 'site_code'> & { radius_source: string | null; updated_at: string }) =>
      q.update.run(s),
    retire: (id: number, reason: string, at: string) => q.retire.run(at, reason, at, id).changes > 0,
    deleteSectors: (id: number) => q.deleteSectors.run(id),
    touch: (id: number, at: string) => q.touch.run(at, id),
    /** The operator of a site, retired or not. */
    operatorOf: (id: number) => (q.operatorOf.pluck().get(id) as string | undefined) ?? null,
    radiusSource: (id: number) =>
      (q.radiusSource.pluck().get(id) as 'declared' | 'measured' | null | undefined) ?? null,
    /** Live sites of an operator within a bbox (for the "another mast within 50 m" warning). */
    near: (operator: string, bbox: BBox, exclude = -1) =>
      q.near.all({ operator, exclude, min_lon: bbox[0], min_lat: bbox[1], max_lon: bbox[2], max_lat: bbox[3] }) as {
        id: number;
        site_code: string;
        lon: number;
        lat: number;
      }[],
    insertOperator: (id: string, name: string, color: string) => q.insertOperator.run(id, name, color),
    /** Inserts a site and its R*Tree entry (every new site goes through here: no trigger does it). */
    insertSite: (s: Omit<SiteRow, 'id'> & { created_at: string }) => {
      const id = Number(q.insertSite.run(s).lastInsertRowid);
      q.insertSiteIndex.run({ id, lon: s.lon, lat: s.lat });
      return id;
    },
    /** The provinces that have stations. */
    provincesWithSites: () => q.provincesWithSites.all() as string[],
    /** How many sites were ever registered, at most (the largest id: one step down the table's B-tree). */
    registered: () => (q.lastId.get() as number | null) ?? 0,
    /** Every site code of an operator, retired ones included (a bulk import looks codes up here). */
    codesOf: (operator: string) =>
      new Map(
        (q.codesOf.all(operator) as { site_code: string; id: number; retired_at: string | null }[]).map((r) => [
          r.site_code,
          r,
        ]),
      ),
    /** Many new sites at once (a bulk import): rows, R*Tree entries; their ids in the same order. */
    insertSites(rows: readonly (Omit<SiteRow, 'id'> & { created_at: string })[]): number[] {
      const ids = bulk.sites(
        rows.map((s) => [
          s.operator_id,
          s.site_code,
          s.name,
          s.lon,
          s.lat,
          s.province_code,
          s.commune_code,
          s.antenna_height_m,
          s.band_mhz,
          s.measured_radius_m,
          s.environment,
          s.created_at,
          s.created_at,
        ]),
      );
      bulk.index(rows.map((s, i) => [ids[i], s.lon, s.lon, s.lat, s.lat]));
      return ids;
    },
    insertEvent: (e: Omit<SiteEventRow, 'id'> & { created_at: string }) => q.insertEvent.run(e),
    insertEvents: (events: readonly (Omit<SiteEventRow, 'id'> & { created_at: string })[]) =>
      void bulk.events(events.map((e) => [e.site_id, e.tech, e.status, e.date, e.band_mhz, e.note, e.created_at])),
    insertSector: (siteId: number, tech: Tech | null, azimuth: number, beamwidth: number) =>
      q.insertSector.run(siteId, tech, azimuth, beamwidth),
  };
}
