// The shape of a boundary file checked before anything walks it: a GeoJSON or TopoJSON document is
// whatever JSON the sender wrote ({"type":"Topology"} alone, "features": 5, [null], GeometryCollections
// nested 20,000 deep…), and a Shapefile's headers say how many records follow whatever the file holds
// (a 1 KB .dbf claiming 2³¹−1 records ran the server out of memory). Each check is one loop without
// recursion, bounded by the limits below, and answers a 422 naming the problem — never a TypeError.
import { DomainError } from './errors.ts';

/** Features in one boundary file (a province has at most a few hundred communes; pre-reform ~700). */
export const MAX_BOUNDARY_FEATURES = 20_000;
/** Vertices in one boundary file (today's 3,321 communes at full detail: 7.1 M nationwide). */
export const MAX_FILE_VERTICES = 3_000_000;

const refuse = (why: string, whyVi: string) =>
  new DomainError('unreadable_file', `file: ${why}`, `file: ${whyVi}`, 'file');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const tooManyFeatures = (n: number) =>
  refuse(
    `${n.toLocaleString('en')} features, more than the ${MAX_BOUNDARY_FEATURES.toLocaleString('en')} a boundary file may hold: import one province at a time`,
    `${n.toLocaleString('vi')} đối tượng, nhiều hơn giới hạn ${MAX_BOUNDARY_FEATURES.toLocaleString('vi')} của một tệp ranh giới: hãy nhập từng tỉnh`,
  );
const tooManyVertices = () =>
  refuse(
    `more than ${MAX_FILE_VERTICES.toLocaleString('en')} vertices: simplify the boundaries first (QGIS: Vector › Geometry Tools › Simplify)`,
    `nhiều hơn ${MAX_FILE_VERTICES.toLocaleString('vi')} đỉnh: hãy đơn giản hoá ranh giới trước (QGIS: Vector › Geometry Tools › Simplify)`,
  );

/** Counts the positions of a Polygon's or MultiPolygon's coordinates; -1 if they are not well formed. */
function countPositions(coordinates: unknown, depth: 3 | 4): number {
  if (!Array.isArray(coordinates)) return -1;
  let n = 0;
  const polygons = depth === 4 ? coordinates : [coordinates];
  for (const polygon of polygons) {
    if (!Array.isArray(polygon)) return -1;
    for (const ring of polygon) {
      if (!Array.isArray(ring)) return -1;
      for (const p of ring) {
        if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') return -1;
        n++;
      }
    }
  }
  return n;
}

/** A GeoJSON FeatureCollection of (Multi)Polygon or null geometries, within the limits. */
export function checkFeatureCollection(doc: Record<string, unknown>): void {
  const features = doc.features;
  if (!Array.isArray(features)) throw refuse('"features" is not a list', '"features" không phải danh sách');
  if (features.length > MAX_BOUNDARY_FEATURES) throw tooManyFeatures(features.length);
  let vertices = 0;
  features.forEach((f: unknown, i) => {
    const at = `feature ${i + 1}`;
    const atVi = `đối tượng ${i + 1}`;
    if (!isObject(f) || f.type !== 'Feature')
      throw refuse(`${at} is not a GeoJSON Feature`, `${atVi} không phải Feature GeoJSON`);
    if (f.properties !== undefined && f.properties !== null && !isObject(f.properties))
      throw refuse(`${at}: "properties" is not an object`, `${atVi}: "properties" không phải đối tượng`);
    const g = f.geometry;
    if (g === null || g === undefined) return;
    const type = isObject(g) ? g.type : undefined;
    if (type !== 'Polygon' && type !== 'MultiPolygon')
      throw refuse(
        `${at}: geometry is ${typeof type === 'string' ? type.slice(0, 40) : 'not a geometry'}; a boundary file holds Polygons or MultiPolygons`,
        `${atVi}: hình học là ${typeof type === 'string' ? type.slice(0, 40) : 'không hợp lệ'}; tệp ranh giới chỉ gồm Polygon hoặc MultiPolygon`,
      );
    const n = countPositions((g as Record<string, unknown>).coordinates, type === 'Polygon' ? 3 : 4);
    if (n < 0)
      throw refuse(
        `${at}: the coordinates of its ${type} are not lists of [longitude, latitude]`,
        `${atVi}: tọa độ của ${type} không phải danh sách [kinh độ, vĩ độ]`,
      );
    vertices += n;
    if (vertices > MAX_FILE_VERTICES) throw tooManyVertices();
  });
}

/** A TopoJSON Topology whose objects are (collections of) polygons over arcs that exist. */
export function checkTopology(doc: Record<string, unknown>): void {
  const { arcs, objects, transform } = doc;
  if (!Array.isArray(arcs)) throw refuse('the Topology has no "arcs" list', 'Topology không có danh sách "arcs"');
  if (!isObject(objects)) throw refuse('the Topology has no "objects"', 'Topology không có "objects"');
  if (transform !== undefined) {
    const ok =
      isObject(transform) &&
      [transform.scale, transform.translate].every(
        (v) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'),
      );
    if (!ok) throw refuse('the Topology\'s "transform" is malformed', '"transform" của Topology không hợp lệ');
  }
  let vertices = 0;
  for (const arc of arcs as unknown[]) {
    if (!Array.isArray(arc)) throw refuse('an arc is not a list of positions', 'một cung không phải danh sách tọa độ');
    for (const p of arc) {
      if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number')
        throw refuse('an arc position is not [x, y]', 'một tọa độ của cung không phải [x, y]');
    }
    vertices += arc.length;
    if (vertices > MAX_FILE_VERTICES) throw tooManyVertices();
  }
  const arcOk = (i: unknown) =>
    Number.isInteger(i) && ((i as number) < 0 ? ~(i as number) : (i as number)) < arcs.length;
  const ringsOk = (rings: unknown) =>
    Array.isArray(rings) && rings.every((r) => Array.isArray(r) && r.length > 0 && r.every(arcOk));
  let count = 0;
  for (const [name, object] of Object.entries(objects)) {
    const geometries: unknown[] = isObject(object) && object.type === 'GeometryCollection' ? [] : [object];
    if (isObject(object) && object.type === 'GeometryCollection') {
      if (!Array.isArray(object.geometries))
        throw refuse(
          `object ${name.slice(0, 40)} has no "geometries" list`,
          `đối tượng ${name.slice(0, 40)} không có "geometries"`,
        );
      geometries.push(...(object.geometries as unknown[]));
    }
    count += geometries.length;
    if (count > MAX_BOUNDARY_FEATURES) throw tooManyFeatures(count);
    for (const g of geometries) {
      const type = isObject(g) ? g.type : undefined;
      if (isObject(g) && type === null) continue; // a null object: a unit without a boundary
      const ok =
        isObject(g) &&
        ((type === 'Polygon' && ringsOk(g.arcs)) ||
          (type === 'MultiPolygon' && Array.isArray(g.arcs) && g.arcs.every(ringsOk)));
      if (!ok)
        throw refuse(
          `object ${name.slice(0, 40)}: a geometry is ${typeof type === 'string' ? type.slice(0, 40) : 'malformed'}; a boundary file holds Polygons or MultiPolygons over existing arcs`,
          `đối tượng ${name.slice(0, 40)}: một hình học là ${typeof type === 'string' ? type.slice(0, 40) : 'không hợp lệ'}; tệp ranh giới chỉ gồm Polygon hoặc MultiPolygon trên các cung có thật`,
        );
    }
  }
}

/** Where a record's point count sits in its content: after the box for lines, polygons, patches and point sets. */
const pointCountAt = (type: number) =>
  [3, 5, 13, 15, 23, 25, 31].includes(type) ? 40 : [8, 18, 28].includes(type) ? 36 : null;

/**
 * A .shp whose header and record headers agree with its size, with at most MAX_BOUNDARY_FEATURES records
 * and MAX_FILE_VERTICES points: walked record by record (8 bytes each) before shpjs builds anything.
 */
export function checkShp(shp: Uint8Array): void {
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (shp.length < 100 || view.getInt32(0, false) !== 9994)
    throw refuse('the .shp is not a Shapefile (no 9994 header)', 'tệp .shp không phải Shapefile');
  let offset = 100;
  let records = 0;
  let points = 0;
  while (offset + 8 <= shp.length) {
    const bytes = view.getInt32(offset + 4, false) * 2;
    if (bytes < 4 || offset + 8 + bytes > shp.length)
      throw refuse(
        `the .shp is damaged (record ${records + 1} runs past the end)`,
        `tệp .shp bị hỏng (bản ghi ${records + 1})`,
      );
    const type = view.getInt32(offset + 8, true);
    const at = pointCountAt(type);
    if (at !== null && bytes >= at + 4) points += Math.max(0, view.getInt32(offset + 8 + at, true));
    records++;
    if (records > MAX_BOUNDARY_FEATURES) throw tooManyFeatures(records);
    if (points > MAX_FILE_VERTICES) throw tooManyVertices();
    offset += 8 + bytes;
  }
}

/** A .dbf whose record count and sizes fit the file (its header is believed by every reader). */
export function checkDbf(dbf: Uint8Array): void {
  if (dbf.length < 32) throw refuse('the .dbf is damaged (too short)', 'tệp .dbf bị hỏng (quá ngắn)');
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const records = view.getUint32(4, true);
  const headerBytes = view.getUint16(8, true);
  const recordBytes = view.getUint16(10, true);
  if (records > MAX_BOUNDARY_FEATURES) throw tooManyFeatures(records);
  if (headerBytes < 33 || recordBytes < 1 || headerBytes + records * recordBytes > dbf.length)
    throw refuse(
      `the .dbf is damaged: its header claims ${records.toLocaleString('en')} records of ${recordBytes} bytes, the file has ${dbf.length.toLocaleString('en')} bytes`,
      `tệp .dbf bị hỏng: phần đầu ghi ${records.toLocaleString('vi')} bản ghi, nhưng tệp chỉ có ${dbf.length.toLocaleString('vi')} byte`,
    );
}
