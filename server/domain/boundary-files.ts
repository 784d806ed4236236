// Reading boundary files as departments have them: GeoJSON, TopoJSON, or a zipped Shapefile with its
// .prj. Projected coordinates are reprojected to WGS84 with proj4; VN-2000 projections get the official
// 7-parameter datum shift, which a plain reading of the .prj (as most tools do) would miss by ~200 m.
import type JSZip from 'jszip';
import proj4 from 'proj4';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { DomainError } from './errors.ts';
import { VN2000_TOWGS84 } from './coordinates.ts';
import { checkZip } from './zip-guard.ts';
import { checkDbf, checkFeatureCollection, checkShp, checkTopology } from './boundary-shape.ts';

export interface BoundaryFile {
  features: Feature<Geometry | null, Record<string, unknown>>[];
  /** How the coordinates were read: 'wgs84', or the projection they were converted from. */
  crs: string;
}

const unreadable = (why: string, whyVi: string) =>
  new DomainError('unreadable_file', `file: ${why}`, `file: ${whyVi}`, 'file');

function mapCoords(g: Geometry | null, f: (p: Position) => Position): Geometry | null {
  if (!g) return g;
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: f(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map(f) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((r) => r.map(f)) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) };
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((x) => mapCoords(x, f)!) };
  }
}

/** The proj4 definition for a .prj: VN-2000 zones get the official datum shift; others as written. */
export function projectionFromPrj(wkt: string): { def: string; name: string } {
  if (/VN[-_ ]?2000|Vietnam[_ ]2000|VN_2000/i.test(wkt)) {
    const param = (name: string) => {
      const m = new RegExp(`PARAMETER\\["${name}",\\s*(-?[\\d.]+)\\]`, 'i').exec(wkt);
      return m ? Number(m[1]) : undefined;
    };
    const lon0 = param('central_meridian') ?? param('Longitude_Of_Center') ?? param('longitude_of_natural_origin');
    if (lon0 === undefined)
      throw unreadable('a VN-2000 .prj without a central meridian', 'tệp .prj VN-2000 thiếu kinh tuyến trục');
    const k = param('scale_factor') ?? 0.9999;
    const x0 = param('false_easting') ?? 500000;
    const y0 = param('false_northing') ?? 0;
    return {
      def: `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=${k} +x_0=${x0} +y_0=${y0} +ellps=WGS84 +towgs84=${VN2000_TOWGS84} +units=m +no_defs`,
      name: `VN-2000 TM (central meridian ${lon0}°, k ${k})`,
    };
  }
  try {
    proj4(wkt, 'WGS84', [0, 0]);
  } catch {
    throw unreadable('a .prj that proj4 cannot read', 'tệp .prj không đọc được');
  }
  return { def: wkt, name: /^(?:PROJCS|GEOGCS)\["([^"]+)"/.exec(wkt)?.[1] ?? 'projection of the .prj' };
}

function looksGeographic(features: BoundaryFile['features']): boolean {
  let ok = true;
  for (const f of features) {
    mapCoords(f.geometry, (p) => {
      if (Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90) ok = false;
      return p;
    });
    if (!ok) break;
  }
  return ok;
}

async function readShapefileZip(data: Uint8Array): Promise<BoundaryFile> {
  await checkZip(data, '.zip');
  // Loaded with the first shapefile: JSZip and shpjs cost each thread ≈ 0.15 s of CPU to load.
  const [{ default: JSZip }, { parseShp, parseDbf }] = await Promise.all([import('jszip'), import('shpjs')]);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch {
    throw unreadable('not a readable .zip', 'không đọc được tệp .zip');
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir && !f.name.includes('__MACOSX'));
  const find = (ext: string) => entries.find((f) => f.name.toLowerCase().endsWith(ext));
  const shp = find('.shp');
  if (!shp) throw unreadable('the .zip holds no .shp', 'tệp .zip không có .shp');
  const base = shp.name.slice(0, -4).toLowerCase();
  const sibling = (ext: string) => entries.find((f) => f.name.toLowerCase() === base + ext) ?? find(ext);
  const dbf = sibling('.dbf');
  const prj = sibling('.prj');
  const cpg = sibling('.cpg');
  const shpBytes = await shp.async('uint8array');
  checkShp(shpBytes);
  const dbfBytes = dbf ? await dbf.async('uint8array') : null;
  if (dbfBytes) checkDbf(dbfBytes);
  let geoms: Geometry[];
  let props: Record<string, unknown>[] = [];
  try {
    geoms = parseShp(shpBytes, undefined as unknown as string) as Geometry[];
  } catch (e) {
    throw unreadable(`the .shp is damaged (${(e as Error).message})`, 'tệp .shp bị hỏng');
  }
  try {
    if (dbfBytes) props = parseDbf(dbfBytes, cpg ? await cpg.async('string') : 'UTF-8') as Record<string, unknown>[];
  } catch (e) {
    throw unreadable(`the .dbf is damaged (${(e as Error).message})`, 'tệp .dbf bị hỏng');
  }
  let features: BoundaryFile['features'] = geoms.map((g, i) => ({
    type: 'Feature',
    geometry: g,
    properties: props[i] ?? {},
  }));
  if (prj) {
    const { def, name } = projectionFromPrj(await prj.async('string'));
    const convert = proj4(def, 'WGS84');
    features = features.map((f) => ({ ...f, geometry: mapCoords(f.geometry, (p) => convert.forward([p[0]!, p[1]!])) }));
    return { features, crs: name };
  }
  if (!looksGeographic(features)) {
    throw unreadable(
      'projected coordinates without a .prj: add the .prj to the .zip',
      'tọa độ phẳng mà thiếu tệp .prj: hãy thêm .prj vào .zip',
    );
  }
  return { features, crs: 'wgs84 (no .prj)' };
}

/** Reads a GeoJSON, TopoJSON or zipped Shapefile into WGS84 features. */
export async function readBoundaryFile(data: Uint8Array, filename: string): Promise<BoundaryFile> {
  if (/\.zip$/i.test(filename)) return readShapefileZip(data);
  if (!/\.(geo|topo)?json$/i.test(filename)) {
    throw new DomainError(
      'unsupported_file',
      'file: expected .geojson, .topojson, .json or a zipped Shapefile',
      'file: cần .geojson, .topojson, .json hoặc Shapefile nén .zip',
      'file',
    );
  }
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(
      Buffer.from(data)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    ) as Record<string, unknown>;
  } catch (e) {
    throw unreadable(`not valid JSON (${(e as Error).message})`, 'không phải JSON hợp lệ');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw unreadable('expected a FeatureCollection or a Topology', 'cần FeatureCollection hoặc Topology');
  if (doc.type === 'Topology') {
    checkTopology(doc);
    const topo = doc as unknown as Topology;
    const features = Object.values(topo.objects).flatMap((o) => {
      const fc = topoFeature(topo, o) as FeatureCollection | Feature;
      return fc.type === 'FeatureCollection' ? fc.features : [fc];
    }) as BoundaryFile['features'];
    return { features, crs: 'wgs84' };
  }
  if (doc.type === 'FeatureCollection') {
    checkFeatureCollection(doc);
    const features = (doc as unknown as FeatureCollection).features as BoundaryFile['features'];
    if (!looksGeographic(features)) {
      throw unreadable(
        'GeoJSON coordinates must be WGS84 longitude/latitude (RFC 7946)',
        'tọa độ GeoJSON phải là kinh độ/vĩ độ WGS84 (RFC 7946)',
      );
    }
    return { features, crs: 'wgs84' };
  }
  throw unreadable('expected a FeatureCollection or a Topology', 'cần FeatureCollection hoặc Topology');
}
