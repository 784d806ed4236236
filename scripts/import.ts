// Imports from the command line, with the same checks as the web page.
//   npm run import -- sites FILE --province CODE --as USERNAME [--dry-run] [--json]
// --dry-run prints the report and writes nothing; --json prints it as JSON. Exit code 1 when the file
// has bad rows (nothing is written then either).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/database.ts';
import { readConfig } from '../server/config.ts';
import { createStores } from '../server/stores.ts';
import { presentUser } from '../server/domain/auth.ts';
import { commitImport, planImport, readTable } from '../server/domain/site-import.ts';
import { ApiError } from '../server/http/errors.ts';
import { progressBar } from './cli/progress.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    province: { type: 'string' },
    as: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const [kind, file] = positionals;
if (kind !== 'sites' || !file) {
  console.error('usage: npm run import -- sites FILE --province CODE --as USERNAME [--dry-run] [--json]');
  process.exit(2);
}
const db = openDatabase(readConfig().dbPath);
const stores = createStores(db);
try {
  const user = values.as ? stores.auth.userByName(values.as) : undefined;
  if (!user || user.role === 'viewer')
    throw new Error('--as: name an admin or carrier account (the import is audited under it)');
  const actor = { user: presentUser(user), via: 'cli' };
  const filename = basename(file);
  const table = await readTable(new Uint8Array(readFileSync(file)), filename);
  const plan = planImport(stores, actor, table, {
    filename,
    province: values.province ?? null,
    onProgress: progressBar('checking'),
  });
  if (!values['dry-run'] && plan.report.errors.length === 0) commitImport(stores, actor, plan);
  const r = plan.report;
  if (values.json) console.log(JSON.stringify({ ...r, written: !values['dry-run'] && r.errors.length === 0 }, null, 2));
  else {
    console.log(
      `${r.file}: ${r.rows} rows, ${r.sites} sites — create ${r.create}, update ${r.update}, unchanged ${r.unchanged}, events ${r.events_added}`,
    );
    for (const e of r.errors.slice(0, 50)) console.log(`  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.reason}`);
    if (r.errors.length > 50) console.log(`  … and ${r.errors.length - 50} more`);
    console.log(
      values['dry-run'] ? 'dry run: nothing written' : r.errors.length ? 'bad rows: nothing written' : 'written',
    );
  }
  if (r.errors.length) process.exitCode = 1;
} catch (e) {
  console.error(e instanceof ApiError ? e.message : (e as Error).message);
  process.exitCode = 1;
} finally {
  db.close();
}
