// Load test: a busy meeting and carriers writing at once, against a server on 127.0.0.1.
//   npm run load [-- --seconds 60 --connections 200]
// 200 connections read what the map reads (communes, sites by bbox, summary, coverage) while carriers
// register sites through API tokens. Prints requests/s, p50/p99 latency and errors, then checks the
// database: every write that got a 2xx is there exactly once, with exactly one audit row; no 5xx. The same
// reads then run twice more, as long: against phusong with no writer, and against a bare node:http server
// sending the same answers (./bench/bare-http.ts), the floor the p99 is compared with.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../server/db/database.ts';
import { PROJECT_ROOT } from '../server/config.ts';
import { seedDemo } from '../server/demo/generate.ts';
import { bareHttpServer } from './bench/bare-http.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, connections: { type: 'string', default: '200' } },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

async function waitFor(url: string) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

const dir = mkdtempSync(join(tmpdir(), 'phusong-load-'));
const template = join(dir, 'template.sqlite');
const db0 = openDatabase(template);
seedDemo(db0);
db0.pragma('wal_checkpoint(TRUNCATE)');
db0.close();
const dbPath = join(dir, 'load.sqlite');
copyFileSync(template, dbPath);
const port = 18800 + Math.floor(Math.random() * 100);
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/main.ts')], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PHUSONG_DB: dbPath },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  await waitFor(`${base}/api/meta`);
  // One API token per carrier.
  const tokens: { operator: string; token: string }[] = [];
  for (const op of ['viettel', 'vnpt', 'mobifone']) {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: op, password: 'phusong-demo-2024' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = ((await login.json()) as { csrf_token: string }).csrf_token;
    const t = await fetch(`${base}/api/auth/tokens`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'load test' }),
    });
    tokens.push({ operator: op, token: ((await t.json()) as { token: string }).token });
  }
  const reads = [
    '/api/communes?province=31&month=2024-09&zoom=10',
    '/api/communes?province=14&month=2024-08&zoom=7',
    '/api/sites?bbox=106.6,20.8,106.75,20.9&as_of=2024-09-30',
    '/api/sites/clusters?province=14&bbox=103,20.5,105.2,22&zoom=8&as_of=2024-09-30',
    '/api/summary?province=31&month=2024-09',
    '/api/summary?district=116&month=2024-08',
    '/api/coverage/communes?province=14&date=2024-09-30',
  ];
  let seq = 0;
  const acknowledged: string[] = [];
  const serverErrors: number[] = [];
  // As the page's browser asks: with Accept-Encoding, so the answers travel gzipped (without it, 150 MB/s
  // of plain GeoJSON went through loopback and the load generator, on the same two cores, was the limit).
  const readHeaders = { 'accept-encoding': 'gzip, deflate, br' };
  const readLoad = (url: string) =>
    autocannon({
      url,
      connections,
      duration: seconds,
      requests: reads.map((path) => ({ method: 'GET', path, headers: readHeaders })),
    });
  const readRun = readLoad(base);
  const writeRun = autocannon({
    url: base,
    connections: 6,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const i = seq++;
          const t = tokens[i % tokens.length]!;
          const code = `LOAD-${t.operator}-${i}`;
          return {
            ...req,
            path: '/api/sites',
            headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json', 'x-site-code': code },
            body: JSON.stringify({
              operator: t.operator,
              site_code: code,
              province: '14',
              position: { lat: 21.3 + (i % 200) * 0.0005, lon: 103.9 + Math.floor(i / 200) * 0.0005 },
              events: [{ tech: '4G', status: 'active', date: '2024-05-01' }],
            }),
          };
        },
        onResponse: (status: number, body: string) => {
          if (status >= 500) serverErrors.push(status);
          if (status === 201) acknowledged.push((JSON.parse(body) as { site: { site_code: string } }).site.site_code);
        },
      },
    ],
  } as unknown as autocannon.Options);
  const [r, w] = await Promise.all([readRun, writeRun]);
  const fmt = (x: autocannon.Result, what: string) =>
    `${what}: ${x.requests.average.toFixed(0)} req/s, p50 ${x.latency.p50} ms, p99 ${x.latency.p99} ms, ` +
    `${x.requests.total} requests, errors ${x.errors}, timeouts ${x.timeouts}, non-2xx ${x.non2xx}, 5xx ${x['5xx']}`;
  console.log(`\n## Load: ${seconds} s, ${connections} reading connections + 6 writing through API tokens`);
  console.log(fmt(r, 'reads '));
  console.log(fmt(w, 'writes'));
  // What the writes cost the readers: the same reads again with no writer (every answer cached by now). And
  // the floor: the same reads from a server that sends the bytes phusong sent for them and does nothing else
  // (no routing, no database, no writes to answer).
  const quiet = await readLoad(base);
  console.log(fmt(quiet, 'reads, no writer'));
  const bare = await bareHttpServer(base, reads, readHeaders);
  const b = await Promise.resolve(readLoad(bare.url)).finally(() => bare.stop());
  console.log(fmt(b, 'floor ') + ' (a bare node:http server sending the same answers, same connections, no writes)');
  const times = (x: autocannon.Result) =>
    `${x.latency.p99} ms (${(x.latency.p99 / b.latency.p99).toFixed(2)}× the floor)`;
  console.log(`reads p99 ${times(r)}; with no writer ${times(quiet)}; floor ${b.latency.p99} ms; target p99 ≤ 100 ms`);
  server.kill('SIGTERM');
  await new Promise((res) => server.once('exit', res));
  const db = openDatabase(dbPath);
  const rows = db
    .prepare(
      "SELECT site_code, (SELECT count(*) FROM audit_log a WHERE a.entity = 'site' AND a.entity_id = CAST(s.id AS TEXT)) AS audits FROM sites s WHERE site_code LIKE 'LOAD-%'",
    )
    .all() as { site_code: string; audits: number }[];
  const byCode = new Map(rows.map((x) => [x.site_code, x.audits]));
  const missing = acknowledged.filter((c) => !byCode.has(c));
  const wrongAudit = rows.filter((x) => x.audits !== 1);
  const integrity = db.pragma('integrity_check', { simple: true });
  db.close();
  console.log(
    `check: ${acknowledged.length} writes acknowledged, ${rows.length} in the database, missing ${missing.length}, ` +
      `without exactly one audit row ${wrongAudit.length}, 5xx ${r['5xx'] + w['5xx'] + serverErrors.length}, integrity ${integrity}` +
      ` (${rows.length - acknowledged.length} more were committed while their answer was in flight when the run stopped)`,
  );
  const ok =
    missing.length === 0 &&
    wrongAudit.length === 0 &&
    r['5xx'] + w['5xx'] + serverErrors.length === 0 &&
    integrity === 'ok';
  console.log(ok ? 'LOAD HELD: no 5xx, no lost or duplicated write' : 'LOAD FAILED');
  if (!ok) process.exitCode = 1;
} finally {
  server.kill('SIGKILL');
  if (server.exitCode === null && server.signalCode === null) await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
