// Station registration in the page: a carrier logs in, registers a site typed in degrees-minutes-seconds;
// a name with <script> or <img onerror> is stored and shown as text, never run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keepScreenshotOnFailure, openMap, startHarness, type Harness, logIn } from './browser.ts';
import { scratchDir } from '../helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('stations in the page', () => {
  it('a carrier registers a site; a hostile name is shown as text and never runs', async () => {
    const page = await openMap(h, 'p=14');
    keepScreenshotOnFailure(page, 'station-xss');
    await logIn(page, 'vnpt');
    expect(await page.locator('#who').textContent()).toMatch(/VNPT/);
    // The role in the page's language, not the stored word.
    expect(await page.locator('#who').textContent()).toMatch(/· nhà mạng$/);

    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await page.click('#add-site');
    await page.fill('#site-code', 'E2E-XSS-1');
    await page.fill('#site-name', evil);
    await page.fill('#site-position', `21°19'37.2"N 103°54'43.2"E`);
    await page.click('#site-form-submit');
    await page.waitForSelector('#panel:not([hidden]) #site-history li');
    expect(await page.locator('#panel-title').textContent()).toBe(`E2E-XSS-1 — ${evil}`);
    expect(await page.locator('#panel img').count()).toBe(0);
    expect(await page.locator('#panel script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#site-history li').first().textContent()).toMatch(
      /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} · tạo mới · vnpt/,
    );

    // The carrier may edit its own site: the panel offers it, and the edit is audited.
    await page.click('#site-edit');
    await page.fill('#edit-height', '42');
    await page.click('#edit-form-submit');
    await page.waitForFunction(() => document.querySelectorAll('#site-history li').length === 2);
    expect(await page.locator('#site-history li').first().textContent()).toMatch(/ · sửa · vnpt/);

    // A wrong position is refused with the reason, in Vietnamese.
    await page.click('#add-site');
    await page.fill('#site-code', 'E2E-OUT');
    await page.fill('#site-position', '20.86, 106.68');
    await page.click('#site-form-submit');
    await page.waitForFunction(() => (document.querySelector('#site-form-error')?.textContent ?? '').length > 0);
    expect(await page.locator('#site-form-error').textContent()).toMatch(/không nằm trong Tỉnh Sơn La/);
    await page.close();
  });

  it('a station registered today is on the map and on air, whatever month the figures are of', async () => {
    // The figures of an old month: stations still show as of today.
    const page = await openMap(h, 'p=14&m=2024-09');
    keepScreenshotOnFailure(page, 'station-today');
    await logIn(page, 'vnpt');
    await page.click('#add-site');
    await page.fill('#site-code', 'E2E-TODAY-1');
    // A decimal comma, as people type it and as the bulk import reads it.
    await page.fill('#site-position', '21,3256; 103,9188');
    await page.click('#site-form-submit');
    await page.waitForSelector('#panel:not([hidden]) #site-history li');
    const panel = (await page.locator('#panel').textContent()) ?? '';
    expect(panel).toMatch(/đang phát/);
    expect(panel).not.toMatch(/Ngừng phát/);
    // Its state and events are dated as people write dates (08/12/2026), not as the API does (2026-12-08).
    const [y, mo, d] = new Date().toISOString().slice(0, 10).split('-');
    expect(await page.locator('#panel .category').textContent()).toContain(`(tại ${d}/${mo}/${y})`);
    expect(panel).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // The map flies to it, and draws it: it is among the sites the map holds.
    await page.waitForFunction(() => {
      const m = (
        window as unknown as {
          phusong: {
            map: {
              getZoom(): number;
              isMoving(): boolean;
              getBounds(): { contains(p: [number, number]): boolean };
            };
          };
        }
      ).phusong.map;
      return !m.isMoving() && m.getZoom() >= 12.9 && m.getBounds().contains([103.9188, 21.3256]);
    });
    await page.waitForFunction(() =>
      (
        window as unknown as { phusong: { data: { get(): { sites: { site_code?: string; code?: string }[] } } } }
      ).phusong.data
        .get()
        .sites.some((s) => (s.site_code ?? s.code) === 'E2E-TODAY-1'),
    );
    expect(await page.locator('.legend').textContent()).toContain(`tại ${d}/${mo}/${y}`);
    await page.close();
  });

  it('a carrier imports 25,000 rows: the report first, then a progress bar while the server writes', async () => {
    const rows = ['Mã trạm;Tên trạm;Vĩ độ;Kinh độ;Công nghệ;Trạng thái;Ngày'];
    for (let i = 0; i < 25_000; i++)
      rows.push(
        `E2E-IMP-${i};Trạm ${i};${(21.3 + (i % 150) * 0.0003).toFixed(5).replace('.', ',')};${(103.9 + Math.floor(i / 150) * 0.0003).toFixed(5).replace('.', ',')};4G;Đang phát;15/03/2024`,
      );
    const file = join(scratchDir('e2e'), 'tram-vnpt.csv');
    writeFileSync(file, rows.join('\n'));
    const page = await openMap(h, 'p=14');
    keepScreenshotOnFailure(page, 'station-import');
    await logIn(page, 'vnpt');
    await page.click('#import-sites');
    // Every text and value the progress bar shows, as it shows them.
    await page.evaluate(() => {
      const seen: { text: string; value: number }[] = [];
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('#import-progress');
        if (bar && !bar.closest<HTMLElement>('.upload-progress')!.hidden)
          seen.push({ text: document.querySelector('#import-status')?.textContent ?? '', value: bar.value });
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    // A file with a bad row: its errors come first, above the mapping, which speaks the page's language.
    const bad = join(scratchDir('e2e'), 'loi.csv');
    writeFileSync(bad, `${rows[0]}\n${rows[1]}\nE2E-BAD;x;21,3;103,9;4G;Đang phát;31/02/2024`);
    await page.setInputFiles('#import-file', bad);
    await page.waitForSelector('#import-errors');
    expect(
      await page.evaluate(
        () =>
          document
            .querySelector('#import-errors')!
            .compareDocumentPosition(document.querySelector('#import-mapping')!) & Node.DOCUMENT_POSITION_FOLLOWING,
      ),
    ).toBeTruthy();
    expect(await page.locator('#import-mapping select[data-header="Vĩ độ"] option:checked').textContent()).toBe(
      'Vĩ độ',
    );
    expect(await page.locator('#import-mapping').textContent()).not.toMatch(/site_code|vn2000_x/);
    expect(await page.locator('#import-commit').isDisabled()).toBe(true);
    await page.setInputFiles('#import-file', file);
    await page.waitForFunction(
      () => /25\.000 dòng|25000/.test(document.querySelector('#import-status')?.textContent ?? ''),
      null,
      {
        timeout: 60_000,
      },
    );
    expect(await page.locator('#import-commit').isDisabled()).toBe(false);
    await page.click('#import-commit');
    await page.waitForFunction(
      () => /Đã ghi xong/.test(document.querySelector('#import-status')?.textContent ?? ''),
      null,
      {
        timeout: 90_000,
      },
    );
    const seen = await page.evaluate(() => (window as unknown as { __seen: { text: string; value: number }[] }).__seen);
    expect(seen.some((s) => /^Đang tải lên/.test(s.text))).toBe(true);
    expect(seen.some((s) => /^Đang đọc, kiểm tra và ghi \d+%/.test(s.text) && s.value > 50)).toBe(true);
    expect(await page.locator('#import-progress').isHidden()).toBe(true);

    // A second file, cancelled while the server writes it: nothing of it is kept.
    const other = join(scratchDir('e2e'), 'huy.csv');
    writeFileSync(other, rows.map((r) => r.replace(/^E2E-IMP-/, 'E2E-CAN-')).join('\n'));
    await page.setInputFiles('#import-file', other);
    await page.waitForFunction(
      () => !(document.querySelector<HTMLButtonElement>('#import-commit')?.disabled ?? true),
      null,
      {
        timeout: 60_000,
      },
    );
    await page.click('#import-commit');
    await page.locator('#import-progress-cancel').click({ timeout: 60_000 });
    await page.waitForFunction(() => /đã huỷ/.test(document.querySelector('#import-status')?.textContent ?? ''), null, {
      timeout: 60_000,
    });
    const kept = await page.evaluate(async () => {
      const r = await fetch('/api/sites?province=14&operator=vnpt');
      const fc = (await r.json()) as { features: { properties: { site_code: string } }[] };
      return fc.features.filter((f) => f.properties.site_code.startsWith('E2E-CAN-')).length;
    });
    expect(kept).toBe(0);
    await page.close();
  });

  it('an anonymous visitor sees no editing buttons and may export', async () => {
    const page = await openMap(h, 'p=14');
    expect(await page.locator('#add-site').count()).toBe(0);
    const href = await page.locator('#export-csv').getAttribute('href');
    expect(href).toMatch(/\/api\/sites\/export\?province=14/);
    const res = await page.request.get(`${h.base}${href}`);
    expect(res.status()).toBe(200);
    expect((await res.text()).split('\n')[0]).toMatch(/Mã trạm/);
    await page.close();
  });
});
