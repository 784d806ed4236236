// Coverage in the page: the coverage choropleth states its model, gap cells draw, the ranking table flies
// to a commune, and a what-if evaluates before anything is saved and travels in the link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS,
  camera,
  diffShare,
  keepScreenshotOnFailure,
  mapPixels,
  openMap,
  settle,
  startHarness,
  type Harness,
} from './browser.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('coverage in the page', () => {
  it('shows 4G coverage as an indicator with its model and date, and draws the gaps', async () => {
    const page = await openMap(h, 'p=14&i=coverage_4g');
    keepScreenshotOnFailure(page, 'coverage-indicator');
    await page.waitForSelector('#legend-note');
    expect(await page.locator('#legend-choropleth h3').textContent()).toBe('Diện tích được phủ sóng 4G');
    expect(await page.locator('#legend-note').textContent()).toMatch(/Hata.*H3.*9/);
    const before = await mapPixels(page);
    await page.locator('#layer-gaps').check();
    await page.waitForSelector('#legend-gaps');
    await settle(page);
    expect(diffShare(before, await mapPixels(page))).toBeGreaterThan(0.005);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'coverage-gaps.png') });
    await page.close();
  });

  it('the ranking table states its formula and a row click flies to the commune', async () => {
    const page = await openMap(h, 'p=14&rank=1');
    keepScreenshotOnFailure(page, 'ranking');
    await page.waitForSelector('#ranking-table tbody tr');
    expect(await page.locator('#ranking .formula').textContent()).toMatch(/0\.4 × tỷ lệ 2G/);
    const first = page.locator('#ranking-table tbody tr').first();
    const code = await first.getAttribute('data-code');
    const name = await first.locator('b').textContent();
    await first.click();
    await page.waitForSelector('#panel:not([hidden]) #panel-title');
    expect(await page.locator('#panel-title').textContent()).toBe(name);
    await settle(page);
    expect((await camera(page)).zoom).toBeGreaterThan(11);
    expect(page.url()).toContain(`sel=c:${code}`);
    await page.close();
  });

  it('a what-if site placed on the map is evaluated, shown, and restored from the copied link', async () => {
    const page = await openMap(h, 'p=14&l=communes');
    keepScreenshotOnFailure(page, 'what-if');
    await page.locator('#whatif-toggle').check();
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.35, box.y + box.height * 0.4);
    await page.waitForFunction(() => document.querySelector('#whatif-counts')?.textContent?.includes('thêm: 1'));
    await page.locator('#whatif-run').click();
    await page.waitForSelector('#whatif-result');
    const totals = await page.locator('#whatif-result p').first().textContent();
    expect(totals).toMatch(/xã thay đổi/);
    await expect.poll(() => page.url()).toMatch(/wi=[A-Za-z0-9_-]+/);
    const url = page.url();
    const copy = await h.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await copy.goto(url);
    await copy.waitForSelector('#whatif-result', { timeout: 30_000 });
    expect(await copy.locator('#whatif-result p').first().textContent()).toBe(totals);
    await copy.close();
    // Leaving what-if takes the scenario out of the link and off the map.
    await page.locator('#whatif-toggle').uncheck();
    await expect.poll(() => page.url()).not.toMatch(/wi=/);
    expect(await page.locator('#whatif-result').count()).toBe(0);
    await page.close();
  });
});
