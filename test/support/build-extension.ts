import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds the extension for local runs and tests: the MV3 build (Chrome by default, or Firefox)
 * that talks to the worker at `workerOrigin` and also runs on loopback pages (the sandbox x.com). WXT runs in
 * a child process with its programmatic `build()`, so its Vite instance and environment
 * never mix with the test runner's. Builds are cached per output folder within a process:
 * the same origin and folder is built once.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
/** A cold WXT build takes a few seconds here; this bounds a stuck one. */
const BUILD_TIMEOUT_MS = 180_000;
/** Build output is small; more than this on stdout/stderr means something is wrong. */
const BUILD_OUTPUT_MAX_BYTES = 16 * 1024 * 1024;

export interface BuildExtensionOptions {
  /** The worker the extension talks to, e.g. `http://127.0.0.1:8787`. */
  workerOrigin: string;
  /** Where WXT writes its output; the unpacked build is its `<browser>-mv3` folder. */
  outDir?: string;
  /** The browser the build is for; Chrome when absent. */
  browser?: ExtensionBrowser;
}

export type ExtensionBrowser = 'chrome' | 'firefox';
const EXTENSION_BROWSERS: readonly ExtensionBrowser[] = ['chrome', 'firefox'];

const builds = new Map<string, Promise<string>>();

function defaultOutDir(workerOrigin: string, browser: ExtensionBrowser): string {
  const slug = workerOrigin.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9]+/g, '-');
  // Chrome builds keep the folder they always had; other browsers get their own.
  return path.join(ROOT, 'node_modules/.output/local', browser === 'chrome' ? slug : `${slug}-${browser}`);
}

function assertWorkerOrigin(workerOrigin: string): void {
  const url = new URL(workerOrigin);
  if (!['http:', 'https:'].includes(url.protocol) || url.origin !== workerOrigin) {
    throw new Error(`workerOrigin must be a bare http(s) origin, got ${JSON.stringify(workerOrigin)}`);
  }
}

const BUILD_SCRIPT = `
import { build } from 'wxt';
const [outDir, browser] = process.argv.slice(1);
await build({ root: process.cwd(), outDir, browser, manifestVersion: 3, mode: 'production' });
`;

function runBuild(workerOrigin: string, outDir: string, browser: ExtensionBrowser): Promise<string> {
  const { HASHPAY_BUILD: _storeOrLocal, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', BUILD_SCRIPT, outDir, browser],
      {
        cwd: ROOT,
        env: { ...inherited, HASHPAY_WORKER_ORIGIN: workerOrigin, HASHPAY_BUILD: 'local', NO_COLOR: '1', CI: '1' },
        timeout: BUILD_TIMEOUT_MS,
        maxBuffer: BUILD_OUTPUT_MAX_BYTES,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`extension build failed for ${workerOrigin}: ${error.message}\n${stdout}\n${stderr}`));
          return;
        }
        const extensionDir = path.join(outDir, `${browser}-mv3`);
        if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
          reject(new Error(`extension build wrote no manifest in ${extensionDir}\n${stdout}\n${stderr}`));
          return;
        }
        resolve(extensionDir);
      },
    );
  });
}

/** Builds (or reuses this process's build of) the extension; resolves to the unpacked folder. */
export function buildExtension(options: BuildExtensionOptions): Promise<string> {
  assertWorkerOrigin(options.workerOrigin);
  const browser = options.browser ?? 'chrome';
  if (!EXTENSION_BROWSERS.includes(browser)) throw new Error(`unknown browser ${JSON.stringify(browser)}`);
  const outDir = path.resolve(options.outDir ?? defaultOutDir(options.workerOrigin, browser));
  const key = `${options.workerOrigin} ${outDir} ${browser}`;
  let build = builds.get(key);
  if (build === undefined) {
    build = runBuild(options.workerOrigin, outDir, browser);
    // A failed build is not cached: the next call tries again.
    build.catch(() => builds.delete(key));
    builds.set(key, build);
  }
  return build;
}
