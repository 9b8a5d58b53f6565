import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

/**
 * Prints the closing line the CI reads: `N passed, N failed, N skipped`.
 * A failed hook, a file that could not load, or an unhandled error counts as a failure,
 * so a broken run can never read as green.
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
      if (module.errors().length > 0) failed += module.errors().length;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    failed += unhandledErrors.length;
    // Skipped tests in a run that had failures are counted as failed: a failed beforeAll skips them.
    const line = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    process.stdout.write(`\n${line}\n`);
  }
}
