// /api/coverage/*: figures carry their provenance; an orphaned 2G site is found; a site change recomputes
// only the communes it touches; what-if reports who loses and who gains; bad input is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCoverageService } from '../../server/domain/coverage.ts';
import { demoApp, getJson, loginAs } from '../helpers.ts';
import { createStores } from '../../server/stores.ts';
import { cellToLatLng } from 'h3-js';

let ctx: ReturnType<typeof demoApp>;
const DATE = '2024-09-30';
/** A point in the middle of a 4G gap of the least covered commune of Sơn La. */
let gap: { lon: number; lat: number; commune: string };
beforeAll(async () => {
  ctx = demoApp();
  const communes = (await getJson(ctx.app, `/api/coverage/communes?province=14&date=${DATE}`)).body.communes;
  const worst = communes.reduce((a: { coverage_4g: number }, b: { coverage_4g: number }) =>
    b.coverage_4g < a.coverage_4g ? b : a,
  );
  const cells: string[] = (await getJson(ctx.app, `/api/coverage/gaps?province=14&date=${DATE}&commune=${worst.code}`))
    .body.cells;
  const [lat, lon] = cellToLatLng(cells[Math.floor(cells.length / 2)]!);
  gap = { lon, lat, commune: worst.code };
});

function addSite(
  db: ReturnType<typeof demoApp>['db'],
  code: string,
  lon: number,
  lat: number,
  events: [string, string, string, number][],
) {
  const stores = createStores(db);
  const id = stores.sites.insertSite({
    operator_id: 'vnpt',
    site_code: code,
    name: code,
    lon,
    lat,
    province_code: '14',
    commune_code: null,
    antenna_height_m: 30,
    band_mhz: 900,
    measured_radius_m: null,
    environment: 'rural',
    created_at: '2010-01-01T00:00:00Z',
  });
  for (const [tech, status, date, band] of events) {
    stores.sites.insertEvent({
      site_id: id,
      tech: tech as '2G',
      status: status as 'active',
      date,
      band_mhz: band,
      note: null,
      created_at: 'x',
    });
  }
  return id;
}

describe('GET /api/coverage/communes', () => {
  it('gives every commune a coverage share with the model, resolution, scenario and date it came from', async () => {
    const { status, body } = await getJson(ctx.app, `/api/coverage/communes?province=14&date=${DATE}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ province: '14', scenario: 'current', date: DATE, resolution: 9 });
    expect(body.model).toMatch(/Hata/);
    expect(body.spread).toMatch(/evenly/);
    expect(body.communes).toHaveLength(75);
    for (const c of body.communes) {
      expect(c.coverage_4g).toBeGreaterThanOrEqual(0);
      expect(c.coverage_4g).toBeLessThanOrEqual(1);
      // uncovered_share is rounded to 4 decimals in the answer; the count is computed before rounding.
      expect(Math.abs(c.subscribers_2g_in_gaps - c.subscribers_2g * c.uncovered_share)).toBeLessThanOrEqual(1);
      expect(Object.keys(c.provenance).sort()).toEqual(['declared', 'measured', 'modelled']);
    }
    // Sơn La's mountains leave gaps: some communes are far from full coverage.
    expect(body.communes.some((c: { coverage_4g: number }) => c.coverage_4g < 0.5)).toBe(true);
  });

  it('the planned scenario never covers less than the current one', async () => {
    const cur = (await getJson(ctx.app, `/api/coverage/communes?province=14&date=${DATE}`)).body.communes;
    const plan = (await getJson(ctx.app, `/api/coverage/communes?province=14&scenario=planned&date=${DATE}`)).body
      .communes;
    cur.forEach((c: { coverage_4g: number }, i: number) =>
      expect(plan[i].coverage_4g).toBeGreaterThanOrEqual(c.coverage_4g),
    );
  });

  it('returns 400 for a bad scenario or date and 404 for an unknown province', async () => {
    expect((await getJson(ctx.app, '/api/coverage/communes?province=14&scenario=maybe')).body.error.field).toBe(
      'scenario',
    );
    expect((await getJson(ctx.app, '/api/coverage/communes?province=14&date=2024-13-01')).body.error.field).toBe(
      'date',
    );
    expect((await getJson(ctx.app, '/api/coverage/communes?province=99')).status).toBe(404);
    expect((await getJson(ctx.app, '/api/coverage/communes')).body.error.field).toBe('province');
  });
});

describe('gaps, footprints, ranking, band flags', () => {
  it('returns the gap cells of one commune, and they are the commune’s uncovered cells', async () => {
    const communes = (await getJson(ctx.app, `/api/coverage/communes?province=14&date=${DATE}`)).body.communes;
    const partial = communes.find((c: { coverage_4g: number }) => c.coverage_4g > 0.1 && c.coverage_4g < 0.9);
    const { body } = await getJson(ctx.app, `/api/coverage/gaps?province=14&date=${DATE}&commune=${partial.code}`);
    expect(body.resolution).toBe(9);
    expect(body.cells.length).toBe(Math.round(partial.cells * partial.uncovered_share));
    expect(body.cells[0]).toMatch(/^89[0-9a-f]{13}$/);
  });

  it('returns footprints with radius, sectors and provenance', async () => {
    const { body } = await getJson(
      ctx.app,
      `/api/coverage/footprints?province=31&date=${DATE}&bbox=106.6,20.8,106.7,20.9`,
    );
    expect(body.features.length).toBeGreaterThan(10);
    const provenances = new Set(
      body.features.map((f: { properties: { provenance: string } }) => f.properties.provenance),
    );
    expect(provenances).toContain('modelled');
    expect(body.features[0].properties.radius_km).toBeGreaterThan(0);
  });

  it('ranks communes by the stated formula', async () => {
    const { body } = await getJson(ctx.app, `/api/coverage/ranking?province=14&date=${DATE}&month=2024-09`);
    expect(body.formula.en).toMatch(/0\.4 × 2G share/);
    expect(body.formula.vi).toMatch(/tỷ lệ 2G/);
    const rows = body.communes;
    const max2g = Math.max(...rows.map((r: { share_2g: number }) => r.share_2g));
    const maxNo = Math.max(...rows.map((r: { share_without_smartphone: number }) => r.share_without_smartphone));
    for (const r of rows.slice(0, 10)) {
      const expected =
        100 * (0.4 * (r.share_2g / max2g) + 0.4 * r.uncovered_share + 0.2 * (r.share_without_smartphone / maxNo));
      expect(r.score).toBeCloseTo(expected, 0);
    }
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].score).toBeGreaterThanOrEqual(rows[i].score);
    expect(rows[0].rank).toBe(1);
  });

  it('flags sites that keep only a high band when their GSM 900 goes', async () => {
    const { body } = await getJson(ctx.app, `/api/coverage/band-flags?province=31&date=${DATE}`);
    expect(body.sites.length).toBeGreaterThan(0);
    for (const s of body.sites.slice(0, 20)) {
      expect(s.low_band_mhz).toBeLessThanOrEqual(900);
      expect(s.remaining_band_mhz).toBeGreaterThan(1000);
      expect(s.area_ratio).toBeLessThan(0.5);
    }
  });
});

describe('orphaned 2G sites', () => {
  it('finds a 2G site switched off far from any 4G, and not one next to a 4G mast', async () => {
    const { db, app } = demoApp();
    // Sốp Cộp's far west edge: a GSM 900 site switched off in August with nothing near.
    const lonely = addSite(db, 'TEST-LONELY', 103.3, 20.75, [
      ['2G', 'active', '2012-01-01', 900],
      ['2G', 'switched_off', '2024-08-15', 900],
    ]);
    // A 2G site on top of a new 4G site.
    const covered = addSite(db, 'TEST-COVERED', 103.91, 21.33, [
      ['2G', 'active', '2012-01-01', 900],
      ['2G', 'switched_off', '2024-08-15', 900],
      ['4G', 'active', '2024-08-01', 1800],
    ]);
    app.revision.bump();
    const { body } = await getJson(app, `/api/coverage/orphans?province=14&date=${DATE}`);
    const ids = body.sites.map((s: { id: number }) => s.id);
    expect(ids).toContain(lonely);
    expect(ids).not.toContain(covered);
    const found = body.sites.find((s: { id: number }) => s.id === lonely);
    expect(found).toMatchObject({ status: 'switched_off', since: '2024-08-15' });
    expect(found.nearest_4g_km).toBeGreaterThan(4);
  });
});

describe('incremental recomputation', () => {
  it('a site change recomputes only the communes its footprint touches, and the figures match a full run', async () => {
    const { db, app } = demoApp();
    const before = app.coverage.communes('14', 'current', DATE);
    const id = addSite(db, 'TEST-NEW-4G', gap.lon, gap.lat, [['4G', 'active', '2024-05-01', 900]]);
    const changed = app.coverage.sitesChanged([id]).get(`14|current|${DATE}|4G`)!;
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(before.length / 4);
    const after = app.coverage.communes('14', 'current', DATE);
    const full = () => createCoverageService(app.stores).communes('14', 'current', DATE);
    // Every figure, the covering sites' provenance counts included.
    expect(after).toEqual(full());
    // Communes outside the touched set kept their figures; some touched one gained.
    const gained = after.filter((c, i) => c.covered > before[i]!.covered).map((c) => c.code);
    expect(gained.length).toBeGreaterThan(0);
    for (const code of gained) expect(changed).toContain(code);
    // A second site beside it: the same communes again, from the cells kept by the first refresh.
    const second = addSite(db, 'TEST-NEW-4G-2', gap.lon + 0.004, gap.lat, [['4G', 'active', '2024-05-01', 1800]]);
    const again = app.coverage.sitesChanged([second]).get(`14|current|${DATE}|4G`)!;
    expect(again.filter((code) => changed.includes(code)).length).toBeGreaterThan(0);
    expect(app.coverage.communes('14', 'current', DATE)).toEqual(full());
    // A third, 30 m from the second (masts that close are read on their own): two sectors, a declared
    // radius, a 3G carrier, and a 4G upgrade only after the date asked for. The 3G+4G layer of the
    // planned scenario is cached too and refreshed by the same change.
    app.coverage.communes('14', 'planned', DATE, '3G+4G');
    const third = addSite(db, 'TEST-NEW-SECTORS', gap.lon + 0.0043, gap.lat, [
      ['3G', 'active', '2024-01-01', 2100],
      ['4G', 'planned', '2024-06-01', 1800],
      ['4G', 'active', '2025-01-01', 1800],
    ]);
    app.stores.sites.insertSector(third, null, 90, 65);
    app.stores.sites.insertSector(third, '3G', 270, 65);
    app.stores.sites.setRadius(third, 2500, 'declared');
    const refreshed = app.coverage.sitesChanged([third]);
    expect(refreshed.get(`14|planned|${DATE}|3G+4G`)!.length).toBeGreaterThan(0);
    expect(app.coverage.communes('14', 'current', DATE)).toEqual(full());
    const fullPlanned = createCoverageService(app.stores).communes('14', 'planned', DATE, '3G+4G');
    expect(app.coverage.communes('14', 'planned', DATE, '3G+4G')).toEqual(fullPlanned);
    expect(fullPlanned.some((c) => c.provenance.declared > 0)).toBe(true);
  });
});

describe('stations written through the API', () => {
  it('are noted on write and all brought into the cached coverage by the next read', async () => {
    const { app } = demoApp();
    const vnpt = await loginAs(app, 'vnpt');
    const read = async () =>
      (await getJson(app, `/api/coverage/communes?province=14&date=${DATE}`)).body.communes as {
        code: string;
        coverage_4g: number;
      }[];
    const before = await read();
    for (let i = 0; i < 3; i++) {
      const res = await vnpt.send('/api/sites', 'POST', {
        operator: 'vnpt',
        site_code: `TEST-WRITTEN-${i}`,
        province: '14',
        position: { lat: gap.lat, lon: gap.lon + i * 0.01 },
        events: [{ tech: '4G', status: 'active', date: '2024-05-01', band_mhz: 900 }],
      });
      expect(res.status).toBe(201);
    }
    const after = await read();
    const full = createCoverageService(app.stores).communes('14', 'current', DATE);
    expect(after.map((c) => c.coverage_4g)).toEqual(full.map((c) => Math.round(c.coverage * 1e4) / 1e4));
    expect(after.find((c) => c.code === gap.commune)!.coverage_4g).toBeGreaterThan(
      before.find((c) => c.code === gap.commune)!.coverage_4g,
    );
  });
});

describe('coverage computed by a worker thread', () => {
  it('gives the figures computed in place', async () => {
    const { app } = demoApp();
    await app.coverage.ensure('14', 'current', DATE);
    const inPlace = createCoverageService(app.stores).communes('14', 'current', DATE);
    expect(app.coverage.communes('14', 'current', DATE)).toEqual(inPlace);
  });

  it('fills there the cells of the communes a written station reaches, before the read that brings it in', async () => {
    const { db, app } = demoApp();
    const inPlace = createCoverageService(app.stores);
    const asked: string[][] = [];
    const service = createCoverageService(app.stores, {
      compute: async (p, scenario, date) => inPlace.compute(p, scenario, date),
      grids: async (p, codes) => {
        asked.push([...codes].sort());
        return createCoverageService(app.stores).grids(p, codes);
      },
    });
    await service.ensure('14', 'current', DATE);
    service.communes('14', 'current', DATE);
    // What the station will have recomputed, from a service that fills cells itself.
    const plain = createCoverageService(app.stores);
    plain.communes('14', 'current', DATE);
    const id = addSite(db, 'TEST-GRIDS', gap.lon, gap.lat, [['4G', 'active', '2024-05-01', 900]]);
    service.sitesWritten([id]);
    const touched = plain.sitesChanged([id]).get(`14|current|${DATE}|4G`)!;
    expect(touched.length).toBeGreaterThan(0);
    await service.ensure('14', 'current', DATE);
    expect(asked).toEqual([[...touched].sort()]);
    expect(service.communes('14', 'current', DATE)).toEqual(
      createCoverageService(app.stores).communes('14', 'current', DATE),
    );
    // A second station beside the first: its communes' cells are kept, nothing is asked again.
    const beside = addSite(db, 'TEST-GRIDS-2', gap.lon + 0.002, gap.lat, [['4G', 'active', '2024-05-01', 900]]);
    service.sitesWritten([beside]);
    await service.ensure('14', 'current', DATE);
    expect(asked).toHaveLength(1);
    expect(service.communes('14', 'current', DATE)).toEqual(
      createCoverageService(app.stores).communes('14', 'current', DATE),
    );
  });

  it('fills the cells in place when the worker threads are too busy to, or fail', async () => {
    const { db, app } = demoApp();
    const inPlace = createCoverageService(app.stores);
    const never = () => new Promise<never>(() => {});
    const stopped = () => Promise.reject(new Error('the worker stopped'));
    for (const [i, grids] of [never, stopped].entries()) {
      const service = createCoverageService(app.stores, {
        compute: async (p, scenario, date) => inPlace.compute(p, scenario, date),
        grids,
      });
      await service.ensure('14', 'current', DATE);
      const id = addSite(db, `TEST-BUSY-${i}`, gap.lon + i * 0.002, gap.lat, [['4G', 'active', '2024-05-01', 900]]);
      service.sitesWritten([id]);
      // A filling that never ends is waited for a quarter of a second, not until the test gives up.
      await service.ensure('14', 'current', DATE);
      expect(service.communes('14', 'current', DATE)).toEqual(
        createCoverageService(app.stores).communes('14', 'current', DATE),
      );
    }
  });

  it('does not keep a result computed from before a station saved meanwhile', async () => {
    const { db, app } = demoApp();
    let id = 0;
    const service = createCoverageService(app.stores, {
      // The computation reads the data, then a station is saved on the request thread before it answers.
      compute: async (p, scenario, date) => {
        const before = createCoverageService(app.stores).compute(p, scenario, date);
        if (id === 0) {
          id = addSite(db, 'TEST-WHILE-COMPUTING', gap.lon, gap.lat, [['4G', 'active', '2024-05-01', 900]]);
          service.sitesChanged([id]);
        }
        return before;
      },
    });
    await service.ensure('14', 'current', DATE);
    const fresh = createCoverageService(app.stores).communes('14', 'current', DATE);
    const got = service.communes('14', 'current', DATE);
    expect(got.find((c) => c.code === gap.commune)!.covered).toBe(fresh.find((c) => c.code === gap.commune)!.covered);
    expect(got.map((c) => c.covered)).toEqual(fresh.map((c) => c.covered));
  });
});

describe('coverage under a stream of writes', () => {
  it('completes while stations are saved during every computation, and includes each of them', async () => {
    const { db, app } = demoApp();
    let calls = 0;
    const service = createCoverageService(app.stores, {
      // Every computation sees a station saved before it answers (6 carriers writing without pause did).
      compute: async (p, scenario, date) => {
        const before = createCoverageService(app.stores).compute(p, scenario, date);
        calls++;
        if (calls > 5) throw new Error('the computation never settles');
        const id = addSite(db, `TEST-STREAM-${calls}`, gap.lon + calls * 0.003, gap.lat, [
          ['4G', 'active', '2024-05-01', 900],
        ]);
        service.sitesChanged([id]);
        return before;
      },
    });
    await service.ensure('14', 'current', DATE);
    expect(calls).toBe(1); // brought up to date with the station, not computed again
    const fresh = createCoverageService(app.stores).communes('14', 'current', DATE);
    expect(service.communes('14', 'current', DATE).map((c) => c.covered)).toEqual(fresh.map((c) => c.covered));
  });
});

describe('coverage computed while many stations are saved', () => {
  it('keeps the result when more than a step of stations are saved during it, and brings them all in', async () => {
    const { db, app } = demoApp();
    let calls = 0;
    const service = createCoverageService(app.stores, {
      // The first computation of the day, slow, while carriers save 120 stations one at a time.
      compute: async (p, scenario, date) => {
        calls++;
        const before = createCoverageService(app.stores).compute(p, scenario, date);
        for (let i = 0; i < 120; i++) {
          const id = addSite(db, `TEST-MANY-${i}`, gap.lon + (i % 12) * 0.002, gap.lat + Math.floor(i / 12) * 0.002, [
            ['4G', 'active', '2024-05-01', 900],
          ]);
          service.sitesWritten([id]);
        }
        // Marks what came from this computation: a commune the stations do not reach keeps the mark.
        return { ...before, results: before.results.map((r) => ({ ...r, name: `worker:${r.name}` })) };
      },
    });
    await service.ensure('14', 'current', DATE);
    const got = service.communes('14', 'current', DATE);
    expect(calls).toBe(1);
    // Not thrown away and computed again in place: communes far from the stations are the worker's.
    expect(got.filter((c) => c.name.startsWith('worker:')).length).toBeGreaterThan(got.length / 2);
    const fresh = createCoverageService(app.stores).communes('14', 'current', DATE);
    expect(got.map((c) => c.covered)).toEqual(fresh.map((c) => c.covered));
    expect(got.find((c) => c.code === gap.commune)!.name.startsWith('worker:')).toBe(false);
  });
});

describe('POST /api/coverage/what-if', () => {
  it('adding a 4G site in a gap raises coverage and lowers 2G subscribers in gaps; nothing is saved', async () => {
    const { lon, lat } = gap;
    const sitesBefore = ctx.db.prepare('SELECT count(*) FROM sites').pluck().get();
    const res = await ctx.app.request('/api/coverage/what-if', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        province: '14',
        date: DATE,
        add_4g: [{ lon, lat, band_mhz: 900, antenna_height_m: 40, environment: 'rural' }],
      }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    const row = body.communes.find((c: { code: string }) => c.code === gap.commune);
    expect(row.coverage_4g_after).toBeGreaterThan(row.coverage_4g_before);
    expect(row.subscribers_2g_in_gaps_after).toBeLessThan(row.subscribers_2g_in_gaps_before);
    expect(body.totals.subscribers_2g_in_gaps_after).toBeLessThan(body.totals.subscribers_2g_in_gaps_before);
    // The cells the map draws: gaps the new site closes, each a gap before and within its reach.
    const gaps = new Set(
      (await getJson(ctx.app, `/api/coverage/gaps?province=14&date=${DATE}&commune=${gap.commune}`)).body.cells,
    );
    const closedHere = body.cells.closed.filter((c: string) => gaps.has(c));
    expect(closedHere.length).toBeGreaterThan(0);
    const reach = body.added_sites[0].radius_km;
    for (const cell of body.cells.closed) {
      const [clat, clon] = cellToLatLng(cell);
      const km = Math.hypot((clon - lon) * 111.32 * Math.cos((lat * Math.PI) / 180), (clat - lat) * 110.57);
      expect(km).toBeLessThan(reach + 0.5);
    }
    expect(body.cells.lost).toEqual([]);
    expect(ctx.db.prepare('SELECT count(*) FROM sites').pluck().get()).toBe(sitesBefore);
  });

  it('switching off the 2G around a 4G gap leaves its subscribers without service', async () => {
    // Every 2G site within ~25 km of the gap: GSM 900 reaches ~10 km in the countryside.
    const d = 0.25;
    const near = await getJson(
      ctx.app,
      `/api/sites?tech=2G&status=active&as_of=${DATE}&bbox=${gap.lon - d},${gap.lat - d},${gap.lon + d},${gap.lat + d}`,
    );
    const ids = near.body.features.map((f: { id: number }) => f.id);
    expect(ids.length).toBeGreaterThan(0);
    const res = await ctx.app.request('/api/coverage/what-if', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ province: '14', date: DATE, switch_off_2g: ids }),
    });
    const body = await res.json();
    expect(body.communes.length).toBeGreaterThan(0);
    expect(
      body.communes.some(
        (c: { any_service_after: number; any_service_before: number }) => c.any_service_after < c.any_service_before,
      ),
    ).toBe(true);
    expect(body.totals.subscribers_2g_losing_service).toBeGreaterThan(0);
    expect(body.cells.lost.length).toBeGreaterThan(0);
    expect(body.cells.closed).toEqual([]);
    expect(body.communes.find((c: { code: string }) => c.code === gap.commune).any_service_after).toBeLessThan(1);
  });

  it('refuses a hypothetical site outside Viet Nam or on an unknown band, naming the field', async () => {
    const post = (b: unknown) =>
      ctx.app.request('/api/coverage/what-if', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
    const outside = await post({
      province: '14',
      add_4g: [{ lon: 100, lat: 21, band_mhz: 900, antenna_height_m: 30 }],
    });
    expect(outside.status).toBe(400);
    expect((await outside.json()).error.field).toBe('add_4g.0.lon');
    const band = await post({ province: '14', add_4g: [{ lon: 104, lat: 21, band_mhz: 950, antenna_height_m: 30 }] });
    expect((await band.json()).error.field).toBe('add_4g.0.band_mhz');
    const notJson = await ctx.app.request('/api/coverage/what-if', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });
});
