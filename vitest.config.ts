import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import preact from '@preact/preset-vite';
import { defineConfig, defineProject } from 'vitest/config';
import { createSandbox } from './test/sandbox/index.js';
import { wranglerRateLimits } from './test/support/worker-runtime.js';

/** A rate limiter of 5 requests a minute, for the worker tests of the rate limits. */
const FEW_REQUESTS_LIMITER = 'RATE_LIMIT_FEW_FOR_TESTS';

const root = import.meta.dirname;
/** The sandbox X: the worker's requests to api.x.com land here inside the worker tests. */
// Workerd does not pass an aborted request on to the outbound service: cap held "timeout" faults.
const sandbox = createSandbox({ timeoutFaultCapMs: 3_000 });
/**
 * Per-test bounds for a busy two-core machine (several suites at once): generous, since tests
 * wait on readiness and property tests are bounded by their run counts, not by time. Speed is
 * measured by the benchmarks (`npm run bench`), never here.
 */
const UNIT_TEST_TIMEOUT_MS = 60_000;
const WORKER_TEST_TIMEOUT_MS = 120_000;

export default defineConfig({
  test: {
    reporters: ['default', './test/support/count-reporter.ts'],
    projects: [
      defineProject({
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/shared/**/*.test.ts', 'test/sandbox/**/*.test.ts'],
          testTimeout: UNIT_TEST_TIMEOUT_MS,
        },
      }),
      defineProject({
        plugins: [
          cloudflareTest(async () => ({
            main: './worker/index.ts',
            wrangler: { configPath: './wrangler.toml', environment: 'sandbox' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations(path.join(root, 'worker/migrations')),
                // Answers and X calls are logged at "info": the test output keeps warnings and errors.
                LOG_LEVEL: 'warn',
              },
              // The sandbox's limiters, and a small one the rate-limit tests put in their place, so
              // they reach a limit in a few requests however slow the machine.
              ratelimits: { ...wranglerRateLimits(), [FEW_REQUESTS_LIMITER]: { simple: { limit: 5, period: 60 } } },
              outboundService: (request) => sandbox.fetch(request),
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          setupFiles: ['./test/worker/apply-migrations.ts'],
          testTimeout: WORKER_TEST_TIMEOUT_MS,
          hookTimeout: WORKER_TEST_TIMEOUT_MS,
        },
      }),
      defineProject({
        plugins: [preact()],
        test: {
          name: 'extension',
          environment: 'happy-dom',
          include: ['test/extension/**/*.test.{ts,tsx}'],
          setupFiles: ['./test/extension/setup-languages.ts'],
          testTimeout: UNIT_TEST_TIMEOUT_MS,
        },
      }),
      defineProject({
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          // A stack start builds the extension (up to BUILD_TIMEOUT_MS in build-extension.ts) and
          // launches Chromium: the hooks' bound covers both on a busy machine.
          testTimeout: 180_000,
          hookTimeout: 360_000,
          fileParallelism: false,
        },
      }),
    ],
  },
});
