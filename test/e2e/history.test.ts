import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OFFERS } from '../dev/demo-offers';
import type { LocalStack } from '../dev/local-stack';
import type { BrowserWithExtension } from '../support/browser';
import { chooseFrenchInOptions, type E2eStack, linkAccount, openPopup, startE2eStack } from '../support/e2e-stack';
import { confirmInWindow, waitForConfirmationWindow } from '../support/pay-in-browser';

/**
 * The popup's history after a payment and an offer claim, in Chromium with the built extension,
 * the worker and the sandbox X of `npm start`: alice links her account through the popup, pays bob
 * from the Pay button of his tweet (sheet → drafted tweet → Post → Confirm), and claims the
 * grocer's demo offer from its tweet (Claim offer → drafted tweet → Post). The popup then shows
 * her account, the payment as paid under All, and the offer as claimed under Offers. Last, French
 * chosen in the options reaches the open x.com tab at once: its buttons say Payer, with no reload.
 */

/** Each step is a click or a worker round trip; this bounds one that never comes. */
const STEP_TIMEOUT_MS = 30_000;
/** The demo grocer seeded by `npm start`, offering EUR credits. */
const GROCER = DEMO_OFFERS[0];
/** What the sandbox X answers for a profile picture. */
const SANDBOX_PICTURE_URL = 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png';

let e2e: E2eStack;
let stack: LocalStack;
let browser: BrowserWithExtension;
let context: BrowserContext;

beforeAll(async () => {
  e2e = await startE2eStack('history', { stepTimeoutMs: STEP_TIMEOUT_MS });
  ({ stack, browser, context } = e2e);
});

afterAll(async () => {
  await e2e?.close();
});

describe('a payment and an offer claim in the popup’s history', () => {
  it('links alice through the popup and the sandbox consent page', async () => {
    await linkAccount(e2e, 'alice');
  });

  it('pays bob €12.50 from the Pay button of his tweet', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    const bobTweet = page.locator('article[data-hashpay-author="bob"]').first();
    await bobTweet.locator('[data-hashpay="pay"] button').click();
    const sheet = page.locator('[data-hashpay="pay-sheet"]');
    await sheet.getByLabel('Amount').fill('12,50 €');
    await sheet.getByLabel('Memo (optional)').fill('pizza');
    await sheet.getByRole('button', { name: 'Draft tweet' }).click();
    await page.waitForURL(/\/intent\/post\?text=/);

    const confirmationOpened = waitForConfirmationWindow(context, STEP_TIMEOUT_MS);
    await page.locator('[data-testid="tweetButton"]').click();
    const confirmation = await confirmationOpened;
    await confirmInWindow(confirmation, STEP_TIMEOUT_MS);
    await confirmation.close().catch(() => {});
    await page.close();
  });

  it('claims the grocer’s offer from its tweet', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    const offerTweet = page
      .locator(`article[data-hashpay-author="${GROCER.merchant.xUsername}"]`, { hasText: `#${GROCER.offer.hashtag}` })
      .first();
    const claim = offerTweet.locator('[data-hashpay="claim"]');
    await expect
      .poll(() => claim.getAttribute('data-hashpay-claim-state'), { timeout: STEP_TIMEOUT_MS })
      .toBe('claimable');
    await claim.locator('button').click();
    await page.waitForURL(/\/intent\/post\?text=/);
    await page.locator('[data-testid="tweetButton"]').click();
    const toast = page.locator('[data-hashpay="claim-toast"] [role="status"]');
    await expect.poll(() => toast.textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Offer added to your card');
    await page.close();
  });

  it('shows the account, the payment as paid under All, and the offer as claimed under Offers', async () => {
    const popup = await openPopup(browser);
    await expect
      .poll(() => popup.textContent('[data-field="account"]'), { timeout: STEP_TIMEOUT_MS })
      .toContain('@alice');
    // X's picture, or (it cannot load with no network) the name's initial in its place: never both.
    const avatar = popup.locator('.account .avatar');
    expect(await avatar.count()).toBe(1);
    // Read at one instant: a picture failing to load is replaced by the initial at any moment.
    const shown = await avatar.evaluate((element) => ({
      tag: element.tagName,
      src: element.getAttribute('src'),
      alt: element.getAttribute('alt'),
      text: element.textContent,
    }));
    if (shown.tag === 'IMG') {
      expect(shown.src).toBe(SANDBOX_PICTURE_URL);
      expect(shown.alt).toBe('');
    } else {
      expect(shown.text).toBe('A');
    }

    const allFilter = popup.getByRole('button', { name: 'All', exact: true });
    expect(await allFilter.getAttribute('aria-pressed')).toBe('true');
    const payment = popup.locator('[data-history]');
    await payment.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    // The claim tweet is not a payment: the payment is the only row.
    expect(await payment.count()).toBe(1);
    expect(await payment.getAttribute('data-status')).toBe('settled');
    expect(await payment.getAttribute('data-direction')).toBe('sent');
    expect(await payment.locator('[data-field="counterparty"]').textContent()).toBe('To @bob');
    expect(await payment.locator('[data-field="amount"]').textContent()).toBe('−€12.50');
    expect(await payment.locator('[data-field="state"]').textContent()).toBe('Paid');

    const offersFilter = popup.getByRole('button', { name: 'Offers', exact: true });
    await offersFilter.click();
    expect(await offersFilter.getAttribute('aria-pressed')).toBe('true');
    const claim = popup.locator('li[data-claim]');
    await claim.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await claim.count()).toBe(1);
    expect(await claim.locator('[data-field="hashtag"]').textContent()).toBe(`#${GROCER.offer.hashtag}`);
    expect(await claim.getAttribute('data-status')).toBe('enrolled');
    expect(await claim.locator('[data-field="state"]').textContent()).toBe(
      'Claimed: waiting for a qualifying purchase',
    );
    // No purchase yet, so no credit.
    expect(await claim.locator('[data-credit]').count()).toBe(0);
    expect(await popup.locator('[data-history]').count()).toBe(0);

    // Back to All: the payment again, the offer gone from the list.
    await allFilter.click();
    await payment.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await payment.count()).toBe(1);
    expect(await payment.getAttribute('data-status')).toBe('settled');
    expect(await popup.locator('li[data-claim]').count()).toBe(0);
    await popup.close();
  });

  it('speaks French on an open x.com tab as soon as French is saved in the options', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    const payButton = page.locator('article[data-hashpay-author="bob"]').first().locator('[data-hashpay="pay"] button');
    await expect.poll(() => payButton.textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Pay');
    const claimButton = page
      .locator(`article[data-hashpay-author="${GROCER.merchant.xUsername}"]`, { hasText: `#${GROCER.offer.hashtag}` })
      .first()
      .locator('[data-hashpay="claim"] button');
    await expect.poll(() => claimButton.textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Offer claimed');
    // Marks the document: a reload would make a new one without it.
    await page.evaluate(() => document.documentElement.setAttribute('data-test-same-document', 'yes'));

    await chooseFrenchInOptions(browser);

    await expect.poll(() => payButton.textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Payer');
    await expect.poll(() => claimButton.textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Offre activée');
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-test-same-document'))).toBe('yes');
    await page.close();
  });
});
