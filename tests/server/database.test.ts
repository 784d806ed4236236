// The database file: WAL, foreign keys, versioned migrations, append-only audit, indicator history.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { migrate, openDatabase } from '../../server/db/database.ts';
import { demoDb, scratchDir } from '../helpers.ts';

describe('database', () => {
  it('opens a real file in WAL mode with foreign keys on and the schema at the latest version', () => {
    const db = openDatabase(join(scratchDir('db'), 'x.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
    expect(migrate(db)).toBe(0); // applying again changes nothing
  });

  it('refuses a site of an unknown operator (foreign key)', () => {
    const db = demoDb();
    expect(() =>
      db
        .prepare(
          `INSERT INTO sites (operator_id, site_code, lon, lat, province_code, created_at, updated_at)
         VALUES ('nobody', 'X1', 106.6, 20.8, '31', 'now', 'now')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('refuses a second site with the same code for the same operator', () => {
    const db = demoDb();
    const s = db.prepare('SELECT operator_id, site_code FROM sites LIMIT 1').get() as {
      operator_id: string;
      site_code: string;
    };
    expect(() =>
      db
        .prepare(
          `INSERT INTO sites (operator_id, site_code, lon, lat, province_code, created_at, updated_at)
         VALUES (?, ?, 106.6, 20.8, '31', 'now', 'now')`,
        )
        .run(s.operator_id, s.site_code),
    ).toThrow(/UNIQUE/);
  });

  it('keeps the audit log append-only', () => {
    const db = demoDb();
    db.prepare(
      `INSERT INTO audit_log (at, actor, via, entity, entity_id, action, after_json)
       VALUES ('2024-09-01T00:00:00Z', 'test', 'test', 'site', '1', 'create', '{}')`,
    ).run();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(1);
  });

  it('keeps the replaced value when a month of indicators is rewritten', () => {
    const db = demoDb();
    const before = db
      .prepare("SELECT subscribers_2g FROM commune_indicators WHERE commune_code = '03646' AND month = '2024-09'")
      .pluck()
      .get();
    db.prepare(
      "UPDATE commune_indicators SET subscribers_2g = 1 WHERE commune_code = '03646' AND month = '2024-09'",
    ).run();
    const hist = db
      .prepare(
        "SELECT subscribers_2g FROM commune_indicator_history WHERE commune_code = '03646' AND month = '2024-09'",
      )
      .pluck()
      .all();
    expect(hist).toEqual([before]);
  });

  it('indexes site positions in an R*Tree: written beside each new site, moved by a trigger', () => {
    const db = demoDb();
    const sites = db.prepare('SELECT count(*) FROM sites').pluck().get();
    expect(db.prepare('SELECT count(*) FROM sites_rtree').pluck().get()).toBe(sites);
    const id = db.prepare('SELECT id FROM sites LIMIT 1').pluck().get() as number;
    db.prepare('UPDATE sites SET lon = 106.123, lat = 20.456 WHERE id = ?').run(id);
    expect(db.prepare('SELECT min_lon, min_lat FROM sites_rtree WHERE id = ?').get(id)).toEqual({
      min_lon: expect.closeTo(106.123, 4),
      min_lat: expect.closeTo(20.456, 4),
    });
  });
});
