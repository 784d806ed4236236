// Every input bounded, no caller able to lock out or stall the others: body limits answered before the
// body is read (over a real socket), login throttling that holds under parallel guesses and is scoped to
// (account, address), the caller's address taken from X-Forwarded-For only behind a trusted proxy, and
// files over the row limit refused rather than cut short.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import ExcelJS from 'exceljs';
import { demoApp, demoDb, loginAs } from '../helpers.ts';
import { createApp } from '../../server/app.ts';
import { clientAddress } from '../../server/http/client-address.ts';
import { readFirstSheet, TooManyRows } from '../../server/domain/xlsx-reader.ts';
import { MAX_IMPORT_ROWS } from '../../server/domain/import-table.ts';

let server: ServerType;
let base: string;
beforeAll(async () => {
  const app = createApp(demoDb(), { trustedProxies: ['127.0.0.1', '::1'] });
  await new Promise<void>((done) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** A CSV of n new 4G sites in Sơn La, 200 to a row of the grid, codes `PREFIX-i`. */
function sitesCsv(n: number, prefix: string): string {
  const lines = ['Mã trạm;Vĩ độ;Kinh độ;Công nghệ;Trạng thái;Ngày'];
  for (let i = 0; i < n; i++)
    lines.push(
      `${prefix}-${i};${(21.3 + (i % 200) * 0.0002).toFixed(5)};${(103.9 + Math.floor(i / 200) * 0.0002).toFixed(5)};4G;active;2024-01-01`,
    );
  return lines.join('\n');
}

/** A raw request whose body is written by `write`, answered as soon as the server answers. */
function rawPost(
  path: string,
  headers: Record<string, string | number>,
  write: (req: ReturnType<typeof httpRequest>) => void,
): Promise<{ status: number; headers: Record<string, unknown>; body: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, ms: performance.now() - t0 }));
    });
    // The server may close the socket while we still write: that is the point, not a failure.
    req.on('error', (e) => (e.message.includes('EPIPE') || e.message.includes('ECONNRESET') ? null : reject(e)));
    write(req);
  });
}

const login = (username: string, password: string, from: string) =>
  fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ username, password }),
  });

describe('body limits', () => {
  it('refuses a declared 210 MB body to the anonymous login at once, unread, and closes the connection', async () => {
    const r = await rawPost(
      '/api/auth/login',
      { 'content-type': 'application/json', 'content-length': 210 * 2 ** 20 },
      (req) => req.write('{"username":"admin","password":"'),
    );
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error).toMatchObject({ id: 'too_large', field: 'body' });
    expect(JSON.parse(r.body).error.message_vi).toMatch(/yêu cầu lớn hơn 256 KiB/);
    expect(r.headers.connection).toBe('close');
    // Nobody else noticed.
    expect((await fetch(`${base}/api/meta`)).status).toBe(200);
  });

  it('stops reading a chunked body as soon as it passes the limit, on every JSON route', async () => {
    for (const path of ['/api/coverage/what-if', '/api/auth/login', '/api/auth/logout', '/api/users']) {
      const r = await rawPost(path, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, (req) => {
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const more = () => {
          while (sent < 2 * 2 ** 20) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', more);
          }
          req.end();
        };
        more();
      });
      expect(r.status, path).toBe(413);
      expect(r.headers.connection, path).toBe('close');
    }
  });

  it('keeps the upload limit for files', async () => {
    const { app } = demoApp();
    const admin = await loginAs(app, 'admin');
    const form = new FormData();
    form.append('file', new File([new Uint8Array(26 * 2 ** 20)], 'big.csv'));
    const r = await app.request('/api/import/indicators?province=14&month=2024-09', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: form,
    });
    expect(r.status).toBe(413);
    expect((await r.json()).error.message).toMatch(/25600 KiB/);
  });
});

describe('login throttling', () => {
  it('checks at most 5 of 101 parallel wrong passwords for one account from one address', async () => {
    const answers = await Promise.all(Array.from({ length: 101 }, () => login('vnpt', 'wrong', '198.51.100.7')));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(96);
    expect(Number(answers.find((r) => r.status === 429)!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('locks an account only for the address that keeps failing: the owner elsewhere still logs in', async () => {
    for (let i = 0; i < 5; i++) expect((await login('admin', 'guess', '203.0.113.66')).status).toBe(401);
    // The attacker's address waits out the window, even with the right password…
    expect((await login('admin', 'phusong-demo-2024', '203.0.113.66')).status).toBe(429);
    // …the admin at the office does not.
    expect((await login('admin', 'phusong-demo-2024', '192.0.2.10')).status).toBe(200);
  });

  it('slows strangers down after 10 failures for an account from anywhere, but never its known addresses', async () => {
    expect((await login('mobifone', 'phusong-demo-2024', '192.0.2.20')).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await login('mobifone', 'guess', `203.0.113.${100 + i}`)).status).toBe(401);
    const stranger = await login('mobifone', 'guess', '203.0.113.200');
    expect(stranger.status).toBe(429);
    expect((await stranger.json()).error.message_vi).toMatch(/thử lại sau \d+ giây/);
    expect((await login('mobifone', 'phusong-demo-2024', '192.0.2.20')).status).toBe(200);
  });

  it('believes X-Forwarded-For only from a trusted proxy, and only up to the first hop it does not trust', () => {
    const trusted = ['127.0.0.1', '10.0.0.2'];
    expect(clientAddress('203.0.113.5', '1.2.3.4', trusted)).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', '203.0.113.5', trusted)).toBe('203.0.113.5');
    expect(clientAddress('::ffff:127.0.0.1', 'forged, 203.0.113.5, 10.0.0.2', trusted)).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', undefined, trusted)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '10.0.0.2', trusted)).toBe('10.0.0.2');
  });
});

describe('heavy work off the request thread', () => {
  it('answers readers while a 60,000-row import is read, checked and written by a worker', async () => {
    const vnpt = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.99' },
      body: JSON.stringify({ username: 'vnpt', password: 'phusong-demo-2024' }),
    });
    const cookie = vnpt.headers.get('set-cookie')!.split(';')[0]!;
    const { csrf_token } = (await vnpt.json()) as { csrf_token: string };
    const form = new FormData();
    form.append('file', new File([sitesCsv(60_000, 'W')], 'lon.csv'));
    let importDone = false;
    const importing = fetch(`${base}/api/sites/import?province=14&mode=commit`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf_token },
      body: form,
    }).then(async (r) => {
      importDone = true;
      return { status: r.status, body: await r.json() };
    });
    // Readers are answered while the import is still running, not after it.
    let answered = 0;
    while (!importDone && answered < 30) {
      const r = await fetch(`${base}/api/sites?province=14&operator=viettel`);
      expect(r.status).toBe(200);
      if (!importDone) answered++;
    }
    expect(answered).toBeGreaterThan(10);
    const done = await importing;
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ committed: true, create: 60_000 });
  });
});

describe('long uploads as jobs', () => {
  it('answers 202 at once, shows progress to its owner only, and ends with the answer the request would give', async () => {
    const { app } = demoApp();
    const vnpt = await loginAs(app, 'vnpt');
    const viettel = await loginAs(app, 'viettel');
    const form = new FormData();
    form.append('file', new File([sitesCsv(30_000, 'J')], 'viec.csv'));
    const started = await app.request('/api/sites/import?province=14&mode=commit&job=1', {
      method: 'POST',
      headers: { cookie: vnpt.cookie, 'x-csrf-token': vnpt.csrf },
      body: form,
    });
    expect(started.status).toBe(202);
    const { job } = await started.json();
    expect(job).toMatchObject({ kind: 'site-import', state: 'running', url: `/api/jobs/${job.id}` });
    // Another carrier and an anonymous reader cannot see it.
    expect((await viettel.send(job.url, 'GET')).status).toBe(404);
    expect((await app.request(job.url)).status).toBe(401);
    const seen: number[] = [];
    await expect
      .poll(
        async () => {
          const j = await (await vnpt.send(job.url, 'GET')).json();
          if (j.percent !== null) seen.push(j.percent);
          return j.state;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe('done');
    const end = await (await vnpt.send(job.url, 'GET')).json();
    expect(end).toMatchObject({ state: 'done', status: 200, percent: 100 });
    expect(end.result).toMatchObject({ mode: 'commit', committed: true, create: 30_000, errors: [] });
    expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  /** A 60,000-row station import started as a job; cancelled once its progress passes `percent`. */
  async function cancelImportPast(percent: number, prefix: string, filename: string) {
    const { app, db } = demoApp();
    const vnpt = await loginAs(app, 'vnpt');
    const form = new FormData();
    form.append('file', new File([sitesCsv(60_000, prefix)], filename));
    const { job } = await (
      await app.request('/api/sites/import?province=14&mode=commit&job=1', {
        method: 'POST',
        headers: { cookie: vnpt.cookie, 'x-csrf-token': vnpt.csrf },
        body: form,
      })
    ).json();
    await expect
      .poll(async () => (await (await vnpt.send(job.url, 'GET')).json()).percent ?? 0, {
        timeout: 60_000,
        interval: 25,
      })
      .toBeGreaterThan(percent);
    const asked = await (await vnpt.send(job.url, 'DELETE')).json();
    expect(asked).toMatchObject({ id: job.id, state: 'running' });
    const state = async () => (await (await vnpt.send(job.url, 'GET')).json()).state;
    await expect.poll(state, { timeout: 30_000 }).not.toBe('running');
    return { db, vnpt, end: await (await vnpt.send(job.url, 'GET')).json() };
  }

  it('cancels a running import: nothing of it is written, and the database takes the next write', async () => {
    // Once it is writing: past the first third (the rows read and checked), before 67 % (its states).
    const { db, vnpt, end } = await cancelImportPast(40, 'C', 'huy.csv');
    expect(end).toMatchObject({ state: 'cancelled', status: 409, result: { error: { id: 'cancelled' } } });
    expect(db.prepare("SELECT count(*) FROM sites WHERE site_code LIKE 'C-%'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE via = 'import:huy.csv'").pluck().get()).toBe(0);
    const next = await vnpt.send('/api/sites', 'POST', {
      operator: 'vnpt',
      site_code: 'AFTER-CANCEL',
      province: '14',
      position: { lat: 21.33, lon: 103.92 },
      events: [{ tech: '4G', status: 'active', date: '2024-01-10' }],
    });
    expect(next.status).toBe(201);
  });

  it('finishes an import cancelled after its commit, while its states are caught up: all of it kept, and said so', async () => {
    // 67 % and over: the sites are written and committed, their kept states are being caught up.
    const { db, end } = await cancelImportPast(66, 'K', 'giu.csv');
    expect(end).toMatchObject({ state: 'done', status: 200, result: { committed: true, create: 60_000 } });
    expect(db.prepare("SELECT count(*) FROM sites WHERE site_code LIKE 'K-%'").pluck().get()).toBe(60_000);
    // The page's answers know of them: the states are caught up, not left to the next write.
    expect(db.prepare('SELECT count(*) FROM site_states_dirty').pluck().get()).toBe(0);
  });

  it('ends a job of a refused file as failed, with the error the request would answer', async () => {
    const { app } = demoApp();
    const admin = await loginAs(app, 'admin');
    const form = new FormData();
    form.append('file', new File(['{"type":"Topology"}'], 'ranh-gioi.topojson'));
    const started = await app.request('/api/import/boundaries?province=14&level=commune&job=1', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: form,
    });
    const { job } = await started.json();
    await expect
      .poll(async () => (await (await admin.send(job.url, 'GET')).json()).state, { timeout: 30_000 })
      .toBe('failed');
    const end = await (await admin.send(job.url, 'GET')).json();
    expect(end).toMatchObject({ status: 422, result: { error: { id: 'unreadable_file', field: 'file' } } });
  });
});

describe('row limits', () => {
  async function uploadCsv(rows: number) {
    const { app } = demoApp();
    const vnpt = await loginAs(app, 'vnpt');
    const lines = ['Mã trạm;Vĩ độ;Kinh độ;Công nghệ;Trạng thái;Ngày'];
    for (let i = 0; i < rows; i++) lines.push(`R-${i};21,3;103,9;4G;active;2024-01-01`);
    const form = new FormData();
    form.append('file', new File([lines.join('\n')], 'many.csv'));
    return app.request('/api/sites/import?mode=preview', {
      method: 'POST',
      headers: { cookie: vnpt.cookie, 'x-csrf-token': vnpt.csrf },
      body: form,
    });
  }

  it('refuses a CSV of 200,010 rows and says the limit, instead of previewing the first 200,000', async () => {
    const r = await uploadCsv(MAX_IMPORT_ROWS + 10);
    expect(r.status).toBe(413);
    const e = (await r.json()).error;
    expect(e).toMatchObject({ id: 'too_many_rows', field: 'file' });
    expect(e.message).toContain('200,000');
    expect(e.message_vi).toContain('200.000');
  });

  it('stops reading a workbook at its row limit, and reads merged cells as Excel shows them', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('Trạm');
    s.addRow(['Mã trạm', 'Công nghệ']);
    for (let i = 0; i < 12; i++) s.addRow([i % 2 ? '' : `M-${i}`, i % 2 ? '2G' : '4G']);
    for (let i = 0; i < 12; i += 2) s.mergeCells(`A${i + 2}:A${i + 3}`);
    const data = new Uint8Array(await wb.xlsx.writeBuffer());
    await expect(readFirstSheet(data, 12)).rejects.toBeInstanceOf(TooManyRows);
    const rows = await readFirstSheet(data, 13);
    expect(rows).toHaveLength(13);
    expect(rows[2]).toEqual(['M-0', '2G']);
    expect(rows[12]).toEqual(['M-10', '2G']);
  });
});
