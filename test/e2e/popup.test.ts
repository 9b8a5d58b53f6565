import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../dev/local-stack';
import type { BrowserWithExtension } from '../support/browser';
import {
  chooseFrenchInOptions,
  type E2eStack,
  linkAccount,
  openPopup,
  POPUP_VIEWPORT,
  startE2eStack,
} from '../support/e2e-stack';
import { confirmInWindow, postTypedCommand } from '../support/pay-in-browser';
import { postJson, seedDemoUser } from '../support/worker-api';

/**
 * The popup in Chromium with the built extension, the worker and the sandbox X: alice links her
 * account from the popup, adds test money, pays bob with a tweet and confirms it; the popup's
 * history then shows the payment as paid, its CSV export has the row, and after choosing French
 * in the options the popup speaks French. Screenshots (light and dark, English and French) are
 * saved in test-artifacts/ for people to look at.
 */

/** Each step is a click or a worker round trip; this bounds one that never comes. */
const STEP_TIMEOUT_MS = 30_000;
const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts');
/** Payments put in alice's history to see the popup with a long one. */
const LONG_HISTORY_PAYMENTS = 1_000;
const DRAFTS_PER_BATCH = 25;
/** The popup's first history page. */
const HISTORY_FIRST_PAGE_ROWS = 20;

let e2e: E2eStack;
let stack: LocalStack;
let browser: BrowserWithExtension;
let context: BrowserContext;

/** The session the background keeps (tests may look; pages and content scripts never see it). */
async function sessionTokenInBackground(): Promise<string> {
  const worker = context.serviceWorkers().find((candidate) => candidate.url().startsWith('chrome-extension://'));
  expect(worker).toBeDefined();
  const token = await worker!.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { local: { get(key: string): Promise<Record<string, { token?: string } | undefined>> } } };
    };
    return (await chrome.storage.local.get('hashpay.session.v1'))['hashpay.session.v1']?.token ?? null;
  });
  expect(token).toMatch(/^hps_/);
  return token!;
}

/** A drafted payment (awaiting its tweet): enough to be a row of the payer's history. */
async function draftPayment(token: string, index: number): Promise<void> {
  const response = await postJson(
    `${stack.workerOrigin}/v1/payment-intents`,
    {
      requestId: `popup-e2e-draft-${String(index).padStart(6, '0')}`,
      payeeHandle: 'bob',
      amountMinor: 100 + index,
      currency: 'EUR',
      language: 'en',
    },
    { authorization: `Bearer ${token}` },
  );
  expect(response.status, await response.clone().text()).toBe(201);
}

async function screenshots(popup: Page, language: 'en' | 'fr'): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme });
    await popup.screenshot({ path: path.join(ARTIFACTS_DIR, `popup-${language}-${colorScheme}.png`), fullPage: true });
  }
  await popup.emulateMedia({ colorScheme: null });
}

beforeAll(async () => {
  e2e = await startE2eStack('popup', {
    stepTimeoutMs: STEP_TIMEOUT_MS,
    // The long-history test drafts its payments through the API, far above one person's rate.
    rateLimits: { RATE_LIMIT_USER_WRITES: { simple: { limit: 10 * LONG_HISTORY_PAYMENTS, period: 60 } } },
  });
  ({ stack, browser, context } = e2e);
  await seedDemoUser(stack.workerOrigin, 'alice');
  await seedDemoUser(stack.workerOrigin, 'bob');
});

afterAll(async () => {
  await e2e?.close();
});

describe('the popup in the browser', () => {
  it('says what Hashpay does, then links alice from the popup', async () => {
    const signedOut = await openPopup(browser, POPUP_VIEWPORT);
    await signedOut.getByText(/Pay anyone on X by tweeting/).waitFor();
    await signedOut.close();

    await linkAccount(e2e, 'alice');
    const popup = await openPopup(browser, POPUP_VIEWPORT);
    await expect.poll(() => popup.textContent('[data-field="account"]')).toContain('@alice');
    // The demo money, in both currencies.
    await expect.poll(() => popup.locator('[data-balance]').count()).toBe(2);
    expect(await popup.textContent('[data-balance="wallet-EUR"] [data-field="available"]')).toBe('€100.00');
    await popup.close();
  });

  it('adds test money to alice’s wallet from the popup', async () => {
    const popup = await openPopup(browser, POPUP_VIEWPORT);
    await popup.getByRole('button', { name: 'Add €100.00 test money' }).click();
    await popup.getByText('€100.00 added.').waitFor();
    expect(await popup.textContent('[data-balance="wallet-EUR"] [data-field="available"]')).toBe('€200.00');
    await popup.close();
  });

  it('shows a confirmed payment in the history, as paid, and exports it as CSV', async () => {
    const { page, confirmation } = await postTypedCommand(e2e, '@hashpay pay @bob 12,50 € pizza');
    await confirmInWindow(confirmation, STEP_TIMEOUT_MS);
    await page.close();

    const popup = await openPopup(browser, POPUP_VIEWPORT);
    const row = popup.locator('[data-history]').first();
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('settled');
    expect(await row.getAttribute('data-direction')).toBe('sent');
    expect(await row.locator('[data-field="counterparty"]').textContent()).toBe('To @bob');
    expect(await row.locator('[data-field="amount"]').textContent()).toBe('−€12.50');
    expect(await row.locator('[data-field="state"]').textContent()).toBe('Paid');
    expect(await row.locator('a').getAttribute('href')).toMatch(/\/status\/\d+$/);
    expect(await popup.textContent('[data-balance="wallet-EUR"] [data-field="available"]')).toBe('€187.50');

    // Received shows nothing for alice; Sent shows the payment.
    await popup.getByRole('button', { name: 'Received' }).click();
    await popup.getByText('Nothing here with this filter.').waitFor();
    await popup.getByRole('button', { name: 'All' }).click();
    await row.waitFor();

    const downloadStarted = popup.waitForEvent('download');
    await popup.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloadStarted;
    expect(download.suggestedFilename()).toMatch(/^hashpay-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'created_at,direction,counterparty_handle,counterparty_name,amount,amount_minor,currency,status,memo,reference,tweet_url,purpose,pot_hashtag',
    );
    expect(lines).toHaveLength(2);
    const cells = lines[1]!.split(',');
    expect(cells.slice(1, 3)).toEqual(['sent', 'bob']);
    expect(cells.slice(4, 8)).toEqual(['12.50', '1250', 'EUR', 'settled']);
    expect(cells[8]).toBe('pizza');
    expect(cells[9]).toMatch(/^HP-[0-9A-Z]{8}$/);

    await screenshots(popup, 'en');
    await popup.close();
  });

  it('speaks French once French is chosen in the options', async () => {
    await chooseFrenchInOptions(browser);

    const popup = await openPopup(browser, POPUP_VIEWPORT);
    const row = popup.locator('[data-history]').first();
    await row.waitFor();
    expect(await popup.getByRole('heading', { name: 'Historique' }).count()).toBe(1);
    expect(await row.locator('[data-field="state"]').textContent()).toBe('Payé');
    expect(await row.locator('[data-field="amount"]').textContent()).toBe('−12,50\u00A0€');
    expect(await popup.textContent('[data-balance="wallet-EUR"] [data-field="available"]')).toBe('187,50\u00A0€');
    expect(await popup.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(1);
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('fr');
    await screenshots(popup, 'fr');
    await popup.close();
  });

  it(`opens fast with ${LONG_HISTORY_PAYMENTS} payments in the history, and exports them all (figures printed)`, async () => {
    const token = await sessionTokenInBackground();
    const started = performance.now();
    for (let first = 0; first < LONG_HISTORY_PAYMENTS; first += DRAFTS_PER_BATCH) {
      await Promise.all(
        Array.from({ length: Math.min(DRAFTS_PER_BATCH, LONG_HISTORY_PAYMENTS - first) }, (_, offset) =>
          draftPayment(token, first + offset),
        ),
      );
    }
    console.log(`${LONG_HISTORY_PAYMENTS} payments drafted in ${Math.round(performance.now() - started)} ms`);

    const openedMs = performance.now();
    const popup = await openPopup(browser, POPUP_VIEWPORT);
    // The view kept from the last opening is painted first; then the worker's first page replaces it.
    await popup.waitForFunction(
      (rows) => document.querySelectorAll('[data-history]').length === rows,
      HISTORY_FIRST_PAGE_ROWS,
    );
    const firstRenderMs = Math.round(performance.now() - openedMs);
    // The first page only: the rest comes by cursor on request.
    expect(await popup.locator('[data-history]').count()).toBe(HISTORY_FIRST_PAGE_ROWS);
    console.log(
      `popup open → first history rows, ${LONG_HISTORY_PAYMENTS + 1} payments in the account: ${firstRenderMs} ms`,
    );

    const exportMs = performance.now();
    const downloadStarted = popup.waitForEvent('download');
    await popup.locator('[data-action="export"]').click();
    const download = await downloadStarted;
    const lines = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    console.log(`CSV export of ${lines.length - 1} payments: ${Math.round(performance.now() - exportMs)} ms`);
    // Every draft and the settled payment, each once.
    expect(lines).toHaveLength(LONG_HISTORY_PAYMENTS + 2);
    expect(new Set(lines.slice(1).map((line) => line.split(',')[9])).size).toBe(LONG_HISTORY_PAYMENTS + 1);
    await popup.close();
  });
});
