import { defineConfig } from 'vitest/config';

// Two groups run one after the other: unit and HTTP integration tests two files at a time (each
// file has its own databases, and most of a file's time is spent waiting on them), then the browser
// tests one file at a time (a page under load misses its waits).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          // Only this group reaches PostgreSQL (the browser tests run on SQLite), so only it starts one.
          globalSetup: ['test/support/global-setup.ts'],
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
          exclude: ['test/e2e/**', '**/node_modules/**'],
          maxWorkers: 2,
          // Files share a worker's module cache: importing the app afresh for each of ~230 files
          // cost about 4 minutes of the run. Every file opens its own platform and databases, and
          // tests that stub globals restore them; what does carry over (counters, the shared scan
          // worker pool, test fixtures' caches) depends on no file's order.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
