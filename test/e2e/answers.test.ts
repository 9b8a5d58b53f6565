import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../dev/local-stack';
import { chooseFrenchInOptions, type E2eStack, linkAccount, startE2eStack } from '../support/e2e-stack';
import { confirmInWindow, postTypedCommand } from '../support/pay-in-browser';
import { apiSessionOf, postJson, seedDemoUser } from '../support/worker-api';

/**
 * Every tweet alice posts gets an answer in Hashpay's own window, in Chromium with the built
 * extension, the worker and the sandbox X: a drafted tweet changed before posting, a payment
 * above her balance, a hand-typed command to a handle X does not know, and her draft posted from
 * another X account each open the window with why and what to do next, and the tweet shows
 * "Not paid" (never ✓). A payment that goes through shows its countdown, then its success view
 * with her new balance and the receipt. Screenshots of the answer, the confirmation and the
 * success view, light and dark, English and French, go to test-artifacts/.
 */

/** Each step is a click or a worker round trip; this bounds one that never comes. */
const STEP_TIMEOUT_MS = 30_000;
const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts');

let e2e: E2eStack;
let stack: LocalStack;
let context: BrowserContext;
/** alice's session for API calls (drafts made without the sheet). */
let aliceToken: string;

/** The answer window about one of alice's tweets, once it opens. */
function waitForAnswerWindow(): Promise<Page> {
  return context.waitForEvent('page', {
    predicate: (page) => page.url().includes('/confirm.html?tweet='),
    timeout: STEP_TIMEOUT_MS,
  });
}

function waitForIntentWindow(): Promise<Page> {
  return context.waitForEvent('page', {
    predicate: (page) => page.url().includes('/confirm.html?intent=pi_'),
    timeout: STEP_TIMEOUT_MS,
  });
}

/** The window's view in light and dark, as `answers-<name>-<language>-<scheme>.png`. */
async function screenshotBoth(page: Page, name: string, language: 'en' | 'fr'): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.setViewportSize({ width: 400, height: 560 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, `answers-${name}-${language}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A draft made the way the sheet makes one, through the worker's API. */
async function draft(amountMinor: number): Promise<{ tweetText: string; code: string }> {
  const response = await postJson(
    `${stack.workerOrigin}/v1/payment-intents`,
    {
      requestId: `answers-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`,
      payeeHandle: 'bob',
      amountMinor,
      currency: 'EUR',
      language: 'en',
    },
    { authorization: `Bearer ${aliceToken}` },
  );
  expect(response.status, await response.clone().text()).toBe(201);
  const { intent } = (await response.json()) as { intent: { tweetText: string; code: string } };
  return intent;
}

/** Posts `text` from the sandbox's compose page, as the viewer the site's cookie names. */
async function postFromComposer(text: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${stack.sandboxOrigin}/intent/post?text=${encodeURIComponent(text)}`);
  await page.locator('[data-testid="tweetButton"]').click();
  return page;
}

/** The tweet on alice's timeline carrying `text`, and its marks once they settle. */
async function expectNotPaidMark(page: Page, text: string): Promise<void> {
  const tweet = page.locator('article[data-hashpay-tweet-id]', { hasText: text }).first();
  await tweet.waitFor({ timeout: STEP_TIMEOUT_MS });
  await expect.poll(() => tweet.locator('[data-hashpay="not-paid"]').count(), { timeout: STEP_TIMEOUT_MS }).toBe(1);
  expect(await tweet.locator('[data-hashpay="settled"]').count()).toBe(0);
}

async function setViewer(username: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${stack.sandboxOrigin}/__sandbox/switch?user=${username}&next=/home`);
  await page.close();
}

beforeAll(async () => {
  e2e = await startE2eStack('answers', { stepTimeoutMs: STEP_TIMEOUT_MS });
  ({ stack, context } = e2e);
  for (const username of ['alice', 'bob']) await seedDemoUser(stack.workerOrigin, username);
});

afterAll(async () => {
  await e2e?.close();
});

describe('answers to posted tweets', () => {
  it('links alice through the popup, and keeps a session of hers for drafts', async () => {
    await linkAccount(e2e, 'alice');
    aliceToken = await apiSessionOf(e2e, 'alice');
    expect(aliceToken).toMatch(/^hps_/);
  });

  it('a drafted tweet changed before posting: the window says so, with the draft and the tweet to delete', async () => {
    const drafted = await draft(500);
    const altered = drafted.tweetText.replace('€5.00', '€50.00');
    expect(altered).not.toBe(drafted.tweetText);
    const answered = waitForAnswerWindow();
    const postedAtMs = performance.now();
    const page = await postFromComposer(altered);
    const answer = await answered;
    await answer.waitForSelector('main[data-status="not-paid"]', { timeout: STEP_TIMEOUT_MS });
    console.log(`Post → answer on screen: ${Math.round(performance.now() - postedAtMs)} ms (draft-altered)`);
    expect(await answer.getAttribute('main', 'data-reason')).toBe('draft-altered');
    expect(await answer.textContent('h1')).toContain('Not paid');
    expect(await answer.textContent('[data-field="reason"]')).toContain('no longer states the payment you drafted');
    expect(await answer.textContent('[data-field="draft"]')).toBe('Your draft: €5.00 → @bob');
    expect(await answer.textContent('[data-field="tweet"]')).toContain(drafted.code);
    expect(await answer.getAttribute('[data-field="tweet-link"]', 'href')).toMatch(
      /^https:\/\/x\.com\/alice\/status\/[0-9]+$/,
    );
    await screenshotBoth(answer, 'refusal', 'en');
    await answer.close();

    await page.goto(`${stack.sandboxOrigin}/home`);
    await expectNotPaidMark(page, drafted.code);
    await page.close();
  });

  it('a payment above the balance: the confirmation window says the balance is too low and offers a top-up', async () => {
    const opened = waitForIntentWindow();
    const { page } = await postTypedCommandWithoutWindow('@hashpay pay @bob 150€ too much');
    const failed = await opened;
    await failed.waitForSelector('main[data-status="failed"]', { timeout: STEP_TIMEOUT_MS });
    expect(await failed.textContent('[data-field="status"]')).toContain('Your balance is too low for this payment.');
    expect(await failed.textContent('[data-field="next"]')).toContain('Top up your wallet');
    expect(await failed.getAttribute('[data-field="top-up"]', 'href')).toMatch(/\/popup\.html$/);
    expect(await failed.getAttribute('[data-field="tweet-link"]', 'href')).toMatch(/\/status\/[0-9]+$/);
    await screenshotBoth(failed, 'failed', 'en');
    await failed.close();
    await page.goto(`${stack.sandboxOrigin}/home`);
    await expectNotPaidMark(page, 'too much');
    await page.close();
  });

  it('a hand-typed command to a handle X does not know: unknown-payee', async () => {
    const answered = waitForAnswerWindow();
    const { page } = await postTypedCommandWithoutWindow('@hashpay pay @nobody 5€ lunch');
    const answer = await answered;
    await answer.waitForSelector('main[data-status="not-paid"]', { timeout: STEP_TIMEOUT_MS });
    expect(await answer.getAttribute('main', 'data-reason')).toBe('unknown-payee');
    expect(await answer.textContent('[data-field="reason"]')).toContain('X has no account with the handle you typed.');
    expect(await answer.textContent('[data-field="next"]')).toContain('check the handle');
    await answer.close();
    await page.goto(`${stack.sandboxOrigin}/home`);
    await expectNotPaidMark(page, '@nobody 5€ lunch');
    await page.close();
  });

  it('alice’s draft posted from another X account: other-account, and the draft still waits', async () => {
    const drafted = await draft(300);
    await setViewer('carol');
    try {
      const answered = waitForAnswerWindow();
      const page = await postFromComposer(drafted.tweetText);
      const answer = await answered;
      await answer.waitForSelector('main[data-status="not-paid"]', { timeout: STEP_TIMEOUT_MS });
      expect(await answer.getAttribute('main', 'data-reason')).toBe('other-account');
      expect(await answer.textContent('[data-field="reason"]')).toContain('other than the one linked to Hashpay');
      expect(await answer.getAttribute('[data-field="tweet-link"]', 'href')).toMatch(/\/status\/[0-9]+$/);
      await answer.close();
      await page.goto(`${stack.sandboxOrigin}/home`);
      await expectNotPaidMark(page, drafted.code);
      await page.close();
    } finally {
      await setViewer('alice');
    }
  });

  it('a payment that goes through: countdown, then the success view with the balance and the receipt', async () => {
    const { page, confirmation } = await postTypedCommand(e2e, '@hashpay pay @bob 2€ coffee');
    await confirmation.waitForSelector('main[data-status="awaiting_confirmation"]', { timeout: STEP_TIMEOUT_MS });
    expect(await confirmation.textContent('[data-field="countdown"]')).toMatch(/^Expires in [0-9]+:[0-5][0-9]$/);
    await screenshotBoth(confirmation, 'confirmation', 'en');
    await confirmInWindow(confirmation, STEP_TIMEOUT_MS);
    await confirmation.waitForSelector('[data-field="balance"]', { timeout: STEP_TIMEOUT_MS });
    expect(await confirmation.textContent('[data-field="balance"]')).toMatch(/^Your balance: €[0-9]+\.[0-9]{2}$/);
    expect(await confirmation.getAttribute('[data-field="receipt"]', 'href')).toMatch(/\/v1\/receipts\/rcp_/);
    await screenshotBoth(confirmation, 'success', 'en');
    await confirmation.close();
    await page.close();
  });

  it('in French: the answer, the confirmation and the success view speak French', async () => {
    await chooseFrenchInOptions(e2e.browser);
    const answered = waitForAnswerWindow();
    const { page } = await postTypedCommandWithoutWindow('@hashpay envoie 5 € à @personne');
    const answer = await answered;
    await answer.waitForSelector('main[data-status="not-paid"]', { timeout: STEP_TIMEOUT_MS });
    expect(await answer.textContent('h1')).toContain('Non payé');
    expect(await answer.textContent('[data-field="reason"]')).toContain('X n’a pas de compte avec le pseudo');
    await screenshotBoth(answer, 'refusal', 'fr');
    await answer.close();
    await page.goto(`${stack.sandboxOrigin}/home`);
    const tweet = page.locator('article[data-hashpay-tweet-id]', { hasText: '@personne' }).first();
    await expect
      .poll(() => tweet.locator('[data-hashpay="not-paid"] >> span').first().textContent(), {
        timeout: STEP_TIMEOUT_MS,
      })
      .toBe('⊘ Non payé');
    await page.close();

    const paid = await postTypedCommand(e2e, '@hashpay envoie 2 € à @bob café');
    await paid.confirmation.waitForSelector('main[data-status="awaiting_confirmation"]', {
      timeout: STEP_TIMEOUT_MS,
    });
    expect(await paid.confirmation.textContent('[data-field="countdown"]')).toMatch(/^Expire dans /);
    await screenshotBoth(paid.confirmation, 'confirmation', 'fr');
    await paid.confirmation.getByRole('button', { name: 'Confirmer' }).click();
    await paid.confirmation.waitForSelector('[data-field="balance"]', { timeout: STEP_TIMEOUT_MS });
    expect(await paid.confirmation.textContent('[data-field="balance"]')).toMatch(/^Votre solde : /);
    await screenshotBoth(paid.confirmation, 'success', 'fr');
    await paid.confirmation.close();
    await paid.page.close();
  });
});

/** Types a command in the timeline's composer and posts it, without waiting for any window. */
async function postTypedCommandWithoutWindow(text: string): Promise<{ page: Page }> {
  const page = await context.newPage();
  await page.goto(`${stack.sandboxOrigin}/home`);
  await page.locator('[data-testid="tweetTextarea_0"]').fill(text);
  await page.locator('[data-testid="tweetButtonInline"]').click();
  return { page };
}
