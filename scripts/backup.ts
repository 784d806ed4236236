// Online backup while the server runs, with SQLite's backup API (a consistent copy, writers keep going).
//   npm run backup -- FILE       (default: data/backups/phusong-<timestamp>.sqlite)
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openDatabase } from '../server/db/database.ts';
import { PROJECT_ROOT, readConfig } from '../server/config.ts';

export async function backup(from: string, to: string): Promise<{ pages: number; integrity: string }> {
  mkdirSync(dirname(to), { recursive: true });
  const db = openDatabase(from);
  try {
    // Copy every page in one step: a step-by-step backup restarts whenever another connection writes,
    // and under steady write load it would never finish. One step reads one consistent snapshot.
    const r = await db.backup(to, { progress: ({ totalPages }) => Math.max(totalPages, 1) * 2 });
    const copy = openDatabase(to);
    const integrity = copy.pragma('integrity_check', { simple: true }) as string;
    copy.close();
    return { pages: r.totalPages, integrity };
  } finally {
    db.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('backup.ts')) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const to = resolve(process.argv[2] ?? join(PROJECT_ROOT, 'data', 'backups', `phusong-${stamp}.sqlite`));
  const r = await backup(readConfig().dbPath, to);
  console.log(`backup ${to}: ${r.pages} pages, integrity ${r.integrity}`);
  if (r.integrity !== 'ok') process.exitCode = 1;
}
