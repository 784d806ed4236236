// Imports from the command line, with the same checks as the web page.
//   npm run import -- boundaries FILE --province CODE --level commune [--units-at YYYY-MM-DD] [--skip-unmatched]
//   npm run import -- indicators FILE --province CODE --month YYYY-MM [--units-at YYYY-MM-DD]
// --units-at: the date whose administrative units the file is in (default today; 2025-06-30 for a file in
// the pre-reform communes).
//   npm run import -- sites FILE --province CODE --as USERNAME
//   npm run import -- unit-list FILE --in-force-from YYYY-MM-DD [--name TEXT]
// unit-list: the next unit list with its crosswalk (CSV shaped like data/units-2025/crosswalk-2025-07-01.csv)
// as a new unit set; every problem is listed and nothing written unless there are none. The map moves to
// the new set on the day it comes into force (at once if that day has come; else the server does it then).
// Each takes --dry-run (print the report, write nothing) and --json (the report as JSON: matched,
// matches, unmatched, created, updated …). Exit code 1 when the file cannot be committed as it is.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/database.ts';
import { readConfig } from '../server/config.ts';
import { createStores } from '../server/stores.ts';
import { presentUser } from '../server/domain/auth.ts';
import { planImport } from '../server/domain/site-import.ts';
import { commitImport } from '../server/domain/site-import-commit.ts';
import { readTable } from '../server/domain/import-table.ts';
import { DomainError } from '../server/domain/errors.ts';
import { progressBar } from './cli/progress.ts';
import { readBoundaryFile } from '../server/domain/boundary-files.ts';
import { dateParam, unitsAtParam } from '../server/routes/params.schema.ts';
import { planUnitList } from '../server/domain/unit-list-import.ts';
import { commitUnitList } from '../server/domain/unit-set-apply.ts';
import { commitBoundaryImport, planBoundaryImport } from '../server/domain/boundary-import.ts';
import { commitIndicatorImport, planIndicatorImport } from '../server/domain/indicator-import.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    province: { type: 'string' },
    as: { type: 'string' },
    level: { type: 'string' },
    month: { type: 'string' },
    'units-at': { type: 'string' },
    'in-force-from': { type: 'string' },
    name: { type: 'string' },
    'skip-unmatched': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const [kind, file] = positionals;
if (!['sites', 'boundaries', 'indicators', 'unit-list'].includes(kind ?? '') || !file) {
  console.error(
    'usage: npm run import -- boundaries|indicators|sites FILE --province CODE [--level commune] [--month YYYY-MM] [--units-at YYYY-MM-DD] [--as USER] [--dry-run] [--json]\n' +
      '       npm run import -- unit-list FILE --in-force-from YYYY-MM-DD [--name TEXT] [--dry-run] [--json]',
  );
  process.exit(2);
}
const db = openDatabase(readConfig().dbPath);
const stores = createStores(db);
const out = (report: object, written: boolean, lines: string[]) => {
  if (values.json) console.log(JSON.stringify({ ...report, written }, null, 2));
  else
    console.log(
      [...lines, values['dry-run'] ? 'dry run: nothing written' : written ? 'written' : 'not written'].join('\n'),
    );
};
try {
  if (kind === 'unit-list') {
    const inForce = values['in-force-from'];
    if (!inForce || !dateParam.safeParse(inForce).success) throw new Error('--in-force-from YYYY-MM-DD is required');
    const filename = basename(file);
    const plan = planUnitList(stores, await readTable(new Uint8Array(readFileSync(file)), filename), {
      filename,
      inForceFrom: inForce,
    });
    const r = plan.report;
    const write = !values['dry-run'] && r.ok;
    const written = write
      ? commitUnitList(stores, null, `cli:import:${filename}`, plan, { filename, name: values.name })
      : null;
    out(
      {
        ...r,
        ...(written
          ? { unit_set: written.unit_set, applied: written.applied, without_polygon: written.without_polygon }
          : {}),
      },
      write,
      [
        `${r.file}: ${r.links} links from ${r.old_units} units of ${r.replaces} to ${r.new_units} units in ${r.new_provinces} provinces, in force from ${r.in_force_from}`,
        ...Object.entries(r.problems).flatMap(([kind, p]) =>
          p.count === 0
            ? []
            : [
                `  ${kind}: ${p.count}`,
                ...p.listed.slice(0, 20).map((x) => `    ${x.row ? `row ${x.row}: ` : ''}${x.en}`),
              ],
        ),
        ...(written
          ? [
              written.applied
                ? `  the map moved to ${written.unit_set.id}: ${written.applied.sites_moved} stations re-filed`
                : `  the map moves to ${written.unit_set.id} on that day`,
              ...(written.without_polygon.length
                ? [
                    `  ${written.without_polygon.length} new units have no polygon yet: import their boundaries (${written.without_polygon.slice(0, 10).join(', ')}…)`,
                  ]
                : []),
            ]
          : []),
      ],
    );
    if (!r.ok) process.exitCode = 1;
    process.exit();
  }
  if (kind === 'boundaries' || kind === 'indicators') {
    if (!values.province) throw new Error('--province CODE is required');
    const unitsAt = values['units-at'];
    if (unitsAt !== undefined && !unitsAtParam.safeParse(unitsAt).success)
      throw new Error('--units-at: expected a date YYYY-MM-DD from 2019-01-01');
    const filename = basename(file);
    const data = new Uint8Array(readFileSync(file));
    if (kind === 'boundaries') {
      const level = values.level === 'district' ? 'district' : values.level === 'commune' ? 'commune' : null;
      if (!level) throw new Error('--level commune|district is required');
      const plan = planBoundaryImport(stores, await readBoundaryFile(data, filename), {
        filename,
        province: values.province,
        level,
        unitsAt: values['units-at'] ?? null,
        skipUnmatched: values['skip-unmatched'],
        onProgress: progressBar('matching'),
      });
      const r = plan.report;
      const write = !values['dry-run'] && r.ok;
      if (write) commitBoundaryImport(stores, null, `cli:import:${filename}`, plan);
      out(r, write, [
        `${r.file} (${r.crs}): ${r.features} features, matched ${r.matched}, unmatched ${r.unmatched.length}, duplicates ${r.duplicates.length}, invalid ${r.invalid.length}; created ${r.created}, updated ${r.updated}, kept ${r.kept}`,
        ...r.matches
          .filter((m) => m.how !== 'code')
          .map((m) => `  ${m.name} → ${m.official_name} (${m.code}, by ${m.how})`),
        ...r.unmatched.map((u) => `  unmatched: ${u.name} — closest: ${u.candidates.map((c) => c.name).join(', ')}`),
        ...r.duplicates.map((d) => `  duplicate: ${d.official_name} (${d.code}) from ${d.names.join(', ')}`),
        ...r.invalid.map((i) => `  invalid: ${i.name}: ${i.reason}`),
      ]);
      if (!r.ok) process.exitCode = 1;
    } else {
      if (!values.month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month))
        throw new Error('--month YYYY-MM is required');
      const plan = planIndicatorImport(stores, await readTable(data, filename), {
        filename,
        province: values.province,
        month: values.month,
        unitsAt: values['units-at'] ?? null,
      });
      const r = plan.report;
      const write = !values['dry-run'] && r.ok;
      if (write) commitIndicatorImport(stores, null, `cli:import:${filename}`, plan);
      out(r, write, [
        `${r.file}: ${r.rows} rows for ${r.month}, matched ${r.matched}, unmatched ${r.unmatched.length}, errors ${r.errors.length}; created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}`,
        ...r.unmatched.map((u) => `  row ${u.row}: ${u.name} — closest: ${u.candidates.map((c) => c.name).join(', ')}`),
        ...r.errors.slice(0, 50).map((e) => `  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.reason}`),
      ]);
      if (!r.ok) process.exitCode = 1;
    }
    process.exit();
  }
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
  if (!values['dry-run'] && plan.report.errors.length === 0) {
    const changed = plan.report.create + plan.report.update;
    const writing = progressBar('writing');
    const states = progressBar('site states');
    commitImport(stores, actor, plan, {
      insideImport: (n) => writing(n, changed),
      keptStates: (n) => states(Math.min(n, changed), changed),
    });
  }
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
  console.error(e instanceof DomainError ? e.message : (e as Error).message);
  process.exitCode = 1;
} finally {
  db.close();
}
