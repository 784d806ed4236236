// An admin brings the department's own boundaries from the page: the report (how each name matched)
// comes before the commit button does anything.
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

describe('data import in the page', () => {
  it("previews a boundary file with messy names in today's units, then commits it as a new version", async () => {
    const communes = await (await fetch(`${h.base}/api/communes?province=14`)).json();
    const messy: Record<string, string> = {
      '03808': 'Xã Muờng La',
      '04105': 'Mai Son',
      '03646': 'P. Tô Hiệu',
      '03664': 'CHIENG AN',
    };
    const fc = {
      type: 'FeatureCollection',
      features: communes.features
        .filter((f: { properties: { code: string } }) => messy[f.properties.code])
        .map((f: { geometry: unknown; properties: { code: string } }) => ({
          type: 'Feature',
          geometry: f.geometry,
          properties: { name_vi: messy[f.properties.code] },
        })),
    };
    const dir = scratchDir('e2e');
    const path = join(dir, 'son-la-communes.geojson');
    writeFileSync(path, JSON.stringify(fc));
    // The same places under their names before 1 July 2025: the page says which units they are and offers them.
    const old: Record<string, string> = { '03646': 'Phường Quyết Thắng', '03664': 'Phường Chiềng An' };
    const oldPath = join(dir, 'son-la-2024.geojson');
    writeFileSync(
      oldPath,
      JSON.stringify({
        type: 'FeatureCollection',
        features: communes.features
          .filter((f: { properties: { code: string } }) => old[f.properties.code])
          .map((f: { geometry: unknown; properties: { code: string } }) => ({
            type: 'Feature',
            geometry: f.geometry,
            properties: { name_vi: old[f.properties.code] },
          })),
      }),
    );

    const page = await openMap(h, 'p=14');
    keepScreenshotOnFailure(page, 'data-import');
    await logIn(page, 'admin');
    await page.waitForSelector('#import-data');
    await page.click('#import-data');
    await page.selectOption('#data-kind', 'boundaries');
    await page.selectOption('#data-province', '14');
    await page.setInputFiles('#data-file', oldPath);
    await page.waitForSelector('#data-other-set');
    expect(await page.locator('#data-other-set').textContent()).toMatch(/units_at=2025-06-30/);
    expect(await page.locator('#data-commit').isDisabled()).toBe(true);
    await page.click('#data-switch-units');
    await page.waitForFunction(() =>
      /Khớp 2, không khớp 0/.test(document.querySelector('#data-status')?.textContent ?? ''),
    );
    expect(await page.locator('#data-units').inputValue()).toBe('2025-06-30');

    await page.selectOption('#data-units', '');
    await page.selectOption('#data-province', '14');
    await page.setInputFiles('#data-file', path);
    await page.waitForFunction(() =>
      /Khớp 4, không khớp 0/.test(document.querySelector('#data-status')?.textContent ?? ''),
    );
    expect(await page.locator('#data-table').textContent()).toContain('Xã Mường La (03808)');
    expect(await page.locator('#data-commit').isDisabled()).toBe(false);
    await page.click('#data-commit');
    await page.waitForFunction(() => document.querySelector('#data-status')?.textContent?.includes('Đã ghi xong'));
    const versions = await (await fetch(`${h.base}/api/boundaries/versions?province=14`)).json();
    expect(versions.versions.filter((v: { level: string }) => v.level === 'commune')).toHaveLength(2);
    await page.close();
  });

  it('checks the next unit list before anything is written, then moves the map to it', async () => {
    const all = await (await fetch(`${h.base}/api/communes?zoom=7`)).json();
    const units = all.features.map(
      (f: { properties: { code: string; name: string; province_code: string } }) => f.properties,
    );
    const rows = units.map((u: { code: string; name: string; province_code: string }) =>
      u.code === '03664'
        ? `03664,x,03646,"Phường Tô Hiệu",14,,whole,`
        : u.code === '03646'
          ? `03646,x,03646,"Phường Tô Hiệu",14,,whole,`
          : `${u.code},x,${u.code},"${u.name}",${u.province_code},,unchanged,`,
    );
    const header = 'old_code,old_name,new_code,new_name,new_province_code,new_province_name,relation,note';
    const dir = scratchDir('e2e');
    const broken = join(dir, 'units-broken.csv');
    writeFileSync(broken, [header, ...rows.slice(0, -1)].join('\n'));
    const good = join(dir, 'units-2026-11.csv');
    writeFileSync(good, [header, ...rows].join('\n'));

    const page = await openMap(h, 'p=14');
    keepScreenshotOnFailure(page, 'unit-list-import');
    await logIn(page, 'admin');
    await page.click('#import-unit-list');
    await page.fill('#unit-list-date', '2026-11-01');
    await page.setInputFiles('#unit-list-file', broken);
    await page.waitForSelector('#unit-list-problems');
    expect(await page.locator('#unit-list-problems').textContent()).toMatch(/Đơn vị cũ không dẫn đi đâu — 1/);
    expect(await page.locator('#unit-list-commit').isDisabled()).toBe(true);
    expect((await (await fetch(`${h.base}/api/unit-sets`)).json()).unit_sets).toHaveLength(2);

    await page.setInputFiles('#unit-list-file', good);
    await page.waitForSelector('#unit-list-ok');
    expect(await page.locator('#unit-list-commit').isDisabled()).toBe(false);
    await page.click('#unit-list-commit');
    await page.waitForFunction(() =>
      /bản đồ đã chuyển/.test(document.querySelector('#unit-list-status')?.textContent ?? ''),
    );
    const sl = await (await fetch(`${h.base}/api/communes?province=14&zoom=10`)).json();
    expect(sl.meta.unit_set.id).toBe('2026-11-01');
    const codes = sl.features.map((f: { properties: { code: string } }) => f.properties.code);
    expect(codes).toContain('03646');
    expect(codes).not.toContain('03664');
    // The page starts again on the new units; the old name leads to the merged ward.
    await page.waitForEvent('load');
    await page.waitForSelector('#search');
    await page.fill('#search', 'Chiềng An');
    await page.waitForFunction(() => /Tô Hiệu/.test(document.querySelector('#search-results')?.textContent ?? ''));
    await page.close();
  });
});
