import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e tests start their own server and browser; keep files from competing for the 2 cores.
    fileParallelism: false,
  },
});
