#!/usr/bin/env node
// Runs the typecheck (`tsc -b`), the linter (Biome), then the whole suite (vitest, every
// project), and ends with the line the CI reads, `N passed, N failed`, after every process the
// run started has exited: workerd may still write to the terminal while it shuts down, and that
// must not come after the summary. The typecheck and the linter count as one check each.
// Extra arguments go to vitest (`npm test -- test/shared`) and skip the typecheck and the linter.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const tempDir = mkdtempSync(path.join(os.tmpdir(), 'hashpay-test-'));
const summaryFile = path.join(tempDir, 'summary.txt');

const vitestArgs = process.argv.slice(2);
const checks = { passed: 0, failed: 0 };
if (vitestArgs.length === 0) {
  for (const [name, bin, args] of [
    ['typecheck', 'node_modules/typescript/bin/tsc', ['-b']],
    ['lint', 'node_modules/@biomejs/biome/bin/biome', ['check', '.']],
  ]) {
    console.log(`> ${name}`);
    const result = spawnSync(process.execPath, [path.join(root, bin), ...args], { cwd: root, stdio: 'inherit' });
    if (result.status === 0) checks.passed += 1;
    else {
      checks.failed += 1;
      console.error(`${name} failed`);
    }
  }
}

const child = spawn(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...vitestArgs], {
  cwd: root,
  env: { ...process.env, HASHPAY_TEST_SUMMARY_FILE: summaryFile },
  stdio: ['inherit', 'pipe', 'pipe'],
});
child.stdout.pipe(process.stdout);
child.stderr.pipe(process.stderr);

// 'close' waits for the output pipes too, which grandchildren (workerd, Chromium) hold open.
child.on('close', (code, signal) => {
  let summary;
  try {
    summary = readFileSync(summaryFile, 'utf8').trim();
  } catch {
    summary = `0 passed, 1 failed`;
    console.error(`vitest ended (${signal ?? code}) without a summary: the run is a failure.`);
  }
  rmSync(tempDir, { recursive: true, force: true });
  const passed = Number(/(\d+) passed/.exec(summary)?.[1] ?? 0) + checks.passed;
  const failed = Number(/(\d+) failed/.exec(summary)?.[1] ?? 1) + checks.failed;
  const skipped = /(\d+) skipped/.exec(summary)?.[1];
  process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
