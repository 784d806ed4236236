// Vector tile benchmark on the national-scale synthetic set (100,000 sites, the real 3,321 communes):
// at zoom 5, 8 and 12, the tiles over the country (z5), over Hải Phòng and Sơn La (z8) and around Hải
// Phòng's centre and rural Sơn La (z12), for communes, sites (from z8) and gap cells (from z10) — each tile's bytes raw and gzip, the
// time of its first request (cut and encoded by a worker) and of a repeated one (the revision's cache).
// Beside them, the GeoJSON /api/communes sends for one province, the answer the tiles replace.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createApp } from '../../server/app.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import { nationalDb } from './national.ts';

const BENCH_DIR = join(PROJECT_ROOT, '.bench');

const tileOf = (lon: number, lat: number, z: number) => {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  ];
};

/** Every tile of zoom z over a bbox. */
function tilesOver([w, s, e, n]: number[], z: number): [number, number][] {
  const [x0, y0] = tileOf(w!, n!, z);
  const [x1, y1] = tileOf(e!, s!, z);
  const out: [number, number][] = [];
  for (let x = x0!; x <= x1!; x++) for (let y = y0!; y <= y1!; y++) out.push([x, y]);
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const max = (xs: number[]) => Math.max(0, ...xs);
const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;

export async function benchTiles() {
  mkdirSync(BENCH_DIR, { recursive: true });
  const db = nationalDb(join(BENCH_DIR, 'national-units-2025.sqlite'));
  const app = createApp(db);
  const cases: { z: number; area: string; tiles: [number, number][]; layers: string[] }[] = [
    { z: 5, area: 'the country', tiles: tilesOver([102.1, 8.4, 109.5, 23.4], 5), layers: ['communes'] },
    {
      z: 8,
      area: 'Hải Phòng and Sơn La',
      tiles: [...tilesOver([106.1, 20.5, 107.1, 21.3], 8), ...tilesOver([103.2, 20.6, 105.0, 22.0], 8)],
      layers: ['communes', 'sites'],
    },
    {
      z: 12,
      area: 'Hải Phòng centre',
      tiles: tilesOver([106.6, 20.8, 106.75, 20.9], 12),
      layers: ['communes', 'sites', 'gaps'],
    },
    { z: 12, area: 'rural Sơn La', tiles: tilesOver([104.0, 21.45, 104.15, 21.55], 12), layers: ['gaps'] },
  ];
  console.log('\n## Vector tiles (national set: 100,000 sites, 3,321 communes)');
  console.log(
    '| zoom | layer | tiles | median size raw / gzip | largest gzip | first request median / max | repeated median |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  try {
    for (const c of cases)
      for (const layer of c.layers) {
        const raw: number[] = [];
        const gz: number[] = [];
        const cold: number[] = [];
        const warm: number[] = [];
        for (const [x, y] of c.tiles) {
          const url = `/tiles/${layer}/${c.z}/${x}/${y}.mvt`;
          let t0 = performance.now();
          const res = await app.request(url);
          const body = new Uint8Array(await res.arrayBuffer());
          cold.push(performance.now() - t0);
          if (res.status !== 200) throw new Error(`${url}: ${res.status} ${new TextDecoder().decode(body)}`);
          raw.push(body.byteLength);
          gz.push(gzipSync(body).byteLength);
          t0 = performance.now();
          await (await app.request(url)).arrayBuffer();
          warm.push(performance.now() - t0);
        }
        console.log(
          `| ${c.z} (${c.area}) | ${layer} | ${c.tiles.length} | ${kib(median(raw))} / ${kib(median(gz))} | ${kib(max(gz))} | ` +
            `${median(cold).toFixed(0)} / ${max(cold).toFixed(0)} ms | ${median(warm).toFixed(1)} ms |`,
        );
      }
    const geo = new Uint8Array(await (await app.request('/api/communes?province=31&zoom=10')).arrayBuffer());
    console.log(
      `baseline: /api/communes for Hải Phòng at zoom 10 (GeoJSON the page loads today): ${kib(geo.byteLength)} raw, ${kib(gzipSync(geo).byteLength)} gzip`,
    );
  } finally {
    await app.pool.close();
    db.close();
  }
}
