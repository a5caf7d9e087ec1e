import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@/': root,
      // 'server-only' throws outside React Server Components; in unit tests the module is just code.
      'server-only': fileURLToPath(new URL('./lib/support/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'app/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**'],
          environment: 'node',
          // A guard against hangs, not a speed test: property tests run hundreds of cases, and on
          // 2 shared cores (unit files in parallel beside influxd) 5 s was not always enough; a test
          // that timed out kept running and disturbed the next ones in its file.
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['node_modules/**', 'e2e/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One influxd at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
