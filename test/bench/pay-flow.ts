import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { type PaymentIntent, PaymentIntentResponseSchema } from '../../shared/contract/payments';
import { demoUsersWithEuros, startSignedInBrowser, summary } from './signed-in-browser';
import { api } from './worker-api';

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

export async function benchPayFlow(): Promise<void> {
  const { browser, sandboxOrigin, workerOrigin, session, close } = await startSignedInBrowser({
    name: 'pay',
    payer: PAYER,
    seed: demoUsersWithEuros([PAYER, PAYEE], PAYER_TOP_UP_MINOR),
  });
  try {
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
    await close();
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
