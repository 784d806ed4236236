// Pure domain rules: site state at a date, name folding, months.
import { describe, expect, it } from 'vitest';
import { siteCategory, techStatesAt, type SiteEvent } from '../../common/site-state.ts';
import { normalizeName } from '../../server/domain/names.ts';
import { foldDiacritics } from '../../common/fold.ts';
import { isRealDate, monthEnd, monthRange } from '../../common/month.ts';

const mast: SiteEvent[] = [
  { tech: '2G', status: 'active', date: '2012-03-01', band_mhz: 900 },
  { tech: '4G', status: 'active', date: '2019-05-10', band_mhz: 1800 },
  { tech: '2G', status: 'switched_off', date: '2024-08-15' },
];

describe('site state at a date', () => {
  it('takes the latest event of each technology on or before the date', () => {
    expect(techStatesAt(mast, '2024-08-14')['2G']?.status).toBe('active');
    expect(techStatesAt(mast, '2024-08-15')['2G']?.status).toBe('switched_off');
    expect(techStatesAt(mast, '2018-01-01')['4G']).toBeUndefined();
  });

  it('keeps the band declared by an earlier event', () => {
    expect(techStatesAt(mast, '2024-09-01')['2G']?.band_mhz).toBe(900);
  });

  it('a 2G switch-off and a 4G at the same mast are one site: 2G off wins the category in the period', () => {
    expect(siteCategory(techStatesAt(mast, '2024-09-30'), '2024-01-01')).toBe('2g_off');
    expect(siteCategory(techStatesAt(mast, '2024-01-31'), '2024-01-01')).toBe('4g_active');
  });

  it('tells new, upgraded, planned and 2G-only sites apart', () => {
    const start = '2024-01-01';
    expect(
      siteCategory(techStatesAt([{ tech: '4G', status: 'active', date: '2024-03-01' }], '2024-04-01'), start),
    ).toBe('4g_new');
    const upgraded: SiteEvent[] = [
      { tech: '2G', status: 'active', date: '2010-01-01' },
      { tech: '4G', status: 'upgraded', date: '2024-05-01' },
    ];
    expect(siteCategory(techStatesAt(upgraded, '2024-06-01'), start)).toBe('4g_upgraded');
    expect(siteCategory(techStatesAt(upgraded, '2024-04-01'), start)).toBe('2g_active');
    expect(
      siteCategory(techStatesAt([{ tech: '4G', status: 'planned', date: '2024-07-01' }], '2024-08-01'), start),
    ).toBe('planned');
  });
});

describe('Vietnamese name folding', () => {
  it('folds diacritics, tone placement, Ð (U+00D0) and type prefixes to one key', () => {
    const key = normalizeName('Huyện Thuỷ Nguyên');
    expect(key).toBe('thuy nguyen');
    expect(normalizeName('Thủy Nguyên')).toBe(key);
    expect(normalizeName('thuy nguyen')).toBe(key);
    expect(normalizeName('\u00D0ồ Sơn')).toBe(normalizeName('Quận Đồ Sơn'));
    expect(foldDiacritics('Vinh Bảo')).toBe('vinh bao');
  });

  it('does not strip a prefix that is the whole name', () => {
    expect(normalizeName('Xã')).toBe('xa');
  });
});

describe('months', () => {
  it('knows month ends and real dates', () => {
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2023-02')).toBe('2023-02-28');
    expect(isRealDate('2024-02-30')).toBe(false);
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(monthRange('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
  });
});
