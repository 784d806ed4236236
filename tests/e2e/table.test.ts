// The commune table beside the map: sorted by the map's indicator, re-sorted by any header, filtered by
// name and by a range of an indicator, linked both ways with the map, and exported as shown (CSV, XLSX).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { keepScreenshotOnFailure, openMap, settle, startHarness, type Harness } from './browser.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface Commune {
  properties: { code: string; name: string; share_2g: number | null; subscribers_2g: number | null };
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .toLowerCase();

describe('the commune table', () => {
  it(
    'answers "which communes have the highest 2G share" and follows headers, filters, the map and exports',
    { timeout: 180_000 },
    async () => {
      const api = (await (await fetch(`${h.base}/api/communes?province=14&month=2024-09`)).json()) as {
        features: Commune[];
      };
      const byShare = [...api.features].sort((a, b) => (b.properties.share_2g ?? -1) - (a.properties.share_2g ?? -1));
      const page = await openMap(h, 'p=14&m=2024-09');
      keepScreenshotOnFailure(page, 'commune-table');
      await page.locator('#table-toggle').check();
      await page.waitForFunction(() => new URLSearchParams(location.search).get('tbl') === '1');
      const rows = page.locator('#commune-table-rows tbody tr');
      await expect.poll(() => rows.count()).toBe(api.features.length);
      // Sorted by the map's indicator, the 2G share, highest first.
      expect(await rows.first().getAttribute('data-code')).toBe(byShare[0]!.properties.code);
      expect(await page.locator('#commune-table th[aria-sort="descending"]').textContent()).toMatch(
        /Tỷ lệ thuê bao 2G/,
      );

      // Another header: 2G subscribers, most first; again: fewest first. The link keeps the order.
      await page.locator('#commune-table th[data-key="subscribers_sunset"]').click();
      await page.waitForFunction(() => new URLSearchParams(location.search).get('ts') === 'subscribers_sunset.d');
      const most = [...api.features].sort(
        (a, b) => (b.properties.subscribers_2g ?? -1) - (a.properties.subscribers_2g ?? -1),
      );
      await expect.poll(() => rows.first().getAttribute('data-code')).toBe(most[0]!.properties.code);
      await page.locator('#commune-table th[data-key="subscribers_sunset"]').click();
      await page.waitForFunction(() => new URLSearchParams(location.search).get('ts') === 'subscribers_sunset.a');

      // Filter by name, diacritics ignored, then by a range of the 2G share (typed as a percentage).
      await page.locator('#table-search').fill('muong');
      const named = api.features.filter((f) => fold(f.properties.name).includes('muong'));
      await expect.poll(() => rows.count()).toBe(named.length);
      await page.locator('#table-search').fill('');
      await page.locator('#table-filter-column').selectOption('share_sunset');
      await page.locator('#table-min').fill('12');
      const high = api.features.filter((f) => (f.properties.share_2g ?? -1) >= 0.12);
      expect(high.length).toBeGreaterThan(0);
      await expect.poll(() => rows.count()).toBe(high.length);
      expect(await page.locator('#table-count').textContent()).toContain(`${high.length}/${api.features.length}`);

      // Table → map: hovering a row outlines its commune; a click flies there and opens its panel.
      const first = rows.first();
      const code = (await first.getAttribute('data-code'))!;
      await first.hover();
      const hoverFilter = () =>
        page.evaluate(() =>
          JSON.stringify(
            (window as unknown as { phusong: { map: { getFilter(id: string): unknown } } }).phusong.map.getFilter(
              'commune-hover',
            ),
          ),
        );
      await expect.poll(hoverFilter).toContain(code);
      await first.click();
      await page.waitForSelector('#panel:not([hidden]) #panel-title');
      expect(page.url()).toContain(`sel=c:${code}`);
      await expect
        .poll(() => page.locator(`#commune-table-rows tr[data-code="${code}"]`).getAttribute('class'))
        .toContain('selected');
      await settle(page);

      // Map → table: the commune under the pointer lights its row (every commune listed again).
      await page.locator('#table-min').fill('');
      await expect.poll(() => rows.count()).toBe(api.features.length);
      const box = (await page.locator('#map').boundingBox())!;
      const spot = { x: box.width / 2, y: 110 };
      const under = await page.evaluate(
        (p) =>
          (
            window as unknown as {
              phusong: { map: { queryRenderedFeatures(p: number[], o: object): { properties: { code: string } }[] } };
            }
          ).phusong.map.queryRenderedFeatures([p.x, p.y], { layers: ['commune-fill'] })[0]?.properties.code ?? null,
        spot,
      );
      expect(under).toBeTruthy();
      await page.mouse.move(box.x + spot.x, box.y + spot.y);
      const lit = () => page.locator('#commune-table-rows tr.hovered').getAttribute('data-code');
      await expect.poll(lit).toBe(under);
      // The rows drawn anew while the pointer rests on the map (its name typed): its row stays lit.
      const underName = api.features.find((f) => f.properties.code === under)!.properties.name;
      await page.locator('#table-search').fill(underName);
      await expect.poll(() => rows.count()).toBeLessThan(api.features.length);
      await expect.poll(lit).toBe(under);
      await page.locator('#table-search').fill('');
      await page.locator('#table-min').fill('12');
      await expect.poll(() => rows.count()).toBe(high.length);

      // Exports hold the rows as shown.
      const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#table-export-csv').click()]);
      const text = readFileSync((await csv.path())!, 'utf8').replace(/^\ufeff/, '');
      const lines = text.trim().split(/\r\n/);
      expect(lines[0]).toMatch(/^Mã,Xã\/phường,Tổng thuê bao,Thuê bao 2G,Tỷ lệ thuê bao 2G/);
      expect(lines.length - 1).toBe(high.length);
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('#table-export-xlsx').click()]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile((await xlsx.path())!);
      const ws = wb.worksheets[0]!;
      expect(ws.name).toBe('Bảng xã, phường');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.rowCount - 1).toBe(high.length);
      const codes = lines.slice(1).map((l) => l.split(',')[0]);
      expect(ws.getRow(2).getCell(1).value).toBe(codes[0]);
      expect(ws.getRow(2).getCell(5).numFmt).toBe('0.0%');
      await page.close();
    },
  );
});
