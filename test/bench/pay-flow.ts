import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import type { AuthClaimResponse, AuthStartResponse } from '../../shared/contract/identity';
import { type PaymentIntent, PaymentIntentResponseSchema } from '../../shared/contract/payments';
import { createSandbox, type Sandbox } from '../sandbox/index';
import { launchBrowserWithExtension } from '../support/browser';
import { buildExtension } from '../support/build-extension';
import { freePort } from '../support/free-port';
import { startWorker } from '../support/worker-runtime';

/**
 * Time from Post to the confirmation window, in Chromium with the built extension on the sandbox
 * x.com, against the deployable worker bundle in workerd (the stack `npm start` runs). Each run drafts
 * a payment (through the API, as the pay sheet does), opens the drafted tweet in the sandbox
 * composer, and clicks Post; the clock stops when
 *   - window: the extension's confirmation page opens (its own window), and
 *   - matched: the worker says the intent awaits confirmation (polled through the API).
 * The run's intent is then cancelled, so the payer's balance is the same at every run.
 * Figures depend on the machine: median and p90 over the runs, warm-up runs left out.
 */

const RUNS = 24;
const WARM_UP_RUNS = 2;
const PAYER = 'alice';
const PAYEE = 'bob';
const AMOUNT_MINOR = 1_00;
/** A run that shows no confirmation window within this long counts as "not seen". */
const WINDOW_TIMEOUT_MS = 15_000;
const MATCH_POLL_MS = 5;
const PAYER_TOP_UP_MINOR = 100_00;

interface Run {
  matchedMs: number | null;
  windowMs: number | null;
}

export async function api<T>(
  origin: string,
  pathname: string,
  init: { body?: unknown; token?: string } = {},
): Promise<T> {
  const response = await fetch(`${origin}${pathname}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`${pathname} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Links the payer through the worker's OAuth flow and the sandbox's consent, as the extension's sign-in does. */
export async function linkPayer(workerOrigin: string, sandbox: Sandbox): Promise<AuthClaimResponse> {
  const claimSecret = randomBytes(32).toString('base64url');
  const claimSecretHash = createHash('sha256').update(claimSecret).digest('hex');
  const start = await api<AuthStartResponse>(workerOrigin, '/v1/auth/start', { body: { claimSecretHash } });
  const callback = await fetch(sandbox.authorize({ authorizeUrl: start.authorizeUrl, username: PAYER }));
  if (!callback.ok) throw new Error(`the OAuth callback answered ${callback.status}`);
  return api<AuthClaimResponse>(workerOrigin, '/v1/auth/claim', { body: { linkId: start.linkId, claimSecret } });
}

async function waitForMatch(
  workerOrigin: string,
  token: string,
  intentId: string,
  deadlineMs: number,
): Promise<boolean> {
  while (performance.now() < deadlineMs) {
    const { intent } = PaymentIntentResponseSchema.parse(
      await api(workerOrigin, `/v1/payment-intents/${intentId}`, { token }),
    );
    if (intent.status === 'awaiting_confirmation') return true;
    await new Promise((resolve) => setTimeout(resolve, MATCH_POLL_MS));
  }
  return false;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

export function summary(label: string, values: ReadonlyArray<number | null>): string {
  const seen = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (seen.length === 0) return `${label}: not seen in ${values.length} runs`;
  return (
    `${label}: median ${percentile(seen, 0.5).toFixed(0)} ms, p90 ${percentile(seen, 0.9).toFixed(0)} ms, ` +
    `min ${seen[0]!.toFixed(0)} ms, max ${seen.at(-1)!.toFixed(0)} ms (${seen.length}/${values.length} runs)`
  );
}

export async function benchPayFlow(): Promise<void> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'hashpay-bench-pay-'));
  const sandboxPort = await freePort();
  const workerPort = await freePort();
  const sandboxOrigin = `http://127.0.0.1:${sandboxPort}`;
  const workerOrigin = `http://127.0.0.1:${workerPort}`;
  const sandbox = createSandbox({ webOrigin: sandboxOrigin });
  const cleanups: Array<() => Promise<unknown>> = [() => rm(stateDir, { recursive: true, force: true })];
  try {
    const web = await sandbox.listen({ port: sandboxPort, host: '127.0.0.1' });
    cleanups.unshift(() => web.close());
    const worker = await startWorker({
      outbound: (request) => sandbox.fetch(request),
      port: workerPort,
      vars: { SANDBOX_WEB_ORIGIN: sandboxOrigin, WORKER_ORIGIN: workerOrigin },
    });
    cleanups.unshift(() => worker.close());
    sandbox.seedDemo();
    for (const username of [PAYER, PAYEE]) {
      await api(workerOrigin, '/v1/sandbox/demo-users', {
        body: { username, topUps: [{ currency: 'EUR', amountMinor: PAYER_TOP_UP_MINOR }] },
      });
    }
    const extensionDir = await buildExtension({ workerOrigin, outDir: path.join(stateDir, 'extension') });
    const browser = await launchBrowserWithExtension(extensionDir);
    cleanups.unshift(() => browser.close());

    const session = await linkPayer(workerOrigin, sandbox);
    // Signed in as after the extension's own sign-in: the session in the background's storage.
    const serviceWorker = browser.context
      .serviceWorkers()
      .find((candidate) => candidate.url().startsWith(`chrome-extension://${browser.extensionId}/`))!;
    await serviceWorker.evaluate(
      async (stored) => {
        const { chrome } = globalThis as unknown as {
          chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };
        };
        await chrome.storage.local.set({ 'hashpay.session.v1': stored });
      },
      { token: session.sessionToken, user: session.user, expiresAt: session.expiresAt },
    );

    const page = await browser.context.newPage();
    await page.goto(`${sandboxOrigin}/__sandbox/switch?user=${PAYER}&next=/home`);

    const runs: Run[] = [];
    for (let i = 0; i < RUNS + WARM_UP_RUNS; i++) {
      const run = await measureOneRun(page, workerOrigin, sandboxOrigin, session.sessionToken);
      if (i >= WARM_UP_RUNS) runs.push(run);
    }
    console.log(`runs: ${runs.length} (after ${WARM_UP_RUNS} warm-up runs)`);
    console.log(
      summary(
        'Post → confirmation window',
        runs.map((run) => run.windowMs),
      ),
    );
    console.log(
      summary(
        'Post → worker says awaiting_confirmation',
        runs.map((run) => run.matchedMs),
      ),
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }
}

async function measureOneRun(page: Page, workerOrigin: string, sandboxOrigin: string, token: string): Promise<Run> {
  const { intent } = await api<{ intent: PaymentIntent }>(workerOrigin, '/v1/payment-intents', {
    token,
    body: {
      requestId: `bench-${randomUUID()}`,
      payeeHandle: PAYEE,
      amountMinor: AMOUNT_MINOR,
      currency: 'EUR',
      language: 'en',
    },
  });
  await page.goto(`${sandboxOrigin}/intent/post?text=${encodeURIComponent(intent.tweetText)}`);
  const post = page.locator('[data-testid="tweetButton"]');
  await post.waitFor();

  const context = page.context();
  const windowOpened = context
    .waitForEvent('page', {
      predicate: (opened) => opened.url().includes('/confirm.html') && opened.url().includes(intent.id),
      timeout: WINDOW_TIMEOUT_MS,
    })
    .then((opened) => ({ opened, atMs: performance.now() }))
    .catch(() => null);

  const postedAtMs = performance.now();
  await post.click();
  const matched = waitForMatch(workerOrigin, token, intent.id, postedAtMs + WINDOW_TIMEOUT_MS).then((ok) =>
    ok ? performance.now() - postedAtMs : null,
  );
  const [matchedMs, window] = await Promise.all([matched, windowOpened]);
  await window?.opened.close();
  await api(workerOrigin, `/v1/payment-intents/${intent.id}/cancel`, { token, body: {} }).catch(() => {});
  return { matchedMs, windowMs: window ? window.atMs - postedAtMs : null };
}
