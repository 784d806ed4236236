// Prepared statements for the search box: units by folded name, sites by code.
import type { DB } from './database.ts';
import type { SiteRow } from './sites.ts';

export interface UnitHit {
  level: 'province' | 'district' | 'commune';
  code: string;
  name: string;
  name_norm: string;
  province_code: string;
  district_code: string | null;
  parent_name: string | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
}

const GEOM = `LEFT JOIN unit_geometries g ON g.id = (
  SELECT g2.id FROM unit_geometries g2 JOIN boundary_versions v ON v.id = g2.version_id AND v.is_current = 1
  WHERE g2.level = %LEVEL% AND g2.code = %CODE%)`;
const geom = (level: string, code: string) => GEOM.replace('%LEVEL%', `'${level}'`).replace('%CODE%', code);

export function createSearchStore(db: DB) {
  const units = db.prepare(
    `SELECT * FROM (
       SELECT 'province' AS level, p.code, p.name, p.name_norm, p.code AS province_code, NULL AS district_code,
         NULL AS parent_name, g.min_lon, g.min_lat, g.max_lon, g.max_lat
       FROM provinces p ${geom('province', 'p.code')}
       WHERE p.name_norm LIKE @pattern ESCAPE '\\'
       UNION ALL
       SELECT 'district', d.code, d.name, d.name_norm, d.province_code, d.code, p.name, NULL, NULL, NULL, NULL
       FROM districts d JOIN provinces p ON p.code = d.province_code
       WHERE d.name_norm LIKE @pattern ESCAPE '\\' AND (@province IS NULL OR d.province_code = @province)
       UNION ALL
       SELECT 'commune', c.code, c.name, c.name_norm, c.province_code, c.district_code, coalesce(d.name, p.name),
         g.min_lon, g.min_lat, g.max_lon, g.max_lat
       FROM communes c LEFT JOIN districts d ON d.code = c.district_code JOIN provinces p ON p.code = c.province_code
       ${geom('commune', 'c.code')}
       WHERE c.name_norm LIKE @pattern ESCAPE '\\' AND (@province IS NULL OR c.province_code = @province)
     ) LIMIT 200`,
  );
  const sites = db.prepare(
    `SELECT id, operator_id, site_code, name, lon, lat, province_code FROM sites
     WHERE retired_at IS NULL AND site_code LIKE @pattern ESCAPE '\\' AND (@province IS NULL OR province_code = @province)
     ORDER BY site_code LIMIT 20`,
  );
  const commune = db.prepare(
    `SELECT c.code, c.name, p.name AS province_name, g.min_lon, g.min_lat, g.max_lon, g.max_lat
     FROM communes c JOIN provinces p ON p.code = c.province_code ${geom('commune', 'c.code')} WHERE c.code = ?`,
  );
  return {
    /** Today's commune a search for an old name leads to, with its extent. */
    commune: (code: string) =>
      commune.get(code) as
        | {
            code: string;
            name: string;
            province_name: string;
            min_lon: number | null;
            min_lat: number | null;
            max_lon: number | null;
            max_lat: number | null;
          }
        | undefined,
    units: (pattern: string, province: string | null) => units.all({ pattern, province }) as UnitHit[],
    sites: (pattern: string, province: string | null) =>
      sites.all({ pattern, province }) as Pick<
        SiteRow,
        'id' | 'operator_id' | 'site_code' | 'name' | 'lon' | 'lat' | 'province_code'
      >[],
  };
}
