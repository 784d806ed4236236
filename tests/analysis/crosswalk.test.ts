// Figures carried from the units of 30 June 2025 into today's units through the official crosswalk:
// exact where a commune moved whole, shared by a stated estimate where it was divided, and never lost.
import { describe, expect, it } from 'vitest';
import { carryAcross, shareOut, type CrosswalkLink, type UnitWeight } from '../../server/domain/crosswalk.ts';
import { readCommunes2025, readCrosswalk2025 } from '../../server/domain/units-2025-files.ts';

const links = readCrosswalk2025();
const communes = readCommunes2025();
const weights = new Map<string, UnitWeight>(communes.map((c) => [c.code, c]));
const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);

describe('the shipped 2025 units and crosswalk', () => {
  it('hold 3,321 communes in 34 provinces and 10,565 links from 10,033 old communes', () => {
    expect(communes).toHaveLength(3321);
    expect(new Set(communes.map((c) => c.provinceCode)).size).toBe(34);
    expect(links).toHaveLength(10_565);
    expect(new Set(links.map((l) => l.oldCode)).size).toBe(10_033);
    const count = (r: string) => links.filter((l) => l.relation === r).length;
    expect([count('whole'), count('part'), count('unchanged'), count('renamed')]).toEqual([9465, 969, 127, 4]);
  });
});

describe('carryAcross', () => {
  it('adds up whole, unchanged and renamed links exactly', () => {
    const weights = new Map<string, UnitWeight>();
    const l: CrosswalkLink[] = [
      { oldCode: 'A', newCode: 'X', relation: 'whole' },
      { oldCode: 'B', newCode: 'X', relation: 'whole' },
      { oldCode: 'C', newCode: 'Y', relation: 'unchanged' },
      { oldCode: 'D', newCode: 'Z', relation: 'renamed' },
    ];
    const r = carryAcross(
      new Map([
        ['A', 120],
        ['B', 80],
        ['C', 7],
        ['D', 3],
      ]),
      l,
      weights,
    );
    expect(r.values.get('X')).toEqual({ value: 200, estimated: false, methods: [] });
    expect(r.values.get('Y')).toEqual({ value: 7, estimated: false, methods: [] });
    expect(r.values.get('Z')).toEqual({ value: 3, estimated: false, methods: [] });
    expect(r.unallocated).toEqual([]);
  });

  it('shares a divided commune by population, else by area, and marks every share estimated', () => {
    const l: CrosswalkLink[] = [
      { oldCode: 'A', newCode: 'X', relation: 'whole' },
      { oldCode: 'B', newCode: 'X', relation: 'part' },
      { oldCode: 'B', newCode: 'Y', relation: 'part' },
      { oldCode: 'C', newCode: 'Y', relation: 'part' },
      { oldCode: 'C', newCode: 'W', relation: 'part' },
    ];
    const w = new Map<string, UnitWeight>([
      ['X', { population: 30_000, areaKm2: 10 }],
      ['Y', { population: 10_000, areaKm2: 30 }],
      ['W', { population: null, areaKm2: 10 }],
    ]);
    const r = carryAcross(
      new Map([
        ['A', 100],
        ['B', 400],
        ['C', 40],
      ]),
      l,
      w,
    );
    // B by population 3:1; C by area 3:1, because W has no population.
    expect(r.values.get('X')).toEqual({ value: 100 + 300, estimated: true, methods: ['population'] });
    expect(r.values.get('Y')).toEqual({ value: 100 + 30, estimated: true, methods: ['population', 'area'] });
    expect(r.values.get('W')).toEqual({ value: 10, estimated: true, methods: ['area'] });
  });

  it('keeps a code no link follows as unallocated, with its figure', () => {
    const r = carryAcross(new Map([['99999', 5_000]]), links, weights);
    expect(r.values.size).toBe(0);
    expect(r.unallocated).toEqual([{ code: '99999', value: 5_000 }]);
  });

  it('hands a lone part link the whole figure, flagged as an estimate', () => {
    const r = carryAcross(new Map([['A', 9]]), [{ oldCode: 'A', newCode: 'X', relation: 'part' }], new Map());
    expect(r.values.get('X')).toEqual({ value: 9, estimated: true, methods: ['single_known_target'] });
  });

  it('on the real crosswalk, the shares of every divided commune add back to its figure', () => {
    const divided = [...new Set(links.filter((l) => l.relation === 'part').map((l) => l.oldCode))];
    expect(divided.length).toBeGreaterThan(400);
    for (const code of divided) {
      const figure = 1_000_003;
      const r = carryAcross(new Map([[code, figure]]), links, weights);
      expect(sum([...r.values.values()].map((v) => v.value))).toBe(figure);
      expect([...r.values.values()].every((v) => v.estimated)).toBe(true);
    }
  });

  it('on the real crosswalk, every old province total equals the total in the new units', () => {
    // A figure for every old commune, plus one code that no table follows.
    const figures = new Map<string, number>();
    links.forEach((l, i) => figures.set(l.oldCode, 1 + (i % 997)));
    figures.set('99998', 12_345);
    const r = carryAcross(figures, links, weights);
    expect(sum([...r.values.values()].map((v) => v.value)) + sum(r.unallocated.map((u) => u.value))).toBe(
      sum(figures.values()),
    );
    // Hải Phòng absorbed Hải Dương: the old cities' communes sum to the new Hải Phòng's, where no commune
    // was shared with another province.
    const oldHp = links.filter((l) => l.oldProvinceCode === '31' || l.oldProvinceCode === '30');
    const crossesOut = oldHp.some((l) => l.newProvinceCode !== '31');
    const newHp = new Set(communes.filter((c) => c.provinceCode === '31').map((c) => c.code));
    const fromElsewhere = links.some(
      (l) => newHp.has(l.newCode) && l.oldProvinceCode !== '31' && l.oldProvinceCode !== '30',
    );
    expect(crossesOut || fromElsewhere).toBe(false);
    const before = sum([...new Set(oldHp.map((l) => l.oldCode))].map((c) => figures.get(c)!));
    const after = sum([...newHp].map((c) => r.values.get(c)?.value ?? 0));
    expect(after).toBe(before);
  });
});

describe('shareOut', () => {
  it('splits an integer into integers that add back exactly', () => {
    expect(shareOut(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(sum(shareOut(1_000_003, [0.3, 0.3, 0.4]))).toBe(1_000_003);
    expect(shareOut(5, [0, 0])).toEqual([3, 2]);
  });
});
