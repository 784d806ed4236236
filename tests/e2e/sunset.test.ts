// The next sunset in Chromium: choosing the 3G programme changes the title, the indicator, the legend, the
// key figures and the link; in English too; an admin moves the 3G date in the page and the selector says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshotOnFailure, logIn, openMap, settle, startHarness, type Harness } from './browser.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the sunset selector', () => {
  it('turns the map, its legend, its key figures and its link to the 3G sunset, and back', async () => {
    const page = await openMap(h, 'p=14');
    keepScreenshotOnFailure(page, 'sunset-3g');
    expect(await page.locator('h1[data-label="app_title"]').textContent()).toBe('Phủ sóng — bản đồ tắt sóng 2G');
    expect(await page.locator('.legend h3').first().textContent()).toBe('Tỷ lệ thuê bao 2G');
    await page.selectOption('#sunset-select', '3G');
    await expect.poll(() => page.url()).toContain('sun=3G');
    await settle(page);
    expect(await page.locator('h1[data-label="app_title"]').textContent()).toBe('Phủ sóng — bản đồ tắt sóng 3G');
    expect(await page.locator('.legend h3').first().textContent()).toBe('Tỷ lệ thuê bao mất liên lạc khi tắt 3G');
    expect(await page.locator('#sunset-select option:checked').textContent()).toBe('Tắt sóng 3G — tắt mạng 9/2028');
    // The choropleth now draws the 3G sunset's share: the communes' data carry it.
    const shares = await page.evaluate(() =>
      (
        window as unknown as {
          phusong: { data: { get(): { communes: { features: { properties: Record<string, number> }[] } } } };
        }
      ).phusong.data
        .get()
        .communes.features.map((f) => f.properties.share_sunset),
    );
    expect(shares.filter((x) => typeof x === 'number' && x > 0.05).length).toBeGreaterThan(10);

    // Presentation: the key figure is the API's subscribers losing service when 3G goes.
    await page.keyboard.press('p');
    await page.waitForSelector('#kpis .kpi');
    const api = await (await fetch(`${h.base}/api/summary?province=14&sunset=3G`)).json();
    const value = await page
      .locator('#kpis .kpi', { hasText: 'Thuê bao sẽ mất liên lạc khi tắt 3G' })
      .locator('b')
      .textContent();
    expect(value!.replace(/\D/g, '')).toBe(String(api.subscribers_sunset));
    await page.keyboard.press('Escape');

    // In English, with the same programme.
    await page.click('#lang-switch');
    await expect
      .poll(() => page.locator('h1[data-label="app_title"]').textContent())
      .toBe('Phủ sóng — 3G shutdown map');
    expect(await page.locator('.legend h3').first().textContent()).toBe('Share losing service when 3G goes');
    // A copied link opens on the 3G sunset; and the 2G programme gives the 2G words back.
    await page.selectOption('#sunset-select', '2G');
    await expect.poll(() => page.url()).not.toContain('sun=');
    expect(await page.locator('.legend h3').first().textContent()).toBe('2G share of subscribers');
    await page.close();
  });

  it('an admin moves the 3G network-off date in the page; the selector shows the new date', async () => {
    const page = await openMap(h, 'p=14&sun=3G');
    keepScreenshotOnFailure(page, 'sunset-editor');
    await logIn(page, 'admin');
    await page.click('#sunsets-edit');
    await page.waitForSelector('#sunsets-editor');
    await page.fill('#sunset-3G-network_off', '2028-06-30');
    await page.fill('#sunset-3G-op-viettel', '2027-12-31');
    await Promise.all([page.waitForEvent('load'), page.click('#sunsets-save')]);
    await page.waitForSelector('body[data-ready="1"]');
    expect(await page.locator('#sunset-select option:checked').textContent()).toBe('Tắt sóng 3G — tắt mạng 6/2028');
    const saved = await (await fetch(`${h.base}/api/sunsets`)).json();
    expect(saved.sunsets[1].operators.viettel).toEqual([{ kind: 'network_off', date: '2027-12-31' }]);
    await page.close();
  });
});
