// Open in any GIS: a real server on a free port, read by GDAL (Debian's gdal-bin, as QGIS reads it) —
// the OAPIF driver lists and pages OGC API – Features, the MVT driver decodes vector tiles, the GPKG and
// KML drivers open the downloads — and the /ogc OpenAPI document validated by swagger-parser.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import SwaggerParser from '@apidevtools/swagger-parser';
import { XMLParser } from 'fast-xml-parser';
import { SHARE_BREAKS, YL_OR_RD, CATEGORY_COLORS } from '../../common/palette.ts';
import { createApp } from '../../server/app.ts';
import { demoDb, scratchDir } from '../helpers.ts';

const exec = promisify(execFile);
/** A GDAL command; asynchronous, so the server in this same process keeps answering it. */
const gdal = async (cmd: string, ...args: string[]) =>
  (await exec(cmd, args, { maxBuffer: 256 * 1024 * 1024, timeout: 120_000, env: { ...process.env, CPL_DEBUG: 'OFF' } }))
    .stdout;

let app: ReturnType<typeof createApp>;
let server: ServerType;
let base: string;
const dir = scratchDir('gis');
/** Item pages the server answered (GDAL's paging is counted, not assumed). */
const itemPages: string[] = [];

beforeAll(async () => {
  app = createApp(demoDb());
  server = await new Promise((resolve) => {
    const s = serve(
      {
        fetch: (req: Request) => {
          if (/\/ogc\/collections\/[^/]+\/items(\?|$)/.test(req.url)) itemPages.push(req.url);
          return app.fetch(req);
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(s),
    );
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await app.pool.close();
});

const json = async (path: string) => {
  const res = await fetch(base + path);
  return { status: res.status, body: await res.json(), headers: res.headers };
};
const featureCount = (ogrinfo: string) => Number(/Feature Count: (\d+)/.exec(ogrinfo)?.[1]);
/** The tile of zoom z holding a point (Web Mercator XYZ). */
const tileAt = (lon: number, lat: number, z: number) => {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  };
};

describe('OGC API – Features', () => {
  it('is listed by GDAL’s OAPIF driver: every collection', async () => {
    const out = await gdal('ogrinfo', '-ro', '-q', `OAPIF:${base}/ogc`);
    for (const id of ['communes', 'sites', 'gaps', 'footprints', 'communes-2025-06-30'])
      expect(out).toMatch(new RegExp(`^\\d+: ${id}( |$)`, 'm'));
  });

  it('is copied whole by ogr2ogr: 3,321 communes through several pages, in WGS 84', async () => {
    const { body } = await json('/ogc/collections/communes/items?limit=1');
    expect(body.numberMatched).toBe(3321);
    const out = join(dir, 'communes.gpkg');
    const before = itemPages.length;
    await gdal('ogr2ogr', '-f', 'GPKG', '-nlt', 'PROMOTE_TO_MULTI', out, `OAPIF:${base}/ogc`, 'communes');
    expect(itemPages.length - before).toBeGreaterThan(1);
    const info = await gdal('ogrinfo', '-ro', '-so', out, 'communes');
    expect(featureCount(info)).toBe(3321);
    expect(info).toMatch(/ID\["EPSG",4326\]/);
    const code = (await json('/ogc/collections/communes/items?province_code=14&limit=1')).body.features[0].id;
    const feature = await gdal('ogrinfo', '-ro', '-q', out, 'communes', '-where', `code = '${code}'`);
    expect(feature).toMatch(/name \(String\) = (Xã|Phường) \S/);
    expect(feature).toMatch(/province_code \(String\) = 14/);
    expect(feature).toMatch(/MULTIPOLYGON/);
  });

  it('pages with next links, numberMatched and numberReturned, and caps the limit', async () => {
    const first = (await json('/ogc/collections/communes/items?limit=1000')).body;
    expect(first.numberReturned).toBe(first.features.length);
    const next = first.links.find((l: { rel: string }) => l.rel === 'next');
    expect(next.href).toContain('offset=1000');
    const all = (await json('/ogc/collections/communes/items?limit=100000')).body;
    expect(all.links.find((l: { rel: string }) => l.rel === 'self').href).toContain('limit=10000');
    expect(all.numberReturned).toBe(3321);
    const sonLa = (await json('/ogc/collections/communes/items?province_code=14&limit=20')).body;
    expect(sonLa.numberMatched).toBeGreaterThan(20);
    const page2 = (
      await json(
        new URL(sonLa.links.find((l: { rel: string }) => l.rel === 'next').href).pathname +
          new URL(sonLa.links.find((l: { rel: string }) => l.rel === 'next').href).search,
      )
    ).body;
    expect(page2.features[0].id).not.toBe(sonLa.features[0].id);
    expect(
      page2.features.every((f: { properties: { province_code: string } }) => f.properties.province_code === '14'),
    ).toBe(true);
  });

  it('pages and filters communes in code order, each page the same as the whole answer cut there', async () => {
    type Item = { id: string; geometry: GeoJSON.Geometry; properties: { unit_type: string; province_code: string } };
    const all = (await json('/ogc/collections/communes/items?limit=10000')).body.features as Item[];
    const ids = all.map((f) => f.id);
    expect(ids).toEqual([...ids].sort());
    // Pages of 97 from several offsets, as a GIS walks them.
    for (const offset of [0, 97, 1940, 3298]) {
      const page = (await json(`/ogc/collections/communes/items?limit=97&offset=${offset}`)).body;
      expect(page.numberMatched).toBe(3321);
      expect(page.features.map((f: Item) => f.id)).toEqual(ids.slice(offset, offset + 97));
    }
    // Property filters: the unit type alone; a code with its own province, and with another (none).
    const wards = (await json('/ogc/collections/communes/items?unit_type=Ph%C6%B0%E1%BB%9Dng&limit=10000')).body;
    const expectedWards = all.filter((f) => f.properties.unit_type === 'Phường').map((f) => f.id);
    expect(expectedWards.length).toBeGreaterThan(100);
    expect(wards.numberMatched).toBe(expectedWards.length);
    expect(wards.features.map((f: Item) => f.id)).toEqual(expectedWards);
    const one = all.find((f) => f.properties.province_code === '31')!;
    const byCode = (await json(`/ogc/collections/communes/items?code=${one.id}&province_code=31`)).body;
    expect(byCode.features.map((f: Item) => f.id)).toEqual([one.id]);
    expect((await json(`/ogc/collections/communes/items?code=${one.id}&province_code=14`)).body.numberMatched).toBe(0);
    // A bbox keeps the communes whose extent meets it.
    const box = [106.5, 20.7, 106.8, 20.9] as const;
    const meets = (g: GeoJSON.Geometry) => {
      const xy = (g.type === 'Polygon' ? [g.coordinates] : (g as GeoJSON.MultiPolygon).coordinates).flat(2);
      const xs = xy.map((p) => p[0]!);
      const ys = xy.map((p) => p[1]!);
      return (
        Math.max(...xs) >= box[0] && Math.min(...xs) <= box[2] && Math.max(...ys) >= box[1] && Math.min(...ys) <= box[3]
      );
    };
    const inBox = (await json(`/ogc/collections/communes/items?bbox=${box.join(',')}&limit=10000`)).body;
    const expectedInBox = all.filter((f) => meets(f.geometry)).map((f) => f.id);
    expect(expectedInBox.length).toBeGreaterThan(10);
    expect(inBox.features.map((f: Item) => f.id)).toEqual(expectedInBox);
  });

  it('answers a bad parameter with 400 and an exception naming it', async () => {
    for (const [query, parameter] of [
      ['bbox=1,2,3', 'bbox'],
      ['limit=0', 'limit'],
      ['offset=-1', 'offset'],
      ['datetime=yesterday', 'datetime'],
      ['colour=red', 'colour'],
      ['unit_type=Town', 'unit_type'],
    ]) {
      const { status, body } = await json(`/ogc/collections/communes/items?${query}`);
      expect(status, query).toBe(400);
      expect(body).toMatchObject({ code: 'InvalidParameterValue', parameter });
      expect(body.description_vi).toBeTruthy();
    }
    expect((await json('/ogc/collections/nowhere/items')).status).toBe(404);
    expect((await json('/ogc/collections/communes/items/99999999')).status).toBe(404);
  });

  it('finds one feature by id, with the figures of the month asked for', async () => {
    const { body: list } = await json('/ogc/collections/communes/items?province_code=14&limit=1');
    const id = list.features[0].id;
    const { status, body } = await json(`/ogc/collections/communes/items/${id}?datetime=2024-09-30`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ type: 'Feature', id, properties: { code: id, month: '2024-09' } });
  });

  it('describes itself in an OpenAPI 3.0 document that validates', async () => {
    const { body } = await json('/ogc/api');
    expect(body.openapi).toMatch(/^3\.0\./);
    await expect(SwaggerParser.validate(body)).resolves.toBeTruthy();
  });
});

describe('vector tiles', () => {
  it('decode in GDAL’s MVT driver: the communes of Sơn La with their figures', async () => {
    const { x, y } = tileAt(103.91, 21.33, 8);
    const out = await gdal(
      'ogrinfo',
      '-ro',
      '-al',
      '-q',
      `MVT:${base}/tiles/communes/8/${x}/${y}.mvt?datetime=2024-09-30`,
    );
    expect(out).toMatch(/province_code \(String\) = 14/);
    expect(out).toMatch(/month \(String\) = 2024-09/);
    expect(out).toMatch(/share_2g \(Real\) = 0\.\d*[1-9]/);
    expect(out).toMatch(/name \(String\) = (Xã|Phường) \S/);
    const sites = await gdal('ogrinfo', '-ro', '-so', `MVT:${base}/tiles/sites/8/${x}/${y}.mvt`, 'sites');
    expect(featureCount(sites)).toBeGreaterThan(0);
  });

  it('are described by TileJSON and kept per data revision with an ETag', async () => {
    const { body } = await json('/tiles/communes.json?sunset=3G');
    expect(body).toMatchObject({ tilejson: '3.0.0', minzoom: 4, vector_layers: [{ id: 'communes' }] });
    expect(body.tiles[0]).toMatch(/\/tiles\/communes\/\{z\}\/\{x\}\/\{y\}\.mvt\?sunset=3G$/);
    const { x, y } = tileAt(106.68, 20.86, 9);
    const first = await fetch(`${base}/tiles/communes/9/${x}/${y}.mvt`);
    expect(first.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await fetch(`${base}/tiles/communes/9/${x}/${y}.mvt`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await json('/tiles/communes/2/1/1.mvt')).body).toMatchObject({ parameter: 'z' });
    expect((await json('/tiles/communes/9/9999/1.mvt')).body).toMatchObject({ parameter: 'x' });
    expect((await json('/tiles/roads.json')).status).toBe(404);
  });

  it('a tile the map cancelled is not logged as a fault of the server; asked again, it is drawn', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { x, y } = tileAt(103.91, 21.33, 10);
      const cancelled = new AbortController();
      cancelled.abort();
      await app.request(`/tiles/sites/10/${x}/${y}.mvt?datetime=2024-02-01`, { signal: cancelled.signal });
      expect(logged).not.toHaveBeenCalled();
      // Not cancelled, the same tile is drawn.
      const res = await app.request(`/tiles/sites/10/${x}/${y}.mvt?datetime=2024-02-01`);
      expect(res.status).toBe(200);
    } finally {
      logged.mockRestore();
    }
  });
});

describe('downloads', () => {
  const save = async (path: string, name: string) => {
    const res = await fetch(base + path);
    expect(res.status, path).toBe(200);
    const file = join(dir, name);
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    return { file, disposition: res.headers.get('content-disposition') };
  };

  it('a GeoPackage of every commune opens with its count, attributes and CRS', async () => {
    const { file, disposition } = await save('/downloads/communes.gpkg?datetime=2024-09-30', 'dl-communes.gpkg');
    expect(disposition).toContain('phusong-communes-2024-09.gpkg');
    const info = await gdal('ogrinfo', '-ro', '-so', file, 'communes');
    expect(featureCount(info)).toBe(3321);
    expect(info).toMatch(/ID\["EPSG",4326\]/);
    expect(info).toMatch(/Geometry: Multi Polygon/);
    expect(info).toMatch(/share_2g: Real/);
    expect(info).toMatch(/subscribers: Integer64/);
    expect(info).toMatch(/Số liệu tháng 9\/2024/);
  });

  it('the filtered sites as a GeoPackage hold what the OGC items match', async () => {
    const filter = 'province_code=31&operator=viettel&datetime=2025-01-01';
    const { body } = await json(`/ogc/collections/sites/items?${filter}&limit=1`);
    const { file } = await save(`/downloads/sites.gpkg?${filter}`, 'dl-sites.gpkg');
    const info = await gdal('ogrinfo', '-ro', '-so', file, 'sites');
    expect(featureCount(info)).toBe(body.numberMatched);
    expect(info).toMatch(/Geometry: Point/);
    // With its R-tree index, as QGIS and GDAL look for it.
    expect(await gdal('ogrinfo', '-ro', '-q', file, '-sql', "SELECT HasSpatialIndex('sites', 'geom')")).toMatch(
      /= 1\b/,
    );
    const near = await gdal('ogrinfo', '-ro', '-so', file, 'sites', '-spat', '106.6', '20.8', '106.75', '20.9');
    expect(featureCount(near)).toBeGreaterThan(0);
    expect(featureCount(near)).toBeLessThan(body.numberMatched);
    expect(await gdal('ogrinfo', '-ro', '-q', file, 'sites', '-fid', '1')).toMatch(/operator \(String\) = viettel/);
  });

  it('the communes before the reform download as a table of a past month', async () => {
    const { file } = await save('/downloads/communes-2025-06-30.gpkg?province_code=01', 'dl-old.gpkg');
    const info = await gdal('ogrinfo', '-ro', '-so', file, 'communes_2025_06_30');
    expect(info).toMatch(/Geometry: None/);
    expect(featureCount(info)).toBeGreaterThan(100);
  });

  it('KML for Google Earth opens in GDAL with every commune of the province', async () => {
    const { body } = await json('/ogc/collections/communes/items?province_code=14&limit=1');
    const { file } = await save('/downloads/communes.kml?province_code=14', 'dl-sonla.kml');
    const info = await gdal('ogrinfo', '-ro', '-so', '-al', file);
    expect(featureCount(info)).toBe(body.numberMatched);
    expect((await json('/downloads/communes-2025-06-30.kml')).body).toMatchObject({ parameter: 'f' });
    expect((await json('/downloads/communes.gpkg?limit=5')).body).toMatchObject({ parameter: 'limit' });
  });
});

describe('"Mở trong QGIS"', () => {
  const rgba = (hex: string) => {
    const n = parseInt(hex.slice(1), 16);
    return `${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},255`;
  };

  it('is a project whose layers open in a GIS, styled in the page’s classes and colours, over the province', async () => {
    const res = await fetch(`${base}/downloads/phusong.qgs?province_code=14&sunset=3G`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('phusong-14.qgs');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await res.text());
    const layers = doc.qgis.projectlayers.maplayer as {
      type: string;
      datasource: string;
      provider: { '#text': string };
      'renderer-v2'?: {
        attr: string;
        ranges?: { range: { lower: string; upper: string; symbol: string }[] };
        symbols: { symbol: { name: string; layer: { Option: { Option: { name: string; value: string }[] } } }[] };
        categories?: { category: { value: string; symbol: string }[] };
      };
      renderer?: {
        styles: {
          style: {
            expression: string;
            symbols: { symbol: { layer: { Option: { Option: { name: string; value: string }[] } } } };
          }[];
        };
      };
    }[];
    const color = (sym: { layer: { Option: { Option: { name: string; value: string }[] } } }) =>
      sym.layer.Option.Option.find((o) => o.name === 'color')!.value;

    // Every OGC API layer names a collection GDAL opens at the project's URL.
    const oapif = layers.filter((l) => l.provider['#text'] === 'OAPIF');
    expect(oapif.length).toBe(2);
    for (const l of oapif) {
      const url = /url='([^']+)'/.exec(l.datasource)![1]!;
      const typename = /typename='([^']+)'/.exec(l.datasource)![1]!;
      expect(url).toBe(`${base}/ogc`);
      expect(await gdal('ogrinfo', '-ro', '-q', `OAPIF:${url}`)).toMatch(new RegExp(`^\\d+: ${typename}( |$)`, 'm'));
    }
    // Every vector tile layer's template answers a tile over Sơn La, its sunset kept.
    const tiles = layers.filter((l) => l.type === 'vector-tile');
    expect(tiles.map((l) => l.provider['#text'])).toEqual(['xyzvectortiles', 'xyzvectortiles']);
    for (const l of tiles) {
      const template = decodeURIComponent(/url=(\S+?)&zmax/.exec(l.datasource)![1]!);
      const z = Number(/zmin=(\d+)/.exec(l.datasource)![1]) + 2;
      const { x, y } = tileAt(103.91, 21.33, z);
      const tile = await fetch(template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
      expect(tile.status, template).toBe(200);
    }
    expect(tiles[0]!.datasource).toContain('sunset%3D3G');

    // The communes in the page's five classes of the sunset share and its colours.
    const choropleth = tiles[0]!.renderer!.styles.style.slice(1);
    expect(choropleth.map((s) => color(s.symbols.symbol))).toEqual(YL_OR_RD.map(rgba));
    expect(choropleth[1]!.expression).toBe(
      `"share_sunset" >= ${SHARE_BREAKS.share_sunset[0]} AND "share_sunset" < ${SHARE_BREAKS.share_sunset[1]}`,
    );
    const graduated = oapif.find((l) => l['renderer-v2']!.attr === 'share_2g')!['renderer-v2']!;
    expect(graduated.ranges!.range.map((r) => Number(r.lower)).slice(1)).toEqual([...SHARE_BREAKS.share_sunset]);
    // Sites by category in the page's colours.
    const sites = oapif.find((l) => l['renderer-v2']!.attr === 'category')!['renderer-v2']!;
    for (const c of sites.categories!.category) {
      const sym = sites.symbols.symbol.find((s) => s.name === c.symbol)!;
      expect(color(sym), c.value).toBe(rgba(CATEGORY_COLORS[c.value as keyof typeof CATEGORY_COLORS]));
    }
    // Opened over Sơn La (Web Mercator metres around 104° E, 21° N).
    const ext = doc.qgis.mapcanvas.extent;
    expect(Number(ext.xmin)).toBeLessThan(11_570_000);
    expect(Number(ext.xmax)).toBeGreaterThan(11_570_000);
    expect(Number(ext.ymin)).toBeLessThan(2_430_000);
    expect(Number(ext.ymax)).toBeGreaterThan(2_430_000);
  });
});
