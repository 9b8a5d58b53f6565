import path from 'node:path';
import { build } from 'esbuild';
import type { Miniflare } from 'miniflare';
import { REPO_ROOT } from '../support/worker-runtime';

/**
 * What the in-workerd benchmarks share: a small worker written for the bench (it imports the
 * project's own modules) bundled as workerd runs it, and a caller of its named passes. Each pass
 * is a POST `{ pass, ...args }` answered with the pass's JSON result.
 */

/** Bundles a bench worker's source; its imports resolve from the repository root. */
export async function bundleBenchWorker(source: string, name: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: REPO_ROOT, sourcefile: `${name}.js`, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    absWorkingDir: path.resolve(REPO_ROOT),
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`the bench worker ${name} did not bundle`);
  return output.text;
}

export type BenchPass = (pass: string, args?: Record<string, unknown>) => Promise<unknown>;

/** Calls the bench worker's passes; `defaults` go with every call (a call's own args win). */
export function benchPassCaller(miniflare: Miniflare, defaults: Record<string, unknown> = {}): BenchPass {
  return async (pass, args = {}) => {
    const response = await miniflare.dispatchFetch('http://bench/', {
      method: 'POST',
      body: JSON.stringify({ pass, ...defaults, ...args }),
    });
    if (!response.ok) throw new Error(`bench pass ${pass} failed: ${response.status} ${await response.text()}`);
    return response.json();
  };
}
