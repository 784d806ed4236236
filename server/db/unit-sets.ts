// Prepared statements for the versioned unit sets and the crosswalk between them.
import type { DB } from './database.ts';
import { CURRENT_SET } from '../../common/unit-sets.ts';

/**
 * The unit set the map's own tables (provinces, communes, boundaries) hold, as SQL: the one last moved to
 * (server/domain/unit-set-apply.ts), else the newest set phusong ships.
 */
export const MAP_SET_SQL = `coalesce((SELECT value FROM meta WHERE key = 'map_unit_set'), '${CURRENT_SET}')`;

export interface UnitSetRow {
  id: string;
  in_force_from: string;
  name: string;
  has_districts: number;
  source: string;
}
export interface SetCommuneRow {
  code: string;
  name: string;
  unit_type: string;
  province_code: string;
  district_code: string | null;
  population: number | null;
  area_km2: number | null;
  formed_from: string | null;
  geometry: string | null;
}
export interface SetCrosswalkRow {
  old_code: string;
  new_code: string;
  relation: 'whole' | 'part' | 'unchanged' | 'renamed';
  note: string | null;
}

export function createUnitSetsStore(db: DB) {
  const q = {
    sets: db.prepare<[], UnitSetRow>('SELECT * FROM unit_sets ORDER BY in_force_from'),
    mapSet: db.prepare<[], string>(`SELECT ${MAP_SET_SQL}`).pluck(),
    setMapSet: db.prepare<[string]>(
      `INSERT INTO meta (key, value) VALUES ('map_unit_set', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    ),
    counts: db.prepare<
      [{ id: string }],
      { provinces: number; districts: number; communes: number; with_geometry: number }
    >(
      `SELECT (SELECT count(*) FROM set_provinces WHERE set_id = @id) AS provinces,
              (SELECT count(*) FROM set_districts WHERE set_id = @id) AS districts,
              (SELECT count(*) FROM set_communes WHERE set_id = @id) AS communes,
              (SELECT count(*) FROM set_communes WHERE set_id = @id AND geometry IS NOT NULL) AS with_geometry`,
    ),
    insertSet: db.prepare<[UnitSetRow]>(
      'INSERT INTO unit_sets (id, in_force_from, name, has_districts, source) VALUES (@id, @in_force_from, @name, @has_districts, @source)',
    ),
    insertProvince: db.prepare<[{ set_id: string; code: string; name: string }]>(
      'INSERT INTO set_provinces (set_id, code, name) VALUES (@set_id, @code, @name)',
    ),
    insertDistrict: db.prepare<[{ set_id: string; code: string; name: string; province_code: string }]>(
      'INSERT INTO set_districts (set_id, code, name, province_code) VALUES (@set_id, @code, @name, @province_code)',
    ),
    insertCommune: db.prepare<[SetCommuneRow & { set_id: string }]>(
      `INSERT INTO set_communes (set_id, code, name, unit_type, province_code, district_code, population, area_km2,
         formed_from, geometry)
       VALUES (@set_id, @code, @name, @unit_type, @province_code, @district_code, @population, @area_km2,
         @formed_from, @geometry)`,
    ),
    insertLink: db.prepare<[SetCrosswalkRow & { from_set: string; to_set: string }]>(
      `INSERT OR IGNORE INTO set_crosswalk (from_set, to_set, old_code, new_code, relation, note)
       VALUES (@from_set, @to_set, @old_code, @new_code, @relation, @note)`,
    ),
    communes: db.prepare<[string], Omit<SetCommuneRow, 'geometry'>>(
      `SELECT code, name, unit_type, province_code, district_code, population, area_km2, formed_from
       FROM set_communes WHERE set_id = ? ORDER BY code`,
    ),
    districts: db.prepare<[string], { code: string; name: string; province_code: string }>(
      'SELECT code, name, province_code FROM set_districts WHERE set_id = ? ORDER BY code',
    ),
    provinces: db.prepare<[string], { code: string; name: string }>(
      'SELECT code, name FROM set_provinces WHERE set_id = ? ORDER BY code',
    ),
    provinceMap: db.prepare<[{ from: string; to: string }], { old: string; new: string }>(
      `SELECT o.province_code AS old, min(n.province_code) AS new FROM set_crosswalk x
       JOIN set_communes o ON o.set_id = x.from_set AND o.code = x.old_code
       JOIN set_communes n ON n.set_id = x.to_set AND n.code = x.new_code
       WHERE x.from_set = @from AND x.to_set = @to GROUP BY o.province_code`,
    ),
    formedCounts: db.prepare<[{ from: string; to: string }], { district: string; n: number }>(
      `SELECT o.district_code AS district, count(DISTINCT x.new_code) AS n FROM set_crosswalk x
       JOIN set_communes o ON o.set_id = x.from_set AND o.code = x.old_code
       WHERE x.from_set = @from AND x.to_set = @to GROUP BY o.district_code`,
    ),
    formedFrom: db.prepare<
      [{ from: string; to: string; code: string }],
      {
        code: string;
        name: string;
        district_code: string | null;
        district_name: string | null;
        province_code: string;
        province_name: string;
        relation: SetCrosswalkRow['relation'];
        unit_set: string;
      }
    >(
      `SELECT o.code, o.name, o.district_code, d.name AS district_name, o.province_code, p.name AS province_name,
         x.relation, x.from_set AS unit_set
       FROM set_crosswalk x
       JOIN set_communes o ON o.set_id = x.from_set AND o.code = x.old_code
       LEFT JOIN set_districts d ON d.set_id = o.set_id AND d.code = o.district_code
       LEFT JOIN set_provinces p ON p.set_id = o.set_id AND p.code = o.province_code
       WHERE x.from_set = @from AND x.to_set = @to AND x.new_code = @code ORDER BY o.code`,
    ),
    linksInto: db.prepare<
      [{ from: string; to: string }],
      {
        new_code: string;
        code: string;
        name: string;
        district_code: string | null;
        district_name: string | null;
        province_code: string;
        province_name: string | null;
        has_polygon: number;
      }
    >(
      `SELECT x.new_code, o.code, o.name, o.district_code, d.name AS district_name, o.province_code,
         p.name AS province_name, o.geometry IS NOT NULL AS has_polygon
       FROM set_crosswalk x
       JOIN set_communes o ON o.set_id = x.from_set AND o.code = x.old_code
       LEFT JOIN set_districts d ON d.set_id = o.set_id AND d.code = o.district_code
       LEFT JOIN set_provinces p ON p.set_id = o.set_id AND p.code = o.province_code
       WHERE x.from_set = @from AND x.to_set = @to ORDER BY x.new_code, o.code`,
    ),
    becameOf: db.prepare<
      [{ from: string; to: string; code: string }],
      { code: string; name: string; province_code: string; relation: SetCrosswalkRow['relation'] }
    >(
      // CROSS JOIN keeps the old code's links first: for ORDER BY n.code SQLite otherwise walked every commune
      // of the set, boundaries and all, to find them (5.6 ms a call; a search makes up to 12).
      `SELECT n.code, n.name, n.province_code, x.relation FROM set_crosswalk x
       CROSS JOIN set_communes n ON n.set_id = x.to_set AND n.code = x.new_code
       WHERE x.from_set = @from AND x.to_set = @to AND x.old_code = @code ORDER BY n.code`,
    ),
    districtsOfNew: db.prepare<[{ from: string; to: string }], { code: string; districts: string }>(
      `SELECT x.new_code AS code, group_concat(DISTINCT o.district_code) AS districts FROM set_crosswalk x
       JOIN set_communes o ON o.set_id = x.from_set AND o.code = x.old_code
       WHERE x.from_set = @from AND x.to_set = @to AND o.district_code IS NOT NULL GROUP BY x.new_code`,
    ),
    geometryCodes: db.prepare<[{ set: string; province: string }], { code: string }>(
      'SELECT code FROM set_communes WHERE set_id = @set AND province_code = @province AND geometry IS NOT NULL',
    ),
    geometry: db
      .prepare<[{ set: string; code: string }], string | null>(
        'SELECT geometry FROM set_communes WHERE set_id = @set AND code = @code',
      )
      .pluck(),
    setGeometry: db.prepare<[{ set: string; code: string; geometry: string }]>(
      'UPDATE set_communes SET geometry = @geometry WHERE set_id = @set AND code = @code',
    ),
    crosswalk: db.prepare<[string, string], SetCrosswalkRow>(
      'SELECT old_code, new_code, relation, note FROM set_crosswalk WHERE from_set = ? AND to_set = ? ORDER BY old_code, new_code',
    ),
  };
  return {
    sets: () => q.sets.all(),
    /** The id of the unit set the map's own tables hold (today's units). */
    mapSet: () => q.mapSet.get()!,
    setMapSet: (id: string) => q.setMapSet.run(id),
    counts: (setId: string) => q.counts.get({ id: setId })!,
    crosswalk: (from: string, to: string) => q.crosswalk.all(from, to),
    communes: (setId: string) => q.communes.all(setId),
    /** Codes of a province's units that have a polygon in the set. */
    geometryCodes: (set: string, province: string) => q.geometryCodes.all({ set, province }).map((r) => r.code),
    /** A unit's polygon in the set (GeoJSON text), or null. */
    geometry: (set: string, code: string) => (q.geometry.get({ set, code }) as string | null | undefined) ?? null,
    setGeometry: (set: string, code: string, geometry: string) => q.setGeometry.run({ set, code, geometry }),
    /** The units of `from` a unit of `to` was formed from (whole, part, unchanged, renamed). */
    formedFrom: (from: string, to: string, code: string) => q.formedFrom.all({ from, to, code }),
    /** Each unit of `to` → the districts of `from` it was formed (wholly or partly) from. */
    districtsOfNew: (from: string, to: string) =>
      new Map(q.districtsOfNew.all({ from, to }).map((r) => [r.code, r.districts.split(',').sort()])),
    /** Every link from `from` into `to`, with the old unit's district and province (by new code). */
    linksInto: (from: string, to: string) => q.linksInto.all({ from, to }),
    /** The units of `to` an old unit of `from` went into. */
    became: (from: string, to: string, code: string) => q.becameOf.all({ from, to, code }),
    /** Each province of `from` → the province of `to` it went into. */
    provinceMap: (from: string, to: string) => new Map(q.provinceMap.all({ from, to }).map((r) => [r.old, r.new])),
    /** Each district of `from` → how many units of `to` were formed wholly or partly from it. */
    formedCounts: (from: string, to: string) => new Map(q.formedCounts.all({ from, to }).map((r) => [r.district, r.n])),
    districts: (setId: string) => q.districts.all(setId),
    provinces: (setId: string) => q.provinces.all(setId),
    insertSet: (s: UnitSetRow) => q.insertSet.run(s),
    insertProvince: (setId: string, code: string, name: string) => q.insertProvince.run({ set_id: setId, code, name }),
    insertDistrict: (setId: string, code: string, name: string, provinceCode: string) =>
      q.insertDistrict.run({ set_id: setId, code, name, province_code: provinceCode }),
    insertCommune: (setId: string, c: SetCommuneRow) => q.insertCommune.run({ set_id: setId, ...c }),
    insertLink: (from: string, to: string, l: SetCrosswalkRow) =>
      q.insertLink.run({ from_set: from, to_set: to, ...l }),
  };
}
