import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { REPO_ROOT } from '../support/worker-runtime';

/**
 * `npm start` as a newcomer runs it: the real script in its own process, on free ports and a
 * fresh state folder. Linking a sandbox user through the OAuth flow must give a session that
 * `GET /v1/me` accepts; Ctrl-C must stop everything; the local D1 must survive a restart.
 */

/** Bounds of the waits on readiness (the `ready` line) and on exit: generous for a busy machine. */
const READY_TIMEOUT_MS = 180_000;
const EXIT_TIMEOUT_MS = 30_000;
/** The test starts the script twice and stops it twice, plus its own requests. */
const START_TEST_TIMEOUT_MS = 2 * READY_TIMEOUT_MS + 2 * EXIT_TIMEOUT_MS + 60_000;

interface Started {
  child: ChildProcess;
  output: () => string;
}

async function startScript(env: Record<string, string>): Promise<Started> {
  const child = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['test/dev/start.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start was not ready in time:\n${output}`)), READY_TIMEOUT_MS);
    const check = () => {
      if (/^ready$/m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited early with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output };
}

/** Exit codes of a clean stop on Ctrl-C: 0 from our handler, or 130 (128 + SIGINT) as tsx reports it. */
const CLEAN_STOP_CODES = [0, 130];

async function interrupt(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), EXIT_TIMEOUT_MS));
  const result = await Promise.race([exited, timeout]);
  if (result === 'timeout') {
    child.kill('SIGKILL');
    throw new Error('npm start did not stop on SIGINT');
  }
  return result;
}

async function json(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type') ?? '').toMatch(/json/);
  return (await response.json()) as Record<string, unknown>;
}

// Two starts, each bundling the worker and building the extension: bounded by two ready waits.
describe('npm start', { timeout: 2 * READY_TIMEOUT_MS + 2 * EXIT_TIMEOUT_MS }, () => {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'hashpay-start-'));
  const running: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('serves the worker and the sandbox; a linked sandbox user gets a session that survives a restart', {
    timeout: START_TEST_TIMEOUT_MS,
  }, async () => {
    const workerPort = await freePort();
    const sandboxPort = await freePort();
    const env = {
      HASHPAY_PORT: String(workerPort),
      HASHPAY_SANDBOX_PORT: String(sandboxPort),
      HASHPAY_STATE_DIR: stateDir,
    };
    const worker = `http://127.0.0.1:${workerPort}`;
    const sandbox = `http://127.0.0.1:${sandboxPort}`;

    const first = await startScript(env);
    running.push(first.child);
    expect(first.output()).toContain(`${worker}/health`);
    expect((await fetch(`${worker}/health`)).status).toBe(200);
    expect((await fetch(`${sandbox}/home`)).status).toBe(200);

    const claimSecret = randomBytes(32).toString('base64url');
    const claimSecretHash = createHash('sha256').update(claimSecret).digest('hex');
    const started = await json(
      await fetch(`${worker}/v1/auth/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ claimSecretHash }),
      }),
    );
    const authorizeUrl = String(started.authorizeUrl);
    expect(new URL(authorizeUrl).origin).toBe(sandbox);

    const consent = await json(
      await fetch(`${sandbox}/__sandbox/oauth/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ authorizeUrl, username: 'alice' }),
      }),
    );
    const callback = await fetch(String(consent.redirectUrl));
    expect(callback.status).toBe(200);

    const claimed = await json(
      await fetch(`${worker}/v1/auth/claim`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ linkId: started.linkId, claimSecret }),
      }),
    );
    const sessionToken = String(claimed.sessionToken);
    const me = async () => fetch(`${worker}/v1/me`, { headers: { authorization: `Bearer ${sessionToken}` } });

    const meFirst = await json(await me());
    expect((meFirst.user as { username: string }).username).toBe('alice');

    expect(CLEAN_STOP_CODES).toContain(await interrupt(first.child));
    await expect(fetch(`${worker}/health`)).rejects.toThrow();
    await expect(fetch(`${sandbox}/home`)).rejects.toThrow();

    const second = await startScript(env);
    running.push(second.child);
    const meAgain = await json(await me());
    expect(meAgain.user).toEqual(meFirst.user);
    expect(CLEAN_STOP_CODES).toContain(await interrupt(second.child));
    await expect(fetch(`${worker}/health`)).rejects.toThrow();
  });
});
