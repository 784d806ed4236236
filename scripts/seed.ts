// Re-seeds on demand: `npm run seed` replaces the database file (PHUSONG_DB or data/phusong.sqlite) with a
// fresh copy of the demo data set. Stop the server first; the old file is kept as *.bak.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { openDatabase } from '../server/db/database.ts';
import { readConfig } from '../server/config.ts';
import { seedDemo } from '../server/demo/generate.ts';

const { dbPath } = readConfig();
if (existsSync(dbPath)) {
  renameSync(dbPath, `${dbPath}.bak`);
  for (const suffix of ['-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  console.log(`previous database kept as ${dbPath}.bak`);
}
const db = openDatabase(dbPath);
const t0 = performance.now();
const s = seedDemo(db);
db.close();
console.log(
  `seeded ${dbPath}: today's units (34 provinces, 3,321 communes) with demo data in ${s.provinces} provinces ` +
    `(${s.communes} communes, ${s.districts} former districts, ${s.months} months), ${s.sites} sites, ` +
    `${s.events} events in ${Math.round(performance.now() - t0)} ms`,
);
