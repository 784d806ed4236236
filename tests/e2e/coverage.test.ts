// Coverage in the page: the coverage choropleth states its model, gap cells draw, the ranking table flies
// to a commune, and a what-if evaluates before anything is saved and travels in the link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cellToLatLng } from 'h3-js';
import type { PNG } from 'pngjs';
import { today } from '../../common/month.ts';
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

/** Share of the map's pixels in the green of the gaps a what-if closes (rgb 0, 158, 115 over the map). */
function greenShare(png: PNG): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    if (g > 120 && g - r > 60 && g - b > 10 && b > 60) n++;
  }
  return n / (png.data.length / 4);
}

describe('coverage in the page', () => {
  it('shows 4G coverage as an indicator with its model and date, and draws the gaps', async () => {
    const page = await openMap(h, 'p=14&i=coverage_4g');
    keepScreenshotOnFailure(page, 'coverage-indicator');
    await page.waitForSelector('#legend-note');
    expect(await page.locator('#legend-choropleth h3').textContent()).toBe('Diện tích được phủ sóng 4G');
    // The model, its grid and its date in the reader's language, the date as Vietnamese write it.
    const [y, m, d] = today().split('-');
    expect(await page.locator('#legend-note').textContent()).toContain(
      `Mô hình quỹ đường truyền Okumura–Hata (≤1500 MHz) / COST-231 Hata (>1500 MHz), lưới H3 độ phân giải 9,`,
    );
    expect(await page.locator('#legend-note').textContent()).toContain(`tại ${d}/${m}/${y}.`);
    const before = await mapPixels(page);
    await page.locator('#layer-gaps').check();
    await page.waitForSelector('#legend-gaps');
    await settle(page);
    expect(diffShare(before, await mapPixels(page))).toBeGreaterThan(0.005);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'coverage-gaps.png') });
    // Switched to English, the note is written again in English: it used to keep the words it was first
    // drawn in.
    await page.click('#lang-switch');
    await expect
      .poll(() => page.locator('#legend-note').textContent())
      .toMatch(
        /^Model Okumura–Hata \(≤1500 MHz\) \/ COST-231 Hata \(>1500 MHz\) link budget, H3 grid resolution 9, [\d,]+ sites, at \d{1,2} [A-Z][a-z]{2} \d{4}\./,
      );
    await page.close();
  });

  it('chosen after the map is drawn, 4G coverage colours the communes with the figures the API gives', async () => {
    // The map is given the communes once, with the coverage that came beside them; while another indicator
    // is shown, a later coverage answer waits until coverage is chosen.
    const page = await openMap(h, 'p=14');
    keepScreenshotOnFailure(page, 'coverage-chosen-later');
    const before = await mapPixels(page);
    await page.locator('#ind-coverage_4g').check();
    await page.waitForSelector('#legend-note');
    await settle(page);
    const drawn = await page.evaluate(() => {
      const m = (
        window as unknown as {
          phusong: { map: { querySourceFeatures(s: string): { properties: Record<string, unknown> }[] } };
        }
      ).phusong.map;
      return Object.fromEntries(
        m.querySourceFeatures('communes').map((f) => [f.properties.code, f.properties.coverage_4g]),
      );
    });
    const table = (await (
      await fetch(`${h.base}/api/coverage/communes?province=14&scenario=current&date=${today()}&sunset=2G`)
    ).json()) as { communes: { code: string; coverage_4g: number }[] };
    expect(Object.keys(drawn).length).toBe(table.communes.length);
    for (const c of table.communes) expect(drawn[c.code]).toBeCloseTo(c.coverage_4g, 6);
    expect(diffShare(before, await mapPixels(page))).toBeGreaterThan(0.05);
    await page.close();
  });

  it('the ranking table states its formula and a row click flies to the commune', async () => {
    const page = await openMap(h, 'p=14&rank=1');
    keepScreenshotOnFailure(page, 'ranking');
    await page.waitForSelector('#ranking-table tbody tr');
    expect(await page.locator('#ranking .formula').textContent()).toMatch(/0,4 × tỷ lệ 2G/);
    expect(await page.locator('#ranking .legend-sub').textContent()).toMatch(
      /^quỹ đường truyền .* · lưới H3 độ phân giải 9 · \d{2}\/\d{2}\/\d{4} · /,
    );
    // The language switched, the table is drawn again in it from the answer it shows (it used to stay in
    // the language it was first drawn in).
    await page.click('#lang-switch');
    await expect
      .poll(() => page.locator('#ranking .formula').textContent())
      .toMatch(/^Formula: score = 100 × \(0\.4 × 2G share/);
    expect(await page.locator('#ranking-table thead').textContent()).toContain('Commune');
    expect(await page.locator('#ranking .legend-sub').textContent()).toMatch(/link budget · H3 grid resolution 9 · /);
    await page.click('#lang-switch');
    await expect.poll(() => page.locator('#ranking .formula').textContent()).toMatch(/0,4 × tỷ lệ 2G/);
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

  it('the ranking weights can be changed: the table re-ranks, the formula shows them, the link keeps them', async () => {
    const page = await openMap(h, 'p=14&rank=1');
    keepScreenshotOnFailure(page, 'ranking-weights');
    await page.waitForSelector('#ranking-table tbody tr');
    // Only the uncovered area counts: the first row is the commune with the most area without 4G.
    await page.locator('#weight-share').fill('0');
    await page.locator('#weight-share').dispatchEvent('change');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('rw') === '0,0.4,0.2');
    await page.locator('#weight-withoutSmartphone').fill('0');
    await page.locator('#weight-withoutSmartphone').dispatchEvent('change');
    await page.locator('#weight-uncovered').fill('1');
    await page.locator('#weight-uncovered').dispatchEvent('change');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('rw') === '0,1,0');
    await expect
      .poll(() => page.locator('#ranking .formula').textContent())
      .toMatch(/100 × \(0 × .* \+ 1 × tỷ lệ diện tích chưa phủ 4G \+ 0 ×/);
    const api = (await (
      await fetch(`${h.base}/api/coverage/ranking?province=14&w_2g=0&w_gap=1&w_nosmart=0`)
    ).json()) as { communes: { code: string; uncovered_share: number }[] };
    const most = Math.max(...api.communes.map((c) => c.uncovered_share));
    expect(api.communes[0]!.uncovered_share).toBe(most);
    await expect
      .poll(() => page.locator('#ranking-table tbody tr').first().getAttribute('data-code'))
      .toBe(api.communes[0]!.code);
    // The copied link opens with the same weights; "Mặc định" goes back to the documented ones.
    const again = await h.newPage();
    await again.goto(page.url());
    await again.waitForSelector('#ranking-table tbody tr');
    expect(await again.locator('#weight-uncovered').inputValue()).toBe('1');
    await again.locator('#weights-default').click();
    await again.waitForFunction(() => !new URLSearchParams(location.search).has('rw'));
    await expect.poll(() => again.locator('#ranking .formula').textContent()).toMatch(/0,4 × tỷ lệ 2G/);
    await again.close();
    await page.close();
  });

  it('keeps a weight typed while the previous weight’s ranking is on its way', async () => {
    const page = await openMap(h, 'p=14&rank=1');
    keepScreenshotOnFailure(page, 'ranking-typing');
    await page.waitForSelector('#ranking-table tbody tr');
    // The answer to the first change is held until the second weight has been typed.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let asked!: () => void;
    const askedFor = new Promise<void>((r) => (asked = r));
    await page.route('**/api/coverage/ranking?**', async (route) => {
      if (new URL(route.request().url()).searchParams.get('w_2g') === '0') {
        asked();
        await held;
      }
      await route.continue();
    });
    // Entered once: the value, then one change event.
    await page.locator('#weight-share').evaluate((input: HTMLInputElement) => {
      input.value = '0';
      input.dispatchEvent(new Event('change'));
    });
    await askedFor;
    // Being typed: the value is in the input, not yet entered (no change event).
    await page.locator('#weight-uncovered').evaluate((input: HTMLInputElement) => {
      input.focus();
      input.value = '0.8';
      input.dispatchEvent(new Event('input'));
    });
    release();
    await expect.poll(() => page.locator('#ranking .formula').textContent()).toMatch(/100 × \(0 × .* \+ 0,4 × /);
    // The answer drew the table; the weight being typed is still there, and counts once it is entered.
    expect(await page.locator('#weight-uncovered').inputValue()).toBe('0.8');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('weight-uncovered');
    await page.locator('#weight-uncovered').dispatchEvent('change');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('rw') === '0,0.8,0.2');
    await page.close();
  });

  it('a what-if site placed in a gap is evaluated, drawn on the map, and restored from the copied link', async () => {
    // A 4G gap of Sơn La today, at the centre of the view, where the click places the site.
    const gaps = (await (await fetch(`${h.base}/api/coverage/gaps?province=14`)).json()) as { cells: string[] };
    const [lat, lng] = cellToLatLng(gaps.cells[Math.floor(gaps.cells.length / 2)]!);
    const page = await openMap(h, `p=14&l=communes&cam=11/${lat.toFixed(5)}/${lng.toFixed(5)}/0`);
    keepScreenshotOnFailure(page, 'what-if');
    await page.locator('#whatif-toggle').check();
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => document.querySelector('#whatif-counts')?.textContent?.includes('thêm: 1'));
    await settle(page);
    const greenBefore = greenShare(await mapPixels(page));
    const answer = page.waitForResponse((r) => r.url().includes('/api/coverage/what-if'));
    await page.locator('#whatif-run').click();
    const body = (await (await answer).json()) as { cells: { closed: string[] } };
    expect(body.cells.closed.length).toBeGreaterThan(0);
    await page.waitForSelector('#whatif-result');
    const totals = await page.locator('#whatif-result p').first().textContent();
    expect(totals).toMatch(/xã thay đổi/);
    // The scenario reaches the map: the gaps it closes are drawn in green, with their legend.
    await page.waitForSelector('#legend-whatif');
    expect(await page.locator('#legend-whatif').textContent()).toMatch(/Vùng lõm 4G được phủ thêm/);
    await settle(page);
    expect(greenShare(await mapPixels(page))).toBeGreaterThan(greenBefore + 0.002);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'what-if-evaluated.png') });
    await expect.poll(() => page.url()).toMatch(/wi=[A-Za-z0-9_-]+/);
    const url = page.url();
    const copy = await h.newPage();
    await copy.goto(url);
    await copy.waitForSelector('#whatif-result', { timeout: 30_000 });
    expect(await copy.locator('#whatif-result p').first().textContent()).toBe(totals);
    await copy.close();
    // Leaving what-if takes the scenario out of the link and off the map.
    await page.locator('#whatif-toggle').uncheck();
    await expect.poll(() => page.url()).not.toMatch(/wi=/);
    expect(await page.locator('#whatif-result').count()).toBe(0);
    expect(await page.locator('#legend-whatif').count()).toBe(0);
    await page.close();
  });
});
