// Monthly reporting: the series behind the charts, districts that have not reported, the XLSX for the
// Ministry (its totals equal the API's), and saved views.
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoApp, getJson, loginAs, scratchDir } from '../helpers.ts';

const exec = promisify(execFile);
let ctx: ReturnType<typeof demoApp>;
beforeAll(() => {
  ctx = demoApp();
});

describe('GET /api/series', () => {
  it('shows Sơn La city going from 533 to 119 households without a smartphone', async () => {
    const { body } = await getJson(ctx.app, '/api/series?district=116');
    const byMonth = Object.fromEntries(
      body.months.map((m: { month: string; households_without_smartphone: number }) => [
        m.month,
        m.households_without_smartphone,
      ]),
    );
    expect(byMonth['2024-01']).toBe(533);
    expect(byMonth['2024-08']).toBe(119);
    const values = body.months.map((m: { households_without_smartphone: number }) => m.households_without_smartphone);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
  });

  it('counts sites switched off and built cumulatively, month by month', async () => {
    const { body } = await getJson(ctx.app, '/api/series?province=31');
    const last = body.months.at(-1);
    expect(last.sites_2g_switched_off).toBeGreaterThan(200);
    expect(last.sites_4g_new).toBeGreaterThan(400);
    expect(body.months[0].sites_4g_new).toBeLessThan(last.sites_4g_new);
  });
});

describe('communication reports', () => {
  it('flags the districts that have not reported September, late after the 20th', async () => {
    const before = await getJson(ctx.app, '/api/comm-reports?province=14&month=2024-09&today=2024-09-18');
    expect(before.body.deadline).toBe('2024-09-20');
    expect(before.body.missing.sort()).toEqual(['121', '127']);
    expect(before.body.districts.find((d: { code: string }) => d.code === '121').status).toBe('due');
    const after = await getJson(ctx.app, '/api/comm-reports?province=14&month=2024-09&today=2024-09-25');
    expect(after.body.districts.find((d: { code: string }) => d.code === '127').status).toBe('late');
    const reported = after.body.districts.find((d: { code: string }) => d.code === '116');
    expect(reported.status).toBe('reported');
    expect(reported.total).toBe(reported.items.reduce((a: number, i: { count: number }) => a + i.count, 0));
  });

  it('an admin enters a district’s report; it is audited; carriers may not', async () => {
    const admin = await loginAs(ctx.app, 'admin');
    const res = await admin.send('/api/comm-reports', 'POST', {
      district: '127',
      month: '2024-09',
      items: [
        { form: 'loudspeaker', count: 40, media: 'Đài truyền thanh xã' },
        { form: 'digital_team', count: 12 },
      ],
    });
    expect(res.status).toBe(200);
    const now = await getJson(ctx.app, '/api/comm-reports?province=14&month=2024-09&today=2024-09-25');
    expect(now.body.missing).toEqual(['121']);
    expect(
      ctx.db
        .prepare("SELECT count(*) FROM audit_log WHERE entity = 'comm_report' AND entity_id = '127:2024-09'")
        .pluck()
        .get(),
    ).toBe(1);
    const vnpt = await loginAs(ctx.app, 'vnpt');
    expect(
      (
        await vnpt.send('/api/comm-reports', 'POST', {
          district: '121',
          month: '2024-09',
          items: [{ form: 'sms', count: 1 }],
        })
      ).status,
    ).toBe(403);
    const bad = await admin.send('/api/comm-reports', 'POST', {
      district: '121',
      month: '2024-09',
      items: [{ form: 'carrier pigeons', count: 1 }],
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('items.0.form');
  });
});

describe('the monthly XLSX report', () => {
  it('opens with a library and its totals equal the API’s summary and reports for the month', async () => {
    const res = await ctx.app.request('/api/reports/monthly?province=14&month=2024-08');
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const progress = wb.getWorksheet('Tiến độ')!;
    let total: ExcelJS.Row | undefined;
    progress.eachRow((r) => {
      if (r.getCell(1).value === 'TOÀN TỈNH') total = r;
    });
    const summary = (await getJson(ctx.app, '/api/summary?province=14&month=2024-08')).body;
    // Columns found by their heading, as a reader finds them.
    const head = (progress.getRow(3).values as unknown[]).map(String);
    const cell = (heading: string) => total!.getCell(head.indexOf(heading)).value;
    expect(cell('Thuê bao')).toBe(summary.subscribers);
    expect(cell('Thuê bao 2G')).toBe(summary.subscribers_2g);
    expect(cell('Hộ có ĐTTM')).toBe(summary.households_smartphone);
    expect(cell('Hộ chưa có ĐTTM')).toBe(summary.households_without_smartphone);
    expect(cell('Trạm tắt 2G')).toBe(summary.sites_2g_switched_off);
    expect(cell('Trạm 4G mới')).toBe(summary.sites_4g_new);
    expect(cell('Thuê bao mất liên lạc khi tắt 2G')).toBe(summary.subscribers_sunset);
    // Read as a Vietnamese reader reads it: the month as 8/2024, thousands grouped, the header kept in view.
    expect(progress.getRow(1).getCell(1).value).toMatch(/tháng 8\/2024$/);
    expect(total!.getCell(2).numFmt).toBe('#,##0');
    expect(progress.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const comm = wb.getWorksheet('Truyền thông')!;
    // The administrative heading: the emblem line and motto, the issuing body, the addressee.
    expect(comm.getRow(1).getCell(3).value).toBe('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(comm.getRow(2).getCell(3).value).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(comm.getRow(2).getCell(1).value).toBe('SỞ KHOA HỌC VÀ CÔNG NGHỆ');
    expect(comm.getRow(1).getCell(1).value).toBe('UBND TỈNH SƠN LA');
    expect(comm.getRow(7).getCell(1).value).toMatch(/^Kính gửi:/);
    expect(comm.views[0]).toMatchObject({ state: 'frozen', ySplit: 9 });
    expect(comm.getRow(9).getCell(1).value).toBe('Huyện');
    let grand: number | undefined;
    comm.eachRow((r) => {
      if (r.getCell(1).value === 'Tổng') grand = r.getCell(3).value as number;
    });
    const api = (await getJson(ctx.app, '/api/comm-reports?province=14&month=2024-08')).body;
    expect(grand).toBe(api.total);
  });
});

describe('the monthly report as filed (PDF)', () => {
  it('is set in the administrative layout with its Vietnamese font embedded, and its totals are the API’s', async () => {
    const res = await ctx.app.request('/api/reports/monthly?province=14&month=2024-08&format=pdf&today=2024-09-12');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('bao-cao-2g-14-2024-08.pdf');
    const dir = scratchDir('report');
    const file = join(dir, 'report.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    // Real text, read back by poppler: the emblem line, motto, issuing body, place and date, addressee,
    // the table's grand total, signature.
    const text = (await exec('pdftotext', ['-layout', file, '-'])).stdout;
    for (const line of [
      'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'UBND TỈNH SƠN LA',
      'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
      'Sơn La, ngày 12 tháng 09 năm 2024',
      'Kính gửi: Bộ Khoa học và Công nghệ (Cục Viễn thông).',
      'tháng 8/2024',
      'Nơi nhận:',
      'GIÁM ĐỐC',
    ])
      expect(text, line).toContain(line);
    const api = (await getJson(ctx.app, '/api/comm-reports?province=14&month=2024-08')).body;
    expect(text).toMatch(new RegExp(`TỔNG CỘNG TOÀN\\s+${api.total.toLocaleString('vi-VN').replace('.', '\\.')}`));
    const summary = (await getJson(ctx.app, '/api/summary?province=14&month=2024-08')).body;
    expect(text).toContain(`Thuê bao di động: ${summary.subscribers.toLocaleString('vi-VN')}`);
    const fonts = (await exec('pdffonts', [file])).stdout;
    expect(fonts).toMatch(/NotoSerif-Regular\S*\s+CID TrueType\s+Identity-H\s+yes/);
  });
});

describe('slides', () => {
  it('an admin saves views in order; anyone lists them', async () => {
    const { app } = demoApp();
    const admin = await loginAs(app, 'admin');
    for (const [name, view] of [
      ['Toàn tỉnh', 'p=14&i=share_smartphone'],
      ['TP Sơn La', 'p=14&d=116&i=households_without_smartphone'],
      ['Vùng lõm', 'p=14&i=coverage_4g&l=communes,gaps'],
    ]) {
      expect((await admin.send('/api/slides', 'POST', { province: '14', name, title: name, view })).status).toBe(201);
    }
    const { body } = await getJson(app, '/api/slides?province=14');
    expect(body.slides.map((s: { name: string }) => s.name)).toEqual(['Toàn tỉnh', 'TP Sơn La', 'Vùng lõm']);
    expect(
      (await admin.send('/api/slides', 'POST', { province: '14', name: 'x', title: 'x', view: '<script>' })).status,
    ).toBe(400);
  });
});
