// Prepared statements for the versioned unit sets and the crosswalk between them.
import type { DB } from './database.ts';

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
    crosswalk: db.prepare<[string, string], SetCrosswalkRow>(
      'SELECT old_code, new_code, relation, note FROM set_crosswalk WHERE from_set = ? AND to_set = ? ORDER BY old_code, new_code',
    ),
  };
  return {
    sets: () => q.sets.all(),
    counts: (setId: string) => q.counts.get({ id: setId })!,
    crosswalk: (from: string, to: string) => q.crosswalk.all(from, to),
    insertSet: (s: UnitSetRow) => q.insertSet.run(s),
    insertProvince: (setId: string, code: string, name: string) => q.insertProvince.run({ set_id: setId, code, name }),
    insertDistrict: (setId: string, code: string, name: string, provinceCode: string) =>
      q.insertDistrict.run({ set_id: setId, code, name, province_code: provinceCode }),
    insertCommune: (setId: string, c: SetCommuneRow) => q.insertCommune.run({ set_id: setId, ...c }),
    insertLink: (from: string, to: string, l: SetCrosswalkRow) =>
      q.insertLink.run({ from_set: from, to_set: to, ...l }),
  };
}
