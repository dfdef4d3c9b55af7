import { defineConfig } from 'vitest/config';

const resolve = { conditions: ['source'] };

/**
 * Two projects: `unit` (every package's tests and the cross-package suites)
 * and `e2e` (browser tests in Chromium). `pnpm test` runs them one after the
 * other so the browser tests get the machine to themselves, one file at a
 * time.
 */
export default defineConfig({
  resolve,
  ssr: { resolve },
  test: {
    projects: [
      {
        resolve,
        ssr: { resolve },
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', '**/node_modules/**'],
          // fast-check properties take GLOSSA_SEED as their seed and say how to replay a failure.
          setupFiles: ['tests/support/seed-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // PostgreSQL and Redis, started by the first test that needs them and stopped at the end.
          globalSetup: ['packages/store/test/support/services-global.ts'],
        },
      },
      {
        resolve,
        ssr: { resolve },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
