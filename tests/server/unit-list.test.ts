// A new unit list with its crosswalk is checked against the set it replaces before anything is written:
// every problem is reported, by kind, with the row and the code.
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, loginAs } from '../helpers.ts';

let ctx: ReturnType<typeof demoApp>;
let admin: Awaited<ReturnType<typeof loginAs>>;
let today: { code: string; name: string; province_code: string }[];
beforeAll(async () => {
  ctx = demoApp();
  admin = await loginAs(ctx.app, 'admin');
  today = ctx.app.stores.unitSets.communes('2025-07-01');
});

const HEADER = 'old_code,old_name,new_code,new_name,new_province_code,new_province_name,relation,note';
const line = (o: string, n: string, name: string, p: string, relation: string) =>
  `${o},x,${n},${name},${p},y,${relation},`;

async function check(csv: string, inForce = '2026-04-30') {
  const form = new FormData();
  form.append('file', new File([csv], 'dong-nai-2026.csv'));
  const res = await ctx.app.request(`/api/import/unit-list/check?in_force_from=${inForce}`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

describe('checking a new unit list', () => {
  it('accepts a list that carries every unit on, and writes nothing', async () => {
    const sets = ctx.db.prepare('SELECT count(*) FROM unit_sets').pluck().get();
    const csv = [HEADER, ...today.map((c) => line(c.code, c.code, c.name, c.province_code, 'unchanged'))].join('\n');
    const { status, body } = await check(csv);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, replaces: '2025-07-01', links: 3321, old_units: 3321, new_units: 3321 });
    expect(body.new_provinces).toBe(34);
    expect(ctx.db.prepare('SELECT count(*) FROM unit_sets').pluck().get()).toBe(sets);
  });

  it('reports every kind of problem with its row and code', async () => {
    const [a, b, c, d, ...rest] = today;
    const csv = [
      HEADER,
      line(a!.code, '90001', 'Phường Mới', a!.province_code, 'whole'),
      line(a!.code, '90001', 'Phường Mới', a!.province_code, 'whole'), // the same link twice
      line(b!.code, '90001', 'Phường Khác', b!.province_code, 'whole'), // 90001 named two ways
      line(c!.code, '90002', 'Xã Một', c!.province_code, 'part'), // "part" with a single target
      line('99999', '90003', 'Xã Ma', '75', 'whole'), // not a unit of today
      'abc,x,,,,,whole,', // malformed
      ...rest.map((u) => line(u.code, u.code, u.name, u.province_code, 'unchanged')),
      // d has no link at all: its figures would lead nowhere
    ].join('\n');
    const { body } = await check(csv);
    expect(body.ok).toBe(false);
    const p = body.problems;
    expect(p.duplicate_link).toMatchObject({ count: 1, listed: [expect.objectContaining({ row: 3, code: a!.code })] });
    expect(p.conflicting_new_unit).toMatchObject({
      count: 1,
      listed: [expect.objectContaining({ row: 4, code: '90001' })],
    });
    expect(p.relation_contradicts_links.listed[0]).toMatchObject({ code: c!.code });
    expect(p.unknown_old_code.listed[0]).toMatchObject({ row: 6, code: '99999' });
    expect(p.bad_row.count).toBe(1);
    expect(p.old_code_leads_nowhere).toMatchObject({ count: 1, listed: [expect.objectContaining({ code: d!.code })] });
    expect(p.old_code_leads_nowhere.listed[0].vi).toMatch(/không có liên kết/);
  });

  it('refuses a date that is not after the set it replaces, and a file without the columns', async () => {
    const early = await check(
      [HEADER, line(today[0]!.code, today[0]!.code, 'x', '01', 'unchanged')].join('\n'),
      '2025-01-01',
    );
    expect(early.body.problems.bad_row.listed[0].en).toMatch(/after the set it replaces/);
    const cols = await check('code,name\n00004,x');
    expect(cols.body.problems.missing_column.count).toBe(5);
    const bad = await check('x', '2026-02-30');
    expect(bad.status).toBe(400);
  });

  it('is for admins only', async () => {
    const viewer = await loginAs(ctx.app, 'viewer');
    const form = new FormData();
    form.append('file', new File([HEADER], 'x.csv'));
    const res = await ctx.app.request('/api/import/unit-list/check?in_force_from=2026-04-30', {
      method: 'POST',
      headers: { cookie: viewer.cookie, 'x-csrf-token': viewer.csrf },
      body: form,
    });
    expect(res.status).toBe(403);
  });
});
