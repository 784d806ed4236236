// Runs once per `vitest run`: builds the demo database a single time and hands its path to every test
// file (each file copies it, so writes stay private to the file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../server/db/database.ts';
import { seedDemo } from '../server/demo/generate.ts';
import { createStores } from '../server/stores.ts';
import { loadShippedUnitSets } from '../server/domain/unit-sets.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demoTemplate: string;
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'phusong-template-'));
  const template = join(dir, 'demo.sqlite');
  const db = openDatabase(template);
  seedDemo(db);
  loadShippedUnitSets(createStores(db));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  project.provide('demoTemplate', template);
  return () => rmSync(dir, { recursive: true, force: true });
}
