import type { BrowserContext, Page } from 'playwright-core';
import type { E2eStack } from './e2e-stack';

/**
 * The steps of a payment in the browser that every flow shares: the extension's confirmation
 * window opening after Post, and Confirm in it.
 */

/** The extension's confirmation window of a payment intent, once it opens. */
export function waitForConfirmationWindow(context: BrowserContext, timeoutMs: number): Promise<Page> {
  return context.waitForEvent('page', {
    predicate: (page) => page.url().includes('/confirm.html?intent=pi_'),
    timeout: timeoutMs,
  });
}

/** Waits for the window to ask, presses Confirm, and waits for the payment to settle. */
export async function confirmInWindow(confirmation: Page, timeoutMs: number): Promise<void> {
  await confirmation.waitForSelector('main[data-status="awaiting_confirmation"]', { timeout: timeoutMs });
  await confirmation.getByRole('button', { name: 'Confirm' }).click();
  await confirmation.waitForSelector('main[data-status="settled"]', { timeout: timeoutMs });
}

/**
 * Types a payment command in the sandbox timeline's composer and posts it; answers the timeline
 * page and the confirmation window that opens.
 */
export async function postTypedCommand(e2e: E2eStack, text: string): Promise<{ page: Page; confirmation: Page }> {
  const page = await e2e.context.newPage();
  await page.goto(`${e2e.stack.sandboxOrigin}/home`);
  await page.locator('[data-testid="tweetTextarea_0"]').fill(text);
  const confirmationOpened = waitForConfirmationWindow(e2e.context, e2e.stepTimeoutMs);
  await page.locator('[data-testid="tweetButtonInline"]').click();
  return { page, confirmation: await confirmationOpened };
}
