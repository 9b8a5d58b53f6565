import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eStack, linkAccount, openPopup, POPUP_VIEWPORT, startE2eStack } from '../support/e2e-stack';

/**
 * Money in and out in Chromium with the built extension, the worker and the sandbox provider:
 * alice adds money with Stripe's success test card (the balance goes up once the provider's
 * signed event reaches the worker), a declined card leaves the balance as it was with the
 * provider's message on its page, and a withdrawal goes through the provider's onboarding, then
 * is paid out (the sandbox pays payouts a few seconds after they are made).
 */

/** Each step is a click, a worker round trip or a webhook delivery; this bounds one that never comes. */
const STEP_TIMEOUT_MS = 20_000;

let e2e: E2eStack;
let popup: Page;

async function available(): Promise<string | null> {
  return popup.textContent('[data-balance="wallet-EUR"] [data-field="available"]');
}

/** Clicks a popup button that opens a tab, and answers that tab once loaded. */
async function tabOpenedBy(selector: string): Promise<Page> {
  const [tab] = await Promise.all([e2e.context.waitForEvent('page'), popup.click(selector)]);
  await tab.waitForLoadState();
  return tab;
}

beforeAll(async () => {
  e2e = await startE2eStack('funds', { stepTimeoutMs: STEP_TIMEOUT_MS });
});

afterAll(async () => {
  await e2e?.close();
});

describe('money in and out from the popup', () => {
  it('adds money with the success card: the balance goes up when the provider confirms', async () => {
    await linkAccount(e2e, 'alice');
    popup = await openPopup(e2e.browser, POPUP_VIEWPORT);
    await expect.poll(available, { timeout: STEP_TIMEOUT_MS }).toBe('€100.00');

    await popup.fill('[data-field="add-amount"]', '20');
    const checkout = await tabOpenedBy('[data-action="add-money"]');
    expect(await checkout.title()).toMatch(/Pay EUR 20\.00/);
    await checkout.fill('[data-testid="card-number"]', '4242 4242 4242 4242');
    await checkout.click('[data-testid="checkout-pay"]');
    await checkout.getByText('Payment received').waitFor();
    await checkout.close();

    await expect.poll(available, { timeout: STEP_TIMEOUT_MS }).toBe('€120.00');
    await popup.locator('[data-funds-row="top_up"][data-status="paid"]').waitFor();
    expect(await popup.textContent('[data-field="funds-status"]')).toBe('€20.00 added to your wallet.');
  });

  it('shows the decline on the checkout page and leaves the balance as it was', async () => {
    await popup.fill('[data-field="add-amount"]', '10');
    const checkout = await tabOpenedBy('[data-action="add-money"]');
    await checkout.fill('[data-testid="card-number"]', '4000 0000 0000 0002');
    await checkout.click('[data-testid="checkout-pay"]');
    expect(await checkout.textContent('[data-testid="checkout-error"]')).toBe('Your card was declined.');
    await checkout.close();

    await popup.locator('[data-funds-row="top_up"][data-status="open"]').waitFor();
    expect(await available()).toBe('€120.00');
  });

  it('withdraws after the provider onboarding: reserved at once, then paid out', async () => {
    // Only money that came in through the provider can leave through it: the €20 of the card top-up.
    await popup.fill('[data-field="withdraw-amount"]', '15');
    const onboarding = await tabOpenedBy('[data-action="withdraw"]');
    await popup.getByText('Finish setting up payouts in the tab that opened').waitFor();
    await onboarding.click('[data-testid="onboarding-submit"]');
    await onboarding.getByText('Payouts account set up').waitFor();
    await onboarding.close();

    await popup.click('[data-action="withdraw"]');
    await popup.getByText(/Withdrawing €15\.00 · fee €0\.00/).waitFor();
    await expect.poll(available, { timeout: STEP_TIMEOUT_MS }).toBe('€105.00');
    await popup.locator('[data-funds-row="withdrawal"][data-status="paid"]').waitFor();
    // The row turns paid first; the status line follows once the balances are read again.
    await expect
      .poll(() => popup.textContent('[data-field="funds-status"]'), { timeout: STEP_TIMEOUT_MS })
      .toBe('€15.00 paid out to your bank account.');
    expect(await available()).toBe('€105.00');
  });
});
