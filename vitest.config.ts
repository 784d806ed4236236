// Unit and API tests run in parallel (two workers: vitest's default on two cores would be one); browser
// and crash tests run after them, one file at a time, so they never compete with each other for the cores. The demo database is built once per run
// (tests/global-setup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/server/**/*.test.ts', 'tests/analysis/**/*.test.ts', 'tests/web/**/*.test.ts'],
          maxWorkers: 2,
          // Files share their worker's loaded modules: each file makes its own database and app, and
          // loading the server's module graph once per worker rather than once per file saves ~20 s.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/e2e/**/*.test.ts', 'tests/faults/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
