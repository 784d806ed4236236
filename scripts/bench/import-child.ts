// One import of the import benchmark, in a process of its own so that its peak memory is the import's:
// it loads the domain code an import runs (as a worker thread of the server does) and nothing else of the
// benchmark (ExcelJS for writing the workbook, the demo generator, the HTTP server: 45 MiB more).
//   node --import tsx scripts/bench/import-child.ts KIND FILE TEMPLATE DB
import { readFileSync } from 'node:fs';
import { openFreshCopy } from './fresh-copy.ts';
import { createStores } from '../../server/stores.ts';
import { presentUser } from '../../server/domain/auth.ts';
import { planImport } from '../../server/domain/site-import.ts';
import { commitImport } from '../../server/domain/site-import-commit.ts';
import { readTable } from '../../server/domain/import-table.ts';

const [kind, file, template, path] = process.argv.slice(2) as ['csv' | 'xlsx', string, string, string];
const mib = (kib: number) => (kib / 1024).toFixed(0);

const db = openFreshCopy(template, path);
const stores = createStores(db);
const user = presentUser(stores.auth.userByName('vnpt')!);
const before = process.resourceUsage().maxRSS;
const data = new Uint8Array(readFileSync(file));
const t0 = performance.now();
const table = await readTable(data, `bench.${kind}`);
const tRead = performance.now();
const plan = planImport(stores, { user, via: 'bench' }, table, { filename: `bench.${kind}`, province: '14' });
const tPlan = performance.now();
commitImport(stores, { user, via: 'bench' }, plan);
const t1 = performance.now();
db.close();
const rows = table.rows.length;
const s = (t1 - t0) / 1000;
console.log(
  `${kind.toUpperCase()} import: ${rows.toLocaleString('en')} rows (${(data.length / 2 ** 20).toFixed(1)} MiB) in ${s.toFixed(1)} s → ` +
    `${Math.round(rows / s).toLocaleString('en')} rows/s (read ${((tRead - t0) / 1000).toFixed(1)} s, check ${((tPlan - tRead) / 1000).toFixed(1)} s, ` +
    `commit ${((t1 - tPlan) / 1000).toFixed(1)} s); peak RSS ${mib(process.resourceUsage().maxRSS)} MiB ` +
    `(${mib(before)} MiB with the code loaded and the database open); errors ${plan.report.errors.length}`,
);
