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
  const width = columns.length;
  return (rows: readonly (readonly unknown[])[]): number[] => {
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += BATCH) {
      const n = Math.min(BATCH, rows.length - i);
      // The statement's parameters, row after row, copied by hand: Array.prototype.flat took 30 % of an
      // import's catch-up (its generic path for arrays of any depth).
      const values = new Array<unknown>(n * width);
      for (let r = 0; r < n; r++) {
        const row = rows[i + r]!;
        for (let c = 0; c < width; c++) values[r * width + c] = row[c];
      }
      const last = Number(statement(n).run(values).lastInsertRowid);
      for (let k = 0; k < n; k++) ids.push(last - n + 1 + k);
    }
    return ids;
  };
}
