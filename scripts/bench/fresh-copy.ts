// A benchmark's own database: a fresh copy of a template, with no write-ahead log or shared memory left
// from an earlier run. Kept apart from the rest of the benchmark so the import's child process loads
// nothing more than it needs.
import { copyFileSync, rmSync } from 'node:fs';
import { openDatabase, type DB } from '../../server/db/database.ts';

export function openFreshCopy(template: string, path: string): DB {
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
  copyFileSync(template, path);
  return openDatabase(path);
}
