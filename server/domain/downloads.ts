// Downloads a GIS opens with attributes and projection: a GeoPackage (QGIS, ArcGIS, GDAL) or KML (Google
// Earth) of a published collection — today's communes with any month's figures, the communes before the
// 2025 reform as a table, the filtered sites at a day, gap cells and footprints. Built by a worker thread
// from the same features OGC API – Features serves (server/domain/features.ts).
import type { Feature, Geometry, MultiPolygon } from 'geojson';
import { toKML } from '@placemarkio/tokml';
import { writeGeoPackage, type ColumnType } from '../db/geopackage.ts';
import { DomainError } from './errors.ts';
import type { CollectionDef, ItemsQuery } from './features.ts';
import { today } from '../../common/month.ts';

export const DOWNLOAD_FORMATS = ['gpkg', 'kml'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];
/** The most features one download holds (100,000 sites and their neighbours fit; a runaway does not). */
export const MAX_DOWNLOAD_FEATURES = 250_000;

export const DOWNLOAD_TYPES: Record<DownloadFormat, string> = {
  gpkg: 'application/geopackage+sqlite3',
  kml: 'application/vnd.google-earth.kml+xml',
};

/** Refuses a download too large to build, before it is built. */
function checkDownloadSize(def: CollectionDef, matched: number) {
  if (matched > MAX_DOWNLOAD_FEATURES)
    throw new DomainError(
      'too_large',
      `${matched} features of ${def.id} match: at most ${MAX_DOWNLOAD_FEATURES} in one download; filter by province_code or bbox`,
      `${matched} đối tượng ${def.id} khớp: tối đa ${MAX_DOWNLOAD_FEATURES} trong một tệp tải về; hãy lọc theo tỉnh (province_code) hoặc bbox`,
      'province_code',
    );
}

/** What the file holds, in words: the month of the figures or the day of the stations, and when it was made. */
function subtitleOf(def: CollectionDef, features: Feature[]): string {
  const p = features[0]?.properties ?? {};
  const made = `Made ${today()} / Lập ngày ${today()}.`;
  if (def.temporal === 'month' && typeof p.month === 'string') {
    const [y, m] = p.month.split('-');
    return `Figures of ${p.month} / Số liệu tháng ${Number(m)}/${y}. ${made}`;
  }
  const day = p.as_of ?? p.date;
  if (def.temporal === 'day' && day) return `As of ${day} / Tại ngày ${day}. ${made}`;
  return made;
}

/** A column's type when every value is missing: counts are integers, shares and radii reals. */
const typeByName = (name: string): ColumnType =>
  /^(subscribers|households)/.test(name) ? 'INTEGER' : /^share_|_km$/.test(name) ? 'REAL' : 'TEXT';

/** Every feature of a collection a query matches, in one list: refused when a download could not hold them. */
export async function allMatching(def: CollectionDef, query: ItemsQuery): Promise<Feature[]> {
  const matches = await def.items(query);
  checkDownloadSize(def, matches.matched);
  return matches.page(0, matches.matched);
}

/** A column per property, typed by the values seen (integers, reals, booleans, else text). */
function columnsOf(features: Feature[]): { name: string; type: ColumnType }[] {
  const types = new Map<string, ColumnType | null>();
  for (const f of features)
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      const was = types.get(k) ?? null;
      if (v === null || v === undefined) {
        if (!types.has(k)) types.set(k, null);
        continue;
      }
      const t: ColumnType =
        typeof v === 'boolean'
          ? 'BOOLEAN'
          : typeof v === 'number'
            ? Number.isInteger(v) && was !== 'REAL'
              ? 'INTEGER'
              : 'REAL'
            : 'TEXT';
      types.set(k, was === null || was === t || (was === 'INTEGER' && t === 'REAL') ? t : 'TEXT');
    }
  return [...types].map(([name, type]) => ({
    name: name.replace(/[^A-Za-z0-9_]/g, '_'),
    type: type ?? typeByName(name),
  }));
}

/** One geometry type for the table: polygons with multipolygons are all made multipolygons. */
function geometryTypeOf(features: Feature[]): string {
  const kinds = new Set(features.map((f) => f.geometry?.type).filter(Boolean));
  if (kinds.size === 1) return [...kinds][0]!.toUpperCase();
  if ([...kinds].every((k) => k === 'Polygon' || k === 'MultiPolygon')) return 'MULTIPOLYGON';
  return 'GEOMETRY';
}

const promoted = (g: Geometry | null, type: string): Geometry | null =>
  g && type === 'MULTIPOLYGON' && g.type === 'Polygon'
    ? ({ type: 'MultiPolygon', coordinates: [g.coordinates] } satisfies MultiPolygon)
    : g;

export function encodeDownload(
  def: CollectionDef,
  features: Feature[],
  format: DownloadFormat,
  demo: boolean,
): Uint8Array {
  const description = `${def.title} — ${def.title_vi}. ${subtitleOf(def, features)}${demo ? ' DEMO DATA / DỮ LIỆU MINH HOẠ.' : ''}`;
  if (format === 'kml') {
    if (def.table)
      throw new DomainError(
        'invalid_parameter',
        `f: ${def.id} has no boundaries to draw in KML: download it as gpkg`,
        `f: ${def.id} không có ranh giới để vẽ trong KML: hãy tải dạng gpkg`,
        'f',
      );
    return new TextEncoder().encode(toKML({ type: 'FeatureCollection', features }));
  }
  const columns = columnsOf(features);
  const keys = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
  const geometryType = def.table ? null : geometryTypeOf(features);
  return writeGeoPackage({
    name: def.id.replace(/[^A-Za-z0-9_]/g, '_'),
    title: def.title,
    description,
    geometryType,
    columns,
    rows: features.map((f) => ({
      geometry: geometryType ? promoted(f.geometry, geometryType) : null,
      values: keys.map((k) => (f.properties?.[k] ?? null) as string | number | boolean | null),
    })),
  });
}
