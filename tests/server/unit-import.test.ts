// Bringing a department's own data: boundaries in the spellings real files use, a Shapefile in VN-2000,
// all-or-nothing writes, versioned boundaries; and a month of indicators imported twice.
import { beforeAll, describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { demoApp, loginAs } from '../helpers.ts';
import { createStores } from '../../server/stores.ts';
import { readBoundaryFile } from '../../server/domain/boundary-files.ts';
import { planBoundaryImport } from '../../server/domain/boundary-import.ts';
import { toVn2000 } from '../../server/domain/coordinates.ts';
import { localOffsetKm } from '../../common/footprint.ts';
import { vn2000Prj, writeShapefileZip } from '../fixtures-shapefile.ts';

type Ctx = ReturnType<typeof demoApp>;
let ctx: Ctx;
let admin: Awaited<ReturnType<typeof loginAs>>;
beforeAll(async () => {
  ctx = demoApp();
  admin = await loginAs(ctx.app, 'admin');
});

/** Some of Hải Phòng's communes (real boundaries) under the names messy real files give them. */
const MESSY: Record<string, string> = {
  '11311': 'Hong Bang', // no diacritics
  '11329': 'Phường Ngô Quyền', // with its prefix
  '11383': 'Lê Chân',
  '11413': 'P. Hải An', // abbreviated prefix
  '11443': 'KIẾN AN', // capitals
  '11455': '\u00D0ồ Sơn', // Ð (U+00D0) typed for Đ
  '11692': 'Duong Kinh',
  '11560': 'Thủy Nguyên', // new tone placement (official: Thuỷ)
  '11581': 'An Duong',
  '11629': 'Xã An Lão',
  '11680': 'Xã Kiến Thụy',
  '11755': 'Tien Lanq', // a typo: one letter off
  '11824': 'Vinh Bảo', // half accented
  '11914': 'Cát Hải', // Đặc khu Cát Hải, without its type
};
function messyHaiPhong(db: Ctx['db']): FeatureCollection {
  const rows = createStores(db)
    .units.communesWithGeometry({ province: '31' })
    .filter((r) => r.code in MESSY);
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      geometry: JSON.parse(r.geojson),
      properties: { name: MESSY[r.code] },
    })),
  };
}

async function plan(fc: unknown, name: string, province = '31', unitsAt: string | null = null) {
  const file = await readBoundaryFile(new TextEncoder().encode(JSON.stringify(fc)), name);
  return planBoundaryImport(createStores(ctx.db), file, { filename: name, province, level: 'commune', unitsAt });
}

async function post(url: string, data: Uint8Array | string, filename: string, s = admin) {
  const form = new FormData();
  form.append('file', new File([data as BlobPart], filename));
  return ctx.app.request(url, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, body: form });
}

describe('matching names to the official list', () => {
  it("matches every spelling variant to the right commune of today's units, and says how", async () => {
    const p = await plan(messyHaiPhong(ctx.db), 'hp.geojson');
    expect(p.report.unit_set).toBe('2025-07-01');
    expect(p.report.unmatched).toEqual([]);
    expect(p.report.matched).toBe(14);
    for (const m of p.report.matches) expect(MESSY[m.code]).toBe(m.name);
    const by = Object.fromEntries(p.report.matches.map((m) => [m.name, m]));
    expect(by['\u00D0ồ Sơn']).toMatchObject({ code: '11455', how: 'name' });
    expect(by['Thủy Nguyên']).toMatchObject({ code: '11560', how: 'name' });
    expect(by['Xã Kiến Thụy']).toMatchObject({ code: '11680', how: 'name' });
    expect(by['Tien Lanq']).toMatchObject({ code: '11755', how: 'close_spelling' });
    expect(p.report.ok).toBe(true);
  });

  it("refuses a file in the pre-reform communes imported as today's, and says how to import it", async () => {
    // The old wards of Sơn La city by their names of 2024: none of them is a unit of today.
    const old = ['Phường Quyết Thắng', 'Phường Chiềng Lề', 'Phường Quyết Tâm', 'Xã Chiềng Ngần', 'Xã Hua La'];
    const fc = {
      type: 'FeatureCollection',
      features: old.map((name, i) => ({
        type: 'Feature',
        properties: { name },
        geometry: turf.bboxPolygon([103.9 + i * 0.01, 21.3, 103.905 + i * 0.01, 21.305]).geometry,
      })),
    };
    const today = await plan(fc, 'old.geojson', '14');
    expect(today.report.ok).toBe(false);
    expect(today.report.other_set).toMatchObject({ units_at: '2025-06-30' });
    expect(today.report.other_set!.en).toMatch(/import the file with units_at=2025-06-30/);
    expect(today.report.other_set!.vi).toMatch(/units_at=2025-06-30/);
    const before = await plan(fc, 'old.geojson', '14', '2025-06-30');
    expect(before.report).toMatchObject({ unit_set: '2025-06-30', matched: 5, ok: true, other_set: null });
  });

  it('refuses district boundaries: there are no districts since 1 July 2025', async () => {
    const file = await readBoundaryFile(new TextEncoder().encode(JSON.stringify(messyHaiPhong(ctx.db))), 'd.geojson');
    expect(() =>
      planBoundaryImport(createStores(ctx.db), file, { filename: 'd.geojson', province: '31', level: 'district' }),
    ).toThrow(/no districts/);
  });

  it('matches "Muờng La" (misplaced mark) in Sơn La and codes where the file has them', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: turf.bboxPolygon([104, 21.4, 104.1, 21.5]).geometry,
          properties: { ten: 'Xã Muờng La' },
        },
        {
          type: 'Feature',
          geometry: turf.bboxPolygon([103.8, 21.3, 103.9, 21.4]).geometry,
          properties: { ma_xa: '03646', ten: 'whatever' },
        },
      ],
    };
    const p = await plan(fc, 'sl.geojson', '14');
    expect(p.report.matches.map((m) => [m.code, m.how])).toEqual([
      ['03808', 'name'],
      ['03646', 'code'],
    ]);
  });

  it('never guesses between two equally close candidates, and reports them', async () => {
    // "Xã Tân Hưng" exists in several districts? At commune level in Sơn La, a name with no match at all:
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: turf.bboxPolygon([103.9, 21.3, 103.95, 21.35]).geometry,
          properties: { name: 'Chieng X' },
        },
      ],
    };
    const p = await plan(fc, 'c.geojson', '14');
    expect(p.report.matched).toBe(0);
    expect(p.report.unmatched[0]!.name).toBe('Chieng X');
    expect(p.report.unmatched[0]!.candidates.length).toBeGreaterThan(1);
    expect(p.report.ok).toBe(false);
  });

  it('reports two features claiming the same unit as duplicates', async () => {
    const fc = messyHaiPhong(ctx.db);
    fc.features.push({ ...fc.features[0]!, properties: { name: 'Phường Hồng Bàng' } });
    const p = await plan(fc, 'dup.geojson');
    const first = String(fc.features[0]!.properties!.name);
    expect(p.report.duplicates).toEqual([
      expect.objectContaining({ code: '11311', names: [first, 'Phường Hồng Bàng'] }),
    ]);
    expect(p.report.ok).toBe(false);
  });
});

describe('boundary files', () => {
  it('a Shapefile in VN-2000 lands within 2 m of its WGS84 twin', async () => {
    const fc = messyHaiPhong(ctx.db);
    const records = fc.features.slice(0, 4).map((f) => {
      const g = f.geometry as Polygon | { type: 'MultiPolygon'; coordinates: number[][][][] };
      const poly = (g.type === 'Polygon' ? g.coordinates : g.coordinates[0]!) as number[][][];
      return {
        polygon: {
          type: 'Polygon' as const,
          coordinates: poly.map((ring) =>
            ring.map(([lon, lat]) => {
              const v = toVn2000({ lon: lon!, lat: lat! }, 105.75);
              return [v.y, v.x]; // Shapefile x = easting = VN-2000 y
            }),
          ),
        },
        twin: poly,
        attributes: { TEN: String(f.properties!.name) },
      };
    });
    const zip = await writeShapefileZip(records, vn2000Prj(105.75));
    const read = await readBoundaryFile(zip, 'hp-vn2000.zip');
    expect(read.crs).toMatch(/VN-2000.*105.75/);
    let worst = 0;
    read.features.forEach((f, i) => {
      const got = (f.geometry as Polygon).coordinates[0]!;
      records[i]!.twin[0]!.forEach((p, k) => {
        const [dx, dy] = localOffsetKm(p[0]!, p[1]!, got[k]![0]!, got[k]![1]!);
        worst = Math.max(worst, Math.hypot(dx, dy) * 1000);
      });
    });
    expect(worst).toBeLessThan(2);
    const p = planBoundaryImport(createStores(ctx.db), read, {
      filename: 'hp-vn2000.zip',
      province: '31',
      level: 'commune',
    });
    expect(p.report.matched).toBe(4);
  });

  it('reads TopoJSON', async () => {
    const topo = {
      type: 'Topology',
      objects: {
        d: {
          type: 'GeometryCollection',
          geometries: [{ type: 'Polygon', arcs: [[0]], properties: { name_vi: 'Xa Mai Son' } }],
        },
      },
      arcs: [
        [
          [104.0, 21.1],
          [104.2, 21.1],
          [104.2, 21.3],
          [104.0, 21.3],
          [104.0, 21.1],
        ],
      ],
    };
    const file = await readBoundaryFile(new TextEncoder().encode(JSON.stringify(topo)), 'sl.topojson');
    const p = planBoundaryImport(createStores(ctx.db), file, {
      filename: 'sl.topojson',
      province: '14',
      level: 'commune',
    });
    expect(p.report.matches).toEqual([expect.objectContaining({ name: 'Xa Mai Son', code: '04105' })]);
  });

  it('repairs a self-intersecting ring and says so', async () => {
    const bowtie: Feature = {
      type: 'Feature',
      properties: { name: 'Lê Chân' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [106.66, 20.83],
            [106.69, 20.86],
            [106.69, 20.83],
            [106.66, 20.86],
            [106.66, 20.83],
          ],
        ],
      },
    };
    const p = await plan({ type: 'FeatureCollection', features: [bowtie] }, 'bow.geojson');
    expect(p.report.repaired).toHaveLength(1);
    expect(p.report.repaired[0]!.reason).toMatch(/self-intersection/);
    expect(p.report.invalid).toEqual([]);
  });
});

describe('committing boundaries', () => {
  it('a file with one broken feature writes nothing', async () => {
    const fc = messyHaiPhong(ctx.db);
    (fc.features[3]!.geometry as Polygon) = {
      type: 'Polygon',
      coordinates: [
        [
          [106.7, 20.8],
          [106.71, 20.8],
          [106.7, 20.8],
        ],
      ],
    };
    const versions = ctx.db.prepare('SELECT count(*) FROM boundary_versions').pluck().get();
    const geoms = ctx.db.prepare('SELECT count(*) FROM unit_geometries').pluck().get();
    const res = await post(
      '/api/import/boundaries?province=31&level=commune&mode=commit',
      JSON.stringify(fc),
      'broken.geojson',
    );
    expect(res.status).toBe(422);
    expect((await res.json()).error.id).toBe('import_refused');
    expect(ctx.db.prepare('SELECT count(*) FROM boundary_versions').pluck().get()).toBe(versions);
    expect(ctx.db.prepare('SELECT count(*) FROM unit_geometries').pluck().get()).toBe(geoms);
  });

  it('an import makes a new version; the old one stays queryable', async () => {
    const { app, db } = demoApp();
    const s = await loginAs(app, 'admin');
    const old = await (await app.request('/api/communes?district=116')).json();
    // Shift Sơn La city's communes 100 m east and import them as a new commune-level version.
    const fc = {
      type: 'FeatureCollection',
      features: old.features.map((f: Feature<Polygon>) => ({
        type: 'Feature',
        properties: { name: (f.properties as { name: string }).name },
        geometry: turf.transformTranslate(f as Feature<Polygon>, 0.1, 90).geometry,
      })),
    };
    const form = new FormData();
    form.append('file', new File([JSON.stringify(fc)], 'son-la-city.geojson'));
    const res = await app.request('/api/import/boundaries?province=14&level=commune&mode=commit', {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: form,
    });
    const r = await res.json();
    expect(res.status).toBe(200);
    expect(r).toMatchObject({ committed: true, matched: 4, updated: 4, created: 0, kept: 71, unit_set: '2025-07-01' });
    const versions = (await (await app.request('/api/boundaries/versions?province=14')).json()).versions.filter(
      (v: { level: string }) => v.level === 'commune',
    );
    expect(versions).toHaveLength(2);
    expect(versions[0].is_current).toBe(1);
    expect(versions[0].units).toBe(75);
    const now = await (await app.request('/api/communes?district=116')).json();
    const then = await (await app.request(`/api/communes?district=116&version=${versions[1].id}`)).json();
    expect(JSON.stringify(then.features[0].geometry)).toBe(JSON.stringify(old.features[0].geometry));
    expect(JSON.stringify(now.features[0].geometry)).not.toBe(JSON.stringify(old.features[0].geometry));
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE entity = 'boundary_version'").pluck().get()).toBe(1);
  });

  it('only an admin may import', async () => {
    const vnpt = await loginAs(ctx.app, 'vnpt');
    const res = await post(
      '/api/import/boundaries?province=31&level=commune',
      JSON.stringify(messyHaiPhong(ctx.db)),
      'x.geojson',
      vnpt,
    );
    expect(res.status).toBe(403);
  });
});

describe('monthly indicators', () => {
  const csv = (subs2g: string) =>
    [
      'Mã xã;Tên xã;Huyện;Tổng số thuê bao;Thuê bao 2G;Số hộ;Hộ có điện thoại thông minh',
      `03646;Phường Chiềng Lề;Thành phố Sơn La;7.046;${subs2g};1.956;1.949`,
      ';Xa Chieng Ngam;Huyen Thuan Chau;12.345;2.500;3.000;2.700',
    ].join('\n');

  it('reads Vietnamese headers and "7.046"-style numbers, matches by code or by name', async () => {
    // A report of October 2024, in the communes of its time.
    const res = await post(
      '/api/import/indicators?province=14&month=2024-10&units_at=2024-10-31',
      csv('435'),
      'oct.csv',
    );
    const r = await res.json();
    expect(r).toMatchObject({ mode: 'preview', matched: 2, updated: 2, ok: true, unit_set: '2025-06-30' });
    expect(r.matches.map((m: { how: string }) => m.how)).toEqual(['code', 'name']);
  });

  it('refuses impossible figures with the row and column', async () => {
    const r = await (
      await post('/api/import/indicators?province=14&month=2024-10&units_at=2025-06-30', csv('9.999'), 'bad.csv')
    ).json();
    expect(r.errors[0]).toMatchObject({ row: 2, column: 'Thuê bao 2G' });
    expect(r.ok).toBe(false);
  });

  it('a month imported twice keeps one value and an audit trail', async () => {
    const { app, db } = demoApp();
    const s = await loginAs(app, 'admin');
    const send = (body: string) => {
      const form = new FormData();
      form.append('file', new File([body], 'sep.csv'));
      return app.request('/api/import/indicators?province=14&month=2024-09&mode=commit&units_at=2025-06-30', {
        method: 'POST',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        body: form,
      });
    };
    expect((await send(csv('400'))).status).toBe(200);
    expect((await send(csv('380'))).status).toBe(200);
    const rows = db
      .prepare("SELECT subscribers_2g FROM commune_indicators WHERE commune_code = '03646' AND month = '2024-09'")
      .pluck()
      .all();
    expect(rows).toEqual([380]);
    const history = db
      .prepare(
        "SELECT subscribers_2g FROM commune_indicator_history WHERE commune_code = '03646' AND month = '2024-09' ORDER BY id",
      )
      .pluck()
      .all();
    expect(history).toEqual([expect.any(Number), 400]);
    const audit = db
      .prepare(
        "SELECT before_json, after_json FROM audit_log WHERE entity = 'indicators' AND entity_id = '03646:2024-09' ORDER BY id",
      )
      .all() as { before_json: string; after_json: string }[];
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1]!.before_json).subscribers_2g).toBe(400);
    expect(JSON.parse(audit[1]!.after_json).subscribers_2g).toBe(380);
    // Other months are untouched.
    expect(db.prepare("SELECT count(*) FROM commune_indicator_history WHERE month != '2024-09'").pluck().get()).toBe(0);
  });

  it('follows a 2024-09 code through the bridge where the change record says, and says why where it cannot', async () => {
    const file = [
      'Mã xã;Tên xã;Tổng số thuê bao;Thuê bao 2G;Số hộ;Hộ có điện thoại thông minh',
      // Xã Quỳnh Bảo (Thái Bình) was merged into 12577 between 2024-09 and 2024-11.
      '12556;Xã Quỳnh Bảo;5.000;500;1.500;1.200',
    ].join('\n');
    const r = await (
      await post('/api/import/indicators?province=34&month=2024-10&units_at=2025-06-30', file, 'tb.csv')
    ).json();
    expect(r.matches).toEqual([expect.objectContaining({ code: '12577', how: 'bridge' })]);
    expect(r.matches[0].note).toMatch(/merged into .*12577/);
    // Two 2024-09 communes merged into one since: their rows are its parts, added up — not duplicates.
    const merged = [
      'Mã xã;Tên xã;Tổng số thuê bao;Thuê bao 2G;Số hộ;Hộ có điện thoại thông minh',
      '12556;Xã Quỳnh Bảo;5.000;500;1.500;1.200',
      '12568;Xã Quỳnh Xá;3.000;300;900;700',
    ].join('\n');
    const m = await (
      await post('/api/import/indicators?province=34&month=2024-10&units_at=2025-06-30', merged, 'tb2.csv')
    ).json();
    expect(m).toMatchObject({ ok: true, matched: 1, duplicates: [], summed: [{ code: '12577', rows: [2, 3] }] });
    expect(m.summed[0].from.sort()).toEqual(['12556', '12568']);
    const written = await post(
      '/api/import/indicators?province=34&month=2024-10&units_at=2025-06-30&mode=commit',
      merged,
      'tb2.csv',
    );
    expect(written.status).toBe(200);
    const row = ctx.db
      .prepare(
        "SELECT subscribers, subscribers_2g FROM commune_indicators WHERE unit_set = '2025-06-30' AND commune_code = '12577' AND month = '2024-10'",
      )
      .get();
    expect(row).toEqual({ subscribers: 8000, subscribers_2g: 800 });
    // The same code twice is still a duplicate.
    const twice = [
      'Mã xã;Tên xã;Tổng số thuê bao;Thuê bao 2G;Số hộ;Hộ có điện thoại thông minh',
      '12556;Xã Quỳnh Bảo;5.000;500;1.500;1.200',
      '12556;Xã Quỳnh Bảo;5.000;500;1.500;1.200',
    ].join('\n');
    const t = await (
      await post('/api/import/indicators?province=34&month=2024-10&units_at=2025-06-30', twice, 'tb3.csv')
    ).json();
    expect(t.ok).toBe(false);
    expect(t.duplicates).toEqual([{ code: '12577', rows: [2, 3] }]);
    const unresolved = [
      'Mã xã;Tên xã;Tổng số thuê bao;Thuê bao 2G;Số hộ;Hộ có điện thoại thông minh',
      // Xã Chiềng Ly (Sơn La): merged between 2024-11 and 2025-06; no shipped table says into what.
      '03751;Xã Chiềng Ly X;5.000;500;1.500;1.200',
    ].join('\n');
    const u = await (
      await post('/api/import/indicators?province=14&month=2024-10&units_at=2025-06-30', unresolved, 'sl.csv')
    ).json();
    expect(u.ok).toBe(false);
    expect(u.unmatched[0]).toMatchObject({ row: 2 });
    expect(u.unmatched[0].reason).toMatch(/03751.*no shipped table covers/);
    expect(u.unmatched[0].reason_vi).toMatch(/03751/);
  });

  it("refuses a pre-reform file imported in today's units, with the way out, and writes nothing", async () => {
    const { app, db } = demoApp();
    const s = await loginAs(app, 'admin');
    const rows = db.prepare('SELECT count(*) FROM commune_indicators').pluck().get();
    const old = ['Mã xã;Tên xã;Tổng số thuê bao;Thuê bao 2G;Số hộ;Hộ có điện thoại thông minh']
      .concat(['Phường Quyết Thắng', 'Phường Chiềng Lề', 'Phường Quyết Tâm'].map((n) => `;${n};7.046;100;1.956;1.949`))
      .join('\n');
    const form = new FormData();
    form.append('file', new File([old], 'old.csv'));
    const res = await app.request('/api/import/indicators?province=14&month=2026-11&mode=commit', {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: form,
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.message).toMatch(/units_at=2025-06-30/);
    expect(body.error.message_vi).toMatch(/units_at=2025-06-30/);
    expect(db.prepare('SELECT count(*) FROM commune_indicators').pluck().get()).toBe(rows);
  });

  it("a month in today's units is stored in them and read back exactly", async () => {
    const { app, db } = demoApp();
    const s = await loginAs(app, 'admin');
    const today = [
      'Mã xã;Tên xã;Tổng số thuê bao;Thuê bao 2G;Số hộ;Hộ có điện thoại thông minh',
      ';Phường Tô Hiệu;50.000;0;12.000;11.990',
    ].join('\n');
    const form = new FormData();
    form.append('file', new File([today], 'nov.csv'));
    const res = await app.request('/api/import/indicators?province=14&month=2026-11&mode=commit', {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ unit_set: '2025-07-01', matched: 1 });
    const stored = db
      .prepare(
        "SELECT unit_set, subscribers FROM commune_indicators WHERE commune_code = '03646' AND month = '2026-11'",
      )
      .all();
    expect(stored).toEqual([{ unit_set: '2025-07-01', subscribers: 50_000 }]);
    const detail = await (await app.request('/api/communes/03646')).json();
    expect(detail.properties.series.at(-1)).toMatchObject({
      month: '2026-11',
      subscribers: 50_000,
      reported_in: '2025-07-01',
      estimated: false,
    });
  });
});
