// Restores a backup over the database file: stop the server first. The backup is checked before it
// replaces anything; the current file is kept beside it as *.before-restore.
//   npm run restore -- BACKUP_FILE
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../server/db/database.ts';
import { readConfig } from '../server/config.ts';

export function restore(backupFile: string, target: string): { integrity: string } {
  if (!existsSync(backupFile)) throw new Error(`${backupFile}: no such file`);
  const check = openDatabase(backupFile);
  const integrity = check.pragma('integrity_check', { simple: true }) as string;
  check.close();
  if (integrity !== 'ok') throw new Error(`${backupFile}: integrity check failed (${integrity}); nothing restored`);
  if (existsSync(target)) renameSync(target, `${target}.before-restore`);
  for (const s of ['-wal', '-shm']) rmSync(target + s, { force: true });
  copyFileSync(backupFile, target);
  return { integrity };
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('restore.ts')) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run restore -- BACKUP_FILE   (stop the server first)');
    process.exit(2);
  }
  const target = readConfig().dbPath;
  restore(resolve(file), target);
  console.log(`restored ${target} from ${file} (previous file kept as ${target}.before-restore)`);
}
