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
 * `GET /v1/me` accepts; a payment tweet must reach the worker as in production, delivered by the
 * sandbox X's filtered stream to the webhook the start set up (no X read of it, no search);
 * Ctrl-C must stop everything; the local D1 must survive a restart.
 */

/** Bounds of the waits on readiness (the `ready` line) and on exit: generous for a busy machine. */
const READY_TIMEOUT_MS = 180_000;
const EXIT_TIMEOUT_MS = 30_000;
/** Bound of a wait for a post to be delivered and matched through the posts queue (busy machine). */
const DELIVERED_WITHIN_MS = 60_000;
const POLL_MS = 100;
/** The test starts the script twice and stops it twice, plus its own requests. */
const START_TEST_TIMEOUT_MS = 2 * READY_TIMEOUT_MS + 5 * EXIT_TIMEOUT_MS + 2 * DELIVERED_WITHIN_MS + 60_000;

interface Started {
  child: ChildProcess;
  output: () => string;
}

async function startScript(env: Record<string, string>): Promise<Started> {
  const child = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['test/dev/start.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, which Ctrl-C signals as a whole (see `interrupt`).
    detached: true,
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

/**
 * Ctrl-C as a terminal sends it: SIGINT to the script's whole process group (tsx, the script and
 * the worker runtime it started), not to tsx alone, which would end a script slow to take the
 * signal with SIGKILL and leave its runtime behind.
 */
async function interrupt(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  signalGroup(child, 'SIGINT');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), EXIT_TIMEOUT_MS));
  const result = await Promise.race([exited, timeout]);
  if (result === 'timeout') {
    signalGroup(child, 'SIGKILL');
    throw new Error('npm start did not stop on SIGINT');
  }
  return result;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Resolves once `url` no longer answers (a runtime ends a moment after its script), within EXIT_TIMEOUT_MS. */
async function untilDown(url: string): Promise<void> {
  const deadline = Date.now() + EXIT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const answered = await fetch(url).then(
      () => true,
      () => false,
    );
    if (!answered) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  await expect(fetch(url)).rejects.toThrow();
}

async function json(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type') ?? '').toMatch(/json/);
  return (await response.json()) as Record<string, unknown>;
}

/** Polls `check` until it answers something other than null, within DELIVERED_WITHIN_MS. */
async function until<T>(what: string, check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + DELIVERED_WITHIN_MS;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function postJson(url: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return json(response);
}

interface TweetsHealth {
  source: string;
  lastDeliveryAt: string | null;
  lastCrcAt: string | null;
}

async function tweetsHealth(worker: string): Promise<TweetsHealth> {
  return (await json(await fetch(`${worker}/health`))).tweets as TweetsHealth;
}

/**
 * A payment tweet of `payer` to `payee`, drafted through the worker and posted on the sandbox X;
 * answers once the worker matched it, with the number of times X's API returned that post.
 */
async function payByTweet(worker: string, sandbox: string, token: string, payee: string) {
  const drafted = await postJson(
    `${worker}/v1/payment-intents`,
    {
      requestId: `start-${randomBytes(8).toString('hex')}`,
      payeeHandle: payee,
      amountMinor: 1_00,
      currency: 'EUR',
      language: 'en',
    },
    token,
  );
  const intent = drafted.intent as { id: string; tweetText: string };
  const tweet = await postJson(`${sandbox}/__sandbox/tweets`, { authorUsername: 'alice', text: intent.tweetText });
  const tweetId = String(tweet.id);
  const matched = await until(`the match of tweet ${tweetId}`, async () => {
    const answer = await json(
      await fetch(`${worker}/v1/payment-intents/${intent.id}`, { headers: { authorization: `Bearer ${token}` } }),
    );
    const current = answer.intent as { tweet: { id: string } | null; status: string };
    return current.tweet === null ? null : current;
  });
  const reads = await json(await fetch(`${sandbox}/__sandbox/reads?ids=${tweetId}`));
  return { tweetId, matched, postReads: (reads.reads as Record<string, number>)[tweetId] };
}

// Two starts, each bundling the worker and building the extension: bounded by two ready waits.
describe('npm start', { timeout: START_TEST_TIMEOUT_MS }, () => {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'hashpay-start-'));
  const running: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of running) signalGroup(child, 'SIGKILL');
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

    // The start set the filtered stream up through the operator's route: CRC answered, rules written.
    expect(first.output()).toContain(`${worker}/webhooks/x-stream`);
    const streamed = await tweetsHealth(worker);
    expect(streamed.source).toBe('stream');
    expect(streamed.lastCrcAt).not.toBeNull();
    const rules = (await json(await fetch(`${sandbox}/__sandbox/stream/rules`))).rules as { value: string }[];
    expect(rules.map((rule) => rule.value).join(' ')).toMatch(/@hashpay/i);
    // A first post through the stream: from then on the stream is heard from, so no gap search runs.
    await postJson(`${sandbox}/__sandbox/tweets`, {
      authorUsername: 'bob',
      text: 'Trying #Hashpay for the first time',
    });
    await until('the first delivery', async () => (await tweetsHealth(worker)).lastDeliveryAt);
    const deliveredBefore = ((await json(await fetch(`${sandbox}/__sandbox/stream/stats`))) as { delivered: number })
      .delivered;

    const payment = await payByTweet(worker, sandbox, sessionToken, 'bob');
    expect(payment.matched.tweet?.id).toBe(payment.tweetId);
    // Matched from the stream's signed body: X's API never returned the post, to a lookup or a search.
    expect(payment.postReads).toBe(0);
    const stats = (await json(await fetch(`${sandbox}/__sandbox/stream/stats`))) as { delivered: number };
    expect(stats.delivered).toBeGreaterThan(deliveredBefore);

    expect(CLEAN_STOP_CODES).toContain(await interrupt(first.child));
    await untilDown(`${worker}/health`);
    await untilDown(`${sandbox}/home`);

    const second = await startScript(env);
    running.push(second.child);
    const meAgain = await json(await me());
    expect(meAgain.user).toEqual(meFirst.user);
    // The sandbox X forgets its webhooks on a restart; the start registers and links again.
    const again = await payByTweet(worker, sandbox, sessionToken, 'bob');
    expect(again.postReads).toBe(0);
    expect(CLEAN_STOP_CODES).toContain(await interrupt(second.child));
    await untilDown(`${worker}/health`);
  });
});
