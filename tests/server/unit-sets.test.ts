// The shipped unit sets are in every database: today's 34 provinces and 3,321 communes on their
// boundaries, the 63 › 691 › 10,033 units they replaced, and the crosswalk between them.
import { describe, expect, it } from 'vitest';
import { demoApp, getJson } from '../helpers.ts';
import { createApp } from '../../server/app.ts';
import { loadMigrations } from '../../server/db/database.ts';
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

  it('names a province of a mainland and islands on its mainland, also in a file kept from before', async () => {
    const { app, db } = demoApp();
    const labels = async (a: { request: (url: string) => Response | Promise<Response> }) => {
      const { body } = await getJson(a, '/api/provinces?geometry=1&zoom=5');
      return new Map<string, [number, number]>(
        body.features.map((f: { properties: { code: string; label: [number, number] } }) => [
          f.properties.code,
          f.properties.label,
        ]),
      );
    };
    // On the mainland: Khánh Hòa's coast (with Ninh Thuận since 2025) runs at about 109.2° E, Trường Sa
    // lies beyond 111.5° E; Đà Nẵng's (with Quảng Nam) at about 108.3–108.8° E, Hoàng Sa beyond 111° E.
    const onMainland = (l: Map<string, [number, number]>) => {
      const [kh, dn] = [l.get('56')!, l.get('48')!];
      expect(kh[0]).toBeGreaterThan(108.5);
      expect(kh[0]).toBeLessThan(109.5);
      expect(kh[1]).toBeGreaterThan(11.4);
      expect(kh[1]).toBeLessThan(12.9);
      expect(dn[0]).toBeGreaterThan(107.2);
      expect(dn[0]).toBeLessThan(108.8);
      expect(dn[1]).toBeGreaterThan(15);
      expect(dn[1]).toBeLessThan(16.3);
    };
    onMainland(await labels(app));
    // A file written before: the points it kept (the centre of the whole), cleared by migration 014 and
    // computed again when the app opens it.
    db.prepare("UPDATE unit_geometries SET label_lon = 113.03568, label_lat = 9.68855 WHERE code = '56'").run();
    db.prepare("UPDATE unit_geometries SET label_lon = 111.18525, label_lat = 15.78175 WHERE code = '48'").run();
    db.exec(loadMigrations().find((m) => m.version === 14)!.sql);
    onMainland(await labels(createApp(db, { workers: 0 })));
    expect(db.prepare('SELECT count(*) FROM unit_geometries WHERE label_lon IS NULL').pluck().get()).toBe(0);
  });

  it('is loaded once: a second start changes nothing', () => {
    const { app } = demoApp();
    const before = app.stores.db.prepare('SELECT count(*) FROM set_crosswalk').pluck().get();
    expect(loadShippedUnitSets(app.stores).loaded).toBe(false);
    expect(app.stores.db.prepare('SELECT count(*) FROM set_crosswalk').pluck().get()).toBe(before);
  });
});
