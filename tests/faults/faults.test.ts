// Faults: the server is killed (SIGKILL) in the middle of a large import and in the middle of write load,
// then restarted: the database is intact, the import is entirely there or entirely absent, every
// acknowledged write is present with its audit row. And an online backup taken under write load
// restores to a consistent database.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { demoDbPath, loginAs, scratchDir } from '../helpers.ts';
import { openDatabase } from '../../server/db/database.ts';
import { createApp } from '../../server/app.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import { backup } from '../../scripts/backup.ts';
import { restore } from '../../scripts/restore.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

async function startServer(
  db: string,
  env: Record<string, string> = {},
): Promise<{ base: string; child: ChildProcess }> {
  const port = 19000 + Math.floor(Math.random() * 800);
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/main.ts')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PHUSONG_DB: db, ...env },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/api/meta`)).ok) return { base, child };
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function kill(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'phusong-demo-2024' }),
  });
  return {
    cookie: res.headers.get('set-cookie')!.split(';')[0]!,
    csrf: ((await res.json()) as { csrf_token: string }).csrf_token,
  };
}

describe('SIGKILL and restart', () => {
  it('inside an import transaction: none of it is there after the restart', async () => {
    const db = demoDbPath();
    // The server stops inside the transaction after 1,000 sites and says so in this file.
    const marker = join(scratchDir('pause'), 'paused');
    const { base, child } = await startServer(db, { PHUSONG_TEST_PAUSE_IMPORT: marker });
    const s = await login(base, 'vnpt');
    const rows = ['Mã trạm,Vĩ độ,Kinh độ,Công nghệ,Trạng thái,Ngày'];
    for (let i = 0; i < 20_000; i++)
      rows.push(
        `KILL-${i},${(21.3 + (i % 100) * 0.0004).toFixed(6)},${(103.9 + Math.floor(i / 100) * 0.0004).toFixed(6)},4G,active,2024-03-15`,
      );
    const form = new FormData();
    form.append('file', new File([rows.join('\n')], 'kill.csv'));
    const pending = fetch(`${base}/api/sites/import?province=14&mode=commit`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: form,
    }).catch((e: Error) => e);
    await expect.poll(() => existsSync(marker), { timeout: 60_000, interval: 50 }).toBe(true);
    await kill(child);
    const outcome = await pending;
    expect(outcome).toBeInstanceOf(Error); // the connection died: the import never answered
    await startServer(db); // restart: recovery from the WAL
    const check = openDatabase(db);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    const n = check.prepare("SELECT count(*) FROM sites WHERE site_code LIKE 'KILL-%'").pluck().get() as number;
    const audits = check
      .prepare("SELECT count(*) FROM audit_log WHERE via = 'import:kill.csv'")
      .pluck()
      .get() as number;
    // 1,000 sites were written inside the transaction when it was killed: none of them survive.
    expect(n).toBe(0);
    expect(audits).toBe(0);
    check.close();
  }, 90_000);

  it('in the middle of write load: every acknowledged write is there, once, with its audit row', async () => {
    const db = demoDbPath();
    const { base, child } = await startServer(db);
    const s = await login(base, 'viettel');
    const token = (
      (await (
        await fetch(`${base}/api/auth/tokens`, {
          method: 'POST',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'fault test' }),
        })
      ).json()) as { token: string }
    ).token;
    const acknowledged: string[] = [];
    let stop = false;
    let seq = 0;
    const writer = async () => {
      while (!stop) {
        const i = seq++;
        const code = `W-${i}`;
        try {
          const res = await fetch(`${base}/api/sites`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              operator: 'viettel',
              site_code: code,
              province: '14',
              position: { lat: 21.3 + (i % 100) * 0.0005, lon: 103.9 + Math.floor(i / 100) * 0.0005 },
              events: [{ tech: '4G', status: 'active', date: '2024-05-01' }],
            }),
          });
          if (res.status === 201) acknowledged.push(code);
        } catch {
          return; // the server is gone
        }
      }
    };
    const loops = Array.from({ length: 4 }, writer);
    // Killed once the writers are well under way (a few dozen writes acknowledged), not after a fixed time.
    await expect.poll(() => acknowledged.length, { timeout: 30_000, interval: 20 }).toBeGreaterThan(40);
    await kill(child);
    stop = true;
    await Promise.all(loops);
    expect(acknowledged.length).toBeGreaterThan(10);
    await startServer(db);
    const check = openDatabase(db);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = check
      .prepare(
        "SELECT s.site_code, (SELECT count(*) FROM audit_log a WHERE a.entity = 'site' AND a.entity_id = CAST(s.id AS TEXT)) AS audits FROM sites s WHERE site_code LIKE 'W-%'",
      )
      .all() as { site_code: string; audits: number }[];
    const byCode = new Map(stored.map((r) => [r.site_code, r.audits]));
    for (const code of acknowledged) expect(byCode.get(code)).toBe(1);
    for (const r of stored) expect(r.audits).toBe(1);
    check.close();
  }, 90_000);
});

describe('online backup', () => {
  it('a backup taken under write load restores to a consistent copy: every site with its audit row', async () => {
    const path = demoDbPath();
    const db = openDatabase(path);
    const app = createApp(db);
    const s = await loginAs(app, 'vnpt');
    let stop = false;
    let written = 0;
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        const res = await s.send('/api/sites', 'POST', {
          operator: 'vnpt',
          site_code: `B-${i}`,
          province: '14',
          position: { lat: 21.3 + (i % 100) * 0.0005, lon: 103.9 + Math.floor(i / 100) * 0.0005 },
          events: [{ tech: '4G', status: 'active', date: '2024-05-01' }],
        });
        if (res.status === 201) written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    // The backup starts with writes under way and the writers go on until it has ended and some more are in.
    await expect.poll(() => written, { timeout: 30_000, interval: 20 }).toBeGreaterThan(20);
    const dir = scratchDir('backup');
    const file = join(dir, 'backup.sqlite');
    const r = await backup(path, file);
    const atEnd = written;
    await expect.poll(() => written, { timeout: 30_000, interval: 20 }).toBeGreaterThan(atEnd + 10);
    stop = true;
    await load;
    expect(r.integrity).toBe('ok');
    const target = join(dir, 'restored.sqlite');
    restore(file, target);
    const copy = openDatabase(target);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const sites = copy.prepare("SELECT count(*) FROM sites WHERE site_code LIKE 'B-%'").pluck().get() as number;
    const audits = copy
      .prepare(
        "SELECT count(*) FROM audit_log a JOIN sites s ON a.entity = 'site' AND a.entity_id = CAST(s.id AS TEXT) WHERE s.site_code LIKE 'B-%'",
      )
      .pluck()
      .get() as number;
    expect(sites).toBeGreaterThan(0);
    expect(sites).toBeLessThanOrEqual(written);
    expect(audits).toBe(sites);
    // The demo data came through whole.
    expect(copy.prepare('SELECT count(*) FROM communes').pluck().get()).toBe(
      db.prepare('SELECT count(*) FROM communes').pluck().get(),
    );
    expect(copy.prepare("SELECT count(*) FROM sites WHERE site_code NOT LIKE 'B-%'").pluck().get()).toBe(
      db.prepare("SELECT count(*) FROM sites WHERE site_code NOT LIKE 'B-%'").pluck().get(),
    );
    copy.close();
  }, 60_000);
});
