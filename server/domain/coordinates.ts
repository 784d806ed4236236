// Positions as users type or paste them: decimal degrees ("21.0285, 105.8542"), degrees-minutes-seconds
// (21°01'42.6"N 105°51'15.1"E) or VN-2000 plane coordinates (x north, y east, in metres, on the
// province's central meridian), converted to WGS84 with proj4 and the official VN-2000 parameters.
import { parseNumber } from '../../common/numbers.ts';
import proj4 from 'proj4';

export interface LonLat {
  lon: number;
  lat: number;
}

export class CoordinateError extends Error {
  constructor(
    message: string,
    readonly messageVi: string,
  ) {
    super(message);
  }
}

/** Viet Nam's extent, generously: positions outside are refused as typos. */
export const VIET_NAM_BBOX = { west: 102.1, south: 8.3, east: 109.5, north: 23.4 };

export function insideVietNam(p: LonLat): boolean {
  return (
    p.lon >= VIET_NAM_BBOX.west &&
    p.lon <= VIET_NAM_BBOX.east &&
    p.lat >= VIET_NAM_BBOX.south &&
    p.lat <= VIET_NAM_BBOX.north
  );
}

/**
 * VN-2000 → WGS84, 7 parameters of Circular 973/2001/TT-TCĐC (General Department of Land Administration),
 * written for proj4's position-vector convention (the circular's rotations are coordinate-frame, so their
 * signs are flipped here). Ellipsoid WGS84; provincial TM-3 zones: k0 = 0.9999, false easting 500 km.
 */
export const VN2000_TOWGS84 = '-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278';

export function vn2000Proj(meridian: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${meridian} +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=${VN2000_TOWGS84} +units=m +no_defs`;
}

/**
 * Central meridians of the provincial VN-2000 zones (Circular 973/2001/TT-TCĐC, annex), by GSO code.
 * Hải Phòng 105°45', Sơn La 104°00'.
 */
export const VN2000_MERIDIANS: Record<string, number> = {
  '01': 105,
  '02': 105.5,
  '04': 105.75,
  '06': 106.5,
  '08': 106,
  '10': 104.75,
  '11': 103,
  '12': 103,
  '14': 104,
  '15': 104.75,
  '17': 106,
  '19': 106.5,
  '20': 107.25,
  '22': 107.75,
  '24': 107,
  '25': 104.75,
  '26': 105,
  '27': 105.5,
  '30': 105.5,
  '31': 105.75,
  '33': 105.5,
  '34': 105.5,
  '35': 105,
  '36': 105.5,
  '37': 105,
  '38': 105,
  '40': 104.5,
  '42': 105.5,
  '44': 106,
  '45': 106.25,
  '46': 107,
  '48': 107.75,
  '49': 107.75,
  '51': 108,
  '52': 108.25,
  '54': 108.5,
  '56': 108.25,
  '58': 108.25,
  '60': 108.5,
  '62': 107.5,
  '64': 108.5,
  '66': 108.5,
  '67': 108.5,
  '68': 107.75,
  '70': 106.25,
  '72': 105.5,
  '74': 105.75,
  '75': 107.75,
  '77': 107.75,
  '79': 105.75,
  '80': 105.75,
  '82': 105.75,
  '83': 105.75,
  '84': 105.5,
  '86': 105.5,
  '87': 105,
  '89': 104.75,
  '91': 104.5,
  '92': 105,
  '93': 105,
  '94': 105.5,
  '95': 105,
  '96': 104.5,
};

/** VN-2000 plane coordinates (x north, y east) to WGS84. */
export function fromVn2000(x: number, y: number, meridian: number): LonLat {
  const [lon, lat] = proj4(vn2000Proj(meridian), 'WGS84', [y, x]) as [number, number];
  return { lon, lat };
}

/** WGS84 to VN-2000 plane coordinates (x north, y east). */
export function toVn2000(p: LonLat, meridian: number): { x: number; y: number } {
  const [y, x] = proj4('WGS84', vn2000Proj(meridian), [p.lon, p.lat]) as [number, number];
  return { x, y };
}

const DMS_PART =
  /(\d{1,3}(?:[.,]\d+)?)\s*[°º˚d:\s]\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*['′’m:\s]\s*)?(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:["″”]|''|s)?\s*)?([NSEWnsew])?/g;

function toNumber(s: string | undefined): number {
  return s === undefined ? 0 : Number(s.replace(',', '.'));
}

function parseDms(text: string): LonLat | null {
  const parts = [...text.matchAll(DMS_PART)].filter((m) => m[0].trim().length > 0);
  if (parts.length !== 2) return null;
  const values = parts.map((m) => {
    const deg = toNumber(m[1]);
    const min = toNumber(m[2]);
    const sec = toNumber(m[3]);
    if (min >= 60 || sec >= 60) return null;
    const v = deg + min / 60 + sec / 3600;
    const hemi = m[4]?.toUpperCase();
    return { v: hemi === 'S' || hemi === 'W' ? -v : v, hemi };
  });
  if (values.some((v) => v === null)) return null;
  const [a, b] = values as { v: number; hemi: string | undefined }[];
  if (a!.hemi === 'E' || a!.hemi === 'W' || b!.hemi === 'N' || b!.hemi === 'S') return { lon: a!.v, lat: b!.v };
  return orderLatLon(a!.v, b!.v);
}

/** Two numbers in Viet Nam in either order: latitudes there are below 24, longitudes above 102. */
function orderLatLon(a: number, b: number): LonLat {
  return a > 90 || (Math.abs(a) > 30 && Math.abs(b) <= 30) ? { lon: a, lat: b } : { lon: b, lat: a };
}

export type PositionInput =
  { lat: number; lon: number } | { text: string } | { vn2000: { x: number; y: number; meridian?: number | undefined } };

/**
 * Parses a position as typed by a user; `province` supplies the VN-2000 central meridian when none is
 * given. Throws CoordinateError with an English and a Vietnamese reason.
 */
export function parsePosition(
  input: PositionInput,
  province?: string | null,
): LonLat & { source: 'decimal' | 'dms' | 'vn2000' } {
  let out: LonLat & { source: 'decimal' | 'dms' | 'vn2000' };
  if ('vn2000' in input) {
    const meridian = input.vn2000.meridian ?? (province ? VN2000_MERIDIANS[province] : undefined);
    if (meridian === undefined) {
      throw new CoordinateError(
        'VN-2000 coordinates need the central meridian of the province',
        'tọa độ VN-2000 cần kinh tuyến trục của tỉnh',
      );
    }
    if (
      input.vn2000.x < 800_000 ||
      input.vn2000.x > 2_700_000 ||
      input.vn2000.y < 100_000 ||
      input.vn2000.y > 900_000
    ) {
      throw new CoordinateError(
        'VN-2000 x (north) must be 800,000–2,700,000 m and y (east) 100,000–900,000 m',
        'VN-2000: x (bắc) phải từ 800.000 đến 2.700.000 m, y (đông) từ 100.000 đến 900.000 m',
      );
    }
    out = { ...fromVn2000(input.vn2000.x, input.vn2000.y, meridian), source: 'vn2000' };
  } else if ('text' in input) {
    const text = input.text.trim();
    // VN-2000 typed as "X=2323033,50 Y=551785,20" (decimal comma or point, thousands dots allowed).
    const plane = /^x\s*[=:]?\s*(-?[\d.,\s]+?)\s*[;,]?\s*y\s*[=:]?\s*(-?[\d.,\s]+)$/i.exec(text);
    if (plane) {
      const x = parseNumber(plane[1]!);
      const y = parseNumber(plane[2]!);
      if (x === null || y === null)
        throw new CoordinateError(
          'VN-2000: expected X=… Y=… in metres, e.g. X=2323033,50 Y=551785,20',
          'VN-2000: cần X=… Y=… theo mét, ví dụ X=2323033,50 Y=551785,20',
        );
      return parsePosition({ vn2000: { x, y } }, province);
    }
    // Decimal degrees with a decimal point ("21.3256, 103.9188") or a decimal comma ("21,3256; 103,9188").
    const decimal = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text);
    const comma = decimal ? null : /^\s*(-?\d{1,3}(?:,\d+)?)\s*[;\s]\s*(-?\d{1,3}(?:,\d+)?)\s*$/.exec(text);
    const pair = decimal ?? comma;
    const dms = pair ? null : parseDms(text);
    if (pair) out = { ...orderLatLon(parseNumber(pair[1]!)!, parseNumber(pair[2]!)!), source: 'decimal' };
    else if (dms) out = { ...dms, source: 'dms' };
    else {
      throw new CoordinateError(
        'expected decimal degrees "21.0285, 105.8542" or degrees-minutes-seconds 21°01\'42.6"N 105°51\'15.1"E',
        'cần độ thập phân "21.0285, 105.8542" hoặc độ-phút-giây 21°01\'42.6"N 105°51\'15.1"E',
      );
    }
  } else {
    out = { lon: input.lon, lat: input.lat, source: 'decimal' };
  }
  if (!Number.isFinite(out.lon) || !Number.isFinite(out.lat) || !insideVietNam(out)) {
    throw new CoordinateError(
      `position ${out.lat.toFixed(5)}, ${out.lon.toFixed(5)} is outside Viet Nam`,
      `vị trí ${out.lat.toFixed(5)}, ${out.lon.toFixed(5)} nằm ngoài Việt Nam`,
    );
  }
  return out;
}
