// Today's units benchmark: the first start of a new database (shipped units + boundaries + the demo data
// set) as `npm start` does it, in a fresh process; and the bytes /api/communes sends at national, province
// and commune zoom, raw and gzip, with the time each answer takes cold (first request) and warm.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../server/config.ts';

/** Starts server/main.ts on a new database file and times it until /api/meta answers. */
async function firstStart(port: number): Promise<{ ms: number; log: string; base: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'phusong-bench-start-'));
  const t0 = performance.now();
  const server = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/main.ts')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PHUSONG_DB: join(dir, 'phusong.sqlite') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let log = '';
  server.stdout.on('data', (b: Buffer) => (log += b.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/meta`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const ms = performance.now() - t0;
  return {
    ms,
    log,
    base,
    stop: () => {
      server.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function benchUnits() {
  console.log("\n## Today's units: first start (units + boundaries + demo) in a new process");
  const start = await firstStart(18795);
  try {
    const loaded = /loaded today's units.* in (\d+) ms/.exec(start.log)?.[1];
    console.log(
      `first start to the first answer: ${(start.ms / 1000).toFixed(1)} s (target ≤ 15 s); ` +
        `loading units, boundaries and demo data inside it: ${loaded ?? '?'} ms`,
    );
    console.log('\n## /api/communes bytes (target ≤ 1 MB gzip nationally)');
    const cases = [
      ['national, zoom 5 bucket (no province)', '/api/communes?zoom=7'],
      ['national, zoom 8–10 bucket (no province)', '/api/communes?zoom=10'],
      ['province (Hải Phòng), zoom 10 bucket', '/api/communes?province=31&zoom=10'],
      ['province (Sơn La), full detail (commune zoom)', '/api/communes?province=14'],
      ['province outlines, zoom 7', '/api/provinces?geometry=1&zoom=7'],
    ] as const;
    for (const [name, path] of cases) {
      const t0 = performance.now();
      const body = await (await fetch(start.base + path)).text();
      const cold = performance.now() - t0;
      const t1 = performance.now();
      await (await fetch(start.base + path)).text();
      const warm = performance.now() - t1;
      const features = (JSON.parse(body) as { features: unknown[] }).features.length;
      console.log(
        `${name}: ${features} features, ${(body.length / 1e6).toFixed(2)} MB raw, ` +
          `${(gzipSync(body).length / 1e6).toFixed(3)} MB gzip; cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(0)} ms`,
      );
    }
    await benchNewUnitSet(start.base);
  } finally {
    start.stop();
  }
}

/**
 * The next unit list through the API, as an admin sends it: today's 3,321 units with ten pairs merged and
 * five divided. Times the check and the commit (which moves the map), and how long a reader waits meanwhile.
 */
async function benchNewUnitSet(base: string) {
  console.log('\n## A new unit set (the next unit list, 3,321 units: 10 merges, 5 divisions)');
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'phusong-demo-2024' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  const all = (await (await fetch(`${base}/api/communes?zoom=7`)).json()) as {
    features: { properties: { code: string; name: string; province_code: string } }[];
  };
  const units = all.features.map((f) => f.properties);
  const rows = ['old_code,old_name,new_code,new_name,new_province_code,new_province_name,relation,note'];
  units.forEach((u, i) => {
    const merged = i < 20 ? units[i - (i % 2)]! : null;
    if (merged) rows.push(`${u.code},x,${merged.code},"${merged.name}",${merged.province_code},,whole,`);
    else if (i < 25) {
      rows.push(`${u.code},x,${u.code},"${u.name}",${u.province_code},,part,`);
      rows.push(`${u.code},x,9${String(i).padStart(4, '0')},"Xã Mới ${i}",${u.province_code},,part,`);
    } else rows.push(`${u.code},x,${u.code},"${u.name}",${u.province_code},,unchanged,`);
  });
  const send = async (mode: string) => {
    const form = new FormData();
    form.append('file', new File([rows.join('\n')], 'next-units.csv'));
    const t0 = performance.now();
    const res = await fetch(`${base}/api/import/unit-list?in_force_from=2026-11-15&mode=${mode}`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf },
      body: form,
    });
    const body = (await res.json()) as { ok?: boolean; applied?: { sites_moved: number } | null };
    return { ms: performance.now() - t0, status: res.status, body };
  };
  const check = await send('preview');
  // A reader asking every 20 ms while the commit runs: the longest wait is the stall others feel.
  let longest = 0;
  let done = false;
  const reader = (async () => {
    while (!done) {
      const t0 = performance.now();
      await (await fetch(`${base}/api/meta`)).text();
      longest = Math.max(longest, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const commit = await send('commit');
  done = true;
  await reader;
  console.log(
    `check: ${check.ms.toFixed(0)} ms (HTTP ${check.status}, ok ${String(check.body.ok)}); ` +
      `commit + moving the map: ${commit.ms.toFixed(0)} ms (HTTP ${commit.status}, ${commit.body.applied?.sites_moved ?? '?'} stations re-filed); ` +
      `a reader's longest wait meanwhile: ${longest.toFixed(0)} ms (it runs on the request thread)`,
  );
}
