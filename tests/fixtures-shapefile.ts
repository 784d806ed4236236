// Writes small polygon Shapefiles (.shp, .shx, .dbf, .prj, zipped) for the import tests, so the tests do
// not depend on files from outside the project. Follows the ESRI Shapefile Technical Description (1998):
// big-endian file header and record headers, little-endian content; dBase III attribute table.
import JSZip from 'jszip';
import type { Polygon } from 'geojson';

function header(buf: DataView, fileLengthWords: number, bbox: [number, number, number, number]) {
  buf.setInt32(0, 9994, false);
  buf.setInt32(24, fileLengthWords, false);
  buf.setInt32(28, 1000, true);
  buf.setInt32(32, 5, true); // polygon
  buf.setFloat64(36, bbox[0], true);
  buf.setFloat64(44, bbox[1], true);
  buf.setFloat64(52, bbox[2], true);
  buf.setFloat64(60, bbox[3], true);
}

export interface ShapeRecord {
  polygon: Polygon;
  attributes: Record<string, string>;
}

export async function writeShapefileZip(
  records: ShapeRecord[],
  prj: string | null,
  name = 'boundaries',
): Promise<Uint8Array> {
  const fields = [...new Set(records.flatMap((r) => Object.keys(r.attributes)))];
  const contents = records.map((r) => {
    const rings = r.polygon.coordinates;
    const points = rings.flat();
    const size = 44 + 4 * rings.length + 16 * points.length;
    const v = new DataView(new ArrayBuffer(size));
    const xs = points.map((p) => p[0]!);
    const ys = points.map((p) => p[1]!);
    v.setInt32(0, 5, true);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((x, i) =>
      v.setFloat64(4 + 8 * i, x, true),
    );
    v.setInt32(36, rings.length, true);
    v.setInt32(40, points.length, true);
    let idx = 0;
    rings.forEach((ring, i) => {
      v.setInt32(44 + 4 * i, idx, true);
      idx += ring.length;
    });
    const base = 44 + 4 * rings.length;
    points.forEach((p, i) => {
      v.setFloat64(base + 16 * i, p[0]!, true);
      v.setFloat64(base + 16 * i + 8, p[1]!, true);
    });
    return new Uint8Array(v.buffer);
  });
  const all = records.flatMap((r) => r.polygon.coordinates.flat());
  const bbox: [number, number, number, number] = [
    Math.min(...all.map((p) => p[0]!)),
    Math.min(...all.map((p) => p[1]!)),
    Math.max(...all.map((p) => p[0]!)),
    Math.max(...all.map((p) => p[1]!)),
  ];
  const shpLength = 100 + contents.reduce((n, c) => n + 8 + c.length, 0);
  const shp = new DataView(new ArrayBuffer(shpLength));
  const shx = new DataView(new ArrayBuffer(100 + 8 * records.length));
  header(shp, shpLength / 2, bbox);
  header(shx, (100 + 8 * records.length) / 2, bbox);
  let offset = 100;
  contents.forEach((c, i) => {
    shp.setInt32(offset, i + 1, false);
    shp.setInt32(offset + 4, c.length / 2, false);
    new Uint8Array(shp.buffer).set(c, offset + 8);
    shx.setInt32(100 + 8 * i, offset / 2, false);
    shx.setInt32(100 + 8 * i + 4, c.length / 2, false);
    offset += 8 + c.length;
  });
  // dBase III: 32-byte header, 32-byte field descriptors, 0x0D, records of fixed-width UTF-8 text.
  const width = 100;
  const enc = new TextEncoder();
  const recLen = 1 + width * fields.length;
  const headerLen = 32 + 32 * fields.length + 1;
  const dbf = new Uint8Array(headerLen + recLen * records.length + 1);
  const dv = new DataView(dbf.buffer);
  dbf[0] = 3;
  dv.setInt32(4, records.length, true);
  dv.setInt16(8, headerLen, true);
  dv.setInt16(10, recLen, true);
  fields.forEach((f, i) => {
    dbf.set(enc.encode(f.slice(0, 10)), 32 + 32 * i);
    dbf[32 + 32 * i + 11] = 'C'.charCodeAt(0);
    dbf[32 + 32 * i + 16] = width;
  });
  dbf[headerLen - 1] = 0x0d;
  records.forEach((r, i) => {
    const start = headerLen + recLen * i;
    dbf[start] = 0x20;
    fields.forEach((f, j) => {
      const cell = new Uint8Array(width).fill(0x20);
      cell.set(enc.encode(r.attributes[f] ?? '').slice(0, width));
      dbf.set(cell, start + 1 + width * j);
    });
  });
  dbf[dbf.length - 1] = 0x1a;
  const zip = new JSZip();
  zip.file(`${name}.shp`, new Uint8Array(shp.buffer));
  zip.file(`${name}.shx`, new Uint8Array(shx.buffer));
  zip.file(`${name}.dbf`, dbf);
  zip.file(`${name}.cpg`, 'UTF-8');
  if (prj) zip.file(`${name}.prj`, prj);
  return zip.generateAsync({ type: 'uint8array' });
}

/** The .prj ArcGIS writes for VN-2000 on a provincial TM-3 zone (no datum shift in it, as usual). */
export function vn2000Prj(meridian: number): string {
  return (
    'PROJCS["VN_2000_TM3_zone",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],' +
    `PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${meridian}],` +
    'PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
  );
}
