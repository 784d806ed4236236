// Reading indicators in today's units whatever units they were reported in, on a small pair of unit sets
// built by hand: whole links add up exactly, a divided commune is shared by population and flagged, a
// code no link follows is kept in its province's totals, and a province that reported a month in today's
// units is read from those rows alone.
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../server/db/database.ts';
import { createStores } from '../../server/stores.ts';
import { CURRENT_SET, PRE_REFORM_SET } from '../../server/domain/unit-sets.ts';

let db: DB;
let stores: ReturnType<typeof createStores>;
const row = (set: string, code: string, subscribers: number, month = '2024-01') =>
  stores.reported.upsert({
    unit_set: set,
    commune_code: code,
    month,
    subscribers,
    subscribers_2g: Math.floor(subscribers / 10),
    households: subscribers,
    households_smartphone: Math.floor(subscribers / 2),
    notes: null,
    source: 'test',
    recorded_at: '2024-02-01T00:00:00Z',
  });

beforeEach(() => {
  db = openDatabase(':memory:');
  stores = createStores(db);
  const u = stores.unitSets;
  u.insertSet({ id: PRE_REFORM_SET, in_force_from: '2019-01-01', name: 'old', has_districts: 1, source: 'test' });
  u.insertSet({ id: CURRENT_SET, in_force_from: '2025-07-01', name: 'new', has_districts: 0, source: 'test' });
  const commune = (set: string, code: string, province: string, population: number | null = null) =>
    u.insertCommune(set, {
      code,
      name: `Xã ${code}`,
      unit_type: 'Xã',
      province_code: province,
      district_code: set === PRE_REFORM_SET ? '001' : null,
      population,
      area_km2: 10,
      formed_from: null,
      geometry: null,
    });
  // Old province 01: A1 and A2 merge whole into X; A3 is divided between X and Y; A5 has no link.
  for (const c of ['00001', '00002', '00003', '00005']) commune(PRE_REFORM_SET, c, '01');
  // Old province 02 went into today's 01 as well: A6 whole into Y.
  commune(PRE_REFORM_SET, '00006', '02');
  commune(CURRENT_SET, '10001', '01', 100);
  commune(CURRENT_SET, '10002', '01', 300);
  const link = (o: string, n: string, relation: 'whole' | 'part') =>
    u.insertLink(PRE_REFORM_SET, CURRENT_SET, { old_code: o, new_code: n, relation, note: null });
  link('00001', '10001', 'whole');
  link('00002', '10001', 'whole');
  link('00003', '10001', 'part');
  link('00003', '10002', 'part');
  link('00006', '10002', 'whole');
});

describe("indicators in today's units", () => {
  it('adds whole links exactly, shares a divided commune by population and flags it, keeps the unallocated', () => {
    row(PRE_REFORM_SET, '00001', 1000);
    row(PRE_REFORM_SET, '00002', 2000);
    row(PRE_REFORM_SET, '00003', 4000);
    row(PRE_REFORM_SET, '00005', 700);
    row(PRE_REFORM_SET, '00006', 50);
    const m = stores.indicators.byCommune('2024-01', '01');
    // X: 1,000 + 2,000 + a quarter of 4,000 (population 100 : 300).
    expect(m.get('10001')).toMatchObject({ subscribers: 4000, estimated: true, estimate_method: ['population'] });
    expect(m.get('10002')).toMatchObject({ subscribers: 3050, estimated: true, reported_in: PRE_REFORM_SET });
    expect(stores.indicators.unallocated('2024-01', '01')).toEqual([
      expect.objectContaining({ code: '00005', subscribers: 700, province_code: '01' }),
    ]);
    // The province's total is the old provinces' total: nothing dropped, nothing invented.
    const t = stores.indicators.totals('2024-01', '01');
    expect(t.subscribers).toBe(1000 + 2000 + 4000 + 700 + 50);
    expect(t.unallocated).toBe(1);
    expect(t.estimated).toBe(false);
    // A subset of communes (a former district's) is an estimate as soon as a share is in it.
    expect(stores.indicators.totals('2024-01', '01', new Set(['10001'])).estimated).toBe(true);
  });

  it('is exact where every link is whole', () => {
    row(PRE_REFORM_SET, '00001', 1000);
    row(PRE_REFORM_SET, '00002', 2000);
    expect(stores.indicators.byCommune('2024-01', null).get('10001')).toMatchObject({
      subscribers: 3000,
      estimated: false,
      estimate_method: [],
    });
  });

  it("reads a province from its rows in today's units when it reported the month in them", () => {
    row(PRE_REFORM_SET, '00001', 1000);
    row(PRE_REFORM_SET, '00003', 4000);
    row(CURRENT_SET, '10001', 999);
    const m = stores.indicators.byCommune('2024-01', '01');
    expect([...m.keys()]).toEqual(['10001']);
    expect(m.get('10001')).toMatchObject({ subscribers: 999, estimated: false, reported_in: CURRENT_SET });
  });

  it('sees a new row at once: the month is recomputed when the indicators change', () => {
    row(PRE_REFORM_SET, '00001', 1000);
    expect(stores.indicators.totals('2024-01', '01').subscribers).toBe(1000);
    row(PRE_REFORM_SET, '00002', 2000);
    expect(stores.indicators.totals('2024-01', '01').subscribers).toBe(3000);
    expect(stores.indicators.months('01')).toEqual(['2024-01']);
    expect(stores.indicators.months('02')).toEqual([]);
  });

  it('carries the 3G sunset figures only where every old unit behind a new one reported them', () => {
    const withDevices = (code: string, subscribers: number, g3: number | null) =>
      stores.reported.upsert({
        unit_set: PRE_REFORM_SET,
        commune_code: code,
        month: '2024-03',
        subscribers,
        subscribers_2g: 0,
        subscribers_3g: g3,
        subscribers_no_volte: g3 === null ? null : 1,
        households: subscribers,
        households_smartphone: 0,
        notes: null,
        source: 'test',
        recorded_at: '2024-04-01T00:00:00Z',
      });
    // X is made of A1, A2 (both reported) and part of A3 (reported); Y of part of A3 and A6 (not reported).
    withDevices('00001', 100, 10);
    withDevices('00002', 200, 20);
    withDevices('00003', 400, 40);
    withDevices('00006', 50, null);
    const m = stores.indicators.byCommune('2024-03', '01');
    // A3 is shared by population, 100 : 300 → X gets a quarter of its 40.
    expect(m.get('10001')!.subscribers_3g).toBe(10 + 20 + 10);
    expect(m.get('10002')!.subscribers_3g).toBeNull();
    expect(m.get('10002')!.subscribers_no_volte).toBeNull();
    // A province's total is unknown once one part is; a set of communes that all reported sums.
    expect(stores.indicators.totals('2024-03', '01').subscribers_3g).toBeNull();
    expect(stores.indicators.totals('2024-03', '01', new Set(['10001'])).subscribers_3g).toBe(40);
  });
});
