// Multi-row INSERT for bulk writes: one statement for up to BATCH rows instead of one per row, which
// saves most of the per-statement cost when an import writes 100,000 sites (each with its R*Tree entry,
// event and audit row). Statements are prepared once per batch size.
import type { DB } from './database.ts';

/** Rows per statement: well under SQLite's 32,766 bound parameters for the widest table written. */
const BATCH = 100;

/**
 * Inserts `rows` (values in `columns` order) and returns the rowid of each, in order. SQLite gives the
 * rows of one INSERT into a table with an INTEGER PRIMARY KEY consecutive rowids, each one past the
 * largest, and nothing else writes inside the caller's transaction — so the ids are the last one's
 * predecessors. Call inside a transaction.
 */
export function multiRowInsert(db: DB, table: string, columns: readonly string[]) {
  const statements = new Map<number, ReturnType<DB['prepare']>>();
  const statement = (n: number) => {
    let s = statements.get(n);
    if (!s) {
      const row = `(${columns.map(() => '?').join(',')})`;
      s = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(row).join(',')}`);
      statements.set(n, s);
    }
    return s;
  };
  return (rows: readonly (readonly unknown[])[]): number[] => {
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      const last = Number(statement(chunk.length).run(chunk.flat()).lastInsertRowid);
      for (let k = 0; k < chunk.length; k++) ids.push(last - chunk.length + 1 + k);
    }
    return ids;
  };
}
