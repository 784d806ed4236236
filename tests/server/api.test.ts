// The read API against a real, temporary SQLite file holding the demo data set.
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, getJson } from '../helpers.ts';

let app: ReturnType<typeof demoApp>['app'];
beforeAll(() => {
  app = demoApp().app;
});

describe('GET /api/provinces and /api/districts', () => {
  it('lists the two demo provinces with their real commune counts and flags the data as demo', async () => {
    const { status, body } = await getJson(app, '/api/provinces');
    expect(status).toBe(200);
    expect(body.meta.demo).toBe(true);
    const byCode = Object.fromEntries(body.provinces.map((p: { code: string }) => [p.code, p]));
    expect(byCode['31']).toMatchObject({ name: 'Thành phố Hải Phòng', districts: 14, communes: 217 });
    expect(byCode['14']).toMatchObject({ name: 'Tỉnh Sơn La', districts: 12, communes: 204 });
  });

  it('puts each province at its real place and size', async () => {
    const { body } = await getJson(app, '/api/provinces');
    const hp = body.provinces.find((p: { code: string }) => p.code === '31');
    const sl = body.provinces.find((p: { code: string }) => p.code === '14');
    expect(hp.area_km2).toBeCloseTo(1562, -1);
    expect(sl.area_km2).toBeCloseTo(14110, -1);
    // Hải Phòng city centre (20.86 N, 106.68 E) and Sơn La city (21.33 N, 103.91 E) lie inside.
    expect(hp.bbox[0]).toBeLessThan(106.68);
    expect(hp.bbox[2]).toBeGreaterThan(106.68);
    expect(hp.bbox[1]).toBeLessThan(20.86);
    expect(hp.bbox[3]).toBeGreaterThan(20.86);
    expect(sl.bbox[0]).toBeLessThan(103.91);
    expect(sl.bbox[3]).toBeGreaterThan(21.33);
  });

  it('filters districts by province and returns their outlines on request', async () => {
    const { body } = await getJson(app, '/api/districts?province=14');
    expect(body.districts.map((d: { code: string }) => d.code)).toContain('116');
    expect(body.districts.every((d: { province_code: string }) => d.province_code === '14')).toBe(true);
    const geo = await getJson(app, '/api/districts?province=31&geometry=1');
    expect(geo.body.type).toBe('FeatureCollection');
    expect(geo.body.features).toHaveLength(14);
    expect(['Polygon', 'MultiPolygon']).toContain(geo.body.features[0].geometry.type);
  });

  it('returns 404 for an unknown province and 400 for a malformed one', async () => {
    const unknown = await getJson(app, '/api/districts?province=99');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ id: 'not_found', field: 'province' });
    const bad = await getJson(app, '/api/districts?province=3x');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('province');
    expect(bad.body.error.message_vi).toMatch(/mã tỉnh/);
  });
});

describe('GET /api/communes', () => {
  it("returns a province's communes as GeoJSON with the month's indicators and derived figures", async () => {
    const { status, body, headers } = await getJson(app, '/api/communes?province=31&month=2024-01');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/application\/geo\+json/);
    expect(body.type).toBe('FeatureCollection');
    expect(body.meta.demo).toBe(true);
    expect(body.features).toHaveLength(217);
    const p = body.features[0].properties;
    for (const k of [
      'code',
      'name',
      'district_code',
      'province_code',
      'subscribers',
      'subscribers_2g',
      'households',
      'households_smartphone',
      'households_without_smartphone',
      'share_2g',
      'share_smartphone',
    ]) {
      expect(p).toHaveProperty(k);
    }
    expect(p.month).toBe('2024-01');
    expect(p.households_without_smartphone).toBe(p.households - p.households_smartphone);
    expect(p.share_2g).toBeCloseTo(p.subscribers_2g / p.subscribers, 3);
  });

  it('filters by district', async () => {
    const { body } = await getJson(app, '/api/communes?district=116');
    expect(body.features).toHaveLength(12);
    expect(
      body.features.every((f: { properties: { district_code: string } }) => f.properties.district_code === '116'),
    ).toBe(true);
  });

  it('filters by bbox through the R*Tree: a small box around Sơn La city returns only nearby communes', async () => {
    const all = await getJson(app, '/api/communes');
    const { body } = await getJson(app, '/api/communes?bbox=103.88,21.30,103.94,21.36');
    expect(body.features.length).toBeGreaterThan(0);
    expect(body.features.length).toBeLessThan(all.body.features.length / 10);
    expect(
      body.features.some((f: { properties: { district_code: string } }) => f.properties.district_code === '116'),
    ).toBe(true);
    expect(
      body.features.every((f: { properties: { province_code: string } }) => f.properties.province_code === '14'),
    ).toBe(true);
  });

  it('defaults to the latest month', async () => {
    const { body } = await getJson(app, '/api/communes?province=14');
    expect(body.month).toBe('2024-09');
  });

  it.each([
    ['bbox=1,2,3', 'bbox', /expected 4 comma-separated numbers/],
    ['bbox=a,b,c,d', 'bbox', /expected 4 comma-separated numbers/],
    ['bbox=106,21,105,22', 'bbox', /min ≤ max/],
    ['bbox=0,0,200,10', 'bbox', /\[-180, 180\]/],
    ['month=2024-13', 'month', /YYYY-MM/],
    ['month=2024-1', 'month', /YYYY-MM/],
    ['district=12', 'district', /3-digit/],
  ])('returns 400 naming the parameter for %s', async (query, field, reason) => {
    const { status, body } = await getJson(app, `/api/communes?${query}`);
    expect(status).toBe(400);
    expect(body.error.id).toBe('invalid_parameter');
    expect(body.error.field).toBe(field);
    expect(body.error.message).toMatch(reason);
    expect(body.error.message_vi.length).toBeGreaterThan(0);
  });

  it('returns 400 when the district is not in the province', async () => {
    const { status, body } = await getJson(app, '/api/communes?province=31&district=116');
    expect(status).toBe(400);
    expect(body.error.field).toBe('district');
  });
});

describe('GET /api/communes/:code', () => {
  it('returns the commune with its boundary and the whole monthly series', async () => {
    const { status, body } = await getJson(app, '/api/communes/03646');
    expect(status).toBe(200);
    expect(body.properties).toMatchObject({
      code: '03646',
      name: 'Phường Chiềng Lề',
      district_code: '116',
      province_code: '14',
    });
    expect(body.geometry.type).toMatch(/Polygon/);
    expect(body.properties.series.map((s: { month: string }) => s.month)).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
    ]);
  });

  it('returns 404 for an unknown code and 400 for a malformed one', async () => {
    expect((await getJson(app, '/api/communes/99999')).status).toBe(404);
    const bad = await getJson(app, '/api/communes/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('code');
  });
});

describe('GET /api/sites', () => {
  it('returns points with their state at as_of, one category each', async () => {
    const { status, body } = await getJson(app, '/api/sites?province=31&as_of=2024-09-30');
    expect(status).toBe(200);
    expect(body.as_of).toBe('2024-09-30');
    expect(body.meta.demo).toBe(true);
    const f = body.features[0];
    expect(f.geometry.type).toBe('Point');
    expect(f.properties).toHaveProperty('category');
    expect(f.properties).toHaveProperty('techs');
    const cats = new Set(body.features.map((x: { properties: { category: string } }) => x.properties.category));
    for (const c of ['2g_off', '4g_new', '4g_upgraded', '4g_active', '2g_active', 'planned']) expect(cats).toContain(c);
  });

  it('computes the state at the date: a site switched off in the period is still on 2G before', async () => {
    const after = await getJson(app, '/api/sites?province=31&tech=2G&status=switched_off&as_of=2024-09-30');
    expect(after.body.features.length).toBeGreaterThan(200);
    const before = await getJson(app, '/api/sites?province=31&tech=2G&status=switched_off&as_of=2023-12-31');
    expect(before.body.features.length).toBe(0);
    const id = after.body.features[0].id;
    const detail = await getJson(app, `/api/sites/${id}?as_of=2023-12-31`);
    expect(detail.body.properties.techs['2G'].status).toBe('active');
  });

  it('sites built in the period do not exist before they went on air', async () => {
    const jan = await getJson(app, '/api/sites?province=31&category=4g_new&as_of=2024-01-31');
    const sep = await getJson(app, '/api/sites?province=31&category=4g_new&as_of=2024-09-30');
    expect(jan.body.features.length).toBeLessThan(sep.body.features.length);
    const early = await getJson(app, '/api/sites?province=31&as_of=2000-01-01');
    expect(early.body.features).toHaveLength(0);
  });

  it('filters by operator, technology and district', async () => {
    const vnpt = await getJson(app, '/api/sites?province=14&operator=vnpt&as_of=2024-09-30');
    expect(vnpt.body.features.length).toBeGreaterThan(0);
    expect(
      vnpt.body.features.every((f: { properties: { operator: string } }) => f.properties.operator === 'vnpt'),
    ).toBe(true);
    const g4 = await getJson(app, '/api/sites?province=14&tech=4G&status=active&as_of=2024-09-30');
    expect(
      g4.body.features.every(
        (f: { properties: { techs: Record<string, { status: string }> } }) =>
          f.properties.techs['4G']?.status === 'active',
      ),
    ).toBe(true);
    const city = await getJson(app, '/api/sites?district=116&as_of=2024-09-30');
    expect(city.body.features.length).toBeGreaterThan(0);
    expect(
      city.body.features.every((f: { properties: { province_code: string } }) => f.properties.province_code === '14'),
    ).toBe(true);
  });

  it('filters by bbox', async () => {
    const bbox = [106.6, 20.8, 106.7, 20.9];
    const { body } = await getJson(app, `/api/sites?bbox=${bbox.join(',')}&as_of=2024-09-30`);
    expect(body.features.length).toBeGreaterThan(0);
    for (const f of body.features) {
      const [lon, lat] = f.geometry.coordinates;
      expect(lon).toBeGreaterThanOrEqual(bbox[0]!);
      expect(lon).toBeLessThanOrEqual(bbox[2]!);
      expect(lat).toBeGreaterThanOrEqual(bbox[1]!);
      expect(lat).toBeLessThanOrEqual(bbox[3]!);
    }
  });

  it.each([
    ['operator=foo', 'operator'],
    ['status=broken', 'status'],
    ['tech=6G', 'tech'],
    ['as_of=2024-02-30', 'as_of'],
    ['category=nope', 'category'],
    ['bbox=1,2,3,x', 'bbox'],
  ])('returns 400 naming the parameter for %s', async (query, field) => {
    const { status, body } = await getJson(app, `/api/sites?${query}`);
    expect(status).toBe(400);
    expect(body.error.field).toBe(field);
  });

  it('returns one site with its event history, and 404 for an unknown id', async () => {
    const list = await getJson(app, '/api/sites?province=14&operator=vnpt&category=4g_upgraded&as_of=2024-09-30');
    const id = list.body.features[0].id;
    const { status, body } = await getJson(app, `/api/sites/${id}`);
    expect(status).toBe(200);
    expect(body.properties.operator).toBe('vnpt');
    expect(
      body.properties.events.some((e: { tech: string; status: string }) => e.tech === '4G' && e.status === 'upgraded'),
    ).toBe(true);
    expect(body.properties.district_name).toBeTruthy();
    expect((await getJson(app, '/api/sites/99999999')).status).toBe(404);
    expect((await getJson(app, '/api/sites/abc')).status).toBe(400);
  });
});

describe('GET /api/summary', () => {
  it('tells the Hải Phòng story: ~2.5 M subscribers, ~12% on 2G in January, ~200,000 converted by September', async () => {
    const jan = (await getJson(app, '/api/summary?province=31&month=2024-01')).body;
    const sep = (await getJson(app, '/api/summary?province=31&month=2024-09')).body;
    expect(jan.subscribers).toBeGreaterThan(2_400_000);
    expect(jan.subscribers).toBeLessThan(2_600_000);
    expect(jan.subscribers_2g / jan.subscribers).toBeCloseTo(0.12, 2);
    expect(jan.subscribers_2g - sep.subscribers_2g).toBeGreaterThan(180_000);
    expect(jan.subscribers_2g - sep.subscribers_2g).toBeLessThan(220_000);
    expect(sep.sites_2g_switched_off).toBeGreaterThan(200);
    expect(sep.sites_4g_new).toBeGreaterThanOrEqual(440);
    expect(sep.sites_4g_new).toBeLessThanOrEqual(450);
    // Counted from the start of the data: earlier months count fewer.
    expect(jan.sites_4g_new).toBeLessThan(sep.sites_4g_new);
  });

  it('concentrates Hải Phòng 2G subscribers in 36 communes of the six named districts', async () => {
    const { body } = await getJson(app, '/api/communes?province=31&month=2024-01');
    const shares = body.features
      .map((f: { properties: { share_2g: number; district_code: string } }) => f.properties)
      .sort((a: { share_2g: number }, b: { share_2g: number }) => b.share_2g - a.share_2g)
      .slice(0, 36);
    const six = new Set(['311', '312', '313', '314', '315', '316']);
    expect(shares.every((p: { district_code: string }) => six.has(p.district_code))).toBe(true);
    expect(shares.at(-1).share_2g).toBeGreaterThan(0.2);
  });

  it('tells the Sơn La story: 96% with a smartphone in August, Sơn La city 533 → 119, VNPT 7 new and 13 upgraded', async () => {
    const aug = (await getJson(app, '/api/summary?province=14&month=2024-08')).body;
    expect(aug.households).toBeGreaterThan(295_000);
    expect(aug.households).toBeLessThan(305_000);
    expect(aug.households_smartphone).toBeGreaterThan(288_400);
    expect(aug.share_smartphone).toBeGreaterThan(0.96);
    const cityJan = (await getJson(app, '/api/summary?district=116&month=2024-01')).body;
    const cityAug = (await getJson(app, '/api/summary?district=116&month=2024-08')).body;
    expect(cityJan.households_without_smartphone).toBe(533);
    expect(cityAug.households_without_smartphone).toBe(119);
    const vnpt = (await getJson(app, '/api/summary?province=14&operator=vnpt&month=2024-09')).body;
    expect(vnpt.sites_4g_new).toBe(7);
    expect(vnpt.sites_4g_upgraded).toBe(13);
  });

  it('returns the public field names', async () => {
    const { body } = await getJson(app, '/api/summary?province=31&month=2024-05');
    for (const k of [
      'subscribers',
      'subscribers_2g',
      'households',
      'households_smartphone',
      'households_without_smartphone',
      'sites_2g_switched_off',
      'sites_4g_new',
      'sites_4g_upgraded',
    ]) {
      expect(typeof body[k]).toBe('number');
    }
    expect(body.month).toBe('2024-05');
    expect(body.period).toEqual({ from: '2024-01-01', to: '2024-05-31' });
  });

  it('returns 400 for a bad month and 404 for an unknown district', async () => {
    expect((await getJson(app, '/api/summary?month=2024-13')).status).toBe(400);
    expect((await getJson(app, '/api/summary?district=999')).status).toBe(404);
  });
});

describe('HTTP behaviour', () => {
  it('compresses and answers conditional GETs with 304', async () => {
    const first = await app.request('/api/communes?province=14', { headers: { 'accept-encoding': 'gzip' } });
    expect(first.headers.get('content-encoding')).toBe('gzip');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const second = await app.request('/api/communes?province=14', { headers: { 'if-none-match': etag! } });
    expect(second.status).toBe(304);
  });

  it('changes the ETag when the data changes', async () => {
    const { db, app: own } = demoApp();
    const a = await own.request('/api/summary?province=31&month=2024-09');
    db.prepare(
      "UPDATE commune_indicators SET subscribers_2g = subscribers_2g + 1 WHERE month = '2024-09' AND commune_code = '11311'",
    ).run();
    own.revision.bump();
    const b = await own.request('/api/summary?province=31&month=2024-09');
    expect(b.headers.get('etag')).not.toBe(a.headers.get('etag'));
    expect((await b.json()).subscribers_2g).toBe((await a.json()).subscribers_2g + 1);
  });

  it('serves an OpenAPI document and readable docs generated from the schemas', async () => {
    const { status, body } = await getJson(app, '/api/openapi.json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/provinces',
        '/districts',
        '/communes',
        '/communes/{code}',
        '/sites',
        '/sites/{id}',
        '/summary',
      ]),
    );
    const bbox = body.paths['/communes'].get.parameters.find((p: { name: string }) => p.name === 'bbox');
    expect(bbox.description ?? bbox.schema.description).toMatch(/minLon/);
    const docs = await app.request('/api/docs');
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('/api/communes');
    expect(html).toContain('bbox');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const { status, body } = await getJson(app, '/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error.id).toBe('not_found');
  });
});

describe('security headers', () => {
  it('every answer carries a CSP without inline script, nosniff and no framing', async () => {
    for (const url of ['/api/provinces', '/api/nothing', '/api/docs']) {
      const res = await app.request(url);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
