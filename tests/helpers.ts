// Test helpers: a demo database in a temporary file (real SQLite, WAL), seeded once per run by
// tests/global-setup.ts and copied for each caller.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { inject } from 'vitest';
import { dirname, join } from 'node:path';
import { openDatabase, type DB } from '../server/db/database.ts';
import { createApp } from '../server/app.ts';
import { checkResponses } from './openapi-check.ts';

/**
 * Path of a freshly seeded demo database file private to the caller. Copies are made beside the template,
 * so the run's teardown removes them with it (left in the system's temporary folder, every run kept
 * hundreds of them there until the disk was full).
 */
export function demoDbPath(): string {
  const path = join(scratchDir('copy'), 'phusong.sqlite');
  copyFileSync(inject('demoTemplate'), path);
  return path;
}

/**
 * A new empty folder for a test's files (uploads, exports, backups), inside the run's template folder so
 * the run's teardown removes it with everything else.
 */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(dirname(inject('demoTemplate')), `${prefix}-`));
}

export function demoDb(): DB {
  return openDatabase(demoDbPath());
}

export function demoApp() {
  const db = demoDb();
  return { db, app: checkResponses(createApp(db)) };
}

// eslint-disable-next-line -- tests assert on the JSON shape directly, so the default body type is open
export async function getJson<T = any>(
  app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> },
  url: string,
) {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

/** Logs a demo account in through the API: the session cookie and CSRF token to send with writes. */
export async function loginAs(
  app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> },
  username: string,
  password = 'phusong-demo-2024',
) {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const body = (await res.json()) as { csrf_token: string };
  return {
    cookie,
    csrf: body.csrf_token,
    /** Sends a JSON request as this user (session cookie + CSRF header). */
    send: async (url: string, method: string, json?: unknown): Promise<Response> =>
      app.request(url, {
        method,
        headers: {
          cookie,
          'x-csrf-token': body.csrf_token,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      }),
  };
}
