// The next sunset by configuration: programmes as data (shipped, then edited by an admin), the 3G sunset's
// device classes imported and carried, and `sunset=2G|3G` changing figures and labels on every endpoint
// while the 2G contract stays as it was.
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { demoApp, getJson, loginAs } from '../helpers.ts';
import { remainingTechs, affectedSubscribers, type SunsetProgramme } from '../../common/sunsets.ts';
import { shippedSunsets } from '../../server/domain/sunsets.ts';

type Ctx = ReturnType<typeof demoApp>;
let ctx: Ctx;
beforeAll(() => {
  ctx = demoApp();
});
const month = () => ctx.app.stores.indicators.latestMonth('14')!;

describe('sunset programmes as data', () => {
  it('ships the 2G and 3G programmes with their milestones, listed by /api/meta and /api/sunsets', async () => {
    const { body } = await getJson(ctx.app, '/api/meta');
    const by = Object.fromEntries(body.sunsets.map((p: SunsetProgramme) => [p.technology, p]));
    expect(body.sunsets.map((p: SunsetProgramme) => p.technology)).toEqual(['2G', '3G']);
    expect(by['2G'].milestones).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'handset_cutoff', date: '2024-10-15' }),
        expect.objectContaining({ kind: 'network_off', date: '2026-09-30' }),
      ]),
    );
    expect(by['3G'].milestones).toEqual([expect.objectContaining({ kind: 'network_off', date: '2028-09-30' })]);
    expect(by['3G'].affects).toEqual(['2g', '3g', 'no_volte']);
    expect((await getJson(ctx.app, '/api/sunsets')).body.sunsets).toEqual(body.sunsets);
  });

  it('knows what stays on air after each: 3G and 4G once 2G is off, 4G once 3G is', () => {
    const ps = shippedSunsets();
    expect(remainingTechs(ps, '2G')).toEqual(['3G', '4G', '5G']);
    expect(remainingTechs(ps, '3G')).toEqual(['4G', '5G']);
    expect(
      affectedSubscribers({ subscribers: 10, subscribers_2g: 1, subscribers_3g: 2, subscribers_no_volte: 3 }, ps[1]!),
    ).toBe(6);
    expect(affectedSubscribers({ subscribers: 10, subscribers_2g: 1, subscribers_3g: null }, ps[1]!)).toBeNull();
  });

  it('lets an admin move a date, per operator too, audited; carriers may not; a bad edit is refused whole', async () => {
    const { app, db } = demoApp();
    const admin = await loginAs(app, 'admin');
    const viettel = await loginAs(app, 'viettel');
    const edited = shippedSunsets().map((p) =>
      p.technology === '3G'
        ? {
            ...p,
            milestones: p.milestones.map((m) => ({ ...m, date: '2028-06-30' })),
            operators: { viettel: [{ kind: 'network_off', date: '2027-12-31' }] },
          }
        : p,
    );
    expect((await viettel.send('/api/sunsets', 'PUT', { sunsets: edited })).status).toBe(403);
    const ok = await admin.send('/api/sunsets', 'PUT', { sunsets: edited });
    expect(ok.status).toBe(200);
    const three = (await getJson(app, '/api/meta')).body.sunsets.find((p: SunsetProgramme) => p.technology === '3G');
    expect(three.milestones[0].date).toBe('2028-06-30');
    expect(three.operators.viettel).toEqual([{ kind: 'network_off', date: '2027-12-31' }]);
    expect((await getJson(app, '/api/summary?province=14&sunset=3G')).body.meta.sunset.network_off).toBe('2028-06-30');
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE entity = 'sunsets'").pluck().get()).toBe(1);

    const late = edited.map((p) =>
      p.technology === '2G'
        ? {
            ...p,
            milestones: p.milestones.map((m) => (m.kind === 'handset_cutoff' ? { ...m, date: '2027-01-01' } : m)),
          }
        : p,
    );
    const refused = await admin.send('/api/sunsets', 'PUT', { sunsets: late });
    expect(refused.status).toBe(400);
    const err = (await refused.json()).error;
    expect(err.message).toMatch(/handset cut-off cannot come after the network is off/);
    expect(err.message_vi).toMatch(/ngày dừng máy đầu cuối/);
    const no2g = await admin.send('/api/sunsets', 'PUT', { sunsets: edited.filter((p) => p.technology !== '2G') });
    expect(no2g.status).toBe(400);
    const ghost = await admin.send('/api/sunsets', 'PUT', {
      sunsets: edited.map((p) => ({ ...p, operators: { nobody: [{ kind: 'network_off', date: '2027-01-01' }] } })),
    });
    expect(ghost.status).toBe(400);
    expect((await ghost.json()).error.field).toBe('operators');
    // Nothing of the refused edits was kept.
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE entity = 'sunsets'").pluck().get()).toBe(1);
    expect((await getJson(app, '/api/sunsets')).body.sunsets[1].milestones[0].date).toBe('2028-06-30');
  });
});

describe('the demo data for the next sunset', () => {
  it('has 3G on masts (a few switched off in 2026) and 3G and non-VoLTE subscribers from July 2025, labelled demo', () => {
    const db = ctx.db;
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    expect(
      count("SELECT count(DISTINCT site_id) FROM site_events WHERE tech = '3G' AND status = 'active'"),
    ).toBeGreaterThan(1000);
    const off = count(
      "SELECT count(*) FROM site_events WHERE tech = '3G' AND status = 'switched_off' AND date BETWEEN '2026-01-01' AND '2026-12-31'",
    );
    expect(off).toBeGreaterThan(20);
    const reported = db
      .prepare(`SELECT min(month) AS first, count(*) AS rows FROM commune_indicators WHERE subscribers_3g IS NOT NULL`)
      .get() as { first: string; rows: number };
    expect(reported.first).toBe('2025-07');
    expect(
      count("SELECT count(*) FROM commune_indicators WHERE month < '2025-07' AND subscribers_3g IS NOT NULL"),
    ).toBe(0);
    expect(
      count(
        'SELECT count(*) FROM commune_indicators WHERE subscribers_2g + subscribers_3g + subscribers_no_volte > subscribers',
      ),
    ).toBe(0);
    for (const province of ['31', '14', '12', '92'])
      expect(ctx.app.stores.indicators.totals('2026-11', province).subscribers_3g, province).toBeGreaterThan(0);
    expect(ctx.app.stores.meta().demo).toBe(true);
  });
});

describe('sunset=2G|3G on every endpoint', () => {
  it('communes and the national provinces: the 3G sunset counts 2G + 3G + non-VoLTE, 2G figures unchanged', async () => {
    const m = month();
    const two = (await getJson(ctx.app, `/api/communes?province=14&month=${m}&sunset=2G`)).body;
    const three = (await getJson(ctx.app, `/api/communes?province=14&month=${m}&sunset=3G`)).body;
    const plain = (await getJson(ctx.app, `/api/communes?province=14&month=${m}`)).body;
    expect(two.meta.sunset.technology).toBe('2G');
    expect(three.meta.sunset.technology).toBe('3G');
    expect(plain.features.map((f: { properties: unknown }) => f.properties)).toEqual(
      two.features.map((f: { properties: unknown }) => f.properties),
    );
    const p3 = three.features[0].properties;
    const p2 = two.features[0].properties;
    expect(p3.share_2g).toBe(p2.share_2g);
    expect(p2.subscribers_sunset).toBe(p2.subscribers_2g);
    expect(p3.subscribers_3g).toBeGreaterThan(0);
    expect(p3.subscribers_sunset).toBe(p3.subscribers_2g + p3.subscribers_3g + p3.subscribers_no_volte);
    expect(p3.share_sunset).toBeCloseTo(p3.subscribers_sunset / p3.subscribers, 4);
    const nat = (await getJson(ctx.app, `/api/provinces?geometry=1&zoom=6&month=${m}&sunset=3G`)).body;
    const sl = nat.features.find((f: { properties: { code: string } }) => f.properties.code === '14').properties;
    const sum3 = three.features.reduce(
      (t: number, f: { properties: { subscribers_sunset: number } }) => t + f.properties.subscribers_sunset,
      0,
    );
    expect(sl.subscribers_sunset).toBe(sum3);
  });

  it('summary and series: the chosen sunset beside the explicit 2G and 3G figures', async () => {
    const s2 = (await getJson(ctx.app, '/api/summary?province=14&sunset=2G')).body;
    const s3 = (await getJson(ctx.app, '/api/summary?province=14&sunset=3G')).body;
    expect(s2.subscribers_sunset).toBe(s2.subscribers_2g);
    expect(s3.subscribers_sunset).toBe(s3.subscribers_2g + s3.subscribers_3g + s3.subscribers_no_volte);
    expect(s3.subscribers_sunset).toBeGreaterThan(s2.subscribers_sunset);
    expect(s2.sites_sunset_switched_off).toBe(s2.sites_2g_switched_off);
    expect(s3.sites_sunset_switched_off).toBe(s3.sites_3g_switched_off);
    const series = (await getJson(ctx.app, '/api/series?province=14&sunset=3G')).body;
    expect(series.meta.sunset.technology).toBe('3G');
    // Months before the device classes were reported: unknown, not zero.
    expect(series.months.find((r: { month: string }) => r.month === '2024-08').subscribers_sunset).toBeNull();
    expect(series.months.at(-1).subscribers_sunset).toBe(s3.subscribers_sunset);
  });

  it('coverage after 3G off differs from after 2G off: 3G no longer serves once it is off', async () => {
    const q = '/api/coverage/communes?province=14';
    const after2 = (await getJson(ctx.app, `${q}&sunset=2G`)).body;
    const after3 = (await getJson(ctx.app, `${q}&sunset=3G`)).body;
    expect(after2.sunset.remaining).toEqual(['3G', '4G', '5G']);
    expect(after3.sunset.remaining).toEqual(['4G', '5G']);
    const sum = (r: { communes: { coverage_after_sunset: number }[] }) =>
      r.communes.reduce((t, c) => t + c.coverage_after_sunset, 0);
    expect(sum(after2)).toBeGreaterThan(sum(after3));
    for (const c of after3.communes) expect(c.coverage_after_sunset).toBe(c.coverage_4g);
    for (const [i, c] of after2.communes.entries()) {
      expect(c.coverage_after_sunset).toBeGreaterThanOrEqual(c.coverage_4g);
      expect(c.coverage_4g).toBe(after3.communes[i].coverage_4g);
    }
    const gaps2 = (await getJson(ctx.app, `/api/coverage/gaps?province=14&sunset=2G&after_sunset=1`)).body.cells;
    const gaps3 = (await getJson(ctx.app, `/api/coverage/gaps?province=14&sunset=3G&after_sunset=1`)).body.cells;
    expect(gaps2.length).toBeLessThan(gaps3.length);
    const three = after3.communes.filter((c: { subscribers_sunset: number | null }) => c.subscribers_sunset !== null);
    expect(three.length).toBeGreaterThan(0);
    for (const c of three)
      expect(c.subscribers_sunset_in_gaps).toBe(Math.round(c.subscribers_sunset * (1 - c.coverage_after_sunset)));
  });

  it('ranking: the formula names the chosen sunset, and its share is what it ranks on', async () => {
    const r2 = (await getJson(ctx.app, '/api/coverage/ranking?province=14&sunset=2G')).body;
    const r3 = (await getJson(ctx.app, '/api/coverage/ranking?province=14&sunset=3G')).body;
    expect(r2.formula.vi).toContain('tỷ lệ 2G');
    expect(r3.formula.vi).toContain('tỷ lệ mất liên lạc khi tắt 3G');
    expect(r3.formula.en).toContain('share losing service when 3G goes');
    expect(r3.communes[0].share_ranked).toBeCloseTo(r3.communes[0].share_sunset, 4);
    expect(r3.communes.map((c: { code: string }) => c.code)).not.toEqual(
      r2.communes.map((c: { code: string }) => c.code),
    );
  });

  it('orphans and band flags follow the sunset: the sites whose 3G goes', async () => {
    const o3 = (await getJson(ctx.app, '/api/coverage/orphans?province=14&sunset=3G')).body;
    expect(o3.meta.sunset.technology).toBe('3G');
    for (const s of o3.sites) expect(s.technology).toBe('3G');
    const o2 = (await getJson(ctx.app, '/api/coverage/orphans?province=14')).body;
    for (const s of o2.sites) expect(s.technology).toBe('2G');
  });

  it('what-if: 3G off everywhere leaves people without service; refarming its 2100 MHz to LTE gives some back', async () => {
    const run = async (extra: object) => {
      const r = await ctx.app.request('/api/coverage/what-if', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ province: '14', sunset: '3G', switch_off_all: true, ...extra }),
      });
      expect(r.status).toBe(200);
      return r.json();
    };
    const off = await run({});
    const refarmed = await run({ refarm_band_mhz: 2100 });
    expect(off.switched_off).toBeGreaterThan(100);
    expect(off.totals.subscribers_sunset_losing_service).toBeGreaterThan(0);
    expect(refarmed.refarm).toMatchObject({ band_mhz: 2100, sites: off.switched_off });
    expect(refarmed.totals.subscribers_sunset_losing_service).toBeLessThan(
      off.totals.subscribers_sunset_losing_service,
    );
    expect(refarmed.totals.subscribers_sunset_in_gaps_after).toBeLessThan(off.totals.subscribers_sunset_in_gaps_after);
    const bad = await ctx.app.request('/api/coverage/what-if', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ province: '14', sunset: '3G', refarm_band_mhz: 1800 }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('refarm_band_mhz');
  });

  it('the monthly report names the sunset and carries its figures', async () => {
    const m = month();
    const res = await ctx.app.request(`/api/reports/monthly?province=14&month=${m}&sunset=3G`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    expect(String(wb.getWorksheet('Truyền thông')!.getRow(6).getCell(1).value)).toContain('dừng công nghệ 3G');
    const progress = wb.getWorksheet('Tiến độ')!;
    const head = (progress.getRow(3).values as unknown[]).map(String);
    let total: ExcelJS.Row | undefined;
    progress.eachRow((r) => {
      if (r.getCell(1).value === 'TOÀN TỈNH') total = r;
    });
    const s3 = (await getJson(ctx.app, `/api/summary?province=14&month=${m}&sunset=3G`)).body;
    expect(total!.getCell(head.indexOf('Thuê bao mất liên lạc khi tắt 3G')).value).toBe(s3.subscribers_sunset);
    expect(total!.getCell(head.indexOf('Thuê bao 4G chưa VoLTE')).value).toBe(s3.subscribers_no_volte);
  });

  it('an unknown sunset is refused naming the parameter', async () => {
    const r = await getJson(ctx.app, '/api/summary?province=14&sunset=4G');
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('sunset');
  });
});

describe('indicator files with 3G and VoLTE columns', () => {
  const head = 'Mã xã;Tổng số thuê bao;Thuê bao 2G;Thuê bao 3G;Thuê bao 4G chưa hỗ trợ VoLTE;Số hộ;Hộ có ĐTTM';
  const send = async (app: Ctx['app'], s: Awaited<ReturnType<typeof loginAs>>, body: string) => {
    const form = new FormData();
    form.append('file', new File([body], 'tb-3g.csv'));
    return app.request('/api/import/indicators?province=14&month=2026-12&mode=commit', {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: form,
    });
  };

  it('imports them with Vietnamese (or English) headers; a later file without them keeps them', async () => {
    const { app } = demoApp();
    const admin = await loginAs(app, 'admin');
    const r = await send(app, admin, [head, '03646;7.046;0;812;1.204;1.956;1.950'].join('\n'));
    expect(r.status).toBe(200);
    const report = await r.json();
    expect(report.mapping['Thuê bao 3G']).toBe('subscribers_3g');
    expect(report.mapping['Thuê bao 4G chưa hỗ trợ VoLTE']).toBe('subscribers_no_volte');
    const get = async () =>
      (await getJson(app, '/api/communes?province=14&month=2026-12&sunset=3G')).body.features.find(
        (f: { properties: { code: string } }) => f.properties.code === '03646',
      ).properties;
    expect(await get()).toMatchObject({ subscribers_3g: 812, subscribers_no_volte: 1204, subscribers_sunset: 2016 });
    // The month again from a file of the 2G columns only: the 3G figures it does not speak of stay.
    const old = ['Mã xã;Tổng số thuê bao;Thuê bao 2G;Số hộ;Hộ có ĐTTM', '03646;7.050;0;1.956;1.951'].join('\n');
    expect((await send(app, admin, old)).status).toBe(200);
    expect(await get()).toMatchObject({ subscribers: 7050, subscribers_3g: 812, subscribers_no_volte: 1204 });
    const english = [
      'Commune code;Subscribers;2G subscribers;3G subscribers;4G subscribers without VoLTE;Households;Households with smartphone',
      '03646;7.050;0;800;1.200;1.956;1.951',
    ].join('\n');
    expect((await send(app, admin, english)).status).toBe(200);
    expect(await get()).toMatchObject({ subscribers_3g: 800, subscribers_no_volte: 1200, subscribers_sunset: 2000 });
  });

  it('refuses device classes that add up to more than the subscribers, naming the row and column', async () => {
    const { app, db } = demoApp();
    const admin = await loginAs(app, 'admin');
    const r = await send(app, admin, [head, '03646;7.046;0;5.000;3.000;1.956;1.950'].join('\n'));
    expect(r.status).toBe(422);
    const e = (await r.json()).error;
    expect(e.id).toBe('import_refused');
    const preview = await (
      await app.request('/api/import/indicators?province=14&month=2026-12', {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        body: (() => {
          const f = new FormData();
          f.append('file', new File([[head, '03646;7.046;0;5.000;3.000;1.956;1.950'].join('\n')], 'x.csv'));
          return f;
        })(),
      })
    ).json();
    expect(preview.errors[0]).toMatchObject({ row: 2, column: 'Thuê bao 3G' });
    expect(db.prepare("SELECT count(*) FROM commune_indicators WHERE month = '2026-12'").pluck().get()).toBe(0);
  });
});
