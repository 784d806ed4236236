// Stall benchmark: while one carrier commits a 100,000-row station import over HTTP, another client
// reads the map's sites every 25 ms. Printed: the reader's longest wait and median, and the import's time,
// with the heavy work on the request thread (workers: 0, as before) and in the worker pool, same run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { PROJECT_ROOT } from '../../server/config.ts';
import { openFreshCopy } from './fresh-copy.ts';
import { createApp } from '../../server/app.ts';

const BENCH_DIR = join(PROJECT_ROOT, '.bench');

async function once(workers: number | undefined, template: string, csv: Uint8Array) {
  const db = openFreshCopy(template, join(BENCH_DIR, `stall-${workers ?? 'pool'}.sqlite`));
  const app = createApp(db, { workers });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'vnpt', password: 'phusong-demo-2024' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  await fetch(`${base}/api/sites?province=14&operator=viettel`); // warm
  let done = false;
  const waits: number[] = [];
  const reader = (async () => {
    while (!done) {
      const t0 = performance.now();
      // A new URL each time: the answer cache must not hide a blocked thread.
      await (
        await fetch(`${base}/api/sites?province=14&operator=viettel&as_of=2024-09-${10 + (waits.length % 20)}`)
      ).arrayBuffer();
      waits.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const form = new FormData();
  form.append('file', new File([csv as BlobPart], 'bench.csv'));
  const t0 = performance.now();
  const r = await fetch(`${base}/api/sites/import?province=14&mode=commit`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf_token },
    body: form,
  });
  const body = (await r.json()) as { create?: number };
  const importMs = performance.now() - t0;
  done = true;
  await reader;
  await new Promise((res) => server.close(res));
  await app.pool.close();
  db.close();
  waits.sort((a, b) => a - b);
  return {
    importMs,
    created: body.create ?? 0,
    longest: waits.at(-1) ?? 0,
    median: waits[waits.length >> 1] ?? 0,
    reads: waits.length,
  };
}

export async function benchStall(template: string, csvFile: string) {
  const csv = new Uint8Array(readFileSync(csvFile));
  console.log('\n## One import must not stall the others (100,000-row CSV committed over HTTP; a reader every 25 ms)');
  const inline = await once(0, template, csv);
  const pooled = await once(undefined, template, csv);
  for (const [name, r] of [
    ['on the request thread (before)', inline],
    ['in the worker pool', pooled],
  ] as const)
    console.log(
      `${name}: import ${(r.importMs / 1000).toFixed(1)} s (${r.created.toLocaleString('en')} sites); reader: ${r.reads} answers, ` +
        `median ${r.median.toFixed(0)} ms, longest wait ${r.longest.toFixed(0)} ms`,
    );
  console.log(
    `longest wait of a reader: ${(inline.longest / pooled.longest).toFixed(0)}× shorter with the pool (target: a reader never waits for an import)`,
  );
}
