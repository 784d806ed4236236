// End-to-end harness: the real server (createApp over a temporary demo database, serving the built
// page from dist/) on a free port of 127.0.0.1, and Debian's Chromium driven by playwright-core.
// A failing test leaves its screenshot in tests/e2e/artifacts/.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium, launchChromiumProfile } from '../../scripts/chromium.ts';
import { PNG } from 'pngjs';
import { onTestFailed } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openDatabase } from '../../server/db/database.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import { demoDbPath, scratchDir } from '../helpers.ts';

export const ARTIFACTS = join(PROJECT_ROOT, 'tests/e2e/artifacts');

export interface Harness {
  base: string;
  /**
   * A new page of the file's browser profile, logged out (its cookies cleared): tests in a file run one
   * after another, and each starts as a visitor whose browser has seen the page before (scripts, their
   * compiled code and shaders cached, as for a returning user).
   */
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  /** A context of another browser altogether (nothing shared with the file's profile). */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Every test page asks for reduced motion, as a user may in their system settings: the map then jumps
 * where it would fly (MapLibre honours the setting), so a test waits for where the camera ends, not for
 * a second of animation drawn in software WebGL. The code path is the same flyTo/easeTo call.
 */
const CONTEXT_DEFAULTS: BrowserContextOptions = { viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' };

export async function startHarness(): Promise<Harness> {
  const webRoot = join(PROJECT_ROOT, 'dist');
  if (!existsSync(join(webRoot, 'index.html')))
    throw new Error('dist/ is missing: run "npm run build" (npm test does)');
  const db = openDatabase(demoDbPath());
  const app = createApp(db, { webRoot });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const profileDir = scratchDir('chromium');
  const profile = await launchChromiumProfile(profileDir, CONTEXT_DEFAULTS);
  let other: Browser | null = null;
  return {
    base: `http://127.0.0.1:${port}`,
    async newPage(options) {
      await profile.clearCookies();
      const page = await profile.newPage();
      if (options?.viewport) await page.setViewportSize(options.viewport);
      return page;
    },
    async newContext(options) {
      other ??= await launchChromium();
      return other.newContext({ ...CONTEXT_DEFAULTS, ...options });
    },
    async close() {
      await profile.close();
      await other?.close();
      rmSync(profileDir, { recursive: true, force: true });
      await new Promise((r) => server.close(r));
      db.close();
    },
  };
}

/** Keeps a screenshot of `page` when the current test fails. */
export function keepScreenshotOnFailure(page: Page, name: string): void {
  onTestFailed(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `${name.replace(/[^a-z0-9-]+/gi, '_')}.png`) }).catch(() => {});
  });
}

export async function openMap(h: Harness, query = '', viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await h.newPage({ viewport });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(`${h.base}/${query ? `?${query}` : ''}`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
  await settle(page);
  return page;
}

/** Waits until the map has finished moving, loading and drawing. */
/** Logs a demo account in through the page's login form and waits for the page to say who is in. */
export async function logIn(page: Page, username: string): Promise<void> {
  await page.click('#login-button');
  await page.fill('#login-username', username);
  await page.fill('#login-password', 'phusong-demo-2024');
  await page.click('#login-submit');
  await page.waitForSelector('#who');
}

export async function settle(page: Page): Promise<void> {
  // deck.gl's sites and labels join the map after its first drawing.
  await page.waitForSelector('body[data-deck="1"]', { timeout: 30_000 });
  await page.waitForFunction(() => {
    const m = (window as unknown as { phusong: { map: { isMoving(): boolean; loaded(): boolean } } }).phusong.map;
    return !m.isMoving() && m.loaded();
  });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const m = (
          window as unknown as { phusong: { map: { once(e: string, f: () => void): void; triggerRepaint(): void } } }
        ).phusong.map;
        const timer = setTimeout(resolve, 3000);
        m.once('idle', () => {
          clearTimeout(timer);
          resolve();
        });
        m.triggerRepaint();
      }),
  );
  // deck.gl's interleaved layers draw in the map's frames: let two more frames reach the canvas.
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

export async function mapPixels(page: Page): Promise<PNG> {
  return PNG.sync.read(await page.locator('#map canvas').first().screenshot());
}

/** Share of pixels that differ between two same-sized images. */
export function diffShare(a: PNG, b: PNG): number {
  let diff = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (
      Math.abs(a.data[i]! - b.data[i]!) +
        Math.abs(a.data[i + 1]! - b.data[i + 1]!) +
        Math.abs(a.data[i + 2]! - b.data[i + 2]!) >
      30
    )
      diff++;
  }
  return diff / (a.data.length / 4);
}

/** Number of distinct colours (quantised) and share of pixels not equal to the most common colour. */
export function colourStats(png: PNG): { distinct: number; notBackground: number } {
  const counts = new Map<number, number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = ((png.data[i]! >> 3) << 10) | ((png.data[i + 1]! >> 3) << 5) | (png.data[i + 2]! >> 3);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = png.data.length / 4;
  const top = Math.max(...counts.values());
  return { distinct: counts.size, notBackground: 1 - top / total };
}

export interface MapCamera {
  lng: number;
  lat: number;
  zoom: number;
}

export function camera(page: Page): Promise<MapCamera> {
  return page.evaluate(() => {
    const m = (
      window as unknown as { phusong: { map: { getCenter(): { lng: number; lat: number }; getZoom(): number } } }
    ).phusong.map;
    const c = m.getCenter();
    return { lng: c.lng, lat: c.lat, zoom: m.getZoom() };
  });
}
