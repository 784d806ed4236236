// Hostile and broken input: whatever the parameters or bodies, the answer is a 2xx or a 4xx with a JSON
// error — never a 5xx, never a stack trace; broken files get a clear error and write nothing; a locked or
// full database answers 503 while reads go on.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Hono } from 'hono';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { demoApp, demoDbPath, loginAs } from '../helpers.ts';
import { openDatabase } from '../../server/db/database.ts';
import { createApp } from '../../server/app.ts';
import { CoordinateError, insideVietNam, parsePosition } from '../../server/domain/coordinates.ts';
import { ogcError } from '../../server/routes/ogc-params.ts';

type Ctx = ReturnType<typeof demoApp>;
let ctx: Ctx;
let admin: Awaited<ReturnType<typeof loginAs>>;
beforeAll(async () => {
  ctx = demoApp();
  admin = await loginAs(ctx.app, 'admin');
});

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '1e309',
    'NaN',
    '99',
    '31',
    '14',
    '116',
    '03646',
    '2024-13',
    '2024-09',
    '2024-02-30',
    '1,2,3,4',
    '106,20,107,21',
    '<script>',
    "' OR 1=1 --",
    '%00',
    '../../etc/passwd',
    'a'.repeat(5000),
  ),
);

const GETS: Record<string, string[]> = {
  '/api/districts': ['province', 'geometry'],
  '/api/communes': ['province', 'district', 'bbox', 'month', 'zoom', 'version'],
  '/api/sites': ['province', 'district', 'operator', 'tech', 'status', 'category', 'bbox', 'as_of'],
  '/api/sites/clusters': ['bbox', 'zoom', 'operator', 'as_of'],
  '/api/summary': ['province', 'district', 'operator', 'month'],
  '/api/search': ['q', 'province'],
  '/api/coverage/communes': ['province', 'scenario', 'date', 'month'],
  '/api/coverage/gaps': ['province', 'commune', 'bbox'],
  '/api/coverage/ranking': ['province', 'w_2g', 'w_gap', 'w_nosmart'],
  '/api/series': ['province', 'district'],
  '/api/comm-reports': ['province', 'month', 'today'],
  '/api/sites/export': ['format', 'province', 'operator'],
  '/api/boundaries/versions': ['province'],
};

async function expectClean(res: Response) {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    const text = await res.text();
    const body = JSON.parse(text) as { error: { id: string; message: string; message_vi: string } };
    expect(typeof body.error.message).toBe('string');
    expect(typeof body.error.message_vi).toBe('string');
    expect(text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  }
}

describe('property: every query parameter', () => {
  for (const [path, params] of Object.entries(GETS)) {
    it(`${path} answers 2xx or a clean 4xx`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom(...params), hostile, { maxKeys: params.length }),
          async (query) => {
            const qs = new URLSearchParams(query as Record<string, string>).toString();
            await expectClean(await ctx.app.request(`${path}?${qs}`));
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('path parameters too', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (id) => {
        for (const p of ['/api/communes/', '/api/sites/', '/api/sites/1/history?x=', '/api/nothing/']) {
          await expectClean(await ctx.app.request(p + encodeURIComponent(id)));
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('property: every JSON body', () => {
  const bodies: [string, string][] = [
    ['/api/sites', 'POST'],
    ['/api/sites/1', 'PATCH'],
    ['/api/sites/1/events', 'POST'],
    ['/api/sites/1/retire', 'POST'],
    ['/api/coverage/what-if', 'POST'],
    ['/api/comm-reports', 'POST'],
    ['/api/slides', 'POST'],
    ['/api/auth/tokens', 'POST'],
    ['/api/users', 'POST'],
    ['/api/auth/login', 'POST'],
  ];
  const json = fc.oneof(
    fc.jsonValue(),
    fc.record({
      operator: hostile,
      site_code: hostile,
      province: hostile,
      position: fc.oneof(
        fc.jsonValue(),
        fc.record({ lat: fc.double(), lon: fc.double() }),
        fc.record({ text: hostile }),
      ),
      events: fc.array(fc.record({ tech: hostile, status: hostile, date: hostile }), { maxLength: 3 }),
    }),
  );
  for (const [path, method] of bodies) {
    it(`${method} ${path} answers 2xx or a clean 4xx`, async () => {
      await fc.assert(
        fc.asyncProperty(json, async (body) => {
          const res = await ctx.app.request(path, {
            method,
            headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          await expectClean(res);
        }),
        { numRuns: 30 },
      );
    });
  }

  it('malformed JSON is a 400, not a crash', async () => {
    const res = await ctx.app.request('/api/sites', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      body: '{"operator": "vnpt",',
    });
    expect(res.status).toBe(400);
  });
});

describe('fuzzing the coordinate parser', () => {
  it('returns a point inside Viet Nam or a CoordinateError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.constantFrom(`21°01'42.6"N 105°51'15.1"E`, '21,0285 105,8542', '999°99\'99"N'),
        ),
        (text) => {
          try {
            const p = parsePosition({ text });
            expect(insideVietNam(p)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(CoordinateError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('broken and hostile files', () => {
  async function upload(
    data: Uint8Array | string,
    filename: string,
    url = '/api/sites/import?province=14&mode=commit',
  ) {
    const form = new FormData();
    form.append('file', new File([data as BlobPart], filename));
    return ctx.app.request(url, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: form,
    });
  }
  const count = () => ctx.db.prepare('SELECT count(*) FROM sites').pluck().get() as number;

  it('a truncated workbook is a clear 422', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['Mã trạm', 'Vĩ độ', 'Kinh độ', 'Công nghệ', 'Trạng thái', 'Ngày']);
    const full = new Uint8Array(await wb.xlsx.writeBuffer());
    const before = count();
    const res = await upload(full.subarray(0, Math.floor(full.length / 2)), 'cut.xlsx');
    expect(res.status).toBe(422);
    expect((await res.json()).error.field).toBe('file');
    expect(count()).toBe(before);
  });

  it('reads UTF-16 CSV (as Excel saves "Unicode text") and refuses Windows-1258 with the way out', async () => {
    const text =
      'Nhà mạng,Mã trạm,Vĩ độ,Kinh độ,Công nghệ,Trạng thái,Ngày\nvnpt,U16-1,21.31,103.91,4G,active,2024-04-01\n';
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) new DataView(utf16.buffer).setUint16(2 + 2 * i, text.charCodeAt(i), true);
    const ok = await (await upload(utf16, 'u16.csv', '/api/sites/import?province=14&mode=preview')).json();
    expect(ok).toMatchObject({ create: 1, errors: [] });
    // "Mã trạm" in Windows-1258: 'ã' is 0xE3 there, an invalid lone byte in UTF-8.
    const cp1258 = new Uint8Array([0x4d, 0xe3, 0x20, 0x74, 0x72, 0x61, 0x0a, 0x41]);
    const res = await upload(cp1258, 'cp1258.csv');
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(/UTF-8/);
  });

  it('reads a formula cell as its value and refuses a formula posing as a site code', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('x');
    s.addRow(['Nhà mạng', 'Mã trạm', 'Vĩ độ', 'Kinh độ', 'Công nghệ', 'Trạng thái', 'Ngày', 'Độ cao anten']);
    s.addRow(['vnpt', 'F-1', 21.31, 103.91, '4G', 'active', '2024-04-01', { formula: '20+10', result: 30 }]);
    s.addRow(['vnpt', '=HYPERLINK("x")', 21.32, 103.91, '4G', 'active', '2024-04-01', 30]);
    const r = await (
      await upload(new Uint8Array(await wb.xlsx.writeBuffer()), 'f.xlsx', '/api/sites/import?province=14&mode=preview')
    ).json();
    expect(r.errors).toEqual([expect.objectContaining({ row: 3, column: 'Mã trạm' })]);
    expect(r.create).toBe(1);
  });

  it('a site code merged over two rows reads as one site with two events', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('x');
    s.addRow(['Nhà mạng', 'Mã trạm', 'Vĩ độ', 'Kinh độ', 'Công nghệ', 'Trạng thái', 'Ngày']);
    s.addRow(['vnpt', 'M-1', 21.31, 103.91, '4G', 'active', '2024-04-01']);
    s.addRow(['vnpt', '', 21.31, 103.91, '2G', 'active', '2015-01-01']);
    s.mergeCells('B2:B3');
    const r = await (
      await upload(
        new Uint8Array(await wb.xlsx.writeBuffer()),
        'merged.xlsx',
        '/api/sites/import?province=14&mode=preview',
      )
    ).json();
    // Excel users merge a site's code over its technology rows: the merged value belongs to each row.
    expect(r).toMatchObject({ errors: [], sites: 1, create: 1, events_added: 2 });
  });

  it('a million empty rows are skipped quickly with bounded memory', async () => {
    const csv =
      'Nhà mạng,Mã trạm,Vĩ độ,Kinh độ,Công nghệ,Trạng thái,Ngày\n' +
      '\n'.repeat(1_000_000) +
      'vnpt,E-1,21.31,103.91,4G,active,2024-04-01\n';
    const heap = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const r = await (await upload(csv, 'empty.csv', '/api/sites/import?province=14&mode=preview')).json();
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r).toMatchObject({ rows: 1, create: 1 });
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(200 * 2 ** 20);
  });

  it('a zip bomb posing as a workbook is refused before it is unpacked', async () => {
    const zip = new JSZip();
    zip.file('xl/worksheets/sheet1.xml', new Uint8Array(160 * 2 ** 20)); // 160 MiB of zeros
    const bomb = await zip.generateAsync({
      type: 'uint8array',
      compression: 'DEFLATE',
      compressionOptions: { level: 9 },
    });
    expect(bomb.length).toBeLessThan(2 ** 20);
    const before = count();
    const heap = process.memoryUsage().heapUsed;
    const res = await upload(bomb, 'bomb.xlsx');
    expect(res.status).toBe(413);
    expect((await res.json()).error.id).toBe('zip_too_large');
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(100 * 2 ** 20);
    expect(count()).toBe(before);
  });
});

describe('a locked or full database', () => {
  it('answers a write with 503 while another writer holds the lock, and keeps serving reads', async () => {
    const path = demoDbPath();
    const db = openDatabase(path, { busyTimeoutMs: 100 });
    const app = createApp(db);
    const s = await loginAs(app, 'vnpt');
    const other = openDatabase(path);
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      const res = await s.send('/api/sites', 'POST', {
        operator: 'vnpt',
        site_code: 'LOCKED-1',
        province: '14',
        position: { lat: 21.33, lon: 103.92 },
        events: [{ tech: '4G', status: 'active', date: '2024-01-10' }],
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect((await res.json()).error.id).toBe('database_unavailable');
      expect((await app.request('/api/summary?province=14')).status).toBe(200);
    } finally {
      other.prepare('ROLLBACK').run();
    }
    expect(db.prepare("SELECT count(*) FROM sites WHERE site_code = 'LOCKED-1'").pluck().get()).toBe(0);
  });

  it('answers a GIS client with an OGC exception and 503 when the database is unavailable, 500 otherwise', async () => {
    // The OGC routes' error handler, given what better-sqlite3 throws for a busy or full database.
    const app = new Hono();
    app.get('/busy', () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    });
    app.get('/full', () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    app.get('/fault', () => {
      throw new TypeError('x is undefined');
    });
    app.onError(ogcError);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const path of ['/busy', '/full']) {
        const res = await app.request(path);
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        const body = await res.json();
        expect(body.code).toBe('ServiceUnavailable');
        expect(body.description).toMatch(/try again/);
        expect(body.description_vi).toMatch(/thử lại/);
      }
      const res = await app.request('/fault');
      expect(res.status).toBe(500);
      expect(res.headers.get('retry-after')).toBeNull();
      expect(await res.json()).toEqual({
        code: 'ServerError',
        description: 'internal error',
        description_vi: 'lỗi máy chủ',
      });
    } finally {
      quiet.mockRestore();
    }
  });

  it('answers 503 when the disk is full, writes nothing, and keeps serving reads', async () => {
    const { app, db } = demoApp();
    const s = await loginAs(app, 'vnpt');
    const audit = db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    // No page may be added: the next write that needs one fails as on a full disk (SQLITE_FULL).
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const body = (i: number) => ({
      operator: 'vnpt',
      site_code: `FULL-${i}`,
      name: 'x'.repeat(190),
      province: '14',
      position: { lat: 21.33, lon: 103.92 },
      events: [{ tech: '4G', status: 'active', date: '2024-01-10' }],
    });
    let status = 0;
    for (let i = 0; i < 400 && status !== 503; i++) status = (await s.send('/api/sites', 'POST', body(i))).status;
    expect(status).toBe(503);
    expect((await app.request('/api/sites?province=14&operator=vnpt')).status).toBe(200);
    // Whatever was acknowledged before the disk filled has its audit row; the refused write has none.
    const sites = db.prepare("SELECT count(*) FROM sites WHERE site_code LIKE 'FULL-%'").pluck().get() as number;
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe((audit as number) + sites);
  });
});
