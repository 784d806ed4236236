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

/** Hải Phòng's districts (demo geometry) under the names messy real files give them. */
function messyHaiPhong(db: Ctx['db']): FeatureCollection {
  const names: Record<string, string> = {
    '303': 'Hong Bang', // no diacritics
    '304': 'Quận Ngô Quyền', // with its prefix
    '305': 'Lê Chân',
    '306': 'Q. Hải An', // abbreviated prefix
    '307': 'KIẾN AN', // capitals
    '308': '\u00D0ồ Sơn', // Ð (U+00D0) typed for Đ
    '309': 'Duong Kinh',
    '311': 'Thủy Nguyên', // new tone placement (official: Thuỷ)
    '312': 'An Duong',
    '313': 'H. An Lão',
    '314': 'Huyện Kiến Thụy',
    '315': 'Tien Lanq', // a typo: one letter off
    '316': 'Vinh Bảo', // half accented
    '317': 'Cát Hải',
  };
  const rows = createStores(db).units.districtGeometries('31');
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      geometry: JSON.parse(r.geojson),
      properties: { name: names[r.code] },
    })),
  };
}

async function plan(fc: unknown, name: string, province = '31', level: 'district' | 'commune' = 'district') {
  const file = await readBoundaryFile(new TextEncoder().encode(JSON.stringify(fc)), name);
  return planBoundaryImport(createStores(ctx.db), file, { filename: name, province, level });
}

async function post(url: string, data: Uint8Array | string, filename: string, s = admin) {
  const form = new FormData();
  form.append('file', new File([data as BlobPart], filename));
  return ctx.app.request(url, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, body: form });
}

describe('matching names to the official list', () => {
  it('matches every spelling variant to the right district, and says how', async () => {
    const p = await plan(messyHaiPhong(ctx.db), 'hp.geojson');
    expect(p.report.unmatched).toEqual([]);
    expect(p.report.matched).toBe(14);
    const by = Object.fromEntries(p.report.matches.map((m) => [m.name, m]));
    expect(by['\u00D0ồ Sơn']).toMatchObject({ code: '308', how: 'name' });
    expect(by['Thủy Nguyên']).toMatchObject({ code: '311', how: 'name' });
    expect(by['Vinh Bảo']).toMatchObject({ code: '316', how: 'name' });
    expect(by['An Duong']).toMatchObject({ code: '312', how: 'name' });
    expect(by['Huyện Kiến Thụy']).toMatchObject({ code: '314', how: 'name' });
    expect(by['Tien Lanq']).toMatchObject({ code: '315', how: 'close_spelling' });
  });

  it('matches "Muờng La" (misplaced mark) in Sơn La and codes where the file has them', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: turf.bboxPolygon([104, 21.4, 104.1, 21.5]).geometry,
          properties: { ten: 'Muờng La' },
        },
        {
          type: 'Feature',
          geometry: turf.bboxPolygon([103.8, 21.3, 103.9, 21.4]).geometry,
          properties: { ma_huyen: '116', ten: 'whatever' },
        },
      ],
    };
    const p = await plan(fc, 'sl.geojson', '14');
    expect(p.report.matches.map((m) => [m.code, m.how])).toEqual([
      ['120', 'name'],
      ['116', 'code'],
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
    const p = await plan(fc, 'c.geojson', '14', 'commune');
    expect(p.report.matched).toBe(0);
    expect(p.report.unmatched[0]!.name).toBe('Chieng X');
    expect(p.report.unmatched[0]!.candidates.length).toBeGreaterThan(1);
    expect(p.report.ok).toBe(false);
  });

  it('reports two features claiming the same unit as duplicates', async () => {
    const fc = messyHaiPhong(ctx.db);
    fc.features.push({ ...fc.features[0]!, properties: { name: 'Hồng Bàng' } });
    const p = await plan(fc, 'dup.geojson');
    expect(p.report.duplicates).toEqual([expect.objectContaining({ code: '303', names: ['Hong Bang', 'Hồng Bàng'] })]);
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
      level: 'district',
    });
    expect(p.report.matched).toBe(4);
  });

  it('reads TopoJSON', async () => {
    const topo = {
      type: 'Topology',
      objects: {
        d: {
          type: 'GeometryCollection',
          geometries: [{ type: 'Polygon', arcs: [[0]], properties: { name_vi: 'Mai Son' } }],
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
      level: 'district',
    });
    expect(p.report.matches).toEqual([expect.objectContaining({ name: 'Mai Son', code: '125' })]);
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
      '/api/import/boundaries?province=31&level=district&mode=commit',
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
    expect(r).toMatchObject({ committed: true, matched: 12, updated: 12, created: 0, kept: 192 });
    const versions = (await (await app.request('/api/boundaries/versions?province=14')).json()).versions.filter(
      (v: { level: string }) => v.level === 'commune',
    );
    expect(versions).toHaveLength(2);
    expect(versions[0].is_current).toBe(1);
    expect(versions[0].units).toBe(204);
    const now = await (await app.request('/api/communes?district=116')).json();
    const then = await (await app.request(`/api/communes?district=116&version=${versions[1].id}`)).json();
    expect(JSON.stringify(then.features[0].geometry)).toBe(JSON.stringify(old.features[0].geometry));
    expect(JSON.stringify(now.features[0].geometry)).not.toBe(JSON.stringify(old.features[0].geometry));
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE entity = 'boundary_version'").pluck().get()).toBe(1);
  });

  it('only an admin may import', async () => {
    const vnpt = await loginAs(ctx.app, 'vnpt');
    const res = await post(
      '/api/import/boundaries?province=31&level=district',
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
    const res = await post('/api/import/indicators?province=14&month=2024-10', csv('435'), 'oct.csv');
    const r = await res.json();
    expect(r).toMatchObject({ mode: 'preview', matched: 2, created: 2, ok: true });
    expect(r.matches.map((m: { how: string }) => m.how)).toEqual(['code', 'name']);
  });

  it('refuses impossible figures with the row and column', async () => {
    const r = await (await post('/api/import/indicators?province=14&month=2024-10', csv('9.999'), 'bad.csv')).json();
    expect(r.errors[0]).toMatchObject({ row: 2, column: 'Thuê bao 2G' });
    expect(r.ok).toBe(false);
  });

  it('a month imported twice keeps one value and an audit trail', async () => {
    const { app, db } = demoApp();
    const s = await loginAs(app, 'admin');
    const send = (body: string) => {
      const form = new FormData();
      form.append('file', new File([body], 'sep.csv'));
      return app.request('/api/import/indicators?province=14&month=2024-09&mode=commit', {
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
});
