// Reorganisation goes on: an admin imports the next unit list with its crosswalk, it becomes a new unit
// set, and on the day it comes into force the map moves to it — merged communes drawn as one, a divided
// one listed without a polygon, stations re-filed (and audited), figures carried, province totals kept.
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, getJson, loginAs } from '../helpers.ts';

let ctx: ReturnType<typeof demoApp>;
let admin: Awaited<ReturnType<typeof loginAs>>;
type Unit = { code: string; name: string; province_code: string };
let today: Unit[];
/** Two Sơn La communes with the most stations (merged), the Hải Phòng one with the most (divided). */
let a: Unit, b: Unit, c: Unit;
let month: string;

const HEADER = 'old_code,old_name,new_code,new_name,new_province_code,new_province_name,relation,note';
const line = (o: string, n: string, name: string, p: string, relation: string, pname = '') =>
  `${o},x,${n},"${name}",${p},${pname},${relation},`;

async function upload(csv: string, inForce: string, mode = 'commit') {
  const form = new FormData();
  form.append('file', new File([csv], 'units-next.csv'));
  const res = await ctx.app.request(`/api/import/unit-list?in_force_from=${inForce}&mode=${mode}`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

const sitesIn = (code: string) =>
  ctx.db.prepare('SELECT id FROM sites WHERE commune_code = ? ORDER BY id').pluck().all(code) as number[];
const busiest = (province: string) =>
  ctx.db
    .prepare(
      `SELECT commune_code FROM sites WHERE province_code = ? AND commune_code IS NOT NULL
       GROUP BY commune_code ORDER BY count(*) DESC, commune_code LIMIT 2`,
    )
    .pluck()
    .all(province) as string[];
const total = async (province: string, m: string) =>
  (await getJson(ctx.app, `/api/summary?province=${province}&month=${m}`)).body;

let before: {
  communes: Map<string, { subscribers: number | null }>;
  totals: Record<string, unknown>;
  sites: { a: number[]; b: number[]; c: number[] };
};

beforeAll(async () => {
  ctx = demoApp();
  admin = await loginAs(ctx.app, 'admin');
  today = ctx.app.stores.unitSets.communes('2025-07-01');
  const byCode = new Map(today.map((u) => [u.code, u]));
  const [sa, sb] = busiest('14');
  const [hc] = busiest('31');
  a = byCode.get(sa!)!;
  b = byCode.get(sb!)!;
  c = byCode.get(hc!)!;
  month = ctx.app.stores.indicators.latestMonth('14')!;
  const list = async (p: string) =>
    (await getJson(ctx.app, `/api/communes?province=${p}&month=${month}`)).body.features as {
      properties: { code: string; subscribers: number | null };
    }[];
  const communes = new Map(
    [...(await list('14')), ...(await list('31'))].map((f) => [f.properties.code, f.properties]),
  );
  const totals: Record<string, unknown> = {};
  for (const p of ['14', '31', '20'])
    for (const m of [month, '2024-09']) totals[`${p}:${m}`] = (await total(p, m)).totals;
  before = { communes, totals, sites: { a: sitesIn(a.code), b: sitesIn(b.code), c: sitesIn(c.code) } };
});

/** Today's units with a and b merged into 99001, c divided into 99002 and 99003, Cao Bằng joined to Lạng Sơn. */
function nextList(): string {
  const rows = [HEADER];
  for (const u of today) {
    if (u === a || u === b) rows.push(line(u.code, '99001', 'Phường Hợp Nhất', '14', 'whole'));
    else if (u === c) {
      rows.push(line(u.code, '99002', 'Xã Đông Mới', '31', 'part'));
      rows.push(line(u.code, '99003', 'Xã Tây Mới', '31', 'part'));
    } else if (u.province_code === '04') rows.push(line(u.code, u.code, u.name, '20', 'unchanged', 'Tỉnh Lạng Sơn'));
    else rows.push(line(u.code, u.code, u.name, u.province_code, 'unchanged'));
  }
  return rows.join('\n');
}

describe('importing a new unit set', () => {
  it('refuses a list with problems with the whole report, and writes nothing', async () => {
    const sets = ctx.db.prepare('SELECT count(*) FROM unit_sets').pluck().get();
    const broken = nextList().split('\n').slice(0, -1).join('\n'); // the last unit leads nowhere
    const { status, body } = await upload(broken, '2026-10-01');
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ id: 'import_refused', field: 'file' });
    expect(body.error.message_vi).toMatch(/chưa ghi gì/);
    expect(body.report.problems.old_code_leads_nowhere.count).toBe(1);
    expect(ctx.db.prepare('SELECT count(*) FROM unit_sets').pluck().get()).toBe(sets);
    expect(ctx.app.stores.unitSets.mapSet()).toBe('2025-07-01');
  });

  it('previews without writing', async () => {
    const { status, body } = await upload(nextList(), '2026-10-01', 'preview');
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, new_units: 3321, new_provinces: 33 });
    expect(ctx.db.prepare('SELECT count(*) FROM unit_sets').pluck().get()).toBe(2);
  });

  it('writes the set and moves the map to it when it is in force', async () => {
    const { status, body } = await upload(nextList(), '2026-10-01');
    expect(status).toBe(200);
    expect(body.unit_set).toMatchObject({ id: '2026-10-01' });
    expect(body.without_polygon).toEqual(['99002', '99003']);
    expect(body.applied).toMatchObject({ from: '2025-07-01', to: '2026-10-01', provinces: 33, communes: 3321 });
    expect(ctx.app.stores.unitSets.mapSet()).toBe('2026-10-01');
    expect(ctx.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('draws the merged commune as one, with the figures added up exactly', async () => {
    const { body } = await getJson(ctx.app, `/api/communes?province=14&month=${month}`);
    expect(body.meta.unit_set).toMatchObject({ id: '2026-10-01' });
    const codes = body.features.map((f: { properties: { code: string } }) => f.properties.code);
    expect(codes).toContain('99001');
    expect(codes).not.toContain(a.code);
    expect(codes).not.toContain(b.code);
    const merged = body.features.find((f: { properties: { code: string } }) => f.properties.code === '99001');
    expect(merged.geometry.type).toMatch(/Polygon/);
    expect(merged.properties.subscribers).toBe(
      before.communes.get(a.code)!.subscribers! + before.communes.get(b.code)!.subscribers!,
    );
    expect(merged.properties.estimated).toBe(false);
    const detail = (await getJson(ctx.app, '/api/communes/99001')).body;
    expect(detail.properties.formed_from.map((f: { code: string }) => f.code).sort()).toEqual([a.code, b.code].sort());
  });

  it('lists the divided commune without a polygon, its shares estimated and adding back up', async () => {
    const { body } = await getJson(ctx.app, `/api/communes?province=31&month=${month}`);
    const parts = body.without_polygon.filter((u: { code: string }) => u.code === '99002' || u.code === '99003');
    expect(parts).toHaveLength(2);
    for (const p of parts) expect(p).toMatchObject({ estimated: true });
    expect(parts[0].subscribers + parts[1].subscribers).toBe(before.communes.get(c.code)!.subscribers);
    expect(body.features.some((f: { properties: { code: string } }) => f.properties.code === '99002')).toBe(false);
  });

  it("keeps every province's totals, for months reported in either earlier set", async () => {
    for (const m of [month, '2024-09']) {
      expect((await total('14', m)).totals).toEqual(before.totals[`14:${m}`]);
      expect((await total('31', m)).totals).toEqual(before.totals[`31:${m}`]);
    }
    const provinces = (await getJson(ctx.app, '/api/provinces')).body;
    const codes = provinces.provinces.map((p: { code: string }) => p.code);
    expect(codes).toHaveLength(33);
    expect(codes).not.toContain('04');
  });

  it('re-files stations into the new communes, audited', async () => {
    expect(sitesIn('99001')).toEqual([...before.sites.a, ...before.sites.b].sort((x, y) => x - y));
    expect(sitesIn(a.code)).toEqual([]);
    const divided = [...sitesIn('99002'), ...sitesIn('99003')];
    const unplaced = ctx.db
      .prepare(`SELECT id FROM sites WHERE commune_code IS NULL AND id IN (SELECT value FROM json_each(?))`)
      .pluck()
      .all(JSON.stringify(before.sites.c)) as number[];
    // No polygon for the parts yet: the stations wait in their province for the department's boundaries.
    expect(divided.length + unplaced.length).toBe(before.sites.c.length);
    const audited = ctx.db
      .prepare(`SELECT count(*) FROM audit_log WHERE entity = 'site' AND action = 'units_moved'`)
      .pluck()
      .get();
    expect(audited).toBe(before.sites.a.length + before.sites.b.length + before.sites.c.length);
  });

  it('leads old names to the new units, and still answers in the units of 2025', async () => {
    const { body } = await getJson(ctx.app, `/api/search?q=${encodeURIComponent(a.name)}&province=14`);
    expect(body.results.some((r: { code: string }) => r.code === '99001')).toBe(true);
    const then = (await getJson(ctx.app, `/api/communes?province=14&units_at=2025-08-01&month=${month}`)).body;
    expect(then.meta.unit_set).toMatchObject({ id: '2025-07-01' });
    const old = then.features.find((f: { properties: { code: string } }) => f.properties.code === a.code);
    expect(old.properties.subscribers).toBe(before.communes.get(a.code)!.subscribers);
    const districts = (await getJson(ctx.app, '/api/districts?units_at=2025-06-30&province=14')).body;
    expect(districts.districts.length).toBeGreaterThan(0);
  });

  it('stores a set that comes into force later without moving the map', async () => {
    const now = ctx.app.stores.unitSets.communes('2026-10-01');
    const csv = [HEADER, ...now.map((u) => line(u.code, u.code, u.name, u.province_code, 'unchanged'))].join('\n');
    const { status, body } = await upload(csv, '2099-01-01');
    expect(status).toBe(200);
    expect(body.applied).toBeNull();
    expect(ctx.app.stores.unitSets.mapSet()).toBe('2026-10-01');
  });
});
