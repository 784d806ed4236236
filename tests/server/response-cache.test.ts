// The response cache keeps answers their handler rebuilds cheaply (sites in a box, from the kept grid
// cells) within a budget of their own: a client asking for box after box drops its own older boxes, never
// the answers that cost more to rebuild.
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createRevision, responseCache } from '../../server/http/cache.ts';
import type { AppEnv } from '../../server/http/env.ts';
import { demoApp, getJson, loginAs } from '../helpers.ts';

const KIB = 1024;
const body = (n: string) => JSON.stringify({ n, pad: 'x'.repeat(100 * KIB) });

describe('response cache', () => {
  it('keeps cheap answers apart: many boxes do not push out the costly answers', async () => {
    const built = { costly: 0, box: 0 };
    const app = new Hono<AppEnv>()
      .use(
        '*',
        responseCache(createRevision(new Database(':memory:')), { maxBytes: 1024 * KIB, cheapMaxBytes: 300 * KIB }),
      )
      .get('/costly/:n', (c) => {
        built.costly++;
        return c.body(body(c.req.param('n')), 200, { 'content-type': 'application/json' });
      })
      .get('/box/:n', (c) => {
        built.box++;
        c.set('cheap', true);
        return c.body(body(c.req.param('n')), 200, { 'content-type': 'application/json' });
      });
    const get = async (path: string) => {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { n: string }).n).toBe(path.split('/').pop());
    };
    for (let n = 1; n <= 5; n++) await get(`/costly/${n}`);
    for (let n = 1; n <= 30; n++) await get(`/box/${n}`);
    // 3 MB of boxes went through a 1 MB cache: the five costly answers are still there, built once each.
    for (let n = 1; n <= 5; n++) await get(`/costly/${n}`);
    expect(built.costly).toBe(5);
    // The boxes kept are the latest, within their own 300 KiB.
    await get('/box/30');
    expect(built.box).toBe(30);
    await get('/box/1');
    expect(built.box).toBe(31);
  });

  it('does not keep an answer that would fill half its budget; clients asking while its gzip is made all get it', async () => {
    const built = new Map<string, number>();
    const app = new Hono<AppEnv>()
      .use('*', responseCache(createRevision(new Database(':memory:')), { maxBytes: 1024 * KIB }))
      .get('/answer/:n/:kib', (c) => {
        built.set(c.req.path, (built.get(c.req.path) ?? 0) + 1);
        const text = JSON.stringify({ n: c.req.param('n'), pad: 'x'.repeat(Number(c.req.param('kib')) * KIB) });
        return c.body(text, 200, { 'content-type': 'application/json' });
      });
    const gz = { 'accept-encoding': 'gzip' };
    const small = async () => {
      const res = await app.request('/answer/1/100', { headers: gz });
      expect(res.headers.get('content-encoding')).toBe('gzip');
      return JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()) as { n: string; pad: string };
    };
    await small();
    // Ten clients at once, while the first gzip is still being made: every one gets it, made once.
    const all = await Promise.all(Array.from({ length: 10 }, () => small()));
    for (const a of all) expect(a.pad).toHaveLength(100 * KIB);
    // 600 KiB in a 1 MiB cache: not kept, or it would push out the others; built for each request.
    for (let i = 0; i < 3; i++) {
      const res = await app.request('/answer/2/600', { headers: gz });
      expect((JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()) as { n: string }).n).toBe('2');
    }
    expect(built.get('/answer/2/600')).toBe(3);
    await small();
    expect(built.get('/answer/1/100')).toBe(1);
  });

  it('builds an answer once for the clients asking while it is built; a failed build is not shared', async () => {
    const built = new Map<string, number>();
    const gates = new Map<string, { open: Promise<void>; release: () => void }>();
    for (const path of ['/slow/200', '/slow/503']) {
      let release!: () => void;
      const open = new Promise<void>((r) => (release = r));
      gates.set(path, { open, release });
    }
    const app = new Hono<AppEnv>()
      .use('*', responseCache(createRevision(new Database(':memory:'))))
      .get('/slow/:status', async (c) => {
        const n = (built.get(c.req.path) ?? 0) + 1;
        built.set(c.req.path, n);
        // The first build waits, as for a worker thread, while the others arrive.
        if (n === 1) await gates.get(c.req.path)!.open;
        const status = Number(c.req.param('status')) as 200 | 503;
        return c.body(JSON.stringify({ n, status }), status, { 'content-type': 'application/json' });
      });
    for (const status of [200, 503]) {
      const asked = Array.from({ length: 10 }, () => app.request(`/slow/${status}`));
      await new Promise((r) => setTimeout(r, 20));
      gates.get(`/slow/${status}`)!.release();
      const answers = await Promise.all(
        asked.map(async (p) => {
          const r = await p;
          return [r.status, ((await r.json()) as { n: number }).n];
        }),
      );
      if (status === 200) {
        // One build, ten answers.
        expect(built.get('/slow/200')).toBe(1);
        expect(answers).toEqual(Array.from({ length: 10 }, () => [200, 1]));
      } else {
        // Each client that waited for the failed build builds its own answer.
        expect(built.get('/slow/503')).toBe(10);
        expect(answers.every(([s]) => s === 503)).toBe(true);
      }
    }
  });
});

describe("the API's answers are kept under their route's parameters", () => {
  it('a parameter the route does not declare does not have the answer built again', async () => {
    const { app, db } = demoApp();
    const url = '/api/communes?province=14&zoom=8&month=2024-09';
    const first = await getJson(app, url);
    const { code, name } = first.body.features[0].properties as { code: string; name: string };
    // Changed on the answer's own connection, which no revision sees: only a build shows it.
    db.prepare('UPDATE communes SET name = ? WHERE code = ?').run('Đổi bằng tay', code);
    const nameIn = async (u: string) =>
      (await getJson(app, u)).body.features.find((f: { properties: { code: string } }) => f.properties.code === code)
        .properties.name;
    expect(await nameIn(`${url}&x=1`)).toBe(name);
    expect(await nameIn(`/api/communes?y=2&province=14&zoom=8&month=2024-09&z=3`)).toBe(name);
    // A declared parameter is another answer, built.
    expect(await nameIn('/api/communes?province=14&zoom=8&month=2024-08')).toBe('Đổi bằng tay');
  });

  it("an undeclared place cannot narrow the country's sites to one province's writes", async () => {
    const { app } = demoApp();
    const vnpt = await loginAs(app, 'vnpt');
    // /api/sites has no commune parameter: this is the whole country, renewed by a write anywhere.
    const url = '/api/sites?commune=03646&as_of=2025-09-30';
    const codes = async () =>
      (await getJson(app, url)).body.features.map((f: { properties: { site_code: string } }) => f.properties.site_code);
    expect(await codes()).not.toContain('HP-CACHE-1');
    const res = await vnpt.send('/api/sites', 'POST', {
      operator: 'vnpt',
      site_code: 'HP-CACHE-1',
      name: 'Trạm Hải Phòng',
      province: '31',
      position: { lat: 20.85, lon: 106.68 },
      events: [{ tech: '4G', status: 'active', date: '2025-01-01', band_mhz: 1800 }],
    });
    expect(res.status).toBe(201);
    expect(await codes()).toContain('HP-CACHE-1');
  });
});
