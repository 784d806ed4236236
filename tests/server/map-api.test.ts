// The API the map page relies on: search across spellings, clustered sites, simplified boundaries.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { demoApp, demoDb, getJson, loginAs } from '../helpers.ts';
import { createApp } from '../../server/app.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import * as turf from '@turf/turf';
import type { Polygon } from 'geojson';
import { countVertices, degreesPerPixel, simplifyForZoom } from '../../server/analysis/simplify.ts';

let app: ReturnType<typeof demoApp>['app'];
beforeAll(() => {
  app = demoApp().app;
});

const names = (body: { results: { name: string }[] }) => body.results.map((r) => r.name);

describe('GET /api/search', () => {
  it.each(['thuy nguyen', 'Thủy Nguyên', 'Thuỷ Nguyên', 'thanh pho thuy nguyen', 'THUY NGUYEN'])(
    'finds the former district Thuỷ Nguyên, and today\'s ward of that name, for "%s"',
    async (q) => {
      const { status, body } = await getJson(app, `/api/search?q=${encodeURIComponent(q)}`);
      expect(status).toBe(200);
      expect(body.results[0]).toMatchObject({ type: 'district', code: '311', name: 'Thành phố Thuỷ Nguyên' });
      expect(body.results[0].formerly).toMatch(/before 1 July 2025/);
      expect(body.results[0].bbox).toHaveLength(4);
      expect(body.results).toContainEqual(expect.objectContaining({ type: 'commune', name: 'Phường Thuỷ Nguyên' }));
    },
  );

  it.each(['Phường Quyết Thắng', 'quyet thang'])(
    'leads the old name "%s" to the ward of today it became (Sơn La: Phường Tô Hiệu, 03646)',
    async (q) => {
      const { body } = await getJson(app, `/api/search?q=${encodeURIComponent(q)}&province=14`);
      expect(body.results[0]).toMatchObject({ type: 'commune', code: '03646', name: 'Phường Tô Hiệu' });
      expect(body.results[0].formerly).toMatch(/^Phường Quyết Thắng, Thành phố Sơn La/);
      // Without the province filter the other Quyết Thắng wards of the country are found too.
      const all = await getJson(app, `/api/search?q=${encodeURIComponent(q)}`);
      expect(all.body.results.map((r: { code: string }) => r.code)).toContain('03646');
      expect(all.body.results.length).toBeGreaterThan(2);
    },
  );

  it('leads a former province to the province it is part of today', async () => {
    const { body } = await getJson(app, `/api/search?q=${encodeURIComponent('Tỉnh Hải Dương')}`);
    expect(body.results[0]).toMatchObject({ type: 'province', code: '31', formerly: 'Tỉnh Hải Dương' });
  });

  it('says "part" where an old commune was divided between new ones', async () => {
    const { body } = await getJson(app, `/api/search?q=${encodeURIComponent('Xã Tô Hiệu')}`);
    const parts = body.results.filter((r: { formerly: string | null }) => r.formerly?.includes('(một phần / part)'));
    expect(parts.length).toBeGreaterThanOrEqual(2);
  });

  it('finds "Đồ Sơn" typed with Ð (U+00D0) or without diacritics', async () => {
    for (const q of ['\u00D0ồ Sơn', 'do son']) {
      const { body } = await getJson(app, `/api/search?q=${encodeURIComponent(q)}`);
      expect(names(body)).toContain('Quận Đồ Sơn');
    }
  });

  it('finds communes and site codes', async () => {
    const commune = await getJson(app, `/api/search?q=${encodeURIComponent('chieng an')}`);
    expect(commune.body.results[0]).toMatchObject({ type: 'commune', code: '03664' });
    const site = await getJson(app, '/api/search?q=SL-VNP-0001');
    expect(site.body.results.find((r: { type: string }) => r.type === 'site')).toMatchObject({
      code: 'SL-VNP-0001',
      context: 'VNPT (VinaPhone)',
    });
  });

  it('treats LIKE wildcards in the query as text', async () => {
    const { body } = await getJson(app, '/api/search?q=%25');
    expect(body.results).toHaveLength(0);
  });

  it('returns 400 for an empty or over-long query', async () => {
    expect((await getJson(app, '/api/search?q=')).status).toBe(400);
    const long = await getJson(app, `/api/search?q=${'a'.repeat(101)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe('q');
  });
});

describe('GET /api/sites/clusters', () => {
  it('aggregates when zoomed out and counts every site once, by category', async () => {
    const { status, body } = await getJson(
      app,
      '/api/sites/clusters?province=31&bbox=105,19,108,22&zoom=6&as_of=2024-09-30',
    );
    expect(status).toBe(200);
    const all = await getJson(app, '/api/sites?province=31&as_of=2024-09-30');
    expect(body.total).toBe(all.body.features.length);
    expect(body.features.length).toBeLessThan(20);
    let sum = 0;
    for (const f of body.features) {
      if (f.properties.cluster) {
        const byCat = Object.values(f.properties.counts as Record<string, number>).reduce((a, b) => a + b, 0);
        expect(byCat).toBe(f.properties.point_count);
        sum += f.properties.point_count;
      } else sum += 1;
    }
    expect(sum).toBe(body.total);
  });

  it('returns single sites with their properties when zoomed in', async () => {
    const { body } = await getJson(
      app,
      '/api/sites/clusters?province=31&bbox=106.6,20.8,106.7,20.9&zoom=14&as_of=2024-09-30',
    );
    expect(body.features.length).toBeGreaterThan(0);
    expect(body.features.every((f: { properties: { cluster: boolean } }) => f.properties.cluster === false)).toBe(true);
    expect(body.features[0].properties).toHaveProperty('category');
  });

  it('applies the filters', async () => {
    const { body } = await getJson(
      app,
      '/api/sites/clusters?province=14&operator=vnpt&category=4g_new&bbox=100,15,110,25&zoom=14&as_of=2024-09-30',
    );
    expect(body.total).toBe(7);
  });

  it('refuses a viewport with more sites than one answer holds, naming the bbox, instead of sending them all', async () => {
    const { createSiteClusterer } = await import('../../server/domain/site-clusters.ts');
    const clusters = createSiteClusterer(app.stores, () => 'r', 4, 50);
    const wide = { province: '31', asOf: '2024-09-30' };
    expect(clusters(wide, [105, 19, 108, 22], 6).features.length).toBeLessThan(50);
    expect(() => clusters(wide, [105, 19, 108, 22], 22)).toThrow(/bbox: .* sites at zoom 22, more than the 50/);
  });

  it("counts the whole country's sites in a worker thread, and counts a site registered a moment before", async () => {
    const country = '/api/sites/clusters?bbox=100,8,112,24&zoom=5';
    const before = (await getJson(app, country)).body;
    const all = (await getJson(app, '/api/sites')).body;
    expect(before.total).toBe(all.features.length);
    expect(
      before.features.reduce(
        (n: number, f: { properties: { cluster: boolean; point_count?: number } }) =>
          n + (f.properties.cluster ? f.properties.point_count! : 1),
        0,
      ),
    ).toBe(before.total);
    const carrier = await loginAs(app, 'viettel');
    const res = await carrier.send('/api/sites', 'POST', {
      operator: 'viettel',
      site_code: 'CLUSTER-COUNT-1',
      province: '14',
      position: { lat: 21.33, lon: 103.91 },
      events: [{ tech: '4G', status: 'active', date: '2024-05-01' }],
    });
    expect(res.status).toBe(201);
    expect((await getJson(app, country)).body.total).toBe(before.total + 1);
  });

  it('requires a bbox and a valid zoom', async () => {
    expect((await getJson(app, '/api/sites/clusters?zoom=5')).body.error.field).toBe('bbox');
    expect((await getJson(app, '/api/sites/clusters?bbox=1,2,3,4&zoom=30')).body.error.field).toBe('zoom');
  });
});

describe('simplified boundaries per zoom', () => {
  it('serves fewer vertices when zoomed out, and labels inside each commune', async () => {
    const full = await getJson(app, '/api/communes?province=14');
    const far = await getJson(app, '/api/communes?province=14&zoom=6');
    const v = (fc: { features: { geometry: Parameters<typeof countVertices>[0] }[] }) =>
      fc.features.reduce((n, f) => n + countVertices(f.geometry), 0);
    expect(v(far.body)).toBeLessThan(v(full.body));
    expect(far.body.features).toHaveLength(full.body.features.length);
    for (const f of full.body.features) expect(f.properties.label).toHaveLength(2);
  });
});

describe('simplifyForZoom', () => {
  // A detailed boundary: a 5 km circle drawn with 2,000 vertices.
  const circle = turf.circle([106.68, 20.86], 5, { steps: 2000, units: 'kilometers' }).geometry as Polygon;

  it('drops most vertices of a detailed boundary at a province-wide zoom', () => {
    expect(countVertices(simplifyForZoom(circle, 8))).toBeLessThan(100);
  });

  it('keeps the shape within half a screen pixel at that zoom', () => {
    const simplified = simplifyForZoom(circle, 8);
    const outline = turf.polygonToLine(simplified) as ReturnType<typeof turf.lineString>;
    // Half a pixel at zoom 8, in kilometres at this latitude (the tolerance is in degrees).
    const halfPixelKm = (degreesPerPixel(8) / 2) * 111.32;
    for (const p of circle.coordinates[0]!.filter((_, i) => i % 20 === 0)) {
      expect(turf.pointToLineDistance(p, outline, { units: 'kilometers' })).toBeLessThan(halfPixelKm * 1.01);
    }
  });

  it('keeps more detail the closer the zoom', () => {
    expect(countVertices(simplifyForZoom(circle, 14))).toBeGreaterThan(countVertices(simplifyForZoom(circle, 8)) * 4);
  });
});

describe('the built page', () => {
  it('preloads the figures it starts with, and its hashed assets are cached for a year while index.html is not', async () => {
    const webRoot = join(PROJECT_ROOT, 'dist');
    if (!existsSync(join(webRoot, 'index.html')))
      throw new Error('dist/ is missing: run "npm run build" (npm test does)');
    const app = createApp(demoDb(), { webRoot });
    const index = await app.request('/');
    const html = await index.text();
    expect(index.headers.get('cache-control') ?? '').not.toContain('immutable');
    for (const url of ['/api/meta', '/api/provinces', '/api/districts'])
      expect(html).toContain(`<link rel="preload" as="fetch" crossorigin href="${url}"`);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await app.request(script);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await app.request('/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control') ?? '').not.toContain('immutable');
  });
});
