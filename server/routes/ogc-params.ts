// The query parameters of OGC API – Features, read strictly: a malformed bbox, limit, offset or datetime,
// or a parameter the API does not define, answers 400 naming it (OGC API – Features Part 1, /req/core).
import type { Context } from 'hono';
import { DomainError, type ErrorId } from '../domain/errors.ts';
import { errorAnswer } from '../http/errors.ts';
import type { BBox } from '../db/units.ts';
import type { CollectionDef, ItemsQuery } from '../domain/features.ts';
import { isRealDate, today } from '../../common/month.ts';
import { SUNSET_TECHS, DEFAULT_SUNSET, type SunsetTech } from '../../common/sunsets.ts';

/** Items per page when the request names none, and the most a page holds (a larger limit is capped). */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;

export const bad = (parameter: string, en: string, vi: string) =>
  new DomainError('invalid_parameter', `${parameter}: ${en}`, `${parameter}: ${vi}`, parameter);

/** Parameters every items request may carry besides the collection's queryables. */
const COMMON = ['f', 'bbox', 'bbox-crs', 'limit', 'offset', 'datetime', 'sunset'] as const;
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export function parseBbox(raw: string | undefined): BBox | null {
  if (raw === undefined) return null;
  const n = raw.split(',').map((x) => Number(x.trim()));
  if ((n.length !== 4 && n.length !== 6) || n.some((x) => !Number.isFinite(x)) || raw.trim() === '')
    throw bad(
      'bbox',
      'expected 4 comma-separated numbers minLon,minLat,maxLon,maxLat',
      'cần 4 số cách nhau bởi dấu phẩy: minLon,minLat,maxLon,maxLat',
    );
  const [w, s, e, north] = n.length === 6 ? [n[0]!, n[1]!, n[3]!, n[4]!] : (n as [number, number, number, number]);
  if (w < -180 || e > 180 || s < -90 || north > 90 || w > e || s > north)
    throw bad(
      'bbox',
      'longitudes must lie in [-180, 180], latitudes in [-90, 90], with min ≤ max',
      'kinh độ trong [-180, 180], vĩ độ trong [-90, 90], giá trị nhỏ ≤ giá trị lớn',
    );
  return [w, s, e, north];
}

function integer(name: string, raw: string | undefined, min: number): number | null {
  if (raw === undefined) return null;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min)
    throw bad(name, `expected a whole number ≥ ${min}`, `cần số nguyên ≥ ${min}`);
  return Number(raw);
}

/** The day of an RFC 3339 date or date-time ('..' or empty: open). */
function day(name: string, raw: string): string | null {
  if (raw === '..' || raw === '') return null;
  const d = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/.exec(raw)?.[1];
  if (!d || !isRealDate(d))
    throw bad(
      name,
      'expected an RFC 3339 date or date-time (2024-09-30 or 2024-09-30T00:00:00Z), or an interval start/end',
      'cần ngày theo RFC 3339 (2024-09-30 hoặc 2024-09-30T00:00:00Z), hoặc khoảng đầu/cuối',
    );
  return d;
}

/**
 * The collection's time from `datetime`: an instant, or an interval whose end is taken (figures of the
 * month it falls in; stations as of that day). An open end means now.
 */
export function parseDatetime(raw: string | undefined, temporal: CollectionDef['temporal']): string | null {
  if (raw === undefined || temporal === null) return null;
  const parts = raw.split('/');
  if (parts.length > 2) throw bad('datetime', 'expected an instant or start/end', 'cần một thời điểm hoặc đầu/cuối');
  const [start, end] =
    parts.length === 2 ? [day('datetime', parts[0]!), day('datetime', parts[1]!)] : [null, day('datetime', parts[0]!)];
  if (start && end && start > end)
    throw bad('datetime', 'the interval ends before it starts', 'khoảng kết thúc trước khi bắt đầu');
  const at = end ?? (parts.length === 2 ? today() : null);
  if (!at) return null;
  return temporal === 'month' ? at.slice(0, 7) : at;
}

export interface PageQuery extends ItemsQuery {
  limit: number;
  offset: number;
  format: 'json' | 'html';
}

/**
 * Refuses a parameter the endpoint does not define (OGC API – Features /req/core/query-param-unknown),
 * naming it and those it takes; `of` names the collection when the list is its own.
 */
export function onlyParams(query: Record<string, string>, allowed: readonly string[], of?: string): void {
  for (const k of Object.keys(query))
    if (!allowed.includes(k))
      throw bad(
        k,
        `not a parameter ${of ? `of ${of}` : 'here'}: use ${allowed.join(', ')}`,
        `không phải tham số ${of ? `của ${of}` : 'ở đây'}: dùng ${allowed.join(', ')}`,
      );
}

export function parseSunset(raw: string | undefined): SunsetTech {
  const sunset = raw ?? DEFAULT_SUNSET;
  if (!(SUNSET_TECHS as readonly string[]).includes(sunset)) throw bad('sunset', 'expected 2G or 3G', 'cần 2G hoặc 3G');
  return sunset as SunsetTech;
}

/** The OGC exception code for each of the product's error ids it may answer with. */
const OGC_CODE: Partial<Record<ErrorId, string>> = {
  not_found: 'NotFound',
  invalid_parameter: 'InvalidParameterValue',
  database_unavailable: 'ServiceUnavailable',
  internal: 'ServerError',
};

/**
 * Errors as OGC exceptions (code, description; here also in Vietnamese, and the parameter at fault), with
 * the statuses of the rest of the API: a busy database answers 503 with Retry-After, not 500.
 */
export function ogcError(err: Error, c: Context) {
  // A map cancels the tiles it panned past: the work it stopped is not a fault of the server.
  const { status, body, retryAfterSeconds } = errorAnswer(err, 'ogc', c.req.raw.signal.aborted);
  if (retryAfterSeconds) c.header('retry-after', String(retryAfterSeconds));
  const e = body.error;
  return c.json(
    {
      code: OGC_CODE[e.id as ErrorId] ?? e.id,
      description: e.message,
      description_vi: e.message_vi,
      ...(e.field ? { parameter: e.field } : {}),
    },
    status,
  );
}

export function formatOf(f: string | undefined, accept: string | undefined): 'json' | 'html' {
  if (f !== undefined) {
    if (f === 'json' || f === 'geojson') return 'json';
    if (f === 'html') return 'html';
    throw bad('f', 'expected json or html', 'cần json hoặc html');
  }
  // A browser asks for HTML first; GIS clients ask for JSON (or anything).
  return accept && /text\/html/.test(accept) && !/application\/(geo\+)?json/.test(accept) ? 'html' : 'json';
}

export function parseItemsQuery(
  query: Record<string, string>,
  def: CollectionDef,
  accept: string | undefined,
): PageQuery {
  onlyParams(query, [...new Set([...COMMON, ...Object.keys(def.queryables)])], def.id);
  if (query['bbox-crs'] !== undefined && query['bbox-crs'] !== CRS84)
    throw bad('bbox-crs', `only ${CRS84} (longitude, latitude)`, `chỉ hỗ trợ ${CRS84} (kinh độ, vĩ độ)`);
  if (def.table && query.bbox !== undefined)
    throw bad('bbox', `${def.id} has no geometry to filter by`, `${def.id} không có hình học để lọc`);
  const filters: Record<string, string> = {};
  for (const [k, q] of Object.entries(def.queryables)) {
    const v = query[k];
    if (v === undefined) continue;
    if (q.type === 'integer' && !/^\d{1,12}$/.test(v)) throw bad(k, 'expected a whole number', 'cần số nguyên');
    if (q.enum && !q.enum.includes(v))
      throw bad(k, `expected one of ${q.enum.join(', ')}`, `cần một trong ${q.enum.join(', ')}`);
    if (v.length > 100) throw bad(k, 'at most 100 characters', 'tối đa 100 ký tự');
    filters[k] = v;
  }
  return {
    bbox: parseBbox(query.bbox),
    time: parseDatetime(query.datetime, def.temporal),
    filters,
    sunset: parseSunset(query.sunset),
    limit: Math.min(integer('limit', query.limit, 1) ?? DEFAULT_LIMIT, MAX_LIMIT),
    offset: integer('offset', query.offset, 0) ?? 0,
    format: formatOf(query.f, accept),
  };
}
