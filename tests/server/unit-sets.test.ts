// The shipped unit sets are in every database: today's 34 provinces and 3,321 communes on their
// boundaries, the 63 › 691 › 10,033 units they replaced, and the crosswalk between them.
import { describe, expect, it } from 'vitest';
import { demoApp, getJson } from '../helpers.ts';
import { loadShippedUnitSets, PRE_REFORM_SET, CURRENT_SET } from '../../server/domain/unit-sets.ts';

describe('unit sets', () => {
  it('lists both sets with their provinces, districts, communes and boundaries', async () => {
    const { app } = demoApp();
    const { status, body } = await getJson(app, '/api/unit-sets');
    expect(status).toBe(200);
    const byId = new Map(body.unit_sets.map((s: { id: string }) => [s.id, s]));
    expect(byId.get(PRE_REFORM_SET)).toMatchObject({
      has_districts: true,
      provinces: 63,
      districts: 691,
      communes: 10_033,
      communes_with_boundary: 0,
    });
    expect(byId.get(CURRENT_SET)).toMatchObject({
      in_force_from: '2025-07-01',
      has_districts: false,
      provinces: 34,
      districts: 0,
      communes: 3321,
      communes_with_boundary: 3321,
    });
  });

  it('links every old commune to today’s units, with the two disagreeing codes resolved', () => {
    const { app } = demoApp();
    const links = app.stores.unitSets.crosswalk(PRE_REFORM_SET, CURRENT_SET);
    expect(new Set(links.map((l) => l.old_code)).size).toBe(10_033);
    const today = new Set(
      app.stores.db.prepare('SELECT code FROM set_communes WHERE set_id = ?').pluck().all(CURRENT_SET) as string[],
    );
    // No link leads to a code today's set does not have (Ba Chẽ 06970 → 06978; Hiệp Hòa is 07147).
    expect(links.filter((l) => !today.has(l.new_code))).toEqual([]);
    expect(today.has('07147') && today.has('06978') && !today.has('00071')).toBe(true);
  });

  it('is loaded once: a second start changes nothing', () => {
    const { app } = demoApp();
    const before = app.stores.db.prepare('SELECT count(*) FROM set_crosswalk').pluck().get();
    expect(loadShippedUnitSets(app.stores).loaded).toBe(false);
    expect(app.stores.db.prepare('SELECT count(*) FROM set_crosswalk').pluck().get()).toBe(before);
  });
});
