// The read API against a real, temporary SQLite file holding the demo data set.
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, getJson, loginAs } from '../helpers.ts';
import { latestFullMonth } from '../../server/demo/common.ts';

/** The pre-reform units the 2024 stories were told in. */
const OLD = 'units_at=2025-06-30';

let app: ReturnType<typeof demoApp>['app'];
let db: ReturnType<typeof demoApp>['db'];
beforeAll(() => {
  ({ app, db } = demoApp());
});

describe('GET /api/provinces and /api/districts', () => {
  it("lists today's 34 provinces with their real commune counts, says which units, and flags the data as demo", async () => {
    const { status, body } = await getJson(app, '/api/provinces');
    expect(status).toBe(200);
    expect(body.meta.demo).toBe(true);
    expect(body.meta.unit_set).toMatchObject({ id: '2025-07-01', has_districts: false });
    expect(body.provinces).toHaveLength(34);
    expect(body.provinces.reduce((n: number, p: { communes: number }) => n + p.communes, 0)).toBe(3321);
    const byCode = Object.fromEntries(body.provinces.map((p: { code: string }) => [p.code, p]));
    // Hải Phòng took in Hải Dương: 14 + 12 former districts, 114 communes.
    expect(byCode['31']).toMatchObject({
      name: 'Thành phố Hải Phòng',
      districts: 0,
      former_districts: 26,
      communes: 114,
    });
    expect(byCode['14']).toMatchObject({ name: 'Tỉnh Sơn La', districts: 0, former_districts: 12, communes: 75 });
    expect(byCode['30']).toBeUndefined();
  });

  it('lists the 63 pre-reform provinces for units_at before 1 July 2025, each with the province it became', async () => {
    const { body } = await getJson(app, `/api/provinces?${OLD}`);
    expect(body.meta.unit_set).toMatchObject({ id: '2025-06-30', has_districts: true });
    expect(body.provinces).toHaveLength(63);
    const hd = body.provinces.find((p: { code: string }) => p.code === '30');
    expect(hd).toMatchObject({ name: 'Tỉnh Hải Dương', districts: 12, today_province_code: '31', bbox: null });
    const early = await getJson(app, '/api/provinces?units_at=2019-03-01');
    expect(early.body.meta.unit_set.id).toBe('2025-06-30');
  });

  it.each([
    ['units_at=2018-12-31', /before 2019-01-01/],
    ['units_at=2025-02-30', /YYYY-MM-DD/],
    ['units_at=today', /YYYY-MM-DD/],
  ])('refuses %s with a 400 naming units_at', async (query, reason) => {
    for (const path of ['/api/provinces', '/api/districts', '/api/communes', '/api/summary']) {
      const { status, body } = await getJson(app, `${path}?${query}`);
      expect(status).toBe(400);
      expect(body.error.field).toBe('units_at');
      expect(body.error.message).toMatch(reason);
      expect(body.error.message_vi.length).toBeGreaterThan(0);
    }
  });

  it('puts each province at its real place and size', async () => {
    const { body } = await getJson(app, '/api/provinces');
    const hp = body.provinces.find((p: { code: string }) => p.code === '31');
    const sl = body.provinces.find((p: { code: string }) => p.code === '14');
    // Hải Phòng with the former Hải Dương is about 3,190 km² (official), Sơn La 14,110 km²; the shipped
    // boundaries are simplified, so allow 5 %.
    expect(Math.abs(hp.area_km2 / 3194 - 1)).toBeLessThan(0.05);
    expect(Math.abs(sl.area_km2 / 14110 - 1)).toBeLessThan(0.05);
    // Hải Phòng city centre (20.86 N, 106.68 E) and Sơn La city (21.33 N, 103.91 E) lie inside.
    expect(hp.bbox[0]).toBeLessThan(106.68);
    expect(hp.bbox[2]).toBeGreaterThan(106.68);
    expect(hp.bbox[1]).toBeLessThan(20.86);
    expect(hp.bbox[3]).toBeGreaterThan(20.86);
    expect(sl.bbox[0]).toBeLessThan(103.91);
    expect(sl.bbox[3]).toBeGreaterThan(21.33);
  });

  it('says districts no longer exist, and lists the former ones of a province for the filter', async () => {
    const { body } = await getJson(app, '/api/districts?province=31');
    expect(body.message.en).toMatch(/no districts/);
    expect(body.message.vi).toMatch(/không còn cấp huyện/);
    expect(body.districts).toHaveLength(26);
    const thuyNguyen = body.districts.find((d: { code: string }) => d.code === '311');
    expect(thuyNguyen.communes).toBe(0);
    expect(thuyNguyen.communes_formed).toBeGreaterThan(0);
    // The former Hải Dương's districts are filed under Hải Phòng, where they lie today.
    expect(body.districts.map((d: { code: string }) => d.code)).toContain('288');
    const geo = await getJson(app, '/api/districts?province=31&geometry=1');
    expect(geo.body.features).toHaveLength(0);
    const old = await getJson(app, `/api/districts?province=30&${OLD}`);
    expect(old.body.message).toBeNull();
    expect(old.body.districts.find((d: { code: string }) => d.code === '288')).toMatchObject({
      name: 'Thành phố Hải Dương',
      province_code: '30',
    });
  });

  it("returns today's province outlines, simplified for a zoom, with the boundary attribution", async () => {
    const { body } = await getJson(app, '/api/provinces?geometry=1&zoom=5');
    expect(body.features).toHaveLength(34);
    expect(body.attribution).toMatch(/Bản đồ tham chiếu ĐVHC/);
    const full = await getJson(app, '/api/provinces?geometry=1');
    const size = (b: unknown) => JSON.stringify(b).length;
    expect(size(body)).toBeLessThan(size(full.body) / 2);
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
    expect(body.attribution).toMatch(/NXB Tài nguyên Môi trường và Bản đồ Việt Nam/);
    expect(body.features).toHaveLength(114);
    const p = body.features.find(
      (f: { properties: { subscribers: number | null } }) => f.properties.subscribers,
    ).properties;
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
    // January 2024 was reported in the pre-reform communes: carried across, some shares estimated.
    expect(p.reported_in).toBe('2025-06-30');
    const estimated = body.features.filter((f: { properties: { estimated: boolean } }) => f.properties.estimated);
    expect(estimated.length).toBeGreaterThan(0);
    for (const f of estimated) expect(f.properties.estimate_method.length).toBeGreaterThan(0);
    // Bạch Long Vĩ kept its territory and has no crosswalk row: no data, not a guess.
    const noData = body.features.filter(
      (f: { properties: { subscribers: number | null } }) => f.properties.subscribers === null,
    );
    expect(noData.length).toBeLessThanOrEqual(1);
  });

  it('answers the pre-reform communes as reported, without boundaries, for units_at before the reform', async () => {
    const { body } = await getJson(app, `/api/communes?province=31&month=2024-01&${OLD}`);
    expect(body.meta.unit_set.id).toBe('2025-06-30');
    expect(body.attribution).toBeNull();
    expect(body.features.length).toBeGreaterThan(160);
    expect(body.features.every((f: { geometry: unknown }) => f.geometry === null)).toBe(true);
    const sum = body.features.reduce(
      (n: number, f: { properties: { subscribers: number } }) => n + f.properties.subscribers,
      0,
    );
    expect(sum).toBe(2_512_000);
    expect(body.features.every((f: { properties: { estimated: boolean } }) => !f.properties.estimated)).toBe(true);
    expect(body.months_reported.at(-1)).toBe('2025-06');
  });

  it("filters by a former district: today's communes formed wholly or partly from it", async () => {
    const { body } = await getJson(app, '/api/communes?district=116');
    expect(body.features.map((f: { properties: { code: string } }) => f.properties.code)).toContain('03646');
    expect(
      body.features.every((f: { properties: { former_districts: string[] } }) =>
        f.properties.former_districts.includes('116'),
      ),
    ).toBe(true);
    const old = await getJson(app, `/api/communes?district=116&${OLD}`);
    expect(old.body.features).toHaveLength(12);
  });

  it('filters by bbox through the R*Tree: a small box around Sơn La city returns only nearby communes', async () => {
    const all = await getJson(app, '/api/communes');
    const { body } = await getJson(app, '/api/communes?bbox=103.88,21.30,103.94,21.36');
    expect(body.features.length).toBeGreaterThan(0);
    expect(body.features.length).toBeLessThan(all.body.features.length / 10);
    expect(body.features.some((f: { properties: { code: string } }) => f.properties.code === '03646')).toBe(true);
    expect(
      body.features.every((f: { properties: { province_code: string } }) => f.properties.province_code === '14'),
    ).toBe(true);
  });

  it('defaults to the latest month', async () => {
    const { body } = await getJson(app, '/api/communes?province=14');
    expect(body.month).toBe(latestFullMonth());
    expect(body.features[0].properties.reported_in).toBe('2025-07-01');
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
      name: 'Phường Tô Hiệu',
      district_code: null,
      province_code: '14',
      unit_type: 'Phường',
    });
    expect(body.geometry.type).toMatch(/Polygon/);
    // Formed wholly from four wards of the former Sơn La city.
    expect(body.properties.formed_from.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['Phường Quyết Thắng', 'Phường Chiềng Lề', 'Phường Tô Hiệu']),
    );
    expect(body.properties.formed_from.every((f: { district_code: string }) => f.district_code === '116')).toBe(true);
    // The series crosses 1 July 2025: January 2024 to the latest full month, one entry a month.
    const months = body.properties.series.map((s: { month: string }) => s.month);
    expect(months[0]).toBe('2024-01');
    expect(months.at(-1)).toBe(latestFullMonth());
    expect(months).toContain('2025-06');
    expect(months).toContain('2025-07');
    const june = body.properties.series.find((s: { month: string }) => s.month === '2025-06');
    const july = body.properties.series.find((s: { month: string }) => s.month === '2025-07');
    expect(june.reported_in).toBe('2025-06-30');
    expect(july.reported_in).toBe('2025-07-01');
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
    expect(body.properties.commune_name).toBeTruthy();
    expect((await getJson(app, '/api/sites/99999999')).status).toBe(404);
    expect((await getJson(app, '/api/sites/abc')).status).toBe(400);
  });
});

describe('GET /api/summary', () => {
  it('tells the Hải Phòng story: ~2.5 M subscribers, ~12% on 2G in January, ~200,000 converted by September', async () => {
    // Told in the units of 2024: the city of Hải Phòng before it took in Hải Dương.
    const jan = (await getJson(app, `/api/summary?province=31&month=2024-01&${OLD}`)).body;
    const sep = (await getJson(app, `/api/summary?province=31&month=2024-09&${OLD}`)).body;
    expect(jan.meta.unit_set.id).toBe('2025-06-30');
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
    const { body } = await getJson(app, `/api/communes?province=31&month=2024-01&${OLD}`);
    const shares = body.features
      .map((f: { properties: { share_2g: number; district_code: string } }) => f.properties)
      .sort((a: { share_2g: number }, b: { share_2g: number }) => b.share_2g - a.share_2g)
      .slice(0, 36);
    const six = new Set(['311', '312', '313', '314', '315', '316']);
    expect(shares.every((p: { district_code: string }) => six.has(p.district_code))).toBe(true);
    expect(shares.at(-1).share_2g).toBeGreaterThan(0.2);
  });

  it('tells the Sơn La story: 96% with a smartphone in August, Sơn La city 533 → 119, VNPT 7 new and 13 upgraded', async () => {
    const aug = (await getJson(app, `/api/summary?province=14&month=2024-08&${OLD}`)).body;
    expect(aug.households).toBeGreaterThan(295_000);
    expect(aug.households).toBeLessThan(305_000);
    expect(aug.households_smartphone).toBeGreaterThan(288_400);
    expect(aug.share_smartphone).toBeGreaterThan(0.96);
    const cityJan = (await getJson(app, `/api/summary?district=116&month=2024-01&${OLD}`)).body;
    const cityAug = (await getJson(app, `/api/summary?district=116&month=2024-08&${OLD}`)).body;
    expect(cityJan.households_without_smartphone).toBe(533);
    expect(cityAug.households_without_smartphone).toBe(119);
    const vnpt = (await getJson(app, `/api/summary?province=14&operator=vnpt&month=2024-09&${OLD}`)).body;
    expect(vnpt.sites_4g_new).toBe(7);
    expect(vnpt.sites_4g_upgraded).toBe(13);
  });

  it('counts station events as the sites with such an event in the period, for every kind of place', async () => {
    // Counted here site by site from every event, whatever the query's filter: province, former district,
    // operator, the whole country, a pre-reform province; 2G and 3G as the sunset.
    const events = db
      .prepare(
        `SELECT e.site_id, e.tech, e.status, e.date, s.province_code, s.commune_code, s.operator_id
         FROM site_events e JOIN sites s ON s.id = e.site_id WHERE s.retired_at IS NULL`,
      )
      .all() as {
      site_id: number;
      tech: string;
      status: string;
      date: string;
      province_code: string;
      commune_code: string;
      operator_id: string;
    }[];
    const communesOf = (sql: string, code: string) => new Set(db.prepare(sql).pluck().all(code) as string[]);
    const formedFrom = (column: string, code: string) =>
      communesOf(
        `SELECT x.new_code FROM set_crosswalk x JOIN set_communes o ON o.set_id = x.from_set AND o.code = x.old_code
         WHERE x.from_set = '2025-06-30' AND x.to_set = '2025-07-01' AND o.${column} = ?`,
        code,
      );
    const district116 = formedFrom('district_code', '116');
    const province30 = formedFrom('province_code', '30');
    const cases: [string, (e: (typeof events)[number]) => boolean][] = [
      ['province=14&month=2026-06', (e) => e.province_code === '14'],
      ['province=31&operator=vnpt&month=2026-10', (e) => e.province_code === '31' && e.operator_id === 'vnpt'],
      ['month=2025-12', () => true],
      ['district=116&month=2026-06', (e) => district116.has(e.commune_code)],
      [`province=30&month=2024-09&${OLD}`, (e) => province30.has(e.commune_code)],
    ];
    for (const [query, inPlace] of cases) {
      for (const sunset of ['2G', '3G']) {
        const body = (await getJson(app, `/api/summary?${query}&sunset=${sunset}`)).body;
        const count = (tech: string, status: string) =>
          new Set(
            events
              .filter(
                (e) =>
                  inPlace(e) &&
                  e.tech === tech &&
                  e.status === status &&
                  e.date >= body.period.from &&
                  e.date <= body.period.to,
              )
              .map((e) => e.site_id),
          ).size;
        expect(body.sites_2g_switched_off, query).toBe(count('2G', 'switched_off'));
        expect(body.sites_3g_switched_off, query).toBe(count('3G', 'switched_off'));
        expect(body.sites_sunset_switched_off, query).toBe(count(sunset, 'switched_off'));
        expect(body.sites_4g_new, query).toBe(count('4G', 'active'));
        expect(body.sites_4g_upgraded, query).toBe(count('4G', 'upgraded'));
      }
    }
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

  it("keeps the communes' cached answers through a station write, and renews the stations'", async () => {
    const { db, app: own } = demoApp();
    const vnpt = await loginAs(own, 'vnpt');
    const communes = async () =>
      (await getJson(own, '/api/communes?province=31&month=2024-09')).body.features.find(
        (f: { properties: { code: string } }) => f.properties.code === '11311',
      ).properties.subscribers_2g as number;
    const sites = async () => (await getJson(own, '/api/sites?province=14')).body.features.length as number;
    const [c0, s0] = [await communes(), await sites()];
    // A change no revision announces: a cached answer still shows the value before it.
    db.prepare(
      "UPDATE commune_indicators SET subscribers_2g = subscribers_2g + 1 WHERE month = '2024-09' AND commune_code = '11311'",
    ).run();
    const created = await vnpt.send('/api/sites', 'POST', {
      operator: 'vnpt',
      site_code: 'CACHE-1',
      province: '14',
      position: { lat: 21.33, lon: 103.91 },
      events: [{ tech: '4G', status: 'active', date: '2024-05-01' }],
    });
    expect(created.status).toBe(201);
    expect(await sites()).toBe(s0 + 1); // the stations' answer was renewed by the write
    expect(await communes()).toBe(c0); // the communes' was not: nothing in it depends on stations
    own.revision.bump(); // what an indicator import does
    expect(await communes()).toBe(c0 + 1);
  });

  it('renews after a station write only the answers about the provinces it touched', async () => {
    const { db, app: own } = demoApp();
    const vnpt = await loginAs(own, 'vnpt');
    const month = '2025-09';
    // A commune with figures in each province: Hải Phòng, Sơn La, its neighbour Lai Châu.
    const communeOf = { '31': '10507', '14': '03646', '12': '03388' } as const;
    const figure = async (p: string) =>
      (await getJson(own, `/api/summary?province=${p}&month=${month}`)).body.subscribers_2g as number;
    const country = async () => (await getJson(own, `/api/summary?month=${month}`)).body.subscribers_2g as number;
    // Former district 116 (Sơn La city), of which 03646 was formed.
    const city = async () =>
      (await getJson(own, `/api/summary?district=116&month=${month}`)).body.subscribers_2g as number;
    const hpBox = async () =>
      (await getJson(own, '/api/sites?bbox=106.6,20.8,106.75,20.9')).body.features.find(
        (f: { properties: { site_code: string } }) => f.properties.site_code === 'HP-VNP-0001',
      ).properties.name as string;
    const clustered = async (p: string) =>
      (await getJson(own, `/api/sites/clusters?province=${p}&bbox=102,20,108,23&zoom=8`)).body.total as number;
    const clusteredWas = { '14': await clustered('14'), '31': await clustered('31') };
    const was = {
      '31': await figure('31'),
      '14': await figure('14'),
      '12': await figure('12'),
      all: await country(),
      city: await city(),
    };
    const nameWas = await hpBox();
    // Changes no revision announces: a cached answer still shows the value before them.
    const sneak = () => {
      for (const code of Object.values(communeOf))
        db.prepare(
          'UPDATE commune_indicators SET subscribers_2g = subscribers_2g + 1 WHERE month = ? AND commune_code = ?',
        ).run(month, code);
    };
    sneak();
    db.prepare("UPDATE sites SET name = 'sneaked' WHERE site_code = 'HP-VNP-0001'").run();
    // A station in Sơn La's Mường Chiên, within a footprint's reach of Lai Châu's box.
    const created = await vnpt.send('/api/sites', 'POST', {
      operator: 'vnpt',
      site_code: 'SCOPE-1',
      province: '14',
      position: { lat: 21.9134, lon: 103.5956 },
      events: [{ tech: '4G', status: 'active', date: '2024-05-01' }],
    });
    expect(created.status).toBe(201);
    expect(await figure('14')).toBe(was['14'] + 1); // the written province: renewed
    expect(await figure('12')).toBe(was['12'] + 1); // its neighbour, whose coverage the mast can reach
    expect(await country()).toBe(was.all + 3); // the whole country
    expect(await city()).toBe(was.city + 1); // a former district in it
    expect(await clustered('14')).toBe(clusteredWas['14'] + 1); // its stations' clusters
    expect(await clustered('31')).toBe(clusteredWas['31']);
    expect(await figure('31')).toBe(was['31']); // Hải Phòng's answers are kept ...
    expect(await hpBox()).toBe(nameWas); // ... its stations in a box too
    // Moved into Lai Châu: the province it left is renewed as well as the one it entered.
    sneak();
    const createdId = ((await created.json()) as { site: { id: number } }).site.id;
    const moved = await vnpt.send(`/api/sites/${createdId}`, 'PATCH', {
      province: '12',
      position: { lat: 22.3531, lon: 103.6777 },
    });
    expect(moved.status).toBe(200);
    expect(await figure('14')).toBe(was['14'] + 2);
    expect(await figure('12')).toBe(was['12'] + 2);
    expect(await city()).toBe(was.city + 2);
    expect(await clustered('14')).toBe(clusteredWas['14']);
    expect(await figure('31')).toBe(was['31']);
    // A write in Hải Phòng renews them, and keeps Sơn La's.
    sneak();
    const hp = await getJson(own, '/api/sites?province=31&operator=vnpt');
    const id = hp.body.features.find(
      (f: { properties: { site_code: string } }) => f.properties.site_code === 'HP-VNP-0005',
    ).properties.id as number;
    expect((await vnpt.send(`/api/sites/${id}`, 'PATCH', { name: 'Thuỷ Nguyên 5b' })).status).toBe(200);
    expect(await figure('31')).toBe(was['31'] + 3);
    expect(await hpBox()).toBe('sneaked');
    expect(await figure('14')).toBe(was['14'] + 2);
    expect(await city()).toBe(was.city + 2);
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
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
      const permissions = res.headers.get('permissions-policy')!;
      expect(permissions).toMatch(/camera=\(\)/);
      expect(permissions).toMatch(/geolocation=\(\)/);
      expect(permissions).toMatch(/fullscreen=\(self\)/);
    }
  });
});

describe("units_at on the endpoints that answer in today's units only", () => {
  it.each(['/api/coverage/communes?province=14', '/api/sites/clusters?bbox=103,20,105,22&zoom=8&province=14'])(
    '%s accepts today and refuses the pre-reform units with a 422 naming units_at',
    async (path) => {
      const today = await getJson(app, `${path}&units_at=2026-11-30`);
      expect(today.status).toBe(200);
      const before = await getJson(app, `${path}&units_at=2025-06-30`);
      expect(before.status).toBe(422);
      expect(before.body.error).toMatchObject({ id: 'units_not_available', field: 'units_at' });
      expect(before.body.error.message_vi).toMatch(/hiện hành/);
      const bad = await getJson(app, `${path}&units_at=2025-6-30`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('units_at');
    },
  );
});

describe('stored levels of detail', () => {
  it('serves the national view from the simplified boundaries stored at load, far smaller than full detail', async () => {
    const z7 = await app.request('/api/communes?zoom=7');
    const z10 = await app.request('/api/communes?province=14&zoom=10');
    const full = await app.request('/api/communes?province=14');
    const national = await z7.text();
    expect(JSON.parse(national).features).toHaveLength(3321);
    // The target: the whole country under 1 MB gzip.
    const { gzipSync } = await import('node:zlib');
    expect(gzipSync(national).length).toBeLessThan(1_000_000);
    expect((await z10.text()).length).toBeLessThan((await full.text()).length);
  });
});

describe('the national view', () => {
  it("gives each province's totals of a month with its outline, equal to the province summary", async () => {
    const { body } = await getJson(app, '/api/provinces?geometry=1&zoom=6&month=2024-01');
    const hp = body.features.find((f: { properties: { code: string } }) => f.properties.code === '31').properties;
    const summary = (await getJson(app, '/api/summary?province=31&month=2024-01')).body;
    expect(hp).toMatchObject({ level: 'province', month: '2024-01', subscribers: summary.subscribers });
    expect(hp.share_2g).toBeCloseTo(summary.share_2g, 4);
    // Today's Hải Phòng is the old city plus the old Hải Dương, to the subscriber.
    const old = await Promise.all(
      ['31', '30'].map(async (p) => (await getJson(app, `/api/summary?province=${p}&month=2024-01&${OLD}`)).body),
    );
    expect(hp.subscribers).toBe(old[0].subscribers + old[1].subscribers);
    const hanoi = body.features.find((f: { properties: { code: string } }) => f.properties.code === '01').properties;
    expect(hanoi.subscribers).toBeNull();
  });
});

describe('GET /api/series in the former units', () => {
  it('gives the months as reported in them, for the province of 2024', async () => {
    const { status, body } = await getJson(app, `/api/series?province=31&${OLD}`);
    expect(status).toBe(200);
    expect(body.meta.unit_set.id).toBe('2025-06-30');
    expect(body.months.map((m: { month: string }) => m.month)).toEqual(
      Array.from({ length: 18 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`),
    );
    expect(body.months[0]).toMatchObject({ subscribers: 2_512_000, subscribers_2g: 302_400 });
    expect(body.months[0].share_2g).toBeCloseTo(0.1204, 4);
    expect((await getJson(app, `/api/series?province=30&${OLD}`)).status).toBe(200);
    expect((await getJson(app, '/api/series?province=30')).status).toBe(404);
  });
});

describe('stations and search in the pre-reform units', () => {
  it('files each station under its old province and district, the commune only where the crosswalk tells', async () => {
    const old = await getJson(app, '/api/sites?province=30&units_at=2025-06-30');
    expect(old.status).toBe(200);
    expect(old.body.meta.unit_set.id).toBe('2025-06-30');
    const fs = old.body.features as { properties: Record<string, any> }[];
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) {
      expect(f.properties).toMatchObject({
        unit_set: '2025-06-30',
        province_code: '30',
        province_name: 'Tỉnh Hải Dương',
      });
      expect(f.properties.today.province_code).toBe('31');
      if (f.properties.commune_code) expect(f.properties.placed_by).toBe('crosswalk');
      else expect(f.properties.commune_candidates.length).toBeGreaterThan(1);
    }
    // Today's communes were mostly formed from several old ones: the old district is known far more often.
    expect(fs.filter((f) => f.properties.district_code !== null).length).toBeGreaterThan(fs.length / 2);
    // The old provinces went whole into today's Hải Phòng: their stations add up to today's.
    const hp = await getJson(app, '/api/sites?province=31&units_at=2025-06-30');
    const now = await getJson(app, '/api/sites?province=31');
    expect(fs.length + hp.body.features.length).toBe(now.body.features.length);
    const unknown = await getJson(app, '/api/sites?province=99&units_at=2025-06-30');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe('province');
  });

  it('exports the stations of an old province with their old units in three more columns', async () => {
    const res = await app.request('/api/sites/export?format=csv&province=30&units_at=2025-06-30');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/units-2025-06-30/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(-3)).toEqual([
      'Tỉnh (đơn vị 2025-06-30)',
      'Huyện (đơn vị 2025-06-30)',
      'Xã (đơn vị 2025-06-30)',
    ]);
    const sites = (await getJson(app, '/api/sites?province=30&units_at=2025-06-30')).body.features;
    const codes = new Set(lines.slice(1).map((l) => l.split(',')[1]));
    expect(codes.size).toBe(sites.length);
    for (const l of lines.slice(1)) expect(l).toContain('Tỉnh Hải Dương');
  });

  it('finds the old units by name, each with what it became', async () => {
    const p = await getJson(app, `/api/search?q=${encodeURIComponent('hải dương')}&units_at=2025-06-30`);
    expect(p.body.meta.unit_set.id).toBe('2025-06-30');
    expect(p.body.results[0]).toMatchObject({ type: 'province', code: '30', became: [{ code: '31' }] });
    const c = await getJson(app, `/api/search?q=${encodeURIComponent('quyết thắng')}&units_at=2025-06-30&province=14`);
    const hit = c.body.results.find((r: { type: string }) => r.type === 'commune');
    expect(hit).toMatchObject({ name: 'Phường Quyết Thắng', unit_set: '2025-06-30' });
    expect(hit.became.map((b: { code: string }) => b.code)).toContain('03646');
    expect(hit.bbox).toHaveLength(4);
  });
});

describe('the ranking in the pre-reform units', () => {
  it('ranks the old communes of a month reported in them, coverage left out and said so', async () => {
    const { status, body } = await getJson(app, '/api/coverage/ranking?province=31&units_at=2025-06-30&month=2024-09');
    expect(status).toBe(200);
    expect(body.meta.unit_set.id).toBe('2025-06-30');
    expect(body).toMatchObject({ province: '31', month: '2024-09', weights: { uncovered: 0 } });
    expect(body.formula.vi).toMatch(/không tính trong xếp hạng/);
    const top = body.communes[0];
    expect(top.rank).toBe(1);
    expect(top.uncovered_share).toBeNull();
    // The seed's story: Hải Phòng's 2G-heavy communes lie in six former districts.
    const six = ['An Dương', 'An Lão', 'Kiến Thụy', 'Tiên Lãng', 'Vĩnh Bảo', 'Thủy Nguyên'];
    expect(six.some((d) => top.district_name.includes(d))).toBe(true);
    for (let i = 1; i < body.communes.length; i++)
      expect(body.communes[i].score).toBeLessThanOrEqual(body.communes[i - 1].score);
    const coverage = await getJson(app, '/api/coverage/communes?province=31&units_at=2025-06-30');
    expect(coverage.status).toBe(422);
  });
});
