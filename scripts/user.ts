// Accounts from the command line.
//   npm run user -- create-admin USERNAME [--name "Display name"]
//   npm run user -- create USERNAME --role carrier --operator vnpt
// The password is read from PHUSONG_PASSWORD, or asked for on the terminal.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/database.ts';
import { readConfig } from '../server/config.ts';
import { createStores } from '../server/stores.ts';
import { createUser } from '../server/domain/auth.ts';
import { DomainError } from '../server/domain/errors.ts';
import type { Role } from '../server/db/auth.ts';

async function askPassword(): Promise<string> {
  if (process.env.PHUSONG_PASSWORD) return process.env.PHUSONG_PASSWORD;
  if (!process.stdin.isTTY) throw new Error('set PHUSONG_PASSWORD or run in a terminal');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const pw = await rl.question('Password (at least 10 characters): ');
  rl.close();
  return pw;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { role: { type: 'string' }, operator: { type: 'string' }, name: { type: 'string' } },
});
const [command, username] = positionals;
if (!['create-admin', 'create'].includes(command ?? '') || !username) {
  console.error(
    'usage: npm run user -- create-admin USERNAME | create USERNAME --role admin|carrier|viewer [--operator ID]',
  );
  process.exit(2);
}
const role = (command === 'create-admin' ? 'admin' : values.role) as Role;
if (!['admin', 'carrier', 'viewer'].includes(role)) {
  console.error('--role must be admin, carrier or viewer');
  process.exit(2);
}
const db = openDatabase(readConfig().dbPath);
const stores = createStores(db);
try {
  const id = await createUser(stores, {
    username,
    display_name: values.name ?? username,
    role,
    operator_id: values.operator ?? null,
    password: await askPassword(),
  });
  stores.audit.record({
    user_id: null,
    actor: 'cli',
    via: 'cli',
    entity: 'user',
    entity_id: String(id),
    action: 'create',
    before: null,
    after: { username, role, operator_id: values.operator ?? null },
  });
  console.log(`created ${role} ${username} (id ${id})`);
} catch (e) {
  console.error(e instanceof DomainError ? e.message : (e as Error).message);
  process.exitCode = 1;
} finally {
  db.close();
}
