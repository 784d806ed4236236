// Page benchmark: gzip size of the JavaScript the page loads first, and the time from navigation to the
// map's first idle with its data drawn, in headless Chromium, on the demo set and the national set.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../server/config.ts';
import { launchChromium } from '../chromium.ts';
import { nationalDb } from './national.ts';
import { openDatabase } from '../../server/db/database.ts';
import { seedDemo } from '../../server/demo/generate.ts';

const DIST = join(PROJECT_ROOT, 'dist');
const BENCH_DIR = join(PROJECT_ROOT, '.bench');

/** Scripts the HTML loads before anything runs: the entry module and its modulepreloads. */
export function initialJs(): { files: string[]; gzipBytes: number; rawBytes: number } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  let gz = 0;
  let raw = 0;
  for (const f of files) {
    const bytes = readFileSync(join(DIST, f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, gzipBytes: gz, rawBytes: raw };
}

/** Starts the phusong server on a database in its own process; resolves once it answers. */
async function startServer(dbPath: string, port: number) {
  const server = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/main.ts')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PHUSONG_DB: dbPath },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/api/meta`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { base, stop: () => server.kill('SIGTERM') };
}

/**
 * The floor: a bare MapLibre page (the library's own build) drawing the same GeoJSON the landing map
 * draws — today's provinces with the month's figures — served as static files. It has the page's two
 * settings against MapLibre 5's idle frames (no label fade, no style transition; see `buildStyle`):
 * without them it keeps drawing for 300 ms after its data is drawn, and the idle that ends each
 * measurement waits for those frames.
 */
async function bareMapLibrePage(base: string): Promise<{ url: string; stop: () => void }> {
  const dir = join(BENCH_DIR, 'bare-maplibre');
  mkdirSync(dir, { recursive: true });
  const month = ((await (await fetch(`${base}/api/meta`)).json()) as { months: string[] }).months.at(-1)!;
  const geojson = await (await fetch(`${base}/api/provinces?geometry=1&zoom=6&month=${month}`)).text();
  writeFileSync(join(dir, 'provinces.json'), geojson);
  const dist = join(PROJECT_ROOT, 'node_modules/maplibre-gl/dist');
  for (const f of ['maplibre-gl.js', 'maplibre-gl.css']) copyFileSync(join(dist, f), join(dir, f));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="maplibre-gl.css">' +
      '<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div>' +
      '<script src="maplibre-gl.js"></script><script src="bare.js"></script></body></html>',
  );
  writeFileSync(
    join(dir, 'bare.js'),
    `const map = new maplibregl.Map({ container: 'map', center: [106.3, 16], zoom: 5, fadeDuration: 0,
  style: { version: 8, transition: { duration: 0, delay: 0 },
  sources: { p: { type: 'geojson', data: 'provinces.json' } },
  layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#dfe5ea' } },
    { id: 'fill', type: 'fill', source: 'p', paint: { 'fill-color': ['step', ['coalesce', ['get', 'share_2g'], 0],
      '#ffffb2', 0.05, '#fecc5c', 0.1, '#fd8d3c', 0.15, '#f03b20', 0.25, '#bd0026'] } },
    { id: 'line', type: 'line', source: 'p', paint: { 'line-color': '#3a3a3a', 'line-width': 0.6 } }] } });
map.on('idle', () => { if (!document.body.dataset.ready && map.isSourceLoaded('p')) {
  document.body.dataset.ready = '1'; performance.mark('phusong-map-ready'); } });`,
  );
  const types: Record<string, string> = { js: 'text/javascript', css: 'text/css', json: 'application/json' };
  const server = createServer((req, res) => {
    const name = req.url === '/' ? 'index.html' : (req.url ?? '').slice(1).split('?')[0]!;
    if (!/^[\w.-]+$/.test(name) || !existsSync(join(dir, name))) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[name.split('.').pop()!] ?? 'text/html' });
    res.end(readFileSync(join(dir, name)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, stop: () => server.close() };
}

/** Navigation → the first idle with the data drawn (the page's own mark), in a new context each time. */
async function timeToMap(browser: Browser, url: string): Promise<number> {
  // A new context: no HTTP cache, like a first visit.
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 120_000 });
  const t = await page.evaluate(() => performance.getEntriesByName('phusong-map-ready')[0]!.startTime);
  await context.close();
  return t;
}

/**
 * Visits of each page per set, alternated. Five let the ratio swing by 0.15 between runs of one build (1.32 and
 * 1.48); eleven cost about 30 s more per set.
 */
const VISITS = 11;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** CPU seconds spent so far by every process of the browser (browser, GPU, renderers), as Chromium counts them. */
async function chromiumCpu(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { cpuTime: number }[] };
  await cdp.detach();
  return processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
}

/**
 * What a map left on screen costs (a meeting's shared screen, a laptop on battery): Chromium's CPU per
 * second over `seconds`, once the page has drawn its deck.gl layers and had a few seconds to settle.
 */
async function idleCpu(browser: Browser, url: string, seconds = 5): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-deck="1"]', { timeout: 120_000 });
  await page.waitForTimeout(3000);
  const before = await chromiumCpu(browser);
  await page.waitForTimeout(seconds * 1000);
  const used = (await chromiumCpu(browser)) - before;
  await context.close();
  return (used / seconds) * 1000;
}

export async function benchPage() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('build the page first: npm run build');
  const js = initialJs();
  console.log('\n## Page weight');
  // The floor: MapLibre's own build, which the first map cannot do without (same gzip level).
  const maplibre = gzipSync(readFileSync(join(PROJECT_ROOT, 'node_modules/maplibre-gl/dist/maplibre-gl.js')), {
    level: 9,
  }).length;
  console.log(
    `initial JavaScript: ${js.files.length} file(s), ${(js.rawBytes / 1024).toFixed(0)} KiB raw, ` +
      `${(js.gzipBytes / 1024).toFixed(0)} KiB gzip; MapLibre's own build alone: ${(maplibre / 1024).toFixed(0)} KiB ` +
      `gzip → ratio ${(js.gzipBytes / maplibre).toFixed(2)}`,
  );
  const demoPath = join(BENCH_DIR, 'demo-units-2025.sqlite');
  if (!existsSync(demoPath)) {
    const db = openDatabase(demoPath);
    seedDemo(db);
    db.close();
  }
  nationalDb(join(BENCH_DIR, 'national-units-2025.sqlite')).close();
  console.log(
    '\n## Navigation → first drawn map (1280×720, headless Chromium, software WebGL; new context each visit)',
  );
  const browser = await launchChromium();
  try {
    for (const [name, path, port] of [
      ['demo set (3,321 communes, 269 with data, ~6,000 sites)', demoPath, 18790],
      ['national set (3,321 communes with data, 100,000 sites)', join(BENCH_DIR, 'national-units-2025.sqlite'), 18791],
    ] as const) {
      const server = await startServer(path, port);
      const bare = await bareMapLibrePage(server.base);
      try {
        const cold = await timeToMap(browser, server.base);
        // Alternating visits, so the bare page and phusong share whatever else the machine is doing.
        const app: number[] = [];
        const floor: number[] = [];
        for (let i = 0; i < VISITS; i++) {
          floor.push(await timeToMap(browser, bare.url));
          app.push(await timeToMap(browser, server.base));
        }
        const ratio = median(app) / median(floor);
        const idle = await idleCpu(browser, `${server.base}/?p=14`);
        console.log(
          `${name}: the page left on screen (Sơn La, sites and names drawn) uses ${idle.toFixed(0)} ms of CPU ` +
            `per second (target: none; deck.gl's own loop, which asked for a frame sixty times a second, used ` +
            `73–86 ms/s until 7 December)`,
        );
        console.log(
          `${name}: phusong median ${median(app).toFixed(0)} ms (${app.map((x) => x.toFixed(0)).join(', ')}; ` +
            `first visit, server cold: ${cold.toFixed(0)} ms); bare MapLibre page, same GeoJSON: median ` +
            `${median(floor).toFixed(0)} ms → ratio ${ratio.toFixed(2)} (target ≤ 1.3)`,
        );
      } finally {
        bare.stop();
        server.stop();
      }
    }
  } finally {
    await browser.close();
  }
}
