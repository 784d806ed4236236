// Writes a GeoPackage (OGC 12-128, version 1.3): a SQLite file with one feature table (or an attribute
// table, for units without boundaries) in WGS 84 longitude/latitude, as QGIS, ArcGIS and GDAL open it.
// Built in memory with better-sqlite3 and handed back as bytes; geometries are GeoPackage binary: the
// "GP" header with the envelope, then the WKB written by wkx.
import Database from 'better-sqlite3';
import wkx from 'wkx';
import type { Geometry } from 'geojson';

const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
  'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]';

const GEOMETRY_TYPES = ['GEOMETRY', 'POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON'];

export type ColumnType = 'TEXT' | 'INTEGER' | 'REAL' | 'BOOLEAN';

export interface GeoPackageLayer {
  /** Table name: letters, digits and underscores. */
  name: string;
  title: string;
  description: string;
  /** POINT, POLYGON, MULTIPOLYGON…; null: an attribute table without geometry. */
  geometryType: string | null;
  columns: { name: string; type: ColumnType }[];
  rows: { geometry: Geometry | null; values: (string | number | boolean | null)[] }[];
}

type Envelope = [number, number, number, number];

function envelopeOf(g: Geometry): Envelope {
  const e: Envelope = [Infinity, -Infinity, Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      e[0] = Math.min(e[0], x!);
      e[1] = Math.max(e[1], x!);
      e[2] = Math.min(e[2], y!);
      e[3] = Math.max(e[3], y!);
    } else for (const p of c as unknown[]) visit(p);
  };
  if (g.type === 'GeometryCollection') for (const p of g.geometries) visit(envelopeOf(p));
  else visit(g.coordinates);
  return e;
}

/** GeoPackage binary geometry: magic, version 0, flags (little-endian, xy envelope), SRS id, envelope, WKB. */
function gpkgGeometry(g: Geometry): Buffer {
  const wkb = wkx.Geometry.parseGeoJSON(g).toWkb();
  const header = Buffer.alloc(8 + 32);
  header.write('GP', 0, 'ascii');
  header.writeUInt8(0, 2);
  header.writeUInt8(0b0000_0011, 3);
  header.writeInt32LE(4326, 4);
  const [minX, maxX, minY, maxY] = envelopeOf(g);
  header.writeDoubleLE(minX, 8);
  header.writeDoubleLE(maxX, 16);
  header.writeDoubleLE(minY, 24);
  header.writeDoubleLE(maxY, 32);
  return Buffer.concat([header, wkb]);
}

const ident = (s: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw new Error(`not a safe SQL name: ${s}`);
  return `"${s}"`;
};

export function writeGeoPackage(layer: GeoPackageLayer): Uint8Array {
  const db = new Database(':memory:');
  try {
    db.pragma('application_id = 1196444487'); // "GPKG"
    db.pragma('user_version = 10300'); // 1.3: what it uses, and what GDAL 3.6 reads without a warning
    db.exec(`
      CREATE TABLE gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
    `);
    const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
    srs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
    srs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
    srs.run('WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees');

    const t = ident(layer.name);
    const cols = layer.columns.map((c) => `${ident(c.name)} ${c.type}`);
    if (layer.geometryType && !GEOMETRY_TYPES.includes(layer.geometryType))
      throw new Error(`not a GeoPackage geometry type: ${layer.geometryType}`);
    const geom = layer.geometryType ? [`geom ${layer.geometryType}`] : [];
    db.exec(`CREATE TABLE ${t} (fid INTEGER PRIMARY KEY AUTOINCREMENT, ${[...geom, ...cols].join(', ')})`);
    const insert = db.prepare(
      `INSERT INTO ${t} (${[...(layer.geometryType ? ['geom'] : []), ...layer.columns.map((c) => ident(c.name))].join(', ')})
       VALUES (${Array(layer.columns.length + (layer.geometryType ? 1 : 0))
         .fill('?')
         .join(', ')})`,
    );
    // The GeoPackage R-tree index (extension gpkg_rtree_index): QGIS and GDAL use it to read a view's
    // features without scanning the table. The file is written once, so no triggers keep it up to date.
    const rtree = layer.geometryType ? ident(`rtree_${layer.name}_geom`) : null;
    if (rtree) {
      db.exec(`CREATE VIRTUAL TABLE ${rtree} USING rtree(id, minx, maxx, miny, maxy)`);
      db.exec(`CREATE TABLE gpkg_extensions (
        table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
        scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))`);
      db.prepare('INSERT INTO gpkg_extensions VALUES (?, ?, ?, ?, ?)').run(
        layer.name,
        'geom',
        'gpkg_rtree_index',
        'http://www.geopackage.org/spec120/#extension_rtree',
        'write-only',
      );
    }
    const indexRow = rtree ? db.prepare(`INSERT INTO ${rtree} VALUES (?, ?, ?, ?, ?)`) : null;
    const extent: Envelope = [Infinity, -Infinity, Infinity, -Infinity];
    db.transaction(() => {
      for (const row of layer.rows) {
        const values = row.values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
        if (!layer.geometryType) {
          insert.run(...values);
          continue;
        }
        const fid = insert.run(row.geometry ? gpkgGeometry(row.geometry) : null, ...values).lastInsertRowid;
        if (row.geometry) {
          const [a, b, c, d] = envelopeOf(row.geometry);
          extent[0] = Math.min(extent[0], a);
          extent[1] = Math.max(extent[1], b);
          extent[2] = Math.min(extent[2], c);
          extent[3] = Math.max(extent[3], d);
          indexRow!.run(fid, a, b, c, d);
        }
      }
    })();
    const has = Number.isFinite(extent[0]);
    db.prepare(
      `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      layer.name,
      layer.geometryType ? 'features' : 'attributes',
      layer.title,
      layer.description,
      has ? extent[0] : null,
      has ? extent[2] : null,
      has ? extent[1] : null,
      has ? extent[3] : null,
      layer.geometryType ? 4326 : null,
    );
    if (layer.geometryType)
      db.prepare('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)').run(
        layer.name,
        'geom',
        layer.geometryType,
      );
    return new Uint8Array(db.serialize());
  } finally {
    db.close();
  }
}
