// Station registration: who may do what (role × endpoint), every validation rule with a bad input,
// exactly one audit row per write, sessions, CSRF and API tokens.
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, getJson, loginAs } from '../helpers.ts';

type Ctx = ReturnType<typeof demoApp>;
let ctx: Ctx;
let vnpt: Awaited<ReturnType<typeof loginAs>>;
let viettel: Awaited<ReturnType<typeof loginAs>>;
let admin: Awaited<ReturnType<typeof loginAs>>;
let viewer: Awaited<ReturnType<typeof loginAs>>;

const auditCount = (c: Ctx) => c.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
// Sơn La city, inside the province and a commune.
const SON_LA_CITY = { lat: 21.327, lon: 103.912 };
let seq = 0;
const newSite = (over: Record<string, unknown> = {}) => ({
  operator: 'vnpt',
  site_code: `T-${++seq}`,
  name: 'Trạm thử',
  province: '14',
  position: { lat: SON_LA_CITY.lat + seq * 0.002, lon: SON_LA_CITY.lon },
  antenna_height_m: 30,
  events: [{ tech: '4G', status: 'active', date: '2024-05-01', band_mhz: 1800 }],
  ...over,
});

beforeAll(async () => {
  ctx = demoApp();
  vnpt = await loginAs(ctx.app, 'vnpt');
  viettel = await loginAs(ctx.app, 'viettel');
  admin = await loginAs(ctx.app, 'admin');
  viewer = await loginAs(ctx.app, 'viewer');
});

describe('role × endpoint', () => {
  it('anonymous callers may read but not write (401)', async () => {
    expect((await ctx.app.request('/api/sites?province=14')).status).toBe(200);
    const res = await ctx.app.request('/api/sites', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(newSite()),
    });
    expect(res.status).toBe(401);
  });

  it('a viewer may not write (403)', async () => {
    expect((await viewer.send('/api/sites', 'POST', newSite())).status).toBe(403);
  });

  it('a carrier writes its own operator’s sites and gets 403 on another’s', async () => {
    const own = await vnpt.send('/api/sites', 'POST', newSite());
    expect(own.status).toBe(201);
    const other = await vnpt.send('/api/sites', 'POST', newSite({ operator: 'viettel' }));
    expect(other.status).toBe(403);
    expect((await other.json()).error.field).toBe('operator');
    const id = (await own.json()).site.id;
    for (const [url, method, body] of [
      [`/api/sites/${id}`, 'PATCH', { name: 'x' }],
      [`/api/sites/${id}/events`, 'POST', { tech: '4G', status: 'upgraded', date: '2024-06-01' }],
      [`/api/sites/${id}/retire`, 'POST', { reason: 'not mine' }],
    ] as const) {
      expect((await viettel.send(url, method, body)).status).toBe(403);
      expect((await viewer.send(url, method, body)).status).toBe(403);
    }
  });

  it('an admin writes any operator’s sites', async () => {
    const res = await admin.send('/api/sites', 'POST', newSite({ operator: 'mobifone' }));
    expect(res.status).toBe(201);
  });

  it('only an admin reads the whole audit log and the user list', async () => {
    expect((await admin.send('/api/audit', 'GET')).status).toBe(200);
    expect((await vnpt.send('/api/audit', 'GET')).status).toBe(403);
    expect((await ctx.app.request('/api/audit')).status).toBe(401);
    expect((await vnpt.send('/api/users', 'GET')).status).toBe(403);
  });
});

describe('validation', () => {
  const expect422 = async (body: Record<string, unknown>, field: RegExp) => {
    const res = await vnpt.send('/api/sites', 'POST', newSite(body));
    const b = await res.json();
    expect([400, 422]).toContain(res.status);
    expect(b.error.field).toMatch(field);
    expect(b.error.message_vi.length).toBeGreaterThan(5);
    return b;
  };

  it('refuses a position outside Viet Nam', async () => {
    await expect422({ position: { lat: 13.75, lon: 100.5 } }, /^position$/);
  });

  it('refuses a position outside the chosen province', async () => {
    const b = await expect422({ position: { lat: 20.86, lon: 106.68 } }, /^position$/);
    expect(b.error.message).toMatch(/Sơn La/);
  });

  it('refuses unreadable text coordinates and VN-2000 without a plausible range', async () => {
    await expect422({ position: { text: 'near the market' } }, /^position$/);
    await expect422({ position: { vn2000: { x: 12, y: 34 } } }, /^position$/);
  });

  it('accepts degrees-minutes-seconds and VN-2000, and finds the commune by point-in-polygon', async () => {
    const dms = await vnpt.send('/api/sites', 'POST', newSite({ position: { text: `21°19'37.2"N 103°54'43.2"E` } }));
    expect(dms.status).toBe(201);
    const site = (await dms.json()).site;
    expect(site.commune_code).toMatch(/^\d{5}$/);
    const commune = await getJson(ctx.app, `/api/communes/${site.commune_code}`);
    // Inside today's ward formed from the former Sơn La city (district 116).
    expect(commune.body.properties.province_code).toBe('14');
    expect(commune.body.properties.formed_from.every((f: { district_code: string }) => f.district_code === '116')).toBe(
      true,
    );
    // The same place in VN-2000 (Sơn La, central meridian 104°00').
    const { toVn2000 } = await import('../../server/domain/coordinates.ts');
    const v = toVn2000({ lat: site.lat + 0.001, lon: site.lon }, 104);
    const vn = await vnpt.send('/api/sites', 'POST', newSite({ position: { vn2000: { x: v.x, y: v.y } } }));
    expect(vn.status).toBe(201);
    expect((await vn.json()).site.lat).toBeCloseTo(site.lat + 0.001, 6);
  });

  it('refuses a second site with the same code for the operator (409)', async () => {
    const body = newSite();
    expect((await vnpt.send('/api/sites', 'POST', body)).status).toBe(201);
    const dup = await vnpt.send('/api/sites', 'POST', { ...body, position: { lat: 21.1, lon: 104.1 } });
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.field).toBe('site_code');
  });

  it('refuses switching off a technology the site does not have', async () => {
    const id = (await (await vnpt.send('/api/sites', 'POST', newSite())).json()).site.id;
    const res = await vnpt.send(`/api/sites/${id}/events`, 'POST', {
      tech: '2G',
      status: 'switched_off',
      date: '2024-08-15',
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ field: 'status' });
  });

  it('refuses a date in the future for something already active, but accepts a plan', async () => {
    const id = (await (await vnpt.send('/api/sites', 'POST', newSite())).json()).site.id;
    const future = await vnpt.send(`/api/sites/${id}/events`, 'POST', {
      tech: '5G',
      status: 'active',
      date: '2099-01-01',
    });
    expect(future.status).toBe(422);
    expect((await future.json()).error.field).toBe('date');
    expect(
      (await vnpt.send(`/api/sites/${id}/events`, 'POST', { tech: '5G', status: 'planned', date: '2099-01-01' }))
        .status,
    ).toBe(201);
  });

  it('refuses an event dated before the technology’s last one, and "active" twice', async () => {
    const id = (await (await vnpt.send('/api/sites', 'POST', newSite())).json()).site.id;
    expect(
      (await vnpt.send(`/api/sites/${id}/events`, 'POST', { tech: '4G', status: 'switched_off', date: '2024-01-01' }))
        .status,
    ).toBe(422);
    expect(
      (await vnpt.send(`/api/sites/${id}/events`, 'POST', { tech: '4G', status: 'active', date: '2024-06-01' })).status,
    ).toBe(422);
  });

  it('records "2G switched off on 2024-08-15" and the state follows', async () => {
    const created = await vnpt.send(
      '/api/sites',
      'POST',
      newSite({
        events: [
          { tech: '2G', status: 'active', date: '2015-01-01', band_mhz: 900 },
          { tech: '4G', status: 'active', date: '2020-01-01' },
        ],
      }),
    );
    const id = (await created.json()).site.id;
    expect(
      (await vnpt.send(`/api/sites/${id}/events`, 'POST', { tech: '2G', status: 'switched_off', date: '2024-08-15' }))
        .status,
    ).toBe(201);
    const after = await getJson(ctx.app, `/api/sites/${id}?as_of=2024-09-01`);
    expect(after.body.properties.techs['2G'].status).toBe('switched_off');
    expect(after.body.properties.category).toBe('2g_off');
  });

  it('warns (but accepts) when another site of the operator stands within 50 m', async () => {
    const first = newSite({ position: { lat: 21.35, lon: 103.95 } });
    expect((await vnpt.send('/api/sites', 'POST', first)).status).toBe(201);
    const near = await vnpt.send('/api/sites', 'POST', newSite({ position: { lat: 21.3502, lon: 103.95 } }));
    expect(near.status).toBe(201);
    const w = (await near.json()).warnings;
    expect(w).toHaveLength(1);
    expect(w[0].id).toBe('nearby_site');
    const far = await vnpt.send('/api/sites', 'POST', newSite({ position: { lat: 21.352, lon: 103.95 } }));
    expect((await far.json()).warnings).toHaveLength(0);
  });

  it('stores a name with markup as plain text', async () => {
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const res = await vnpt.send('/api/sites', 'POST', newSite({ name: evil }));
    const id = (await res.json()).site.id;
    expect((await getJson(ctx.app, `/api/sites/${id}`)).body.properties.name).toBe(evil);
  });

  it('returns 413 for a body over the limit', async () => {
    const res = await vnpt.send('/api/sites', 'POST', newSite({ name: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(413);
  });
});

describe('audit', () => {
  it('every write leaves exactly one audit row with who, through what, before and after', async () => {
    let n = auditCount(ctx);
    const id = (await (await vnpt.send('/api/sites', 'POST', newSite())).json()).site.id;
    expect(auditCount(ctx)).toBe(++n);
    await vnpt.send(`/api/sites/${id}`, 'PATCH', { antenna_height_m: 42 });
    expect(auditCount(ctx)).toBe(++n);
    await vnpt.send(`/api/sites/${id}/events`, 'POST', { tech: '4G', status: 'upgraded', date: '2024-07-01' });
    expect(auditCount(ctx)).toBe(++n);
    await vnpt.send(`/api/sites/${id}/retire`, 'POST', { reason: 'mast removed' });
    expect(auditCount(ctx)).toBe(++n);
    // The retire reason is the department's and the operator's business, not every reader's.
    const open = (await getJson(ctx.app, `/api/sites/${id}/history`)).body.rows[0];
    expect(open).toMatchObject({ action: 'retire', actor: null });
    expect(JSON.stringify(open)).not.toContain('mast removed');
    const other = await (await viettel.send(`/api/sites/${id}/history`, 'GET')).json();
    expect(JSON.stringify(other.rows)).not.toContain('mast removed');
    expect(JSON.stringify((await (await admin.send(`/api/sites/${id}/history`, 'GET')).json()).rows)).toContain(
      'mast removed',
    );
    const history = (await vnpt.send(`/api/sites/${id}/history`, 'GET')).json();
    const rows = (await history).rows;
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['retire', 'event', 'update', 'create']);
    const update = rows[2];
    expect(update).toMatchObject({ actor: 'vnpt', via: 'form' });
    expect(update.before.antenna_height_m).toBe(30);
    expect(update.after.antenna_height_m).toBe(42);
    // A refused write leaves nothing.
    await vnpt.send('/api/sites', 'POST', newSite({ position: { lat: 1, lon: 1 } }));
    expect(auditCount(ctx)).toBe(n);
  });

  it('an edit that changes nothing writes nothing', async () => {
    const id = (await (await vnpt.send('/api/sites', 'POST', newSite())).json()).site.id;
    const n = auditCount(ctx);
    const res = await vnpt.send(`/api/sites/${id}`, 'PATCH', { antenna_height_m: 30 });
    expect((await res.json()).changed).toBe(false);
    expect(auditCount(ctx)).toBe(n);
  });

  it('a retired site disappears from the map and keeps its history', async () => {
    const id = (await (await vnpt.send('/api/sites', 'POST', newSite())).json()).site.id;
    await vnpt.send(`/api/sites/${id}/retire`, 'POST', { reason: 'duplicate record' });
    expect((await getJson(ctx.app, `/api/sites/${id}`)).status).toBe(404);
    expect((await getJson(ctx.app, `/api/sites/${id}/history`)).body.rows[0].action).toBe('retire');
  });
});

describe('sessions, CSRF and API tokens', () => {
  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const res = await ctx.app.request('/api/sites', {
      method: 'POST',
      headers: { cookie: vnpt.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(newSite()),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.id).toBe('csrf');
  });

  it('sets an httpOnly SameSite session cookie and never returns a password hash', async () => {
    const res = await ctx.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'phusong-demo-2024' }),
    });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const text = await res.text();
    expect(text).not.toMatch(/scrypt|password_hash/);
    const users = await (await admin.send('/api/users', 'GET')).text();
    expect(users).not.toMatch(/scrypt|password_hash/);
  });

  it('refuses a wrong password with 401 and throttles repeated failures with 429', async () => {
    const { app } = demoApp();
    const attempt = () =>
      app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'vnpt', password: 'wrong' }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(429);
    // Even the right password waits out the window.
    const right = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'vnpt', password: 'phusong-demo-2024' }),
    });
    expect(right.status).toBe(429);
  });

  it('logout ends the session at once', async () => {
    const s = await loginAs(ctx.app, 'mobifone');
    expect((await s.send('/api/auth/me', 'GET').then((r) => r.json())).user.username).toBe('mobifone');
    await s.send('/api/auth/logout', 'POST');
    expect((await s.send('/api/auth/me', 'GET').then((r) => r.json())).user).toBeNull();
  });

  it('an expired session is refused', async () => {
    const s = await loginAs(ctx.app, 'vietnamobile');
    ctx.db.prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    expect((await s.send('/api/auth/me', 'GET').then((r) => r.json())).user).toBeNull();
    vnpt = await loginAs(ctx.app, 'vnpt');
    viettel = await loginAs(ctx.app, 'viettel');
    admin = await loginAs(ctx.app, 'admin');
    viewer = await loginAs(ctx.app, 'viewer');
  });

  it('an API token is shown once, stored hashed, works without CSRF, and revocation is immediate', async () => {
    const created = await (await vnpt.send('/api/auth/tokens', 'POST', { name: 'nightly sync' })).json();
    expect(created.token).toMatch(/^phs_/);
    const stored = ctx.db.prepare('SELECT token_hash FROM api_tokens WHERE id = ?').pluck().get(created.id) as string;
    expect(stored).not.toContain(created.token);
    const list = await (await vnpt.send('/api/auth/tokens', 'GET')).text();
    expect(list).not.toContain(created.token);
    const bearer = { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' };
    const res = await ctx.app.request('/api/sites', {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify(newSite()),
    });
    expect(res.status).toBe(201);
    const id = (await res.json()).site.id;
    const history = await (await admin.send(`/api/sites/${id}/history`, 'GET')).json();
    expect(history.rows[0].via).toBe('api_token:nightly sync');
    // Another carrier sees who and how, but neither the token's name nor the snapshots; anonymous readers
    // see only what changed and when.
    const seen = await (await viettel.send(`/api/sites/${id}/history`, 'GET')).json();
    expect(seen.rows[0]).toMatchObject({ actor: 'vnpt', via: 'api_token', action: 'create' });
    expect(seen.rows[0]).not.toHaveProperty('after');
    expect(seen.rows[0].changed).toContain('site_code');
    const anonymous = (await getJson(ctx.app, `/api/sites/${id}/history`)).body.rows[0];
    expect(anonymous).toMatchObject({ actor: null, user_id: null, via: 'api_token' });
    expect(JSON.stringify(anonymous)).not.toContain('nightly');
    expect((await vnpt.send(`/api/auth/tokens/${created.id}`, 'DELETE')).status).toBe(200);
    const again = await ctx.app.request('/api/sites', {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify(newSite()),
    });
    expect(again.status).toBe(401);
  });
});
