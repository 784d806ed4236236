// Key/value facts about the data set: whether it is the demo, where its tracked period starts, its label.
import type { DB } from './database.ts';

export interface DatasetMeta {
  demo: boolean;
  label: string;
  data_start: string;
  generated_by: string | null;
}

/** The statement each connection reads its meta with, prepared once: every answer's `meta` reads it. */
const statements = new WeakMap<DB, { all(): unknown[] }>();

export function readMeta(db: DB): DatasetMeta {
  let read = statements.get(db);
  if (!read) statements.set(db, (read = db.prepare('SELECT key, value FROM meta')));
  const rows = read.all() as { key: string; value: string }[];
  const m = new Map(rows.map((r) => [r.key, r.value]));
  return {
    demo: m.get('demo') === 'true',
    label: m.get('label') ?? 'phusong',
    data_start: m.get('data_start') ?? '2024-01-01',
    generated_by: m.get('generated_by') ?? null,
  };
}

export function writeMeta(db: DB, values: Record<string, string>): void {
  const stmt = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  for (const [k, v] of Object.entries(values)) stmt.run(k, v);
}
