// The append-only audit log: who changed what, when, through what, with the values before and after.
import type { DB } from './database.ts';
import { multiRowInsert } from './bulk.ts';

export interface AuditEntry {
  user_id: number | null;
  actor: string;
  /** 'form', 'api_token:<name>', 'import:<file name>', 'cli' … */
  via: string;
  entity: string;
  entity_id: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  actor: string;
  via: string;
  entity: string;
  entity_id: string;
  action: string;
  before: unknown;
  after: unknown;
}

/** The columns of an audit row, in the order its values are written. */
export const AUDIT_COLUMNS = [
  'at',
  'user_id',
  'actor',
  'via',
  'entity',
  'entity_id',
  'action',
  'before_json',
  'after_json',
] as const;

export function createAuditStore(db: DB) {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, user_id, actor, via, entity, entity_id, action, before_json, after_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const forEntity = db.prepare('SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT ?');
  const recent = db.prepare(
    `SELECT * FROM audit_log WHERE (@entity IS NULL OR entity = @entity) AND (@before IS NULL OR id < @before)
     ORDER BY id DESC LIMIT @limit`,
  );
  const parse = (r: Record<string, unknown>): AuditRow => ({
    id: r.id as number,
    at: r.at as string,
    user_id: r.user_id as number | null,
    actor: r.actor as string,
    via: r.via as string,
    entity: r.entity as string,
    entity_id: r.entity_id as string,
    action: r.action as string,
    before: r.before_json ? JSON.parse(r.before_json as string) : null,
    after: r.after_json ? JSON.parse(r.after_json as string) : null,
  });
  const values = (e: AuditEntry, at: string) => [
    at,
    e.user_id,
    e.actor,
    e.via,
    e.entity,
    e.entity_id,
    e.action,
    e.before === null || e.before === undefined ? null : JSON.stringify(e.before),
    e.after === null || e.after === undefined ? null : JSON.stringify(e.after),
  ];
  const insertMany = multiRowInsert(db, 'audit_log', AUDIT_COLUMNS);
  return {
    record(e: AuditEntry, at = new Date().toISOString()): void {
      insert.run(...values(e, at));
    },
    /** Many rows at once (a bulk import), in order. */
    recordMany(entries: readonly AuditEntry[], at = new Date().toISOString()): void {
      insertMany(entries.map((e) => values(e, at)));
    },
    forEntity: (entity: string, id: string, limit = 100) =>
      (forEntity.all(entity, id, limit) as Record<string, unknown>[]).map(parse),
    recent: (f: { entity?: string | null; before?: number | null; limit?: number }) =>
      (
        recent.all({ entity: f.entity ?? null, before: f.before ?? null, limit: f.limit ?? 100 }) as Record<
          string,
          unknown
        >[]
      ).map(parse),
  };
}
