// Bulk import and export of stations with real CSV and Excel files generated here: headers in either
// language, every bad row reported before anything is written, all-or-nothing commits, idempotent
// re-imports, neutralised formulas on export.
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { demoApp, demoDb, loginAs } from '../helpers.ts';
import { createStores } from '../../server/stores.ts';
import { snapshot } from '../../server/domain/stations.ts';
import { presentUser } from '../../server/domain/auth.ts';
import { planImport } from '../../server/domain/site-import.ts';
import { commitImport } from '../../server/domain/site-import-commit.ts';
import { readTable } from '../../server/domain/import-table.ts';
import { CHUNK } from '../../server/db/site-states.ts';

type Ctx = ReturnType<typeof demoApp>;
const count = (c: Ctx, sql: string) => c.db.prepare(sql).pluck().get() as number;

async function upload(
  s: Awaited<ReturnType<typeof loginAs>>,
  app: Ctx['app'],
  name: string,
  data: Uint8Array | string,
  query = '',
  mapping?: Record<string, string | null>,
) {
  const form = new FormData();
  form.append('file', new File([data as BlobPart], name));
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  return app.request(`/api/sites/import${query}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: form,
  });
}

/** n rows of VNPT sites in Sơn La city, Vietnamese headers, Vietnamese number and date formats. */
function csvRows(n: number, prefix = 'IMP'): string[] {
  const rows = ['Mã trạm;Tên trạm;Vĩ độ;Kinh độ;Công nghệ;Trạng thái;Ngày;Băng tần (MHz);Độ cao anten (m)'];
  for (let i = 0; i < n; i++) {
    const lat = (21.3 + (i % 100) * 0.0004).toFixed(6).replace('.', ',');
    const lon = (103.9 + Math.floor(i / 100) * 0.0004).toFixed(6).replace('.', ',');
    rows.push(`${prefix}-${i};Trạm ${i};${lat};${lon};LTE;Đang phát;15/03/2024;1.800;30`);
  }
  return rows;
}

let ctx: Ctx;
let vnpt: Awaited<ReturnType<typeof loginAs>>;
beforeAll(async () => {
  ctx = demoApp();
  vnpt = await loginAs(ctx.app, 'vnpt');
});

describe('preview', () => {
  it('maps Vietnamese headers, reads decimal commas, thousands dots and DD/MM/YYYY dates; writes nothing', async () => {
    const before = count(ctx, 'SELECT count(*) FROM sites');
    const res = await upload(vnpt, ctx.app, 'tram.csv', csvRows(20).join('\n'), '?province=14');
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r).toMatchObject({ mode: 'preview', rows: 20, sites: 20, create: 20, update: 0, errors: [] });
    expect(r.mapping).toMatchObject({
      'Mã trạm': 'site_code',
      'Vĩ độ': 'lat',
      'Kinh độ': 'lon',
      'Công nghệ': 'tech',
      'Băng tần (MHz)': 'band_mhz',
    });
    expect(count(ctx, 'SELECT count(*) FROM sites')).toBe(before);
  });

  it('reads headers with a unit in brackets: antenna height kept, a VN-2000 workbook placed', async () => {
    const { toVn2000 } = await import('../../server/domain/coordinates.ts');
    const v = toVn2000({ lat: 21.3256, lon: 103.9188 }, 104);
    const csv = [
      'Mã trạm;Tọa độ X (VN2000);Tọa độ Y (VN2000);Công nghệ;Trạng thái;Ngày;Độ cao anten (m);Băng tần [MHz]',
      `VN-1;${v.x.toFixed(2).replace('.', ',')};${v.y.toFixed(2).replace('.', ',')};LTE;Đang phát;15/03/2024;42;1800`,
    ].join('\n');
    const r = await (await upload(vnpt, ctx.app, 'vn2000.csv', csv, '?province=14')).json();
    expect(r.mapping).toMatchObject({
      'Tọa độ X (VN2000)': 'vn2000_x',
      'Tọa độ Y (VN2000)': 'vn2000_y',
      'Độ cao anten (m)': 'antenna_height_m',
      'Băng tần [MHz]': 'band_mhz',
    });
    expect(r.errors).toEqual([]);
    const { app, db } = demoApp();
    const s = await loginAs(app, 'vnpt');
    expect((await upload(s, app, 'vn2000.csv', csv, '?province=14&mode=commit')).status).toBe(200);
    const site = db.prepare("SELECT lat, lon, antenna_height_m FROM sites WHERE site_code = 'VN-1'").get() as {
      lat: number;
      lon: number;
      antenna_height_m: number;
    };
    expect(site.antenna_height_m).toBe(42);
    expect(site.lat).toBeCloseTo(21.3256, 4);
    expect(site.lon).toBeCloseTo(103.9188, 4);
    // "X (WGS84)" is still a longitude, not a VN-2000 easting.
    const { autoMapping } = await import('../../server/domain/site-import.ts');
    expect(autoMapping(['X (WGS84)', 'Y (WGS84)'])).toEqual({ 'X (WGS84)': 'lon', 'Y (WGS84)': 'lat' });
  });

  it('maps English headers too, and the user can adjust the mapping', async () => {
    const csv = ['code,lat,lon,technology,state,when', 'EN-1,21.31,103.91,4G,active,2024-04-01'].join('\n');
    const auto = await (await upload(vnpt, ctx.app, 'en.csv', csv, '?province=14')).json();
    // "code" is known; "state" and "when" are not: the preview says which columns are missing.
    const reasons = auto.errors.map((e: { reason: string }) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining([expect.stringMatching(/state/), expect.stringMatching(/date/)]));
    const fixed = await (
      await upload(vnpt, ctx.app, 'en.csv', csv, '?province=14', { code: 'site_code', state: 'status', when: 'date' })
    ).json();
    expect(fixed.errors).toEqual([]);
    expect(fixed.create).toBe(1);
  });

  it('lists every bad row with its row number, column and reason', async () => {
    const rows = csvRows(6);
    rows[2] = rows[2]!.replace('LTE', '6G'); // row 3: technology
    rows[4] = rows[4]!.replace('15/03/2024', '31/02/2024x'); // row 5: date
    rows[6] = rows[6]!.replace(/;21,\d+;/, ';13,75;'); // row 7: outside the province
    const r = await (await upload(vnpt, ctx.app, 'bad.csv', rows.join('\n'), '?province=14')).json();
    expect(r.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'Công nghệ'],
      [5, 'Ngày'],
      [7, 'Vĩ độ'],
    ]);
    expect(r.errors[0].reason_vi).toMatch(/công nghệ/);
  });

  it('lists every mistake of a row, not only its first', async () => {
    const rows = csvRows(2);
    rows[1] = rows[1]!.replace('LTE', '6G').replace('Đang phát', 'chạy').replace('15/03/2024', '31/13/2024');
    const r = await (await upload(vnpt, ctx.app, 'ba-loi.csv', rows.join('\n'), '?province=14')).json();
    expect(r.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [2, 'Công nghệ'],
      [2, 'Trạng thái'],
      [2, 'Ngày'],
    ]);
    expect(r.errors[2].reason_vi).toMatch(/DD\/MM\/YYYY hoặc YYYY-MM-DD/);
  });

  it('a carrier cannot import another operator’s rows', async () => {
    const csv = [
      'Nhà mạng,Mã trạm,Vĩ độ,Kinh độ,Công nghệ,Trạng thái,Ngày',
      'viettel,X-1,21.31,103.91,4G,active,2024-04-01',
    ].join('\n');
    const r = await (await upload(vnpt, ctx.app, 'other.csv', csv, '?province=14')).json();
    expect(r.errors[0]).toMatchObject({ row: 2, column: 'Nhà mạng' });
  });
});

describe('commit', () => {
  it('one bad row among 10,000 writes nothing', async () => {
    const { app, db } = demoApp();
    const s = await loginAs(app, 'vnpt');
    const rows = csvRows(10_000, 'BIG');
    rows[5000] = rows[5000]!.replace('Đang phát', 'maybe');
    const sites = db.prepare('SELECT count(*) FROM sites').pluck().get();
    const audit = db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    const res = await upload(s, app, 'big.csv', rows.join('\n'), '?province=14&mode=commit');
    expect(res.status).toBe(422);
    expect((await res.json()).error.id).toBe('import_refused');
    expect(db.prepare('SELECT count(*) FROM sites').pluck().get()).toBe(sites);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(audit);
  });

  it('commits all rows in one go with one audit row per site; the same file again changes nothing', async () => {
    const { app, db } = demoApp();
    const s = await loginAs(app, 'vnpt');
    const file = csvRows(300, 'TWICE').join('\n');
    const first = await (await upload(s, app, 'twice.csv', file, '?province=14&mode=commit')).json();
    expect(first).toMatchObject({ committed: true, create: 300, events_added: 300 });
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE via = 'import:twice.csv'").pluck().get()).toBe(300);
    // Each site's audit row (written a hundred at a time, built from what was written) holds exactly what
    // the site reads back as, and each site is in the R*Tree the map's queries go through.
    const stores = createStores(db);
    const rows = db
      .prepare("SELECT entity_id, after_json FROM audit_log WHERE via = 'import:twice.csv' ORDER BY id")
      .all() as { entity_id: string; after_json: string }[];
    for (const r of rows) expect(JSON.parse(r.after_json)).toEqual(snapshot(stores, Number(r.entity_id)));
    expect(rows.map((r) => r.after_json)).toContain(JSON.stringify(snapshot(stores, Number(rows[150]!.entity_id))));
    expect(
      db
        .prepare("SELECT count(*) FROM sites s JOIN sites_rtree r ON r.id = s.id WHERE s.site_code LIKE 'TWICE-%'")
        .pluck()
        .get(),
    ).toBe(300);
    const audit = db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    const events = db.prepare('SELECT count(*) FROM site_events').pluck().get();
    const second = await (await upload(s, app, 'twice.csv', file, '?province=14&mode=commit')).json();
    expect(second).toMatchObject({ create: 0, update: 0, unchanged: 300, events_added: 0 });
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(audit);
    expect(db.prepare('SELECT count(*) FROM site_events').pluck().get()).toBe(events);
    // The imported sites are on the map.
    const map = await (await app.request('/api/sites?province=14&operator=vnpt&as_of=2024-09-30')).json();
    expect(
      map.features.filter((f: { properties: { site_code: string } }) => f.properties.site_code.startsWith('TWICE-')),
    ).toHaveLength(300);
  });

  it('reads and writes with no memory-mapped pages and a small page cache, lets each row go once checked, then gives the connection back as it was', async () => {
    const db = demoDb();
    const stores = createStores(db);
    const actor = { user: presentUser(stores.auth.userByName('vnpt')!), via: 'test' };
    const settings = () => [db.pragma('mmap_size', { simple: true }), db.pragma('cache_size', { simple: true })];
    const opened = settings();
    expect(opened).toEqual([268435456, -65536]);
    const table = await readTable(new TextEncoder().encode(csvRows(250, 'MEM').join('\n')), 'mem.csv');
    const seen: unknown[][] = [];
    const plan = planImport(stores, actor, table, {
      filename: 'mem.csv',
      province: '14',
      onProgress: (done) => done === 250 && seen.push(settings()),
    });
    expect(settings()).toEqual(opened);
    // Each row's text is let go once checked (the table keeps its length); the plan has what it needs.
    expect(table.rows).toHaveLength(250);
    expect(table.rows.filter((r) => r.length > 0)).toEqual([]);
    expect(plan.report.rows).toBe(250);
    const report = commitImport(stores, actor, plan, { insideImport: (n) => n === 200 && seen.push(settings()) });
    expect(report).toMatchObject({ create: 250, errors: [] });
    // While checking the rows, and inside the transaction: every page read through a page cache of 16 MiB.
    expect(seen).toEqual([
      [0, -16384],
      [0, -16384],
    ]);
    expect(settings()).toEqual(opened);
    // A refused plan gives the settings back too.
    const bad = await readTable(new TextEncoder().encode(csvRows(3, 'BAD').join('\n').replace('LTE', '9G')), 'b.csv');
    const refused = planImport(stores, actor, bad, { filename: 'b.csv', province: '14' });
    expect(() => commitImport(stores, actor, refused)).toThrow(/bad rows/);
    expect(settings()).toEqual(opened);
  });

  it("tells how far the new sites' kept states are, after each of the catch-up's transactions", async () => {
    const db = demoDb();
    const stores = createStores(db);
    const actor = { user: presentUser(stores.auth.userByName('vnpt')!), via: 'test' };
    const n = CHUNK + 500;
    const table = await readTable(new TextEncoder().encode(csvRows(n, 'KEPT').join('\n')), 'kept.csv');
    const plan = planImport(stores, actor, table, { filename: 'kept.csv', province: '14' });
    const steps: [number, boolean][] = [];
    commitImport(stores, actor, plan, { keptStates: (done) => steps.push([done, stores.siteStates.fresh()]) });
    // Two transactions; every site has its states when the last step is told.
    expect(steps).toEqual([
      [CHUNK, false],
      [n, true],
    ]);
  });

  it('reads a real Excel workbook and adds a switch-off as a second event of the same site', async () => {
    const { app, db } = demoApp();
    const s = await loginAs(app, 'vnpt');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Trạm');
    sheet.addRow(['Mã trạm', 'Vĩ độ', 'Kinh độ', 'Công nghệ', 'Trạng thái', 'Ngày', 'Góc phương vị']);
    sheet.addRow(['XL-1', 21.3101, 103.9102, 'GSM', 'hoạt động', new Date('2015-06-01'), '0/120/240']);
    sheet.addRow(['XL-1', 21.3101, 103.9102, '2G', 'đã tắt', '20/08/2024', '0/120/240']);
    sheet.addRow(['XL-1', 21.3101, 103.9102, '4G', 'active', '2024-08-01', '0/120/240']);
    const data = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = await (await upload(s, app, 'tram.xlsx', data, '?province=14&mode=commit')).json();
    expect(r).toMatchObject({ create: 1, events_added: 3, errors: [] });
    const id = db.prepare("SELECT id FROM sites WHERE site_code = 'XL-1'").pluck().get();
    const site = await (await app.request(`/api/sites/${id}?as_of=2024-09-01`)).json();
    expect(site.properties.techs['2G'].status).toBe('switched_off');
    expect(site.properties.sectors.map((x: { azimuth_deg: number }) => x.azimuth_deg)).toEqual([0, 120, 240]);
  });

  it('refuses a file over the upload limit with 413, and a non-spreadsheet with 422', async () => {
    const big = new Uint8Array(26 * 1024 * 1024);
    expect((await upload(vnpt, ctx.app, 'huge.csv', big)).status).toBe(413);
    const junk = await upload(vnpt, ctx.app, 'tram.xlsx', 'not a zip');
    expect(junk.status).toBe(422);
    expect((await junk.json()).error.field).toBe('file');
    expect((await upload(vnpt, ctx.app, 'tram.pdf', 'x')).status).toBe(422);
  });
});

describe('export', () => {
  it('exports CSV and XLSX, neutralising cells that would run as formulas', async () => {
    const { app } = demoApp();
    const s = await loginAs(app, 'vnpt');
    const create = (site_code: string, name: string, lat: number) =>
      s.send('/api/sites', 'POST', {
        operator: 'vnpt',
        site_code,
        name,
        province: '14',
        position: { lat, lon: 103.92 },
        events: [{ tech: '4G', status: 'active', date: '2024-01-10' }],
      });
    expect((await create('FORMULA-1', '=HYPERLINK("http://evil","click")', 21.33)).status).toBe(201);
    // With ";" as Excel's list separator, an unquoted "x;=1+1;y" would split into a formula cell.
    expect((await create('FORMULA-2', 'x;=1+1;y', 21.34)).status).toBe(201);
    const csv = await (await app.request('/api/sites/export?province=14&operator=vnpt&format=csv')).text();
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
    expect(csv).toContain(',"x;=1+1;y",');
    // A byte-order mark so Excel opens the Vietnamese text as UTF-8 (text() would strip it).
    const bytes = new Uint8Array(await (await app.request('/api/sites/export?province=14&format=csv')).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const xlsx = await app.request('/api/sites/export?province=14&operator=vnpt&format=xlsx');
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('Mã trạm');
    const names: string[] = [];
    sheet.eachRow((row) => names.push(String(row.getCell(3).value ?? '')));
    expect(names).toContain(`'=HYPERLINK("http://evil","click")`);
    expect(names.some((n) => n.startsWith('='))).toBe(false);
  });

  it('an export re-imported changes nothing', async () => {
    const { app, db } = demoApp();
    const s = await loginAs(app, 'vnpt');
    const xlsx = new Uint8Array(
      await (
        await app.request('/api/sites/export?province=14&operator=vnpt&format=xlsx&as_of=2024-09-30')
      ).arrayBuffer(),
    );
    const r = await (await upload(s, app, 'roundtrip.xlsx', xlsx, '?mode=preview')).json();
    expect(r.errors).toEqual([]);
    expect(r.sites).toBe(
      db.prepare("SELECT count(*) FROM sites WHERE operator_id = 'vnpt' AND province_code = '14'").pluck().get(),
    );
    expect(r).toMatchObject({ create: 0, update: 0, events_added: 0 });
  });
  it('gives back names that began with = + - @ after an export and re-import, and refuses names over the limit', async () => {
    const { app, db } = demoApp();
    const s = await loginAs(app, 'vnpt');
    for (const [i, name] of ['=SUM(1;2)', '-5 dBm mái nhà', '@UBND xã'].entries())
      expect(
        (
          await s.send('/api/sites', 'POST', {
            operator: 'vnpt',
            site_code: `Q-${i}`,
            name,
            province: '14',
            position: { lat: 21.33 + i * 0.001, lon: 103.92 },
            events: [{ tech: '4G', status: 'active', date: '2024-01-10' }],
          })
        ).status,
      ).toBe(201);
    for (const format of ['csv', 'xlsx']) {
      const file = new Uint8Array(
        await (await app.request(`/api/sites/export?province=14&operator=vnpt&format=${format}`)).arrayBuffer(),
      );
      const r = await (await upload(s, app, `lai.${format}`, file, '?mode=commit')).json();
      expect(r.errors, format).toEqual([]);
      expect(r, format).toMatchObject({ create: 0, update: 0, events_added: 0 });
    }
    const names = db.prepare("SELECT name FROM sites WHERE site_code LIKE 'Q-%' ORDER BY site_code").pluck().all();
    expect(names).toEqual(['=SUM(1;2)', '-5 dBm mái nhà', '@UBND xã']);

    const long = `Mã trạm;Tên trạm;Vĩ độ;Kinh độ;Công nghệ;Trạng thái;Ngày;Ghi chú
L-1;${'x'.repeat(100_000)};21,3;103,9;4G;active;2024-01-01;
L-2;ngắn;21,3;103,9;4G;active;2024-01-01;${'y'.repeat(501)}`;
    const r = await (await upload(s, app, 'dai.csv', long, '?mode=preview&province=14')).json();
    expect(r.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [2, 'Tên trạm'],
      [3, 'Ghi chú'],
    ]);
    expect(r.errors[0].reason_vi).toBe('tên trạm: tối đa 200 ký tự');
  });
});

describe('parseNumber', () => {
  it('reads measures with either decimal mark, and never takes a latitude for thousands', async () => {
    const { parseNumber } = await import('../../server/domain/site-import.ts');
    expect(parseNumber('21.193')).toBe(21.193);
    expect(parseNumber('21,0285')).toBe(21.0285);
    expect(parseNumber('103.9')).toBe(103.9);
    expect(parseNumber('1.234.567,5')).toBe(1234567.5);
    // One group of thousands is unambiguous when the other mark follows it.
    expect(parseNumber('551.785,20')).toBe(551785.2);
    expect(parseNumber('551,785.20')).toBe(551785.2);
  });

  it('reads counts with Vietnamese or English thousands separators', async () => {
    const { parseNumber } = await import('../../server/domain/site-import.ts');
    expect(parseNumber('2.500.000', 'count')).toBe(2_500_000);
    expect(parseNumber('1.800', 'count')).toBe(1800);
    expect(parseNumber('1,800', 'count')).toBe(1800);
    expect(parseNumber('2 500 000', 'count')).toBe(2_500_000);
    expect(parseNumber('abc', 'count')).toBeNull();
  });
});
