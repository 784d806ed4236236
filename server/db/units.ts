// Prepared statements for provinces, districts, communes and their current boundary versions.
import type { DB } from './database.ts';
import { MAP_SET_SQL } from './unit-sets.ts';
import { PRE_REFORM_SET } from '../../common/unit-sets.ts';

export interface ProvinceRow {
  code: string;
  name: string;
}
export interface DistrictRow {
  code: string;
  name: string;
  province_code: string;
}
export interface CommuneRow {
  code: string;
  name: string;
  /** Today's communes have no district (null); a unit set with districts fills it. */
  district_code: string | null;
  district_name: string | null;
  province_code: string;
  unit_type: string | null;
}
export interface UnitGeometryRow {
  code: string;
  geojson: string;
  area_km2: number;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
}
export type BBox = [number, number, number, number];
/** Stored with each boundary (server/analysis/simplify.ts levelsOfDetail). */
export interface LevelsOfDetail {
  label_lon: number;
  label_lat: number;
  geojson_z7: string;
  geojson_z10: string;
}
/** The same, as read back: NULL for boundaries stored before they were kept. */
type StoredDetail = { [K in keyof LevelsOfDetail]: LevelsOfDetail[K] | null };

// Current geometry of a unit: the current boundary version of its province and level.
const CURRENT_GEOM = `
  SELECT g.* FROM unit_geometries g
  JOIN boundary_versions v ON v.id = g.version_id AND v.is_current = 1`;

// A former district's extent: that of today's communes formed from it (it has no boundary of its own).
export const FORMED_BBOX = `
  SELECT o.district_code AS code, count(DISTINCT x.new_code) AS formed, min(g.min_lon) AS min_lon,
    min(g.min_lat) AS min_lat, max(g.max_lon) AS max_lon, max(g.max_lat) AS max_lat
  FROM set_crosswalk x
  JOIN set_communes o ON o.set_id = x.from_set AND o.code = x.old_code
  JOIN unit_geometries g ON g.code = x.new_code AND g.level = 'commune'
  JOIN boundary_versions v ON v.id = g.version_id AND v.is_current = 1
  WHERE x.from_set = '${PRE_REFORM_SET}' AND x.to_set = ${MAP_SET_SQL} GROUP BY o.district_code`;

/**
 * Today's communes formed wholly or partly from the pre-reform communes whose `column` is `@param`: the
 * map's "district" filter is a former district (the districts table holds the pre-reform ones), and a
 * pre-reform province's stations are those in the communes formed from it. The old communes drive the
 * join (CROSS JOIN keeps them outer): driven from the crosswalk, SQLite read all of its ≈ 10,600 rows
 * into today's units for each question (6.8 ms for Sơn La city's station events, against 0.1 ms).
 */
export const formedFrom = (column: 'district_code' | 'province_code', param: string) => `
  SELECT x.new_code FROM set_communes o CROSS JOIN set_crosswalk x
    ON x.from_set = o.set_id AND x.to_set = ${MAP_SET_SQL} AND x.old_code = o.code
  WHERE o.set_id = '${PRE_REFORM_SET}' AND o.${column} = @${param}`;
const FORMED_FROM_DISTRICT = formedFrom('district_code', 'district');

/** Geometry `g` meets the bbox (@min_lon … @max_lat) when @has_bbox is 1; the parameters: bboxParams. */
const GEOMETRY_IN_BBOX = `(@has_bbox = 0 OR g.id IN (
  SELECT id FROM unit_geometries_rtree
  WHERE max_lon >= @min_lon AND min_lon <= @max_lon AND max_lat >= @min_lat AND min_lat <= @max_lat))`;
const bboxParams = (bbox: BBox | null | undefined) => ({
  has_bbox: bbox ? 1 : 0,
  min_lon: bbox?.[0] ?? 0,
  min_lat: bbox?.[1] ?? 0,
  max_lon: bbox?.[2] ?? 0,
  max_lat: bbox?.[3] ?? 0,
});

/** Today's communes with a boundary, by province, former district and bbox: the columns asked for. */
const communesWithGeomSql = (columns: string) =>
  `SELECT ${columns}
   FROM communes c LEFT JOIN districts d ON d.code = c.district_code
   JOIN (${CURRENT_GEOM} WHERE g.level = 'commune') g ON g.code = c.code
   WHERE (@province IS NULL OR c.province_code = @province)
     AND (@district IS NULL OR c.district_code = @district OR c.code IN (${FORMED_FROM_DISTRICT}))
     AND ${GEOMETRY_IN_BBOX}
   ORDER BY c.code`;

/**
 * Today's communes with a boundary as a GIS pages through them: by province, code, unit type and bbox. Walked
 * in code order along the (level, code) index, so a page reads its own rows only: ogr2ogr pages 10 at a time
 * (332 requests for the country), and each request used to read and sort every commune (≈ 30 ms a page).
 */
const COMMUNE_ITEMS = `
  FROM unit_geometries g JOIN boundary_versions v ON v.id = g.version_id AND v.is_current = 1
  JOIN communes c ON c.code = g.code
  WHERE g.level = 'commune'
    AND (@province IS NULL OR c.province_code = @province)
    AND (@code IS NULL OR c.code = @code)
    AND (@unit_type IS NULL OR c.unit_type = @unit_type)
    AND ${GEOMETRY_IN_BBOX}`;

export function createUnitsStore(db: DB) {
  const q = {
    provinces: db.prepare(
      `SELECT p.code, p.name, g.area_km2, g.min_lon, g.min_lat, g.max_lon, g.max_lat,
         (SELECT count(*) FROM districts d WHERE d.province_code = p.code) AS districts,
         (SELECT count(*) FROM communes c WHERE c.province_code = p.code) AS communes
       FROM provinces p LEFT JOIN (${CURRENT_GEOM} WHERE g.level = 'province') g ON g.code = p.code
       ORDER BY p.code`,
    ),
    province: db.prepare('SELECT code, name FROM provinces WHERE code = ?'),
    provincesOfPlace: db
      .prepare(
        `SELECT DISTINCT province_code FROM communes
         WHERE code = @commune OR district_code = @district OR code IN (${FORMED_FROM_DISTRICT})`,
      )
      .pluck(),
    district: db.prepare('SELECT code, name, province_code FROM districts WHERE code = ?'),
    districts: db.prepare(
      `SELECT d.code, d.name, d.province_code, g.area_km2, coalesce(g.min_lon, fb.min_lon) AS min_lon,
         coalesce(g.min_lat, fb.min_lat) AS min_lat, coalesce(g.max_lon, fb.max_lon) AS max_lon,
         coalesce(g.max_lat, fb.max_lat) AS max_lat,
         (SELECT count(*) FROM communes c WHERE c.district_code = d.code) AS communes,
         coalesce(fb.formed, 0) AS communes_formed
       FROM districts d LEFT JOIN (${CURRENT_GEOM} WHERE g.level = 'district') g ON g.code = d.code
       LEFT JOIN (${FORMED_BBOX}) fb ON fb.code = d.code
       WHERE (@province IS NULL OR d.province_code = @province)
       ORDER BY d.code`,
    ),
    provinceGeoms: db.prepare(
      `SELECT p.code, p.name, g.geojson, g.area_km2, g.label_lon, g.label_lat, g.geojson_z7, g.geojson_z10
       FROM provinces p
       JOIN (${CURRENT_GEOM} WHERE g.level = 'province') g ON g.code = p.code ORDER BY p.code`,
    ),
    districtGeoms: db.prepare(
      `SELECT d.code, d.name, d.province_code, g.geojson, g.area_km2
       FROM districts d JOIN (${CURRENT_GEOM} WHERE g.level = 'district') g ON g.code = d.code
       WHERE (@province IS NULL OR d.province_code = @province) ORDER BY d.code`,
    ),
    commune: db.prepare(
      `SELECT c.code, c.name, c.district_code, d.name AS district_name, c.province_code, c.unit_type,
         p.name AS province_name, g.geojson, g.area_km2, g.min_lon, g.min_lat, g.max_lon, g.max_lat
       FROM communes c LEFT JOIN districts d ON d.code = c.district_code JOIN provinces p ON p.code = c.province_code
       LEFT JOIN (${CURRENT_GEOM} WHERE g.level = 'commune') g ON g.code = c.code
       WHERE c.code = ?`,
    ),
    communesWithGeom: db.prepare(
      communesWithGeomSql(
        'c.code, c.name, c.district_code, d.name AS district_name, c.province_code, c.unit_type, g.geojson, g.area_km2, g.label_lon, g.label_lat, g.geojson_z7, g.geojson_z10',
      ),
    ),
    communePage: db.prepare(
      `SELECT c.code, c.name, c.province_code, c.unit_type, g.id AS geometry_id, g.label_lon, g.label_lat
       ${COMMUNE_ITEMS} ORDER BY g.code LIMIT @limit OFFSET @offset`,
    ),
    communeItemCount: db.prepare(`SELECT count(*) ${COMMUNE_ITEMS}`).pluck(),
    communesWithoutGeom: db.prepare(
      `SELECT c.code, c.name, c.province_code, c.unit_type FROM communes c
       WHERE (@province IS NULL OR c.province_code = @province)
         AND c.code NOT IN (SELECT g.code FROM (${CURRENT_GEOM} WHERE g.level = 'commune') g)
       ORDER BY c.code`,
    ),
    /** Current geometries of one level whose bbox contains the point (candidates for point-in-polygon). */
    // CROSS JOIN keeps the R*Tree first: otherwise the planner walks every unit of the level.
    containing: db.prepare(
      `SELECT g.id, g.code, v.province_code FROM unit_geometries_rtree r CROSS JOIN unit_geometries g ON g.id = r.id
       JOIN boundary_versions v ON v.id = g.version_id AND v.is_current = 1
       WHERE r.min_lon <= @lon AND r.max_lon >= @lon AND r.min_lat <= @lat AND r.max_lat >= @lat AND g.level = @level`,
    ),
    geometryById: db.prepare('SELECT geojson FROM unit_geometries WHERE id = ?').pluck(),
    currentBoxes: db.prepare(
      `SELECT g.id, g.code, g.level, v.province_code, r.min_lon, r.min_lat, r.max_lon, r.max_lat
       FROM unit_geometries g JOIN boundary_versions v ON v.id = g.version_id AND v.is_current = 1
       JOIN unit_geometries_rtree r ON r.id = g.id WHERE g.level = ?`,
    ),
    versions: db.prepare(
      `SELECT v.id, v.level, v.label, v.source, v.created_at, v.is_current,
         (SELECT count(*) FROM unit_geometries g WHERE g.version_id = v.id) AS units
       FROM boundary_versions v WHERE v.province_code = ? ORDER BY v.id DESC`,
    ),
    versionCommunes: db.prepare(
      `SELECT c.code, c.name, c.district_code, d.name AS district_name, c.province_code, c.unit_type, g.geojson,
         g.area_km2, g.label_lon, g.label_lat, g.geojson_z7, g.geojson_z10
       FROM unit_geometries g JOIN communes c ON c.code = g.code LEFT JOIN districts d ON d.code = c.district_code
       WHERE g.version_id = @version AND g.level = 'commune'
         AND (@province IS NULL OR c.province_code = @province)
         AND (@district IS NULL OR c.district_code = @district OR c.code IN (${FORMED_FROM_DISTRICT}))
       ORDER BY c.code`,
    ),
    formedFromDistrict: db.prepare<[{ district: string }], { code: string }>(
      `SELECT code FROM communes WHERE district_code = @district OR code IN (${FORMED_FROM_DISTRICT})`,
    ),
    insertProvince: db.prepare('INSERT INTO provinces (code, name, name_norm) VALUES (?, ?, ?)'),
    insertDistrict: db.prepare('INSERT INTO districts (code, province_code, name, name_norm) VALUES (?, ?, ?, ?)'),
    insertCommune: db.prepare(
      'INSERT INTO communes (code, district_code, province_code, name, name_norm, unit_type) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertVersion: db.prepare(
      `INSERT INTO boundary_versions (province_code, level, label, source, created_at, is_current)
       VALUES (?, ?, ?, ?, ?, 0)`,
    ),
    clearCurrent: db.prepare(
      'UPDATE boundary_versions SET is_current = 0 WHERE province_code = ? AND level = ? AND is_current = 1',
    ),
    setCurrent: db.prepare('UPDATE boundary_versions SET is_current = 1 WHERE id = ?'),
    insertGeometry: db.prepare(
      `INSERT INTO unit_geometries (version_id, level, code, geojson, area_km2, min_lon, min_lat, max_lon, max_lat,
         label_lon, label_lat, geojson_z7, geojson_z10)
       VALUES (@version_id, @level, @code, @geojson, @area_km2, @min_lon, @min_lat, @max_lon, @max_lat,
         @label_lon, @label_lat, @geojson_z7, @geojson_z10)`,
    ),
    unlabelled: db.prepare('SELECT id, geojson FROM unit_geometries WHERE label_lon IS NULL OR label_lat IS NULL'),
    setLabel: db.prepare('UPDATE unit_geometries SET label_lon = ?, label_lat = ? WHERE id = ?'),
    insertGeometryRtree: db.prepare(
      'INSERT INTO unit_geometries_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)',
    ),
  };

  return {
    provinces: () => q.provinces.all() as (ProvinceRow & Record<string, unknown>)[],
    province: (code: string) => q.province.get(code) as ProvinceRow | undefined,
    district: (code: string) => q.district.get(code) as DistrictRow | undefined,
    /** Today's provinces holding a commune (by code) or the communes formed from a former district. */
    provincesOfPlace: (p: { commune?: string; district?: string }) =>
      q.provincesOfPlace.all({ commune: p.commune ?? null, district: p.district ?? null }) as string[],
    districts: (province: string | null) => q.districts.all({ province }) as (DistrictRow & Record<string, unknown>)[],
    provinceGeometries: () =>
      q.provinceGeoms.all() as (ProvinceRow & { geojson: string; area_km2: number } & StoredDetail)[],
    districtGeometries: (province: string | null) =>
      q.districtGeoms.all({ province }) as (DistrictRow & { geojson: string; area_km2: number })[],
    commune: (code: string) =>
      q.commune.get(code) as (CommuneRow & { province_name: string } & Partial<UnitGeometryRow>) | undefined,
    communesWithGeometry: (f: { province?: string | null; district?: string | null; bbox?: BBox | null }) =>
      q.communesWithGeom.all({
        province: f.province ?? null,
        district: f.district ?? null,
        ...bboxParams(f.bbox),
      }) as (CommuneRow & { geojson: string; area_km2: number } & StoredDetail)[],
    /**
     * Today's communes with a boundary for a GIS client, in code order: how many match, and a page of them
     * without their boundaries (each read by its id when the page is built).
     */
    communeItems: (f: {
      province?: string | null;
      code?: string | null;
      unitType?: string | null;
      bbox?: BBox | null;
    }) => {
      const params = {
        province: f.province ?? null,
        code: f.code ?? null,
        unit_type: f.unitType ?? null,
        ...bboxParams(f.bbox),
      };
      return {
        matched: q.communeItemCount.get(params) as number,
        page: (offset: number, limit: number) =>
          q.communePage.all({ ...params, offset, limit }) as (Pick<
            CommuneRow,
            'code' | 'name' | 'province_code' | 'unit_type'
          > & { geometry_id: number; label_lon: number | null; label_lat: number | null })[],
      };
    },
    /** Today's communes that have no boundary yet (a unit formed from part of an old one, until imported). */
    communesWithoutGeometry: (province: string | null) =>
      q.communesWithoutGeom.all({ province }) as Pick<CommuneRow, 'code' | 'name' | 'province_code' | 'unit_type'>[],
    /** Codes of the communes a (former) district's filter selects. */
    communesOfDistrict: (district: string) => new Set(q.formedFromDistrict.all({ district }).map((r) => r.code)),
    /**
     * Current boundaries whose bbox holds the point: candidates for a point-in-polygon test (the polygon
     * itself is read by id, once per caller's cache), with the province each belongs to.
     */
    containing: (level: 'province' | 'district' | 'commune', lon: number, lat: number) =>
      q.containing.all({ level, lon, lat }) as { id: number; code: string; province_code: string }[],
    geometryById: (id: number) => q.geometryById.get(id) as string | undefined,
    /** The bboxes of every current boundary of a level (a bulk import indexes them in memory). */
    currentBoxes: (level: 'province' | 'commune') =>
      q.currentBoxes.all(level) as {
        id: number;
        code: string;
        level: string;
        province_code: string;
        min_lon: number;
        min_lat: number;
        max_lon: number;
        max_lat: number;
      }[],
    versions: (province: string) =>
      q.versions.all(province) as {
        id: number;
        level: string;
        label: string;
        source: string;
        created_at: string;
        is_current: number;
        units: number;
      }[],
    /** Communes of a given (possibly old) boundary version. */
    versionCommunes: (version: number, f: { province?: string | null; district?: string | null }) =>
      q.versionCommunes.all({ version, province: f.province ?? null, district: f.district ?? null }) as (CommuneRow & {
        geojson: string;
        area_km2: number;
      } & StoredDetail)[],
    insertProvince: (code: string, name: string, norm: string) => q.insertProvince.run(code, name, norm),
    insertDistrict: (code: string, province: string, name: string, norm: string) =>
      q.insertDistrict.run(code, province, name, norm),
    insertCommune: (
      code: string,
      district: string | null,
      province: string,
      name: string,
      norm: string,
      unitType: string | null = null,
    ) => q.insertCommune.run(code, district, province, name, norm, unitType),
    /** Adds a boundary version for a province and level and makes it the current one. */
    addBoundaryVersion(province: string, level: string, label: string, source: string, at: string): number {
      const id = Number(q.insertVersion.run(province, level, label, source, at).lastInsertRowid);
      q.clearCurrent.run(province, level);
      q.setCurrent.run(id);
      return id;
    },
    /** Boundaries stored without their label point (before labels were kept, or a migration cleared it). */
    unlabelled: () => q.unlabelled.all() as { id: number; geojson: string }[],
    setLabels: db.transaction((labels: readonly { id: number; label: [number, number] }[]) => {
      for (const { id, label } of labels) q.setLabel.run(label[0], label[1], id);
    }),
    insertGeometry(g: UnitGeometryRow & { version_id: number; level: string } & LevelsOfDetail): void {
      const id = q.insertGeometry.run(g).lastInsertRowid;
      q.insertGeometryRtree.run(id, g.min_lon, g.max_lon, g.min_lat, g.max_lat);
    },
  };
}
