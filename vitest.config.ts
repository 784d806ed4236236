// Unit and API tests run in parallel (two workers: vitest's default on two cores would be one); browser
// and crash tests run after them, two files at a time: a browser file alone left the 2-core machine a fifth
// idle (the page waits on software WebGL, the server on the page), and two at a time brought the browser
// phase from 326 to 247 s with every test well inside its timeout. The demo database is built once per run
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
          // Each file has its own server, database copy, port and Chromium profile: nothing is shared.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
