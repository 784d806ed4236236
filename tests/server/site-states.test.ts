// The states kept on write (server/db/site-states.ts) answer /api/sites exactly as replaying each site's
// history does — for any day and filter, after every kind of write, and after a write by hand in SQL.
import { gunzipSync } from 'node:zlib';
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { demoApp, getJson, loginAs } from '../helpers.ts';
import { createStores } from '../../server/stores.ts';
import { siteCollection, type SiteQuery } from '../../server/domain/sites.ts';
import { createSiteClusterer } from '../../server/domain/site-clusters.ts';
import type { BBox } from '../../server/db/units.ts';
import { openDatabase } from '../../server/db/database.ts';
import { createApp } from '../../server/app.ts';
import { createRng } from '../../server/demo/prng.ts';

let ctx: ReturnType<typeof demoApp>;
let stores: ReturnType<typeof createStores>;
let vnpt: Awaited<ReturnType<typeof loginAs>>;

interface Fc {
  features: { id: number; properties: Record<string, unknown> }[];
}
const byId = (fc: Fc) => [...fc.features].sort((a, b) => a.id - b.id);
const fromStates = (q: SiteQuery) =>
  JSON.parse(`[${Buffer.concat(stores.siteStates.featureParts(q, q.asOf).parts).toString()}]`) as Fc['features'];
const fromHistory = (q: SiteQuery) => siteCollection(stores, q) as unknown as Fc;

/** Every filter /api/sites takes, at days before, inside and after the tracked period. */
function queries(days: string[]): SiteQuery[] {
  const out: SiteQuery[] = [];
  for (const asOf of days)
    out.push(
      { asOf },
      { asOf, province: '14' },
      { asOf, operator: 'vnpt' },
      { asOf, tech: '2G' },
      { asOf, tech: '4G', status: 'active' },
      { asOf, status: 'switched_off' },
      { asOf, category: '4g_new' },
      { asOf, category: '2g_off', province: '31' },
      { asOf, district: '118' },
      { asOf, oldProvince: '94' },
      { asOf, bbox: [103.8, 21.2, 104.1, 21.5] },
      { asOf, bbox: [106.5, 20.7, 106.8, 20.9], operator: 'viettel', tech: '3G' },
    );
  return out;
}

const ALL_DAYS = ['2015-06-30', '2024-03-31', '2024-09-30', '2025-12-31', '2026-07-01', '2027-12-31'];

function expectSame(days = ['2024-09-30', '2026-07-01']) {
  expect(stores.siteStates.fresh()).toBe(true);
  let nonEmpty = 0;
  for (const q of queries(days)) {
    const states = [...fromStates(q)].sort((a, b) => a.id - b.id);
    const history = byId(fromHistory(q));
    // Node's own deep comparison first (strict, so it passes only where toEqual would): vitest's toEqual over
    // thousands of features took 3.5 s of this file; it runs only to show a difference.
    if (!isDeepStrictEqual(states, history)) expect(states, JSON.stringify(q)).toEqual(history);
    if (states.length > 0) nonEmpty++;
  }
  // The comparison means something only if most queries find sites.
  expect(nonEmpty).toBeGreaterThan(days.length * 8);
}

/** Registers a VNPT site through the API and returns its id. */
async function register(site: Record<string, unknown>): Promise<number> {
  const res = await vnpt.send('/api/sites', 'POST', { operator: 'vnpt', ...site });
  expect(res.status).toBe(201);
  return ((await res.json()) as { site: { id: number } }).site.id;
}

beforeAll(async () => {
  ctx = demoApp();
  stores = createStores(ctx.db);
  vnpt = await loginAs(ctx.app, 'vnpt');
});

describe('site states kept on write', () => {
  it('hold for the seeded demo: one row per site per span between event dates', () => {
    expectSame(ALL_DAYS);
    const spans = ctx.db
      .prepare(
        `SELECT count(*) FROM (SELECT DISTINCT e.site_id, e.date FROM site_events e
         JOIN sites s ON s.id = e.site_id WHERE s.retired_at IS NULL)`,
      )
      .pluck()
      .get();
    expect(ctx.db.prepare('SELECT count(*) FROM site_states').pluck().get()).toBe(spans);
  });

  it('follow each write of the API: create, edit, event, retire', async () => {
    const id = await register({
      site_code: 'STATE-1',
      name: 'Trạm thử trạng thái',
      province: '14',
      position: { lat: 21.33, lon: 103.91 },
      events: [{ tech: '2G', status: 'active', date: '2015-01-01', band_mhz: 900 }],
    });
    const seen = async (asOf: string) =>
      (await getJson(ctx.app, `/api/sites?bbox=103.85,21.3,103.95,21.36&as_of=${asOf}`)).body.features.find(
        (f: { id: number }) => f.id === id,
      ) as { properties: Record<string, unknown> } | undefined;
    expect((await seen('2024-09-30'))?.properties.category).toBe('2g_active');
    expect(await seen('2014-12-31')).toBeUndefined();

    expect((await vnpt.send(`/api/sites/${id}`, 'PATCH', { name: 'Đổi tên' })).status).toBe(200);
    expect((await seen('2024-09-30'))?.properties.name).toBe('Đổi tên');

    const ev = await vnpt.send(`/api/sites/${id}/events`, 'POST', {
      tech: '4G',
      status: 'active',
      date: '2024-06-01',
      band_mhz: 1800,
    });
    expect(ev.status).toBe(201);
    expect((await seen('2024-05-31'))?.properties.category).toBe('2g_active');
    expect((await seen('2024-09-30'))?.properties.category).toBe('4g_new');
    expectSame();

    expect((await vnpt.send(`/api/sites/${id}/retire`, 'POST', { reason: 'thử' })).status).toBe(200);
    expect(await seen('2024-09-30')).toBeUndefined();
    expect(ctx.db.prepare('SELECT count(*) FROM site_states WHERE site_id = ?').pluck().get(id)).toBe(0);
    expectSame();
  });

  it('never answer stale after a change made by hand in SQL, and catch up on the next flush', async () => {
    const site = ctx.db
      .prepare("SELECT id, lon, lat FROM sites WHERE retired_at IS NULL AND operator_id = 'viettel' LIMIT 1")
      .get() as { id: number; lon: number; lat: number };
    ctx.db
      .prepare(
        "INSERT INTO site_events (site_id, tech, status, date, created_at) VALUES (?, '5G', 'active', '2024-08-01', 'x')",
      )
      .run(site.id);
    expect(stores.siteStates.fresh()).toBe(false);
    const bbox = [site.lon - 0.001, site.lat - 0.001, site.lon + 0.001, site.lat + 0.001].join(',');
    const { body } = await getJson(ctx.app, `/api/sites?bbox=${bbox}&as_of=2024-09-30`);
    const f = body.features.find((x: { id: number }) => x.id === site.id);
    expect(f.properties.on_air).toContain('5G');
    expect(stores.siteStates.flush()).toBe(1);
    expectSame();
  });

  it('cluster the same from the kept states (positions and categories, leaves read when shown) as from history', () => {
    let revision = 0;
    const clusters = createSiteClusterer(stores, () => String(revision));
    const views: [BBox, number][] = [
      [[102, 8, 110, 24], 5],
      [[103.3, 20.5, 105, 22], 8],
      [[103.8, 21.2, 104.1, 21.5], 11],
      [[103.8, 21.2, 104.1, 21.5], 13],
      [[106.5, 20.7, 106.8, 20.9], 12],
    ];
    const anySite = ctx.db.prepare('SELECT site_id FROM site_states LIMIT 1').pluck().get() as number;
    let leaves = 0;
    for (const q of [
      { asOf: '2024-09-30' },
      { asOf: '2026-07-01', operator: 'vnpt' },
      { asOf: '2025-01-01', tech: '4G' as const },
    ]) {
      expect(stores.siteStates.fresh()).toBe(true);
      const lean = views.map(([bbox, zoom]) => clusters(q, bbox, zoom));
      ctx.db.prepare('INSERT INTO site_states_dirty (site_id) VALUES (?)').run(anySite);
      revision++;
      expect(stores.siteStates.fresh()).toBe(false);
      const full = views.map(([bbox, zoom]) => clusters(q, bbox, zoom));
      expect(lean).toEqual(full);
      leaves += lean.flatMap((r) => r.features).filter((f) => !f.properties.cluster).length;
      stores.siteStates.flush();
      revision++;
    }
    expect(leaves).toBeGreaterThan(100); // some sites were shown one by one, with their whole properties
  });
});

describe('bbox answers kept by grid cell', () => {
  /** Boxes around random sites, from a corner of one cell to most of a province, at random dates. */
  function boxes(count: number, seed: number): { bbox: BBox; asOf: string }[] {
    const rng = createRng(seed);
    const sites = ctx.db.prepare('SELECT lon, lat FROM sites WHERE retired_at IS NULL').raw().all() as number[][];
    const days = ['2024-01-31', '2024-09-30', '2026-07-01'];
    return Array.from({ length: count }, () => {
      const [lon, lat] = sites[Math.floor(rng() * sites.length)]!;
      const half = 0.002 * Math.pow(300, rng());
      const bbox: BBox = [
        lon! - half * rng.range(0.2, 1.8),
        lat! - half,
        lon! + half,
        lat! + half * rng.range(0.2, 1.8),
      ];
      return { bbox, asOf: days[Math.floor(rng() * days.length)]! };
    });
  }
  const fromCells = (q: { bbox: BBox; asOf: string }) => Buffer.concat(stores.siteStates.featureParts(q, q.asOf).parts);
  const fromSql = (q: { bbox: BBox; asOf: string }) =>
    Buffer.concat(stores.siteStates.featureParts(q, q.asOf, false).parts);
  const sitesIn = (buf: Buffer) => (JSON.parse(`[${buf.toString()}]`) as { id: number }[]).length;

  it("answer the same bytes as SQLite's read of the cells, edges and all, warm or not", () => {
    expect(stores.siteStates.fresh()).toBe(true);
    let found = 0;
    // Twice over the same boxes: read into the kept cells, then answered from them.
    for (const round of [1, 2])
      for (const q of boxes(150, 11)) {
        const sql = fromSql(q);
        expect(fromCells(q).equals(sql), `round ${round} ${JSON.stringify(q)}`).toBe(true);
        found += sitesIn(sql);
      }
    expect(found).toBeGreaterThan(3000);
  });

  it('are read again where a write moved, added or retired a site, and nowhere else', async () => {
    const q = { bbox: [106.55, 20.75, 106.75, 20.9] as BBox, asOf: '2026-07-01' };
    const before = fromCells(q);
    const etagOf = async () => (await ctx.app.request(`/api/sites?bbox=${q.bbox.join(',')}&as_of=${q.asOf}`)).headers;
    const first = (await etagOf()).get('etag');
    expect(first).toBeTruthy();
    // A site of the same province registered outside the box: the box's answer and its ETag stay.
    const id = await register({
      site_code: 'CELL-OUT',
      province: '31',
      position: { lat: 20.95, lon: 106.6 },
      events: [{ tech: '4G', status: 'active', date: '2025-01-01', band_mhz: 1800 }],
    });
    expect(fromCells(q).equals(before)).toBe(true);
    expect((await etagOf()).get('etag')).toBe(first);
    const notModified = await ctx.app.request(`/api/sites?bbox=${q.bbox.join(',')}&as_of=${q.asOf}`, {
      headers: { 'if-none-match': first! },
    });
    expect(notModified.status).toBe(304);
    // Moved into the box, then retired: each time the kept cells answer what SQLite reads.
    expect((await vnpt.send(`/api/sites/${id}`, 'PATCH', { position: { lat: 20.8, lon: 106.7 } })).status).toBe(200);
    const moved = fromCells(q);
    expect(moved.equals(fromSql(q))).toBe(true);
    expect(sitesIn(moved)).toBe(sitesIn(before) + 1);
    expect((await etagOf()).get('etag')).not.toBe(first);
    expect((await vnpt.send(`/api/sites/${id}/retire`, 'POST', { reason: 'thử' })).status).toBe(200);
    expect(fromCells(q).equals(before)).toBe(true);
  });

  it('leave a box wider than a few provinces to SQLite: the whole world answers every site, at once', async () => {
    const world = { bbox: [-180, -90, 180, 90] as BBox, asOf: '2024-09-30' };
    // 26 million cells: looked at one by one, they stalled the server for seconds and ran it out of memory.
    const { status, body } = await getJson(ctx.app, '/api/sites?bbox=-180,-90,180,90&as_of=2024-09-30');
    expect(status).toBe(200);
    const standing = ctx.db
      .prepare("SELECT count(*) FROM site_states WHERE valid_from <= '2024-09-30' AND valid_to > '2024-09-30'")
      .pluck()
      .get() as number;
    expect(body.features).toHaveLength(standing);
    expect(standing).toBeGreaterThan(1000);
    expect(fromCells(world).equals(fromSql(world))).toBe(true);
  });

  it("are read again after another connection's commit (an import in a worker, the command line)", () => {
    const q = { bbox: [103.85, 21.25, 104.0, 21.4] as BBox, asOf: '2026-07-01' };
    const site = ctx.db
      .prepare(
        'SELECT site_id FROM site_states WHERE lon BETWEEN 103.85 AND 104.0 AND lat BETWEEN 21.25 AND 21.4 LIMIT 1',
      )
      .pluck()
      .get() as number;
    expect(fromCells(q).toString()).not.toContain('Đổi từ nơi khác');
    const other = openDatabase(ctx.db.name);
    try {
      other.prepare("UPDATE sites SET name = 'Đổi từ nơi khác' WHERE id = ?").run(site);
      createStores(other).siteStates.flush();
    } finally {
      other.close();
    }
    expect(fromCells(q).toString()).toContain('Đổi từ nơi khác');
    expect(fromCells(q).equals(fromSql(q))).toBe(true);
  });
});

describe("the country's answers, read by a worker", () => {
  it('answer the same bytes, ETag and 304 as read on the request thread; a province or a box is read there', async () => {
    // The demo's 6,060 sites are read on the request thread; from 0 sites on, the country goes to a worker
    // (the national set's 100,000 sites held every client for 0.8 s, most of it gzip).
    const here = createApp(openDatabase(ctx.db.name));
    const worker = createApp(openDatabase(ctx.db.name), { wideSiteReadsFrom: 0 });
    const run = vi.spyOn(worker.pool, 'run');
    try {
      const wide = [
        'as_of=2025-09-30',
        'tech=2G&status=switched_off',
        'as_of=2025-03-31&units_at=2025-03-31&province=14',
      ];
      const narrow = ['as_of=2025-09-30&province=31', 'as_of=2025-09-30&bbox=103.8,21.2,104.1,21.5'];
      for (const q of [...wide, ...narrow]) {
        const a = await here.request(`/api/sites?${q}`);
        const b = await worker.request(`/api/sites?${q}`, { headers: { 'accept-encoding': 'gzip' } });
        expect([a.status, b.status], q).toEqual([200, 200]);
        const bytes = Buffer.from(await b.arrayBuffer());
        expect(b.headers.get('content-encoding'), q).toBe('gzip');
        expect(gunzipSync(bytes).equals(Buffer.from(await a.arrayBuffer())), q).toBe(true);
        expect((JSON.parse(gunzipSync(bytes).toString()) as Fc).features.length, q).toBeGreaterThan(0);
        // A box's ETag names its cells by this connection's numbers; a whole read's is the hash of its bytes.
        if (wide.includes(q)) expect(b.headers.get('etag'), q).toBe(a.headers.get('etag'));
        const again = await worker.request(`/api/sites?${q}`, { headers: { 'if-none-match': b.headers.get('etag')! } });
        expect(again.status, q).toBe(304);
      }
      expect(run.mock.calls.filter(([task]) => task === 'siteAnswer')).toHaveLength(wide.length);
    } finally {
      await worker.pool.close();
    }
  });

  it("the country's communes are built by a worker, a province's on the request thread: the same bytes", async () => {
    const here = createApp(openDatabase(ctx.db.name), { workers: 0 });
    const worker = createApp(openDatabase(ctx.db.name));
    const run = vi.spyOn(worker.pool, 'run');
    try {
      const wide = ['zoom=5&month=2025-08', 'units_at=2025-03-31&zoom=5&sunset=3G'];
      for (const q of [...wide, 'province=31&zoom=8']) {
        const a = await here.request(`/api/communes?${q}`);
        const b = await worker.request(`/api/communes?${q}`);
        expect([a.status, b.status], q).toEqual([200, 200]);
        const bytes = Buffer.from(await b.arrayBuffer());
        expect(bytes.equals(Buffer.from(await a.arrayBuffer())), q).toBe(true);
        expect((JSON.parse(bytes.toString()) as Fc).features.length, q).toBeGreaterThan(30);
      }
      expect(run.mock.calls.filter(([task]) => task === 'communeAnswer')).toHaveLength(wide.length);
    } finally {
      await worker.pool.close();
    }
  });

  it('refuses country-wide reads past the bound at once, with 503 and Retry-After; the same answer asked twice counts once', async () => {
    const worker = createApp(openDatabase(ctx.db.name), { wideSiteReadsFrom: 0, wideReadsAtOnce: 1 });
    try {
      const ask = (q: string) => worker.request(`/api/sites?${q}`);
      // Two clients asking the same answer share its one build; a third answer waits for a free place.
      const [a, b, c] = await Promise.all([ask('as_of=2025-09-30'), ask('as_of=2025-09-30'), ask('as_of=2025-08-31')]);
      expect([a.status, b.status, c.status]).toEqual([200, 200, 503]);
      expect(c.headers.get('retry-after')).toBe('2');
      const body = (await c.json()) as { error: { id: string; message: string; message_vi: string } };
      expect(body.error.id).toBe('server_busy');
      expect(body.error.message_vi).toMatch(/thử lại/);
      // Once the first is done, the refused one is answered.
      expect((await ask('as_of=2025-08-31')).status).toBe(200);
      const communes = await Promise.all([
        worker.request('/api/communes?zoom=5&month=2025-08'),
        worker.request('/api/communes?zoom=5&month=2025-07'),
      ]);
      expect(communes.map((r) => r.status)).toEqual([200, 503]);
    } finally {
      await worker.pool.close();
    }
  });
});
