// Meetings in Chromium: presentation mode, stepping through saved views with the arrow keys, PNG and PDF
// exports, the monthly Excel report and the districts that have not reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { PDFDocument } from 'pdf-lib';
import ExcelJS from 'exceljs';
import {
  ARTIFACTS,
  camera,
  colourStats,
  keepScreenshotOnFailure,
  mapPixels,
  openMap,
  settle,
  startHarness,
  type Harness,
} from './browser.ts';

let h: Harness;
let slides: { id: number; view: string }[] = [];

async function adminCookie(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${h.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'phusong-demo-2024' }),
  });
  return {
    cookie: res.headers.get('set-cookie')!.split(';')[0]!,
    csrf: ((await res.json()) as { csrf_token: string }).csrf_token,
  };
}

beforeAll(async () => {
  h = await startHarness();
  const { cookie, csrf } = await adminCookie();
  const views = [
    [
      'Toàn tỉnh',
      'Sơn La: hộ có điện thoại thông minh',
      'cam=7.6/21.25/104.1/0&p=14&m=2024-08&i=share_smartphone&l=communes,labels',
    ],
    [
      'TP Sơn La',
      'Thành phố Sơn La: 533 → 119 hộ',
      'cam=10.5/21.33/103.92/0&p=14&d=116&m=2024-08&i=households_without_smartphone&l=communes,labels',
    ],
    ['Vùng lõm', 'Vùng lõm sóng 4G', 'cam=9/21.45/103.7/0&p=14&m=2024-09&i=coverage_4g&l=communes,gaps'],
  ];
  for (const [name, title, view] of views) {
    const res = await fetch(`${h.base}/api/slides`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ province: '14', name, title, view }),
    });
    slides.push({ id: ((await res.json()) as { id: number }).id, view: view! });
  }
});
afterAll(async () => {
  await h?.close();
});

describe('meetings', () => {
  it('presentation mode shows the title, key figures and the legend', async () => {
    const page = await openMap(h, 'p=14&m=2024-08');
    keepScreenshotOnFailure(page, 'presentation');
    await page.keyboard.press('p');
    await page.waitForSelector('#present-title');
    expect(await page.locator('#present-title').textContent()).toBe('Tỉnh Sơn La — tháng 8/2024');
    expect(await page.locator('#kpis .kpi').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#kpis').textContent()).toMatch(/96,0 %/);
    expect(await page.locator('#legend-choropleth').isVisible()).toBe(true);
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    expect(page.url()).toContain('present=1');
    await settle(page);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'presentation-1280x720.png') });
    await page.keyboard.press('Escape');
    expect(await page.locator('#sidebar').isVisible()).toBe(true);
    await page.close();
  });

  it('the arrow keys walk the saved views; the camera and the URL follow', async () => {
    const page = await openMap(h, 'p=14&present=1');
    keepScreenshotOnFailure(page, 'slides');
    await page.waitForSelector('#present-title');
    for (const [i, s] of slides.entries()) {
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((id) => location.search.includes(`slide=${id}`), s.id);
      await settle(page);
      const expected = new URLSearchParams(s.view);
      const [zoom, lat, lng] = expected.get('cam')!.split('/').map(Number);
      const cam = await camera(page);
      expect(cam.zoom).toBeCloseTo(zoom!, 1);
      expect(cam.lat).toBeCloseTo(lat!, 2);
      expect(cam.lng).toBeCloseTo(lng!, 2);
      const url = new URL(page.url());
      expect(url.searchParams.get('i')).toBe(expected.get('i'));
      expect(url.searchParams.get('m')).toBe(expected.get('m'));
      expect(await page.locator('#present-slide').textContent()).toBe(`Trang ${i + 1}/3`);
    }
    expect(await page.locator('#present-title').textContent()).toBe('Vùng lõm sóng 4G');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((id) => location.search.includes(`slide=${id}`), slides[1]!.id);
    expect(await page.locator('#present-title').textContent()).toMatch(/533 → 119/);
    await page.close();
  });

  it("on a fresh start Hải Phòng's demo views are there to walk, and Play can be paused while it plays", async () => {
    const page = await openMap(h, 'p=31&present=1');
    keepScreenshotOnFailure(page, 'present-fresh');
    await page.waitForSelector('#present-slide');
    // No view shown yet: how many there are, not "1/3".
    expect(await page.locator('#present-slide').textContent()).toBe('3 trang đã lưu');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('#present-slide')?.textContent === 'Trang 1/3');
    expect(await page.locator('#present-title').textContent()).toMatch(/Hải Phòng — tỷ lệ thuê bao 2G, tháng 9\/2024/);
    // The months play; the button stays the same element between ticks, so a click on it lands.
    await page.click('#present-play');
    // The bar is drawn once more for the playing state (Dừng); from then on ticks keep the same button.
    await page.waitForFunction(() => /Dừng/.test(document.querySelector('#present-play')?.textContent ?? ''));
    await page.evaluate(() => ((document.querySelector('#present-play') as HTMLElement & { mark?: number }).mark = 1));
    const first = await page.locator('.present-month-label').textContent();
    await page.waitForFunction((m) => document.querySelector('.present-month-label')?.textContent !== m, first);
    expect(
      await page.evaluate(() => (document.querySelector('#present-play') as HTMLElement & { mark?: number }).mark),
    ).toBe(1);
    await page.click('#present-play');
    await page.waitForFunction(() => /Phát/.test(document.querySelector('#present-play')?.textContent ?? ''));
    // Paused: the month Play moves stays where it is (read from the view, not from a label still drawing).
    const month = () =>
      page.evaluate(
        () => (window as unknown as { phusong: { view: { get(): { month: string } } } }).phusong.view.get().month,
      );
    const stopped = await month();
    await new Promise((r) => setTimeout(r, 2500));
    expect(await month()).toBe(stopped);
    await page.close();
  });

  it('presents Hải Phòng at 1280×720 with every commune clear of the title, key figures and legend', async () => {
    const page = await openMap(h, 'p=31&m=2024-09&present=1');
    keepScreenshotOnFailure(page, 'present-free-space');
    await page.waitForSelector('.kpis .kpi');
    // The fit into the room the overlays leave comes once they are drawn: wait until the camera rests.
    let last = '';
    await expect
      .poll(
        async () => {
          await settle(page);
          const now = JSON.stringify(await camera(page));
          const rested = now === last;
          last = now;
          return rested;
        },
        { timeout: 10_000, interval: 200 },
      )
      .toBe(true);
    const labels = (
      (await (await fetch(`${h.base}/api/communes?province=31&month=2024-09`)).json()) as {
        features: { properties: { label: [number, number] } }[];
      }
    ).features.map((f) => f.properties.label);
    const hidden = await page.evaluate((points) => {
      const map = (
        window as unknown as { phusong: { map: { project(p: [number, number]): { x: number; y: number } } } }
      ).phusong.map;
      const canvas = document.querySelector('#map canvas')!.getBoundingClientRect();
      const covers = [...document.querySelectorAll('.legend, .present-head, .kpis, .present-bar')].map((e) =>
        e.getBoundingClientRect(),
      );
      return points.filter((p) => {
        const q = map.project(p);
        const [x, y] = [canvas.left + q.x, canvas.top + q.y];
        const outside = x < canvas.left || x > canvas.right || y < canvas.top || y > canvas.bottom;
        return outside || covers.some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom);
      }).length;
    }, labels);
    await page.screenshot({ path: join(ARTIFACTS, 'presentation-haiphong.png') });
    expect(labels.length).toBeGreaterThan(50);
    expect(hidden).toBe(0);
    await page.close();
  });

  it('exports a PNG at twice the screen resolution that is not blank, and a one-page PDF', async () => {
    const page = await openMap(h, 'p=14&m=2024-08&present=1');
    keepScreenshotOnFailure(page, 'exports');
    await page.waitForSelector('#present-png');
    const box = (await page.locator('#map canvas').first().boundingBox())!;
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#present-png')]);
    // Kept beside the screenshots, to look at: an export that differs from the screen is a failed export.
    await png.saveAs(join(ARTIFACTS, 'export-map.png'));
    const image = PNG.sync.read(readFileSync((await png.path())!));
    expect(image.width).toBe(Math.round(box.width * 2));
    // A title band of 148 px above the map, and a footer band under it: the source and the boundary
    // attribution, on one line or two (at twice 20 px each), so that neither covers the map.
    const footer = image.height - 148 - Math.round(box.height * 2);
    expect([40, 80]).toContain(footer);
    const band = new PNG({ width: image.width, height: footer });
    PNG.bitblt(image, band, 0, image.height - footer, image.width, footer, 0, 0);
    expect(colourStats(band).notBackground).toBeGreaterThan(0.01);
    expect(colourStats(band).notBackground).toBeLessThan(0.25);
    expect(colourStats(image).distinct).toBeGreaterThan(50);
    expect(colourStats(image).notBackground).toBeGreaterThan(0.3);
    const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('#present-pdf')]);
    await pdf.saveAs(join(ARTIFACTS, 'export-brief.pdf'));
    const doc = await PDFDocument.load(readFileSync((await pdf.path())!));
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getWidth()).toBeGreaterThan(doc.getPage(0).getHeight());
    await page.close();
  });

  it('exports a map sheet on A4 landscape at 300 dpi with a scale bar and a north arrow', async () => {
    const page = await openMap(h, 'p=14&m=2024-08');
    keepScreenshotOnFailure(page, 'export-a4');
    const before = (await page.locator('#map canvas').first().boundingBox())!;
    const [png] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('#export-a4')]);
    await png.saveAs(join(ARTIFACTS, 'export-a4.png'));
    const image = PNG.sync.read(readFileSync((await png.path())!));
    expect([image.width, image.height]).toEqual([3508, 2480]);
    expect(colourStats(image).distinct).toBeGreaterThan(50);
    expect(colourStats(image).notBackground).toBeGreaterThan(0.3);
    // The scale bar: a near-black horizontal run, bottom right of the sheet.
    const longestDarkRun = (x0: number, y0: number, x1: number, y1: number) => {
      let best = 0;
      for (let y = y0; y < y1; y++) {
        let run = 0;
        for (let x = x0; x < x1; x++) {
          const i = (y * image.width + x) * 4;
          const dark = image.data[i]! < 40 && image.data[i + 1]! < 40 && image.data[i + 2]! < 40;
          run = dark ? run + 1 : 0;
          best = Math.max(best, run);
        }
      }
      return best;
    };
    expect(longestDarkRun(image.width - 1000, image.height - 200, image.width - 20, image.height - 60)).toBeGreaterThan(
      150,
    );
    // The north arrow: a dark shape in its white disc, top right of the map.
    expect(longestDarkRun(image.width - 150, 222 + 170, image.width - 50, 222 + 250)).toBeGreaterThan(6);
    // The screen is as it was.
    await expect
      .poll(async () => (await page.locator('#map canvas').first().boundingBox())!.width)
      .toBeCloseTo(before.width, 0);
    await page.close();
  });

  it('exports every saved view as a page of one PDF for the minutes, and comes back to the view it was on', async () => {
    const slides = (await (await fetch(`${h.base}/api/slides?province=31`)).json()) as { slides: { id: number }[] };
    expect(slides.slides.length).toBeGreaterThan(1);
    const page = await openMap(h, 'p=31&m=2024-09&present=1');
    keepScreenshotOnFailure(page, 'slides-pdf');
    await page.waitForSelector('#present-slides-pdf');
    const before = new URLSearchParams(new URL(page.url()).search);
    const [pdf] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.click('#present-slides-pdf'),
    ]);
    await pdf.saveAs(join(ARTIFACTS, 'export-slides.pdf'));
    const doc = await PDFDocument.load(readFileSync((await pdf.path())!));
    expect(doc.getPageCount()).toBe(slides.slides.length);
    for (const p of doc.getPages()) expect(p.getWidth()).toBeGreaterThan(p.getHeight());
    await expect.poll(() => new URLSearchParams(new URL(page.url()).search).get('m')).toBe(before.get('m'));
    expect(new URLSearchParams(new URL(page.url()).search).get('slide')).toBe(before.get('slide'));
    await page.close();
  }, 180_000);

  it('exports the map as the screen shows it: the sites and labels drawn by deck.gl where they are on screen', async () => {
    // Sites and labels only (no choropleth), so what is marked on the map is deck.gl's.
    const page = await openMap(h, 'p=31&m=2024-09&l=sites,labels');
    keepScreenshotOnFailure(page, 'export-matches-screen');
    await settle(page);
    const screen = await mapPixels(page);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    await png.saveAs(join(ARTIFACTS, 'export-haiphong.png'));
    const image = PNG.sync.read(readFileSync((await png.path())!));
    // The map part of the export (below its title band, 74 screen pixels), brought back to screen size.
    const band = 148;
    const half = new PNG({ width: screen.width, height: screen.height });
    for (let y = 0; y < screen.height; y++)
      for (let x = 0; x < screen.width; x++)
        for (let k = 0; k < 4; k++) {
          let sum = 0;
          for (const [dx, dy] of [
            [0, 0],
            [1, 0],
            [0, 1],
            [1, 1],
          ] as const)
            sum += image.data[((band + y * 2 + dy) * image.width + x * 2 + dx) * 4 + k]!;
          half.data[(y * screen.width + x) * 4 + k] = sum / 4;
        }
    // Where the screen has a site cluster, icon or label (dark pixels), so has the export.
    const marked = (p: PNG, i: number) => p.data[i]! + p.data[i + 1]! + p.data[i + 2]! < 360;
    let onScreen = 0;
    let alsoInExport = 0;
    for (let i = 0; i < screen.data.length; i += 4)
      if (marked(screen, i)) {
        onScreen++;
        if (marked(half, i)) alsoInExport++;
      }
    expect(onScreen).toBeGreaterThan(500);
    expect(alsoInExport / onScreen).toBeGreaterThan(0.6);
    await page.close();
  });

  it('flags districts that have not reported, and the Excel report’s totals equal the API’s', async () => {
    const page = await openMap(h, 'p=14&m=2024-09');
    keepScreenshotOnFailure(page, 'comm-reports');
    await page.click('#comm-reports');
    await page.waitForSelector('#comm-table');
    for (const code of ['121', '127']) {
      expect(await page.locator(`#comm-table tr[data-district="${code}"]`).getAttribute('data-status')).toBe('late');
    }
    expect(await page.locator('#comm-table tr[data-district="116"]').getAttribute('data-status')).toBe('reported');
    expect(await page.locator('#comm-table tr[data-district="127"] .status').textContent()).toMatch(
      /Quá hạn 2024-09-20/,
    );
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#monthly-report')]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await file.path())!);
    let total: ExcelJS.Row | undefined;
    const progress = wb.getWorksheet('Tiến độ')!;
    progress.eachRow((r) => {
      if (r.getCell(1).value === 'TOÀN TỈNH') total = r;
    });
    const summary = (await (await fetch(`${h.base}/api/summary?province=14&month=2024-09`)).json()) as Record<
      string,
      number
    >;
    // Columns found by their heading, as a reader finds them.
    const head = (progress.getRow(3).values as unknown[]).map(String);
    const cell = (heading: string) => total!.getCell(head.indexOf(heading)).value;
    expect(cell('Thuê bao 2G')).toBe(summary.subscribers_2g);
    expect(cell('Hộ chưa có ĐTTM')).toBe(summary.households_without_smartphone);
    expect(cell('Trạm tắt 2G')).toBe(summary.sites_2g_switched_off);
    await page.close();
  });
});

describe('before / after', () => {
  it('shows another month beside the map with the same classes, both maps drawn', async () => {
    const page = await openMap(h, 'p=14&i=households_without_smartphone&m=2024-08&l=communes,labels');
    keepScreenshotOnFailure(page, 'compare');
    await page.selectOption('#compare-month', '2024-01');
    await page.waitForSelector('#map-b canvas');
    await settle(page);
    expect(await page.locator('#compare-before').textContent()).toBe('tháng 8/2024');
    expect(await page.locator('#compare-after').textContent()).toBe('tháng 1/2024');
    // August is better than January: with the same classes, the January half has red (many households
    // without a smartphone) where August has none. Poll: the second map draws its data a moment later.
    const dark = (png: PNG) => {
      let n = 0;
      for (let i = 0; i < png.data.length; i += 4)
        if (png.data[i]! > 150 && png.data[i + 1]! < 110 && png.data[i + 2]! < 80) n++;
      return n;
    };
    const shot = async (selector: string) => PNG.sync.read(await page.locator(selector).first().screenshot());
    let left = await shot('#map canvas');
    let right = await shot('#map-b canvas');
    await expect
      .poll(
        async () => {
          left = await shot('#map canvas');
          right = await shot('#map-b canvas');
          return dark(right) - dark(left);
        },
        { timeout: 10_000, interval: 300 },
      )
      .toBeGreaterThan(1000);
    expect(colourStats(left).distinct).toBeGreaterThan(5);
    expect(colourStats(right).distinct).toBeGreaterThan(5);
    expect(page.url()).toContain('cmp=2024-01');
    await page.screenshot({ path: join(ARTIFACTS, 'before-after.png') });
    // The export holds both panes, side by side at twice the screen's size, each as the screen has it.
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    await png.saveAs(join(ARTIFACTS, 'export-before-after.png'));
    const image = PNG.sync.read(readFileSync((await png.path())!));
    expect(image.width).toBe((left.width + right.width) * 2);
    const pane = (x0: number) => {
      const out = new PNG({ width: right.width * 2, height: right.height * 2 });
      PNG.bitblt(image, out, x0, 148, out.width, out.height, 0, 0);
      return out;
    };
    expect(dark(pane(left.width * 2)) - dark(pane(0))).toBeGreaterThan(4000);
    // Switched to English, the months' badges follow (they used to keep the Vietnamese they were drawn in).
    await page.click('#lang-switch');
    await expect.poll(() => page.locator('#compare-before').textContent()).toBe('Aug 2024');
    expect(await page.locator('#compare-after').textContent()).toBe('Jan 2024');
    await page.close();
  });
  it('swipes between two months under a divider, the legend and names kept, and exports as the screen shows', async () => {
    const page = await openMap(h, 'p=14&i=households_without_smartphone&m=2024-08&l=communes,labels');
    keepScreenshotOnFailure(page, 'compare-swipe');
    await page.selectOption('#compare-month', '2024-01');
    await page.selectOption('#compare-mode', 'swipe');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('cmpm') === 'swipe');
    await page.waitForSelector('#map-b.swipe canvas');
    await page.waitForSelector('#swipe-divider');
    await settle(page);
    const wrap = (await page.locator('.map-wrap').boundingBox())!;
    // The other month covers the map right of the divider: the pointer there reaches it, left of it the map.
    const inside = (x: number) =>
      page.evaluate(
        ([px, py]) => {
          const e = document.elementFromPoint(px!, py!);
          return e?.closest('#map-b') ? 'b' : e?.closest('#map') ? 'a' : 'other';
        },
        [wrap.x + wrap.width * x, wrap.y + 60],
      );
    expect(await inside(0.75)).toBe('b');
    expect(await inside(0.25)).toBe('a');
    // The legend stays above both months.
    const legend = (await page.locator('#legend').boundingBox())!;
    expect(await inside((legend.x + legend.width / 2 - wrap.x) / wrap.width)).not.toBe('b');

    const dark = (png: PNG) => {
      let n = 0;
      for (let i = 0; i < png.data.length; i += 4)
        if (png.data[i]! > 150 && png.data[i + 1]! < 110 && png.data[i + 2]! < 80) n++;
      return n;
    };
    const drag = async (to: number) => {
      const d = (await page.locator('#swipe-divider .swipe-handle').boundingBox())!;
      await page.mouse.move(d.x + d.width / 2, d.y + d.height / 2);
      await page.mouse.down();
      await page.mouse.move(wrap.x + wrap.width * to, d.y + d.height / 2, { steps: 5 });
      await page.mouse.up();
    };
    const mapShot = async () => PNG.sync.read(await page.screenshot({ clip: wrap }));
    // Divider to the right edge: August everywhere; to the left edge: January (more red) everywhere.
    await drag(0.98);
    const august = dark(await mapShot());
    await drag(0.02);
    await expect
      .poll(async () => dark(await mapShot()) - august, { timeout: 10_000, interval: 300 })
      .toBeGreaterThan(1000);
    expect(await inside(0.25)).toBe('b');
    expect(await page.locator('#map-b').evaluate((e) => getComputedStyle(e).clipPath)).toMatch(
      /inset\(0px 0px 0px 2(\.\d+)?%\)/,
    );

    // The export is one map at twice the screen's size, the other month where the screen has it.
    const january = dark(await mapShot());
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const image = PNG.sync.read(readFileSync((await png.path())!));
    const mapWidth = (await page.locator('#map canvas').first().boundingBox())!.width;
    expect(image.width).toBe(Math.round(mapWidth * 2));
    expect(dark(image)).toBeGreaterThan(january * 2);
    await page.close();
  });
});
