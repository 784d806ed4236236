// The import directions in .dependency-cruiser.cjs hold themselves: a backward import fails the lint.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';
import { scratchDir } from '../helpers.ts';

/** Runs the project's dependency rules over a small tree of files; returns the violations printed. */
function cruise(files: Record<string, string>): { ok: boolean; output: string } {
  const dir = scratchDir('imports');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const bin = join(PROJECT_ROOT, 'node_modules/.bin/depcruise');
  const roots = [...new Set(Object.keys(files).map((f) => f.split('/')[0]!))];
  const args = [...roots, '--config', join(PROJECT_ROOT, '.dependency-cruiser.cjs')];
  try {
    return { ok: true, output: execFileSync(bin, args, { cwd: dir, encoding: 'utf8' }) };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('import rules', () => {
  it('fail when domain code imports the HTTP layer', () => {
    const r = cruise({
      'server/http/errors.ts': 'export const STATUS = 400;\n',
      'server/domain/rule.ts': "import { STATUS } from '../http/errors.ts';\nexport const s = STATUS;\n",
    });
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/domain-not-http: server\/domain\/rule\.ts → server\/http\/errors\.ts/);
  });

  it('fail when the page imports server code at run time, and pass for a type-only import', () => {
    const server = { 'server/domain/names.ts': 'export type Name = string;\nexport const fold = (s: string) => s;\n' };
    const runtime = cruise({
      ...server,
      'web/page.ts': "import { fold } from '../server/domain/names.ts';\nexport const x = fold('a');\n",
    });
    expect(runtime.ok).toBe(false);
    expect(runtime.output).toMatch(/page-imports-server-types-only/);
    const typeOnly = cruise({
      ...server,
      'web/page.ts': "import type { Name } from '../server/domain/names.ts';\nexport const x: Name = 'a';\n",
    });
    expect(typeOnly.output).not.toMatch(/error/);
    expect(typeOnly.ok).toBe(true);
  });

  it('fail when common/ imports the server', () => {
    const r = cruise({
      'server/db/sites.ts': 'export const n = 1;\n',
      'common/month.ts': "import { n } from '../server/db/sites.ts';\nexport const m = n;\n",
    });
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/common-stands-alone/);
  });
});
