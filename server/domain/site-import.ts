// Bulk station import from the CSV and Excel files carriers already keep: headers in Vietnamese or
// English mapped automatically (adjustable), one row per site and technology event. A preview lists every
// bad row (row number, column, reason) before anything is written; the commit is one transaction, all
// rows or none, and re-importing the same file changes nothing (upsert by operator + site code).
// The file itself is read by import-table.ts, which every import shares; a checked plan is written by
// site-import-commit.ts.
import type { Stores } from '../stores.ts';
import { boundedMemory } from '../db/database.ts';
import { DomainError } from './errors.ts';
import { MAX_IMPORT_ROWS, tooManyRows, type RowError, type Table } from './import-table.ts';
import { headerKeys } from './names.ts';
import { foldDiacritics } from '../../common/fold.ts';
import { parseNumber } from '../../common/numbers.ts';
import { bulkLocator, checkEvents, checkOwnership, placePosition, type Actor, type EventInput } from './stations.ts';
import type { PositionInput } from './coordinates.ts';
import type { EventStatus, Tech } from '../../common/site-state.ts';
import { today } from '../../common/month.ts';

import { IMPORT_FIELDS, type ImportField } from '../../common/import-fields.ts';

export { IMPORT_FIELDS, type ImportField };

/** Header spellings seen in carriers' files, folded (no diacritics, lower case). */
const SYNONYMS: Record<ImportField, string[]> = {
  operator: ['operator', 'nha mang', 'doanh nghiep', 'mang', 'carrier'],
  site_code: ['site code', 'site_code', 'ma tram', 'ma', 'site id', 'code', 'ma site'],
  name: ['name', 'ten tram', 'ten', 'site name'],
  province: ['province', 'tinh', 'ma tinh', 'tinh thanh'],
  lat: ['lat', 'latitude', 'vi do', 'y wgs84'],
  lon: ['lon', 'lng', 'long', 'longitude', 'kinh do', 'x wgs84'],
  position: ['position', 'toa do', 'vi tri', 'coordinates'],
  vn2000_x: ['x', 'x vn2000', 'vn2000 x', 'toa do x', 'x vn 2000'],
  vn2000_y: ['y', 'y vn2000', 'vn2000 y', 'toa do y', 'y vn 2000'],
  tech: ['tech', 'technology', 'cong nghe', 'loai cong nghe'],
  status: ['status', 'trang thai', 'tinh trang'],
  date: ['date', 'ngay', 'ngay hieu luc', 'ngay phat song', 'ngay su kien', 'thoi gian'],
  band_mhz: ['band', 'band mhz', 'band_mhz', 'bang tan', 'bang tan mhz', 'tan so', 'frequency'],
  antenna_height_m: [
    'height',
    'antenna height',
    'antenna_height_m',
    'do cao',
    'do cao anten',
    'do cao cot',
    'chieu cao anten',
  ],
  azimuths: ['azimuth', 'azimuths', 'goc phuong vi', 'huong', 'huong anten'],
  beamwidth_deg: ['beamwidth', 'beamwidth_deg', 'do rong bup song', 'bup song'],
  note: ['note', 'notes', 'ghi chu'],
};

const TECH_WORDS: Record<string, Tech> = {
  '2g': '2G',
  gsm: '2G',
  '3g': '3G',
  umts: '3G',
  wcdma: '3G',
  '4g': '4G',
  lte: '4G',
  '5g': '5G',
  nr: '5G',
};
const STATUS_WORDS: Record<string, EventStatus> = {
  planned: 'planned',
  'ke hoach': 'planned',
  'du kien': 'planned',
  active: 'active',
  'dang phat': 'active',
  'hoat dong': 'active',
  'phat song': 'active',
  moi: 'active',
  upgraded: 'upgraded',
  'nang cap': 'upgraded',
  switched_off: 'switched_off',
  'switched off': 'switched_off',
  off: 'switched_off',
  tat: 'switched_off',
  'da tat': 'switched_off',
  'ngung phat': 'switched_off',
  'tat song': 'switched_off',
};

const MAX_NAME = 200;
const MAX_NOTE = 500;

export interface ImportReport {
  file: string;
  rows: number;
  sites: number;
  create: number;
  update: number;
  unchanged: number;
  events_added: number;
  mapping: Record<string, ImportField | null>;
  errors: RowError[];
}

/** Maps each header to a field by its folded spelling; unknown headers map to null. */
export function autoMapping(headers: string[]): Record<string, ImportField | null> {
  const out: Record<string, ImportField | null> = {};
  const used = new Set<ImportField>();
  for (const h of headers) {
    const keys = headerKeys(h);
    const fields = (Object.keys(SYNONYMS) as ImportField[]).filter((f) => !used.has(f));
    const field = keys.map((k) => fields.find((f) => SYNONYMS[f].includes(k))).find(Boolean) ?? null;
    if (field) used.add(field);
    out[h] = field;
  }
  return out;
}

export { parseNumber };

/** Dates as YYYY-MM-DD, DD/MM/YYYY (Vietnamese order) or DD-MM-YYYY; null unless the day exists. */
export function parseDate(s: string): string | null {
  const t = s.trim();
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])/.exec(t)?.slice(1, 4) ??
    /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t)?.slice(1, 4).reverse();
  if (!m) return null;
  const [y, mo, d] = m.map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface SitePlan {
  operator: string;
  site_code: string;
  firstRow: number;
  existingId: number | null;
  name: string | null;
  province: string;
  lon: number;
  lat: number;
  commune: string | null;
  antenna_height_m: number | null;
  band_mhz: number | null;
  sectors: { azimuth_deg: number; beamwidth_deg: number }[] | null;
  events: (EventInput & { row: number })[];
  newEvents: EventInput[];
  changed: boolean;
}

export interface ImportPlan {
  report: ImportReport;
  sites: SitePlan[];
}

export interface ImportOptions {
  filename: string;
  /** Province for rows without one. */
  province?: string | null;
  /** Header → field, overriding the automatic mapping. */
  mapping?: Record<string, ImportField | null>;
  now?: string;
  onProgress?: (done: number, total: number) => void;
}

/** `f` computed once per argument. */
function memo<A, R>(f: (a: A) => R): (a: A) => R {
  const seen = new Map<A, R>();
  return (a) => {
    if (!seen.has(a)) seen.set(a, f(a));
    return seen.get(a)!;
  };
}

/** What a row of a planned table is replaced by: planning lets each row go once it is checked. */
const RELEASED = Object.freeze([]) as unknown as string[];

/**
 * Checks every row of a file against the database and plans what to write (nothing is written), with the
 * connection's memory held down (boundedMemory) for the 200,000 rows a file may have. It takes the table's
 * rows: each is let go (RELEASED) once checked, the table keeping its length.
 */
export function planImport(stores: Stores, actor: Actor, table: Table, opts: ImportOptions): ImportPlan {
  return boundedMemory(stores.db, () => planRows(stores, actor, table, opts));
}

function planRows(stores: Stores, actor: Actor, table: Table, opts: ImportOptions): ImportPlan {
  if (table.rows.length > MAX_IMPORT_ROWS) throw tooManyRows();
  const mapping = { ...autoMapping(table.headers), ...(opts.mapping ?? {}) };
  const col = new Map<ImportField, number>();
  table.headers.forEach((h, i) => {
    const f = mapping[h];
    if (f && !col.has(f)) col.set(f, i);
  });
  const errors: RowError[] = [];
  const err = (row: number, column: ImportField | null, reason: string, reason_vi: string) =>
    errors.push({ row, column: column ? (table.headers[col.get(column) ?? -1] ?? column) : null, reason, reason_vi });
  for (const [field, en, vi] of [
    ['site_code', 'no column for the site code (Mã trạm)', 'không có cột mã trạm'],
    ['tech', 'no column for the technology (Công nghệ)', 'không có cột công nghệ'],
    ['status', 'no column for the state (Trạng thái)', 'không có cột trạng thái'],
    ['date', 'no column for the date (Ngày)', 'không có cột ngày'],
  ] as const) {
    if (!col.has(field)) err(1, null, en, vi);
  }
  const hasPosition =
    (col.has('lat') && col.has('lon')) || col.has('position') || (col.has('vn2000_x') && col.has('vn2000_y'));
  if (!hasPosition)
    err(
      1,
      null,
      'no position columns (Vĩ độ/Kinh độ, Tọa độ, or VN-2000 X/Y)',
      'không có cột vị trí (Vĩ độ/Kinh độ, Tọa độ hoặc X/Y VN-2000)',
    );
  if (errors.length > 0) return { report: emptyReport(opts.filename, table, mapping, errors), sites: [] };

  // The quote an export puts before a cell that would run as a formula comes off again, so an export
  // re-imported gives back the same names.
  const get = (r: string[], f: ImportField) => {
    const i = col.get(f);
    if (i === undefined) return '';
    const v = (r[i] ?? '').trim();
    return v.startsWith("'") ? v.replace(/^'(?=[=+\-@\t\r])/, '') : v;
  };
  const sites = new Map<string, SitePlan>();
  const locator = bulkLocator(stores);
  // Looked up once per import, not once per row: provinces, operators, and each operator's site codes.
  const knownProvince = memo((code: string) => !!stores.units.province(code));
  const knownOperator = memo((id: string) => !!stores.sites.operator(id));
  const codesOf = memo((operator: string) => stores.sites.codesOf(operator));
  const now = opts.now ?? today();
  const total = table.rows.length;
  table.rows.forEach((r, i) => {
    // Each row's text is let go once it is checked: its site's plan holds what it needs, and a file's
    // text and its plan are never both whole in memory.
    table.rows[i] = RELEASED;
    const row = i + 2; // 1-based, after the header row
    if (i % 2000 === 0) opts.onProgress?.(i, total);
    const operator = (get(r, 'operator') || actor.user.operator_id || '').toLowerCase();
    const code = get(r, 'site_code');
    if (!code) return err(row, 'site_code', 'site code is empty', 'mã trạm trống');
    if (code.length > 64 || !/^[\p{L}\p{N}._\-/ ]+$/u.test(code)) {
      return err(
        row,
        'site_code',
        'site code: letters, digits, . _ - / and spaces, at most 64',
        'mã trạm: chữ, số, . _ - / và dấu cách, tối đa 64 ký tự',
      );
    }
    if (!operator) return err(row, 'operator', 'operator is empty', 'nhà mạng trống');
    if (!knownOperator(operator))
      return err(row, 'operator', `unknown operator "${operator}"`, `không có nhà mạng "${operator}"`);
    try {
      checkOwnership(actor, operator);
    } catch {
      return err(
        row,
        'operator',
        `your account may not import ${operator} sites`,
        `tài khoản của bạn không được nhập trạm của ${operator}`,
      );
    }
    // Every check of the row's own fields is made, so a row with three mistakes lists all three.
    const errorsBefore = errors.length;
    // The same limits as the station form, so an import cannot store what the form refuses.
    if (get(r, 'name').length > MAX_NAME)
      err(row, 'name', `name: at most ${MAX_NAME} characters`, `tên trạm: tối đa ${MAX_NAME} ký tự`);
    if (get(r, 'note').length > MAX_NOTE)
      err(row, 'note', `note: at most ${MAX_NOTE} characters`, `ghi chú: tối đa ${MAX_NOTE} ký tự`);
    const tech = TECH_WORDS[foldDiacritics(get(r, 'tech'))];
    if (!tech)
      err(
        row,
        'tech',
        `technology "${get(r, 'tech')}" is not one of 2G, 3G, 4G, 5G`,
        `công nghệ "${get(r, 'tech')}" không thuộc 2G, 3G, 4G, 5G`,
      );
    const status = STATUS_WORDS[foldDiacritics(get(r, 'status'))];
    if (!status)
      err(
        row,
        'status',
        `state "${get(r, 'status')}" is not planned, active, upgraded or switched off`,
        `trạng thái "${get(r, 'status')}" không phải kế hoạch, đang phát, nâng cấp hoặc đã tắt`,
      );
    const date = parseDate(get(r, 'date'));
    if (!date)
      err(
        row,
        'date',
        `date "${get(r, 'date')}" is not a date (DD/MM/YYYY or YYYY-MM-DD)`,
        `ngày "${get(r, 'date')}" không đúng dạng (DD/MM/YYYY hoặc YYYY-MM-DD)`,
      );
    const band = get(r, 'band_mhz') ? parseNumber(get(r, 'band_mhz'), 'count') : null;
    if (get(r, 'band_mhz') && (band === null || band < 100 || band > 6000))
      err(
        row,
        'band_mhz',
        `band "${get(r, 'band_mhz')}" is not 100–6000 MHz`,
        `băng tần "${get(r, 'band_mhz')}" không trong 100–6000 MHz`,
      );
    const height = get(r, 'antenna_height_m') ? parseNumber(get(r, 'antenna_height_m')) : null;
    if (get(r, 'antenna_height_m') && (height === null || height < 1 || height > 300))
      err(row, 'antenna_height_m', 'antenna height is not 1–300 m', 'độ cao anten không trong 1–300 m');
    const province = get(r, 'province') || opts.province || '';
    if (!knownProvince(province))
      err(
        row,
        'province',
        `province "${province}" is unknown (use the 2-digit GSO code)`,
        `không có tỉnh "${province}" (dùng mã GSO 2 chữ số)`,
      );

    if (errors.length > errorsBefore) return;
    const event = { tech: tech!, status: status!, date: date!, band_mhz: band, note: get(r, 'note') || null, row };
    const key = `${operator}|${code}`;
    let plan = sites.get(key);
    if (!plan) {
      let position: PositionInput;
      if (get(r, 'lat') && get(r, 'lon'))
        position = { lat: parseNumber(get(r, 'lat')) ?? NaN, lon: parseNumber(get(r, 'lon')) ?? NaN };
      else if (get(r, 'position')) position = { text: get(r, 'position') };
      else if (get(r, 'vn2000_x') && get(r, 'vn2000_y'))
        position = { vn2000: { x: parseNumber(get(r, 'vn2000_x')) ?? NaN, y: parseNumber(get(r, 'vn2000_y')) ?? NaN } };
      else return err(row, 'lat', 'no position on the site’s first row', 'dòng đầu của trạm không có vị trí');
      let placed: ReturnType<typeof placePosition>;
      try {
        placed = placePosition(stores, position, province, locator);
      } catch (e) {
        const a = e as DomainError;
        return err(
          row,
          col.has('lat') ? 'lat' : col.has('position') ? 'position' : 'vn2000_x',
          a.message.replace(/^position: /, ''),
          a.messageVi.replace(/^position: /, ''),
        );
      }
      const existing = codesOf(operator).get(code);
      if (existing?.retired_at) return err(row, 'site_code', `site ${code} was retired`, `trạm ${code} đã bị loại bỏ`);
      const azimuths = get(r, 'azimuths')
        .split(/[/;,\s]+/)
        .filter(Boolean)
        .map((x) => parseNumber(x));
      if (azimuths.some((a) => a === null || a < 0 || a >= 360))
        return err(
          row,
          'azimuths',
          'azimuths must be degrees 0–359 separated by /',
          'góc phương vị phải là độ 0–359, cách nhau bởi /',
        );
      const beam =
        parseNumber(get(r, 'beamwidth_deg')) ?? (azimuths.length > 0 ? Math.min(360, 360 / azimuths.length) : null);
      plan = {
        operator,
        site_code: code,
        firstRow: row,
        existingId: existing?.id ?? null,
        name: get(r, 'name') || null,
        province,
        lon: placed.lon,
        lat: placed.lat,
        commune: placed.commune,
        antenna_height_m: height,
        band_mhz: band,
        sectors: azimuths.length > 0 ? azimuths.map((a) => ({ azimuth_deg: a!, beamwidth_deg: beam! })) : null,
        // An array of one, not an empty one pushed to (V8 would give it room for 17).
        events: [event],
        newEvents: [],
        changed: false,
      };
      sites.set(key, plan);
    } else plan.events.push(event);
  });

  let create = 0;
  let update = 0;
  let unchanged = 0;
  let eventsAdded = 0;
  for (const p of sites.values()) {
    const existing = p.existingId ? stores.sites.events(p.existingId) : [];
    const known = new Set(existing.map((e) => `${e.tech}|${e.status}|${e.date}`));
    // A new site's events are all new: its own array, sorted in place (a filtered copy is pushed to).
    const fresh = known.size === 0 ? p.events : p.events.filter((e) => !known.has(`${e.tech}|${e.status}|${e.date}`));
    fresh.sort((a, b) => a.date.localeCompare(b.date));
    try {
      checkEvents(existing, fresh, now);
    } catch (e) {
      const a = e as DomainError;
      const idx = Number(/^events\.(\d+)/.exec(a.field ?? '')?.[1] ?? 0);
      err(
        fresh[idx]?.row ?? p.firstRow,
        a.field?.endsWith('date') ? 'date' : 'status',
        a.message.replace(/^events\.\d+\.\w+: /, ''),
        a.messageVi.replace(/^events\.\d+\.\w+: /, ''),
      );
      continue;
    }
    // Not copied without their row numbers: every writer reads an event's fields one by one.
    p.newEvents = fresh;
    p.events = [];
    eventsAdded += fresh.length;
    if (!p.existingId) {
      create++;
      p.changed = true;
      continue;
    }
    const s = stores.sites.site(p.existingId)!;
    const fieldsChanged =
      Math.abs(s.lon - p.lon) > 1e-7 ||
      Math.abs(s.lat - p.lat) > 1e-7 ||
      (p.name !== null && p.name !== s.name) ||
      (p.antenna_height_m !== null && p.antenna_height_m !== s.antenna_height_m) ||
      s.province_code !== p.province;
    const sectorsChanged =
      p.sectors !== null &&
      JSON.stringify(p.sectors) !==
        JSON.stringify(
          stores.sites
            .sectors(p.existingId)
            .map((x) => ({ azimuth_deg: x.azimuth_deg, beamwidth_deg: x.beamwidth_deg })),
        );
    p.changed = fieldsChanged || sectorsChanged || fresh.length > 0;
    if (p.changed) update++;
    else unchanged++;
  }
  opts.onProgress?.(total, total);
  errors.sort((a, b) => a.row - b.row);
  return {
    report: {
      file: opts.filename,
      rows: total,
      sites: sites.size,
      create,
      update,
      unchanged,
      events_added: eventsAdded,
      mapping,
      errors,
    },
    sites: [...sites.values()],
  };
}

function emptyReport(
  file: string,
  table: Table,
  mapping: Record<string, ImportField | null>,
  errors: RowError[],
): ImportReport {
  return {
    file,
    rows: table.rows.length,
    sites: 0,
    create: 0,
    update: 0,
    unchanged: 0,
    events_added: 0,
    mapping,
    errors,
  };
}
