// An admin brings the department's own boundaries from the page: the report (how each name matched)
// comes before the commit button does anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepScreenshotOnFailure, openMap, startHarness, type Harness } from './browser.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('data import in the page', () => {
  it('previews a boundary file with messy names, then commits it as a new version', async () => {
    const districts = await (await fetch(`${h.base}/api/districts?province=14&geometry=1`)).json();
    const messy: Record<string, string> = { '120': 'Muờng La', '125': 'Mai Son', '116': 'Son La', '127': 'Sốp Cộp' };
    const fc = {
      type: 'FeatureCollection',
      features: districts.features
        .filter((f: { properties: { code: string } }) => messy[f.properties.code])
        .map((f: { geometry: unknown; properties: { code: string } }) => ({
          type: 'Feature',
          geometry: f.geometry,
          properties: { name_vi: messy[f.properties.code] },
        })),
    };
    const path = join(mkdtempSync(join(tmpdir(), 'phusong-e2e-')), 'son-la-districts.geojson');
    writeFileSync(path, JSON.stringify(fc));

    const page = await openMap(h, 'p=14');
    keepScreenshotOnFailure(page, 'data-import');
    await page.click('#login-button');
    await page.fill('#login-username', 'admin');
    await page.fill('#login-password', 'phusong-demo-2024');
    await page.click('#login-submit');
    await page.waitForSelector('#import-data');
    await page.click('#import-data');
    await page.selectOption('#data-kind', 'boundaries');
    await page.selectOption('#data-province', '14');
    await page.selectOption('#data-level', 'district');
    await page.setInputFiles('#data-file', path);
    await page.waitForSelector('#data-table tr');
    expect(await page.locator('#data-status').textContent()).toMatch(/Khớp 4, không khớp 0/);
    expect(await page.locator('#data-table').textContent()).toContain('Huyện Mường La (120)');
    expect(await page.locator('#data-commit').isDisabled()).toBe(false);
    await page.click('#data-commit');
    await page.waitForFunction(() => document.querySelector('#data-status')?.textContent?.includes('Đã ghi xong'));
    const versions = await (await fetch(`${h.base}/api/boundaries/versions?province=14`)).json();
    expect(versions.versions.filter((v: { level: string }) => v.level === 'district')).toHaveLength(2);
    await page.close();
  });
});
