// Page benchmark: gzip size of the JavaScript the page loads first, and the time from navigation to the
// map's first idle with its data drawn, in headless Chromium, on the demo set and the national set.
import { readFileSync, existsSync } from 'node:fs';
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

async function timeToMap(dbPath: string, port: number, runs = 3): Promise<number[]> {
  const server = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/main.ts')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PHUSONG_DB: dbPath },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await launchChromium();
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 150; i++) {
      try {
        if ((await fetch(`${base}/api/meta`)).ok) break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A new context each run: no HTTP cache, like a first visit (the server's own cache stays warm
      // after the first run, which is what a second visitor gets).
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.goto(base);
      await page.waitForSelector('body[data-ready="1"]', { timeout: 120_000 });
      times.push(await page.evaluate(() => performance.getEntriesByName('phusong-map-ready')[0]!.startTime));
      await context.close();
    }
    return times;
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

export async function benchPage() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('build the page first: npm run build');
  const js = initialJs();
  console.log('\n## Page weight');
  console.log(
    `initial JavaScript: ${js.files.length} file(s), ${(js.rawBytes / 1024).toFixed(0)} KiB raw, ` +
      `${(js.gzipBytes / 1024).toFixed(0)} KiB gzip`,
  );
  const demoPath = join(BENCH_DIR, 'demo-units-2025.sqlite');
  if (!existsSync(demoPath)) {
    const db = openDatabase(demoPath);
    seedDemo(db);
    db.close();
  }
  nationalDb(join(BENCH_DIR, 'national-units-2025.sqlite')).close();
  console.log('\n## Time from navigation to the first drawn map (1280×720, headless Chromium, software WebGL)');
  for (const [name, path, port] of [
    ['demo set (3,321 communes, 269 with data, ~6,000 sites)', demoPath, 18790],
    ['national set (3,321 communes with data, 100,000 sites)', join(BENCH_DIR, 'national-units-2025.sqlite'), 18791],
  ] as const) {
    const t = await timeToMap(path, port);
    console.log(
      `${name}: first visit ${t[0]!.toFixed(0)} ms (server cold), then ${t
        .slice(1)
        .map((x) => x.toFixed(0))
        .join(' ms, ')} ms`,
    );
  }
}
