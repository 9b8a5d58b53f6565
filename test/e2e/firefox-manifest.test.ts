import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtension } from '../support/build-extension';

/**
 * The Firefox build passes Mozilla's own linter (`web-ext lint`, the checks addons.mozilla.org
 * runs on upload): zero errors. Its warnings are printed, so a person can see them.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB_EXT = path.join(ROOT, 'node_modules/.bin/web-ext');
/** The linter reads every file of the build; a few seconds here. This bounds a stuck one. */
const LINT_TIMEOUT_MS = 90_000;
/** The linter's JSON report of a small extension is a few kilobytes. */
const LINT_OUTPUT_MAX_BYTES = 16 * 1024 * 1024;

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}

interface LintReport {
  count: number;
  summary: { errors: number; notices: number; warnings: number };
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

let outDir: string;
let extensionDir: string;

/** Runs `web-ext lint` on a folder; the linter exits non-zero when it finds errors, so the report decides. */
function lint(sourceDir: string): Promise<LintReport> {
  return new Promise((resolve, reject) => {
    execFile(
      WEB_EXT,
      ['lint', '--source-dir', sourceDir, '--output', 'json', '--no-config-discovery'],
      { cwd: ROOT, timeout: LINT_TIMEOUT_MS, maxBuffer: LINT_OUTPUT_MAX_BYTES, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const start = stdout.indexOf('{');
        if (start === -1) {
          reject(new Error(`web-ext lint printed no report: ${error?.message ?? ''}\n${stdout}\n${stderr}`));
          return;
        }
        resolve(JSON.parse(stdout.slice(start)) as LintReport);
      },
    );
  });
}

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'hashpay-firefox-'));
  extensionDir = await buildExtension({ workerOrigin: 'http://127.0.0.1:8787', outDir, browser: 'firefox' });
});

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the Firefox build', () => {
  it('is a Manifest V3 build with a Gecko id and a background script (Firefox has no service workers)', () => {
    expect(path.basename(extensionDir)).toBe('firefox-mv3');
    const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.browser_specific_settings?.gecko?.id).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(manifest.background?.scripts).toEqual(['background.js']);
    expect(manifest.background?.service_worker).toBeUndefined();
  });

  it('passes web-ext lint with zero errors (warnings printed)', async () => {
    const report = await lint(extensionDir);
    for (const warning of report.warnings) {
      console.log(`web-ext lint warning ${warning.code} ${warning.file ?? ''}: ${warning.message}`);
    }
    console.log(
      `web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`,
    );
    expect(report.errors.map((error) => `${error.code} ${error.file ?? ''}: ${error.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });

  it('has a lint that can fail: a manifest with no version is an error', async () => {
    const broken = path.join(outDir, 'broken');
    rmSync(broken, { recursive: true, force: true });
    cpSync(extensionDir, broken, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(broken, 'manifest.json'), 'utf8'));
    delete manifest.version;
    writeFileSync(path.join(broken, 'manifest.json'), JSON.stringify(manifest));
    const report = await lint(broken);
    expect(report.summary.errors).toBeGreaterThan(0);
  });
});
