// Opens the SQLite file with the pragmas phusong relies on (WAL, foreign keys) and brings its schema
// up to date with the numbered migrations in ./migrations, each applied once, in one transaction.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type DB = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

export function migrate(db: DB, migrations = loadMigrations()): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  let applied = 0;
  for (const m of migrations) {
    if (m.version <= current) continue;
    // A migration that rebuilds a table others reference runs with foreign keys off (SQLite's 12-step
    // procedure: the pragma only takes effect outside a transaction) and checks them before committing.
    const fkOff = m.sql.startsWith('-- phusong:foreign-keys-off');
    const fkWas = db.pragma('foreign_keys', { simple: true }) as number;
    if (fkOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (fkOff) {
          const broken = db.pragma('foreign_key_check') as { table: string }[];
          if (broken.length > 0)
            throw new Error(
              `migration ${m.name}: ${broken.length} rows break foreign keys (first in ${broken[0]!.table})`,
            );
        }
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (fkOff) db.pragma(`foreign_keys = ${fkWas ? 'ON' : 'OFF'}`);
    }
    applied++;
  }
  return applied;
}

/** The schema version and demo flag of an existing file, read without migrating it. */
export function peekDatabase(path: string): { version: number; demo: boolean } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const demo =
      version > 0 &&
      (db.prepare("SELECT value FROM meta WHERE key = 'demo'").get() as { value: string } | undefined)?.value ===
        'true';
    return { version, demo };
  } finally {
    db.close();
  }
}

/** The page cache of a bulk write (boundedMemory), instead of the 64 MiB of openDatabase. */
const BULK_CACHE_KIB = 16_384;

/**
 * Runs `work` (a bulk import) with the connection's memory held down, and gives the connection back as it
 * was: no memory-mapped reads (every page a 100,000-row import read back through the mapping stayed in the
 * process's resident memory, 110 MiB of them) and a page cache of BULK_CACHE_KIB. The import takes as long
 * either way (alternated runs of `npm run bench import`).
 */
export function boundedMemory<T>(db: DB, work: () => T): T {
  const mmap = db.pragma('mmap_size', { simple: true }) as number;
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('mmap_size = 0');
  db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  try {
    return work();
  } finally {
    db.pragma(`cache_size = ${cache}`);
    db.pragma(`mmap_size = ${mmap}`);
  }
}

export interface OpenOptions {
  /** How long a write waits for another writer's lock before failing with SQLITE_BUSY (→ 503). */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) the database file; `:memory:` works for tests. */
export function openDatabase(path: string, options: OpenOptions = {}): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  // Reads dominate (map pages, meetings): keep hot pages in memory rather than re-reading them.
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  // Statement journals and sorts in memory, not in temporary files.
  db.pragma('temp_store = MEMORY');
  migrate(db);
  return db;
}
