// Malformed and oversized boundary files answer 422 naming the problem — never a 500, a stack overflow or
// an exhausted heap — and the server keeps answering; geometry checks cost O(n log n) and their repair is
// bounded.
import { beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import fc from 'fast-check';
import * as turf from '@turf/turf';
import type { Position } from 'geojson';
import { demoApp, loginAs } from '../helpers.ts';
import { writeShapefileZip } from '../fixtures-shapefile.ts';
import { ringCrossings } from '../../server/analysis/ring-check.ts';
import { checkGeometry } from '../../server/domain/boundary-import.ts';

type Ctx = ReturnType<typeof demoApp>;
let ctx: Ctx;
let admin: Awaited<ReturnType<typeof loginAs>>;
beforeAll(async () => {
  ctx = demoApp();
  admin = await loginAs(ctx.app, 'admin');
});

const post = (name: string, data: Uint8Array | string) => {
  const form = new FormData();
  form.append('file', new File([data as BlobPart], name));
  return ctx.app.request('/api/import/boundaries?province=14&level=commune&mode=preview', {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    body: form,
  });
};

const square: Position[][] = [
  [
    [103.9, 21.3],
    [103.91, 21.3],
    [103.91, 21.31],
    [103.9, 21.31],
    [103.9, 21.3],
  ],
];
// Written as text: JSON.stringify itself overflows the stack on 20,000 levels.
const nested =
  '{"type":"GeometryCollection","geometries":['.repeat(20_000) +
  '{"type":"Polygon","coordinates":[]}' +
  ']}'.repeat(20_000);

const MALFORMED: Record<string, [unknown, RegExp]> = {
  'a Topology with nothing in it': [{ type: 'Topology' }, /no "arcs"/],
  'features that are a number': [{ type: 'FeatureCollection', features: 5 }, /"features" is not a list/],
  'a list of null': [[null], /expected a FeatureCollection or a Topology/],
  null: [null, /expected a FeatureCollection or a Topology/],
  'a null feature': [{ type: 'FeatureCollection', features: [null] }, /feature 1 is not a GeoJSON Feature/],
  'GeometryCollections nested 20,000 deep': [
    `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":${nested}}]}`,
    /feature 1: geometry is GeometryCollection/,
  ],
  'coordinates that are a number': [
    {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: 5 } }],
    },
    /feature 1: the coordinates of its Polygon/,
  ],
  'coordinates that are text': [
    {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: null, geometry: { type: 'MultiPolygon', coordinates: [[[['a', 'b']]]] } },
      ],
    },
    /feature 1: the coordinates of its MultiPolygon/,
  ],
  'properties that are a list': [
    { type: 'FeatureCollection', features: [{ type: 'Feature', properties: [1], geometry: null }] },
    /"properties" is not an object/,
  ],
  'a Topology pointing at an arc that does not exist': [
    { type: 'Topology', arcs: [[[0, 0]]], objects: { x: { type: 'Polygon', arcs: [[99]] } } },
    /over existing arcs/,
  ],
  'a Topology whose arcs are numbers': [{ type: 'Topology', arcs: [5], objects: {} }, /an arc is not a list/],
  'a Topology with a broken transform': [
    { type: 'Topology', arcs: [], objects: {}, transform: { scale: 'x' } },
    /"transform" is malformed/,
  ],
  '100,000 features without geometry': [
    {
      type: 'FeatureCollection',
      features: Array.from({ length: 100_000 }, () => ({ type: 'Feature', properties: {}, geometry: null })),
    },
    /100,000 features, more than the 20,000/,
  ],
};

describe('malformed boundary files', () => {
  for (const [name, [doc, why]] of Object.entries(MALFORMED)) {
    it(`refuses ${name} with a 422 naming the problem`, async () => {
      const r = await post('ranh-gioi.geojson', typeof doc === 'string' ? doc : JSON.stringify(doc));
      expect(r.status).toBe(422);
      const e = (await r.json()).error;
      expect(e).toMatchObject({ id: 'unreadable_file', field: 'file' });
      expect(e.message).toMatch(why);
      expect(e.message_vi.length).toBeGreaterThan(10);
    });
  }

  it('refuses a 1 KB .dbf whose header claims 2³¹−1 records, from the header alone', async () => {
    const good = await JSZip.loadAsync(
      await writeShapefileZip([{ polygon: { type: 'Polygon', coordinates: square }, attributes: { TEN: 'A' } }], null),
    );
    const dbfName = Object.keys(good.files).find((n) => n.endsWith('.dbf'))!;
    const dbf = await good.file(dbfName)!.async('uint8array');
    new DataView(dbf.buffer, dbf.byteOffset).setUint32(4, 2 ** 31 - 1, true);
    good.file(dbfName, dbf);
    const r = await post('xa.zip', await good.generateAsync({ type: 'uint8array' }));
    expect(r.status).toBe(422);
    expect((await r.json()).error.message).toMatch(/more than the 20,000/);
    dbf.set([1, 0, 0, 0], 4); // one record… of 30,000 bytes in a small file
    new DataView(dbf.buffer, dbf.byteOffset).setUint16(10, 30_000, true);
    good.file(dbfName, dbf);
    const r2 = await post('xa.zip', await good.generateAsync({ type: 'uint8array' }));
    expect(r2.status).toBe(422);
    expect((await r2.json()).error.message).toMatch(/the \.dbf is damaged: its header claims 1 records of 30000 bytes/);
  });

  it('refuses a .shp of 30,000 empty records, and one whose record runs past the end', async () => {
    const records = 30_000;
    const shp = new Uint8Array(100 + records * 12);
    const v = new DataView(shp.buffer);
    v.setInt32(0, 9994, false);
    v.setInt32(24, shp.length / 2, false);
    v.setInt32(28, 1000, true);
    v.setInt32(32, 5, true);
    for (let i = 0; i < records; i++) {
      v.setInt32(100 + i * 12, i + 1, false);
      v.setInt32(104 + i * 12, 2, false); // 4 bytes of content: shape type 0, null
    }
    const zip = new JSZip();
    zip.file('xa.shp', shp);
    const r = await post('xa.zip', await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    expect(r.status).toBe(422);
    expect((await r.json()).error.message).toMatch(/30,000 features|20,001 features/);
    v.setInt32(104, 1_000_000, false);
    zip.file('xa.shp', shp.subarray(0, 200));
    const r2 = await post('xa.zip', await zip.generateAsync({ type: 'uint8array' }));
    expect(r2.status).toBe(422);
    expect((await r2.json()).error.message).toMatch(/record 1 runs past the end/);
    expect((await ctx.app.request('/api/meta')).status).toBe(200);
  });
});

describe('geometry checks', () => {
  // General position: no point repeated, no three on one line (where the two checks may rightly differ
  // on a degenerate ring).
  const collinear = (a: Position, b: Position, c: Position) =>
    (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!) === 0;
  const ring = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })), {
      minLength: 3,
      maxLength: 12,
    })
    .filter((pts) =>
      pts.every((a, i) => pts.every((b, j) => j <= i || pts.every((c, k) => k <= j || !collinear(a, b, c)))),
    )
    .map((pts) => [...pts, pts[0]!] as Position[]);

  it('finds a self-intersection exactly when turf kinks does, on rings in general position', () => {
    fc.assert(
      fc.property(ring, (r) => {
        const theirs = turf.kinks(turf.polygon([r])).features.length > 0;
        expect(ringCrossings([r]).crossings.length > 0).toBe(theirs);
      }),
      { numRuns: 500 },
    );
  });

  it('checks a valid 400,000-vertex circle, refuses a 1,000,000-vertex one by its size, and never repairs a star', () => {
    const circle = (n: number): Position[] => {
      const r: Position[] = [];
      for (let i = 0; i < n; i++) r.push([Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]);
      return [...r, r[0]!];
    };
    const poly = (r: Position[]) => ({
      type: 'Feature' as const,
      properties: {},
      geometry: { type: 'Polygon' as const, coordinates: [r] },
    });
    expect(checkGeometry(poly(circle(400_000)))).not.toHaveProperty('error');
    expect(checkGeometry(poly(circle(1_000_000)))).toMatchObject({
      error: expect.stringMatching(/1,000,001 vertices, more than the 500,000/),
    });
    const star: Position[] = [];
    for (let i = 0; i < 1001; i++)
      star.push([Math.cos((2 * Math.PI * i * 500) / 1001), Math.sin((2 * Math.PI * i * 500) / 1001)]);
    const s = checkGeometry(poly([...star, star[0]!]));
    expect(s).toMatchObject({ error: expect.stringMatching(/more than 50 self-intersections .* Fix geometries/) });
    const bowtie = checkGeometry(
      poly([
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
    );
    expect(bowtie).toMatchObject({ repaired: 'self-intersection at 0.50000, 0.50000 repaired' });
  });
});
