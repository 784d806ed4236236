// Prepared statements that move the map's own tables (provinces, communes, former districts, boundary
// versions, and the places sites and slides are filed under) from one unit set to the next one.
// Used once per new unit set, inside its transaction (server/domain/unit-set-apply.ts).
import type { DB } from './database.ts';

export function createMapMoves(db: DB) {
  const q = {
    upsertProvince: db.prepare<[{ code: string; name: string; norm: string }]>(
      `INSERT INTO provinces (code, name, name_norm) VALUES (@code, @name, @norm)
       ON CONFLICT(code) DO UPDATE SET name = excluded.name, name_norm = excluded.name_norm`,
    ),
    upsertCommune: db.prepare<[{ code: string; province: string; name: string; norm: string; type: string }]>(
      `INSERT INTO communes (code, district_code, province_code, name, name_norm, unit_type)
       VALUES (@code, NULL, @province, @name, @norm, @type)
       ON CONFLICT(code) DO UPDATE SET province_code = excluded.province_code, name = excluded.name,
         name_norm = excluded.name_norm, unit_type = excluded.unit_type, district_code = NULL`,
    ),
    deleteCommune: db.prepare<[string]>('DELETE FROM communes WHERE code = ?'),
    deleteProvince: db.prepare<[string]>('DELETE FROM provinces WHERE code = ?'),
    sitesIn: db.prepare<[string], { id: number; lon: number; lat: number; province_code: string }>(
      'SELECT id, lon, lat, province_code FROM sites WHERE commune_code = ?',
    ),
    placeSite: db.prepare<[{ id: number; commune: string | null; province: string }]>(
      'UPDATE sites SET commune_code = @commune, province_code = @province WHERE id = @id',
    ),
    sitesWithoutCommune: db.prepare<[string], { id: number; lon: number; lat: number; province_code: string }>(
      'SELECT id, lon, lat, province_code FROM sites WHERE commune_code IS NULL AND province_code = ?',
    ),
    moveSlides: db.prepare<[{ from: string; to: string }]>(
      'UPDATE slides SET province_code = @to WHERE province_code = @from',
    ),
    moveDistricts: db.prepare<[{ from: string; to: string }]>(
      'UPDATE districts SET province_code = @to WHERE province_code = @from',
    ),
    /** A province that is no more keeps its boundary history, filed under its successor and not current. */
    moveVersions: db.prepare<[{ from: string; to: string }]>(
      'UPDATE boundary_versions SET province_code = @to, is_current = 0 WHERE province_code = @from',
    ),
    currentVersion: db.prepare<[{ province: string; level: string }], number>(
      'SELECT id FROM boundary_versions WHERE province_code = @province AND level = @level AND is_current = 1',
    ),
    /** Copies a version's boundaries of the given codes into a new, still empty version (rtree rows too). */
    copyGeometries: db.prepare<[{ from: number; to: number; codes: string }]>(
      `INSERT INTO unit_geometries (version_id, level, code, geojson, area_km2, min_lon, min_lat, max_lon, max_lat,
         label_lon, label_lat, geojson_z7, geojson_z10)
       SELECT @to, level, code, geojson, area_km2, min_lon, min_lat, max_lon, max_lat, label_lon, label_lat,
         geojson_z7, geojson_z10
       FROM unit_geometries WHERE version_id = @from AND code IN (SELECT value FROM json_each(@codes))`,
    ),
    copyRtree: db.prepare<[{ to: number }]>(
      `INSERT INTO unit_geometries_rtree (id, min_lon, max_lon, min_lat, max_lat)
       SELECT id, min_lon, max_lon, min_lat, max_lat FROM unit_geometries WHERE version_id = @to`,
    ),
    geometry: db.prepare<[{ version: number; code: string }], string>(
      'SELECT geojson FROM unit_geometries WHERE version_id = @version AND code = @code',
    ),
  };
  for (const k of ['currentVersion', 'geometry'] as const) q[k].pluck();
  return {
    upsertProvince: (code: string, name: string, norm: string) => q.upsertProvince.run({ code, name, norm }),
    upsertCommune: (c: { code: string; province: string; name: string; norm: string; type: string }) =>
      q.upsertCommune.run(c),
    deleteCommune: (code: string) => q.deleteCommune.run(code),
    deleteProvince: (code: string) => q.deleteProvince.run(code),
    sitesIn: (commune: string) => q.sitesIn.all(commune),
    placeSite: (id: number, commune: string | null, province: string) => q.placeSite.run({ id, commune, province }),
    sitesWithoutCommune: (province: string) => q.sitesWithoutCommune.all(province),
    /** Re-files everything filed under a province that is no more under its successor. */
    moveProvince(from: string, to: string) {
      q.moveSlides.run({ from, to });
      q.moveDistricts.run({ from, to });
      q.moveVersions.run({ from, to });
    },
    currentVersion: (province: string, level: 'province' | 'commune') =>
      (q.currentVersion.get({ province, level }) as number | undefined) ?? null,
    copyGeometries(from: number, to: number, codes: string[]) {
      q.copyGeometries.run({ from, to, codes: JSON.stringify(codes) });
      q.copyRtree.run({ to });
    },
    geometry: (version: number, code: string) => (q.geometry.get({ version, code }) as string | undefined) ?? null,
  };
}
