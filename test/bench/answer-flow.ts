import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import type { PaymentIntent } from '../../shared/contract/payments';
import { demoUsersWithEuros, startSignedInBrowser, summary } from './signed-in-browser';
import { api } from './worker-api';

/**
 * Time from posting a refused tweet to Hashpay's answer on screen, in Chromium with the built
 * extension on the sandbox x.com, against the deployable worker bundle in workerd. Each run drafts
 * a payment (through the API, as the pay sheet does), changes the drafted amount in the composer
 * (the worker refuses it: `draft-altered`), and clicks Post; the clock stops when
 *   - window: the extension's answer window opens, and
 *   - on screen: the window shows the answer ("Not paid", the reason, what to do next).
 * Figures depend on the machine: median and p90 over the runs, warm-up runs left out.
 */

const RUNS = 24;
const WARM_UP_RUNS = 2;
const PAYER = 'alice';
const PAYEE = 'bob';
const AMOUNT_MINOR = 1_00;
const PAYER_TOP_UP_MINOR = 100_00;
/** A run that shows no answer within this long counts as "not seen". */
const ANSWER_TIMEOUT_MS = 15_000;

interface Run {
  windowMs: number | null;
  onScreenMs: number | null;
}

export async function benchAnswerFlow(): Promise<void> {
  const { browser, sandboxOrigin, workerOrigin, session, close } = await startSignedInBrowser({
    name: 'answer',
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
        'Post of a refused tweet → answer window',
        runs.map((run) => run.windowMs),
      ),
    );
    console.log(
      summary(
        'Post of a refused tweet → answer on screen',
        runs.map((run) => run.onScreenMs),
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
  // The drafted amount changed before posting: the worker refuses the tweet as draft-altered.
  const altered = intent.tweetText.replace('€1.00', '€10.00');
  if (altered === intent.tweetText) throw new Error(`the drafted text has no €1.00: ${intent.tweetText}`);
  await page.goto(`${sandboxOrigin}/intent/post?text=${encodeURIComponent(altered)}`);
  const post = page.locator('[data-testid="tweetButton"]');
  await post.waitFor();

  const windowOpened = page
    .context()
    .waitForEvent('page', {
      predicate: (opened) => opened.url().includes('/confirm.html?tweet='),
      timeout: ANSWER_TIMEOUT_MS,
    })
    .then((opened) => ({ opened, atMs: performance.now() }))
    .catch(() => null);
  const postedAtMs = performance.now();
  await post.click();
  const window = await windowOpened;
  if (window === null) return { windowMs: null, onScreenMs: null };
  const shown = await window.opened
    .waitForSelector('main[data-status="not-paid"] [data-field="next"]', { timeout: ANSWER_TIMEOUT_MS })
    .then(() => performance.now())
    .catch(() => null);
  await window.opened.close();
  return { windowMs: window.atMs - postedAtMs, onScreenMs: shown === null ? null : shown - postedAtMs };
}
