// The map page in a real Chromium: it draws, it reacts, it finds places, it restores a pasted link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS,
  camera,
  colourStats,
  diffShare,
  keepScreenshotOnFailure,
  mapPixels,
  openMap,
  settle,
  startHarness,
  type Harness,
} from './browser.ts';
import type { Page } from 'playwright-core';
import { CATEGORY_STYLE } from '../../web/layers/site-icons.ts';

type Store = { set(patch: Record<string, unknown>): void };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the map page', () => {
  it('draws the map: the canvas is not blank and shows the choropleth, with the demo banner', async () => {
    const page = await openMap(h, 'p=31');
    keepScreenshotOnFailure(page, 'map-not-blank');
    const stats = colourStats(await mapPixels(page));
    // A blank WebGL canvas is one colour; the choropleth, outlines and sites give many.
    expect(stats.distinct).toBeGreaterThan(20);
    expect(stats.notBackground).toBeGreaterThan(0.3);
    await expect(page.locator('.demo-banner').isVisible()).resolves.toBe(true);
    expect(await page.locator('.demo-banner').textContent()).toMatch(/MINH HOẠ/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'view-1280x720.png') });
    await page.close();
  });

  it('toggling a layer changes the pixels', async () => {
    // Sơn La fills the map; in January 2024 households without a smartphone colour its communes strongly.
    const page = await openMap(h, 'p=14&m=2024-01&i=households_without_smartphone');
    keepScreenshotOnFailure(page, 'layer-toggle');
    const before = await mapPixels(page);
    await page.locator('#layer-communes').uncheck();
    await settle(page);
    const without = await mapPixels(page);
    expect(diffShare(before, without)).toBeGreaterThan(0.2);
    await page.locator('#layer-communes').check();
    await settle(page);
    expect(diffShare(before, await mapPixels(page))).toBeLessThan(0.05);

    // Left alone, the page stops asking for frames (deck.gl's loop asked sixty a second, for ever)...
    await page.evaluate(() => {
      const w = window as unknown as { frameRequests: number };
      w.frameRequests = 0;
      const request = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (callback) => {
        w.frameRequests++;
        return request(callback);
      };
    });
    const requests = () => page.evaluate(() => (window as unknown as { frameRequests: number }).frameRequests);
    await expect
      .poll(
        async () => {
          const start = await requests();
          await new Promise((r) => setTimeout(r, 500));
          return (await requests()) - start;
        },
        { timeout: 10_000 },
      )
      .toBe(0);
    // ...and still draws what changes then: sites arriving (here: none) change deck.gl's layers alone,
    // with nothing else asking the map to draw.
    const idle = await mapPixels(page);
    await page.evaluate(() => (window as unknown as { phusong: { data: Store } }).phusong.data.set({ sites: [] }));
    await expect.poll(async () => diffShare(idle, await mapPixels(page)), { timeout: 10_000 }).toBeGreaterThan(0.002);
    await page.close();
  });

  it('zoomed in, single sites are drawn as icons and the page logs no errors', async () => {
    const errors: string[] = [];
    const page = await h.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text().slice(0, 200));
    });
    page.on('pageerror', (e) => errors.push(e.message));
    keepScreenshotOnFailure(page, 'site-icons');
    // Zoom 13 over a demo site of Sơn La: past the clustering zoom, so every site is its own icon.
    const sites = (await (await fetch(`${h.base}/api/sites?province=14&operator=viettel&as_of=2026-11-30`)).json()) as {
      features: { geometry: { coordinates: [number, number] } }[];
    };
    const [lon, lat] = sites.features[0]!.geometry.coordinates;
    await page.goto(`${h.base}/?p=14&cam=13/${lat}/${lon}/0`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    await settle(page);
    // The camera is centred on a demo site: the pixels under the centre must wear a site category's colour.
    const png = await mapPixels(page);
    const colours = Object.values(CATEGORY_STYLE).map(({ color }) =>
      [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)),
    );
    let iconPixels = 0;
    for (let y = (png.height >> 1) - 10; y < (png.height >> 1) + 10; y++)
      for (let x = (png.width >> 1) - 10; x < (png.width >> 1) + 10; x++) {
        const i = (y * png.width + x) * 4;
        const px = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
        if (colours.some((c) => c.reduce((d, v, k) => d + Math.abs(v - px[k]!), 0) < 40)) iconPixels++;
      }
    expect(iconPixels).toBeGreaterThan(20);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('searching "thuy nguyen" flies to Thuỷ Nguyên and opens its panel', async () => {
    const page = await openMap(h);
    keepScreenshotOnFailure(page, 'search-thuy-nguyen');
    await page.locator('#search').fill('thuy nguyen');
    await page.locator('#search').press('Enter');
    await page.waitForSelector('#panel:not([hidden]) #panel-title');
    // The former district (a city since 2025, then divided into wards on 1 July 2025).
    expect(await page.locator('#panel-title').textContent()).toBe('Thành phố Thuỷ Nguyên');
    await settle(page);
    const cam = await camera(page);
    // Thuỷ Nguyên lies north of Hải Phòng's centre, around 20.95 N, 106.66 E: the map fits the wards
    // formed from it.
    expect(cam.lat).toBeGreaterThan(20.88);
    expect(cam.lat).toBeLessThan(21.05);
    expect(cam.lng).toBeGreaterThan(106.55);
    expect(cam.lng).toBeLessThan(106.8);
    expect(cam.zoom).toBeGreaterThan(9);
    expect(await page.locator('#district-select').inputValue()).toBe('311');
    await page.close();
  });

  it('finds "Ðồ Sơn" typed with U+00D0 and "Thủy Nguyên" with the new tone placement', async () => {
    const page = await openMap(h);
    await page.locator('#search').fill('\u00D0ồ Sơn');
    await page.waitForSelector('#search-results li[role=option]');
    expect(await page.locator('#search-results li[role=option] b').first().textContent()).toBe('Quận Đồ Sơn');
    await page.locator('#search').fill('Thủy Nguyên');
    await page.waitForFunction(
      () => document.querySelector('#search-results li[role=option] b')?.textContent === 'Thành phố Thuỷ Nguyên',
    );
    // An old ward's name leads to today's ward it became, and says so.
    await page.locator('#search').fill('Quyết Thắng');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#search-results li[role=option]')].some(
        (li) => li.querySelector('b')?.textContent === 'Phường Tô Hiệu' && /Quyết Thắng/.test(li.textContent ?? ''),
      ),
    );
    await page.close();
  });

  it('clicking a commune opens its panel with the right name', async () => {
    // Put a known commune under the middle of the map, sites hidden so the click reaches the commune.
    const res = await fetch(`${h.base}/api/communes?district=116`);
    const fc = (await res.json()) as {
      features: { properties: { code: string; name: string; label: [number, number] } }[];
    };
    const target = fc.features[0]!.properties;
    const page = await openMap(h, `cam=12/${target.label[1]}/${target.label[0]}/0&l=communes`);
    keepScreenshotOnFailure(page, 'click-commune');
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector('#panel:not([hidden]) #panel-title');
    expect(await page.locator('#panel-title').textContent()).toBe(target.name);
    expect(page.url()).toContain(`sel=c:${target.code}`);
    // One bar a month, January 2024 → the latest full month, across 1 July 2025.
    const months = ((await (await fetch(`${h.base}/api/meta`)).json()) as { months: string[] }).months;
    expect(await page.locator('#panel svg.chart rect').count()).toBe(months.length);
    // Its axis is readable: no two labels overlap (every month's number ran together at 35 months), and
    // each year is named under its January.
    const labels = await page.evaluate(() =>
      [...document.querySelectorAll('#panel svg.chart text:not(.value)')].map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent!, left: r.left, right: r.right, top: r.top };
      }),
    );
    for (const row of [...new Set(labels.map((l) => l.top))]) {
      const inRow = labels.filter((l) => l.top === row).sort((a, b) => a.left - b.left);
      for (let i = 1; i < inRow.length; i++) expect(inRow[i]!.left).toBeGreaterThanOrEqual(inRow[i - 1]!.right);
    }
    const years = [...new Set(months.map((m) => m.slice(0, 4)))];
    expect(labels.filter((l) => /^\d{4}$/.test(l.text)).map((l) => l.text)).toEqual(years);
    await page.close();
  });

  it('opens on the whole country by province; a click on a province opens its communes', async () => {
    // Sites off, so the click reaches the province; Sơn La's label point is inside it.
    const page = await openMap(h, 'm=2024-08&l=communes');
    keepScreenshotOnFailure(page, 'national-view');
    const outlines = (await (await fetch(`${h.base}/api/provinces?geometry=1&zoom=6`)).json()) as {
      features: { properties: { code: string; label: [number, number] } }[];
    };
    expect(outlines.features).toHaveLength(34);
    const sonLa = outlines.features.find((f) => f.properties.code === '14')!.properties.label;
    const point = await page.evaluate(
      ([lon, lat]) =>
        (
          window as unknown as { phusong: { map: { project(p: number[]): { x: number; y: number } } } }
        ).phusong.map.project([lon!, lat!]),
      sonLa,
    );
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + point.x, box.y + point.y);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('p') === '14');
    await settle(page);
    expect(await page.locator('#province-select').inputValue()).toBe('14');
    expect((await camera(page)).zoom).toBeGreaterThan(7);
    await page.close();
  });

  it('a copied URL restores the view in another browser', async () => {
    const page = await openMap(h);
    keepScreenshotOnFailure(page, 'url-restore');
    await page.locator('#province-select').selectOption('14');
    await settle(page);
    await page.locator('#month-select').selectOption('2024-03');
    await page.locator('#ind-households_without_smartphone').check();
    await page.locator('#layer-labels').uncheck();
    await page.locator('#operator-select').selectOption('vnpt');
    await page.locator('#search').fill('Chiềng Lề');
    await page.waitForSelector('#search-results li[role=option]');
    await page.locator('#search').press('Enter');
    await page.waitForSelector('#panel:not([hidden]) #panel-title');
    await settle(page);
    // The URL is written 50 ms after the last change: wait until it holds the whole view.
    await expect.poll(() => page.url()).toMatch(/sel=c:\d{5}/);
    await expect.poll(() => page.url()).toContain('op=vnpt');
    const url = page.url();
    const cam = await camera(page);
    const title = await page.locator('#panel-title').textContent();

    const other = await h.newContext();
    const copy = await other.newPage();
    await copy.goto(url);
    await copy.waitForSelector('body[data-ready="1"]');
    await settle(copy);
    await copy.waitForSelector('#panel:not([hidden]) #panel-title');
    expect(await copy.locator('#panel-title').textContent()).toBe(title);
    expect(await copy.locator('#province-select').inputValue()).toBe('14');
    expect(await copy.locator('#month-select').inputValue()).toBe('2024-03');
    expect(await copy.locator('#ind-households_without_smartphone').isChecked()).toBe(true);
    expect(await copy.locator('#layer-labels').isChecked()).toBe(false);
    expect(await copy.locator('#operator-select').inputValue()).toBe('vnpt');
    const cam2 = await camera(copy);
    expect(cam2.zoom).toBeCloseTo(cam.zoom, 1);
    expect(cam2.lat).toBeCloseTo(cam.lat, 3);
    expect(cam2.lng).toBeCloseTo(cam.lng, 3);
    expect(diffShare(await mapPixels(page), await mapPixels(copy))).toBeLessThan(0.02);
    await other.close();
    await page.close();
  });

  it('draws only the frames a change needs: nothing fades, so a switch is a frame or two, not 300 ms of them', async () => {
    // Counts the frames the map draws from an action until it has drawn nothing for half a second, on the
    // page's clock held still and moved on 1/60 s per frame: a 300 ms fade is 18 frames on any machine.
    type Counted = { phusong: { map: { on(e: string, f: () => void): void } }; framesDrawn?: number };
    const drawn = (page: Page) => page.evaluate(() => (window as unknown as Counted).framesDrawn!);
    const framesAfter = async (page: Page, action: () => Promise<unknown>) => {
      await settle(page);
      const before = await drawn(page);
      await action();
      let seen = -1;
      for (;;) {
        const now = await drawn(page);
        if (now === seen) return now - before;
        seen = now;
        await page.waitForTimeout(500);
      }
    };
    const page = await openMap(h, 'p=14&m=2024-01&i=households_without_smartphone');
    keepScreenshotOnFailure(page, 'frames');
    // For a reader who did not ask their system for less motion (the harness's browser asks).
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    await page.evaluate(() => {
      const w = window as unknown as Counted;
      let clock = performance.now();
      performance.now = () => clock;
      w.framesDrawn = 0;
      w.phusong.map.on('render', () => {
        w.framesDrawn!++;
        clock += 1000 / 60;
      });
    });
    const recolour = await framesAfter(page, () => page.locator('#ind-share_sunset').check());
    const labelsOff = await framesAfter(page, () => page.locator('#layer-labels').uncheck());
    // Two frames each here; 19 each while MapLibre 5 drew its idle frames (11 and 19 with only the sky mended).
    expect(recolour).toBeLessThanOrEqual(6);
    expect(labelsOff).toBeLessThanOrEqual(6);
    await page.close();
  });

  it('the English switch changes the labels, and back', async () => {
    const page = await openMap(h, 'p=31');
    keepScreenshotOnFailure(page, 'english-switch');
    expect(await page.locator('h1').textContent()).toMatch(/bản đồ tắt sóng 2G/);
    expect(await page.locator('#legend-choropleth h3').textContent()).toBe('Tỷ lệ thuê bao 2G');
    await page.locator('#lang-switch').click();
    expect(await page.locator('h1').textContent()).toMatch(/2G shutdown map/);
    expect(await page.locator('#legend-choropleth h3').textContent()).toBe('2G share of subscribers');
    expect(await page.locator('label[for=province-select]').textContent()).toBe('Province');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.url()).toContain('lang=en');
    await page.locator('#lang-switch').click();
    expect(await page.locator('label[for=province-select]').textContent()).toBe('Tỉnh');
    await page.close();
  });

  it('works on a phone-sized screen: map drawn, controls behind the menu button', async () => {
    const page = await openMap(h, 'p=14', { width: 390, height: 800 });
    keepScreenshotOnFailure(page, 'phone');
    expect(colourStats(await mapPixels(page)).distinct).toBeGreaterThan(20);
    await expect(page.locator('#province-select').isVisible()).resolves.toBe(true); // in the DOM, slid out of view
    const before = (await page.locator('#sidebar').boundingBox())!;
    expect(before.x + before.width).toBeLessThanOrEqual(1);
    await page.locator('header .menu').click();
    // In place at once, without sliding: the harness's browser asks for less motion, as a reader can.
    expect((await page.locator('#sidebar').boundingBox())!.x).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'view-phone-390x800.png') });
    await page.close();
  });
});

describe('the legend on a phone', () => {
  it('starts folded so the map stays visible, and unfolds with one tap', async () => {
    const page = await openMap(h, 'p=31', { width: 390, height: 800 });
    keepScreenshotOnFailure(page, 'legend-phone');
    expect(await page.locator('#legend').getAttribute('class')).toMatch(/folded/);
    expect(await page.locator('#legend-choropleth ul').isVisible()).toBe(false);
    await page.click('#legend-toggle');
    expect(await page.locator('#legend-choropleth ul').isVisible()).toBe(true);
    await page.close();
  });
});

describe('figures as reported, in the units before 1 July 2025', () => {
  it("lists today's Hải Phòng as its two former provinces, commune by former district, with their exact totals", async () => {
    const page = await openMap(h, 'p=31&m=2024-01&rep=1');
    keepScreenshotOnFailure(page, 'as-reported');
    await page.waitForSelector('#as-reported h3[data-province="30"]');
    // The city of 2024 and the former Hải Dương, each with its own total as reported: 302,400 / 2,512,000.
    expect(await page.locator('#as-reported h3[data-province="31"]').textContent()).toMatch(
      /Thành phố Hải Phòng.*12,0\s?%/,
    );
    // Each former province's block is drawn as its answers arrive: its heading before its chart and table.
    await expect.poll(() => page.locator('#as-reported').textContent()).toContain('Huyện An Lão');
    expect(await page.locator('#as-reported table').first().locator('tr').count()).toBeGreaterThan(150);
    // Each former province's months as reported, January 2024 → June 2025, as a chart.
    await page.waitForFunction(() => document.querySelectorAll('#as-reported svg').length === 2);
    expect(await page.locator('#as-reported svg').first().locator('rect').count()).toBe(18);
    // A month reported in today's units: the last month of the old ones, and a note saying so.
    await page
      .locator('#month-select')
      .selectOption((await page.locator('#month-select option').last().getAttribute('value')) as string);
    await page.waitForFunction(() =>
      /tháng 6\/2025/.test(document.querySelector('#as-reported h3')?.textContent ?? ''),
    );
    // The month as people write it (11/2026), not as the URL does (2026-11).
    expect(await page.locator('#as-reported .estimate-note').first().textContent()).toMatch(
      /^Tháng \d{1,2}\/\d{4} được báo cáo theo đơn vị hiện hành/,
    );
    expect(page.url()).toContain('rep=1');
    await page.close();
  });
});

describe('the whole country zoomed in', () => {
  it('zoomed in on the whole country, draws the communes from vector tiles of the month shown, and they answer the pointer', async () => {
    const page = await h.newPage();
    keepScreenshotOnFailure(page, 'commune-tiles');
    const asked: string[] = [];
    page.on('request', (r) => asked.push(r.url()));
    await page.goto(`${h.base}/?cam=9/20.86/106.55/0&m=2024-09&l=communes,labels`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    await settle(page);
    const tiles = asked.filter((u) => u.includes('/tiles/communes/9/'));
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.every((u) => u.includes('datetime=2024-09-01'))).toBe(true);
    expect(asked.filter((u) => u.includes('/api/communes?'))).toEqual([]);
    // The commune at the centre of the view is one of Hải Phòng's, coloured, and named by its panel.
    const box = (await page.locator('#map').boundingBox())!;
    const centre = await page.evaluate(
      ([x, y]) =>
        (
          window as unknown as {
            phusong: {
              map: { queryRenderedFeatures(p: number[], o: object): { properties: Record<string, unknown> }[] };
            };
          }
        ).phusong.map.queryRenderedFeatures([x!, y!], { layers: ['commune-tile-fill'] })[0]?.properties ?? null,
      [box.width / 2, box.height / 2],
    );
    expect(centre).toMatchObject({ province_code: '31', month: '2024-09' });
    const list = (await (await fetch(`${h.base}/api/communes?province=31&month=2024-09`)).json()) as {
      features: { properties: { code: string; name: string; share_2g: number } }[];
    };
    const api = list.features.find((f) => f.properties.code === centre!.code)!;
    expect(centre!.share_2g).toBeCloseTo(api.properties.share_2g, 4);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector('#panel:not([hidden]) #panel-title');
    expect(await page.locator('#panel-title').textContent()).toBe(api.properties.name);
    // Another month: the tiles of that month are asked for.
    asked.length = 0;
    await page.locator('#month-select').selectOption('2026-11');
    await expect
      .poll(() => asked.some((u) => u.includes('/tiles/communes/') && u.includes('datetime=2026-11-01')))
      .toBe(true);
    await page.close();
  });
});
