import { mkdtempSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from './index.js';

/** Bundling the client and starting workerd takes a few seconds on a small machine. */
const STARTUP_TIMEOUT_MS = 120_000;
const sandbox = createSandbox();
let miniflare: Miniflare;
let bundleDir: string;

beforeAll(async () => {
  sandbox.seedDemo();
  bundleDir = mkdtempSync(path.join(tmpdir(), 'sandbox-client-'));
  const scriptPath = path.join(bundleDir, 'worker.js');
  // workerd's nodejs_compat serves node's built-ins under the node: prefix.
  const alias = Object.fromEntries(
    builtinModules.filter((name) => !name.startsWith('_')).map((name) => [name, `node:${name}`]),
  );
  await build({
    entryPoints: [path.join(import.meta.dirname, 'twitter-client-worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'import'],
    alias,
    external: ['node:*'],
    outfile: scriptPath,
    logLevel: 'error',
  });
  miniflare = new Miniflare({
    modules: true,
    scriptPath,
    modulesRoot: bundleDir,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    outboundService: (request: Request) => sandbox.fetch(request),
  });
  await miniflare.ready;
}, STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await miniflare?.dispose();
  rmSync(bundleDir, { recursive: true, force: true });
});

async function run(scenario: string): Promise<Record<string, unknown>> {
  const response = await miniflare.dispatchFetch(`http://client.local/${scenario}`);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body.error).toBeUndefined();
  return body;
}

describe('twitter-api-v2 in workerd against the sandbox', () => {
  it('reads users and tweets, and sees missing tweets as X’s errors', async () => {
    const result = await run('read');
    expect(result.user).toMatchObject({ username: 'alice', name: 'Alice Martin' });
    expect(result.searchRateLimit).toMatchObject({ limit: 300, remaining: 299 });
    expect(result.searchIds).toHaveLength(3);
    const lookup = result.lookup as { data: { id: string }[]; errors: { value: string }[] };
    expect(lookup.data.map((tweet) => tweet.id)).toEqual([(result.searchIds as string[])[0]]);
    expect(lookup.errors.map((error) => error.value)).toEqual(['1859999999999999999']);
  });

  it('links an account with PKCE, posts as the user and refreshes the token', async () => {
    const result = await run('link');
    expect(result.me).toMatchObject({ username: 'bob' });
    expect(result.posted).toMatchObject({ text: 'Paying @alice 5€ via #Hashpay' });
    expect(result.scope).toEqual(['tweet.read', 'tweet.write', 'users.read', 'offline.access']);
    expect(result.refreshedScope).toEqual(result.scope);
  });

  it('surfaces an injected 429 with its reset time', async () => {
    sandbox.injectFault({ kind: 'rate-limit', path: '/2/users' });
    const result = await run('rate-limited');
    expect(result).toMatchObject({ thrown: true, code: 429, data: { title: 'Too Many Requests', status: 429 } });
    const rateLimit = result.rateLimit as { limit: number; remaining: number; reset: number };
    expect(rateLimit.remaining).toBe(0);
    expect(rateLimit.reset).toBeGreaterThan(Date.now() / 1000);
  });
});
