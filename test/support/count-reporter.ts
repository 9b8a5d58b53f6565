import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

/**
 * Prints the closing line the CI reads: `N passed, N failed[, N skipped]`, and writes it to
 * HASHPAY_TEST_SUMMARY_FILE when set (run-tests.mjs prints it again once every process has
 * exited, so that it stays the last line). A failed hook, a file that could not load, or an
 * unhandled error counts as a failure, so a broken run can never read as green.
 */
export default class CountReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
    _reason: TestRunEndReason,
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      failed += module.errors().length;
      // A failed beforeAll/afterAll is an error of its suite; its tests are then only skipped.
      for (const suite of module.children.allSuites()) failed += suite.errors().length;
      let moduleFailures = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') {
          failed += 1;
          moduleFailures += 1;
        } else skipped += 1;
      }
      if (module.state() === 'failed' && moduleFailures === 0 && module.errors().length === 0) failed += 1;
    }
    failed += unhandledErrors.length;
    const line = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    process.stdout.write(`\n${line}\n`);
    const summaryFile = process.env.HASHPAY_TEST_SUMMARY_FILE;
    if (summaryFile) writeFileSync(summaryFile, line);
  }
}
