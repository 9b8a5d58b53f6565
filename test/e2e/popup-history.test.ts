import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OFFERS } from '../dev/demo-offers';
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
import { confirmInWindow, postTypedCommand, waitForConfirmationWindow } from '../support/pay-in-browser';
import { seedDemoUser } from '../support/worker-api';

/**
 * The popup's history and offers, the receipt page and the toolbar icons, in Chromium with the
 * built extension, the worker and the sandbox X: alice (€100.00) pays bob €12.50, tries to pay
 * him €150.00 (above her balance: the worker fails it) and cancels a payment to carol. The
 * history names why the failed and cancelled rows moved no money and does not show them as
 * debits; a row opens its detail (timeline, tweet, receipt); the search finds one person's rows;
 * a hand-typed command to a handle X does not know is a row of its own (why, what to do, never as
 * money that moved); the Offers view lists the live demo offers with their terms. The receipt
 * opens as a page in English and in French with its signature verified. What opens from the list
 * (a row's detail, Offers) is a chunk of its own, loaded on first use, and the popup loads its
 * reader's words only. Screenshots (light and dark, English and French) go to test-artifacts/.
 */

/** Each step is a click or a worker round trip; this bounds one that never comes. */
const STEP_TIMEOUT_MS = 30_000;
const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts');
const GROCER = DEMO_OFFERS[0];

let e2e: E2eStack;
let stack: LocalStack;
let browser: BrowserWithExtension;
let context: BrowserContext;
/** The settled payment's receipt address, read from its detail view. */
let receiptHref: string | null = null;

async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}-${colorScheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

/**
 * Types a command in the sandbox composer and posts it, with no confirmation window expected; the
 * page stays open (its content script reports the tweet) until the caller saw the answer.
 */
async function postRefusedCommand(text: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${stack.sandboxOrigin}/home`);
  await page.locator('[data-testid="tweetTextarea_0"]').fill(text);
  await page.locator('[data-testid="tweetButtonInline"]').click();
  return page;
}

/** A built chunk's name without the build's hash: `chunks/PopupOffers-Bwapmpbi.js` → `PopupOffers`. */
function chunkName(url: string): string | null {
  const file = new URL(url).pathname.split('/').pop() ?? '';
  return file.endsWith('.js') ? file.replace(/-[\w-]{8}\.js$/, '') : null;
}

/** Opens the popup, recording the names of the extension's scripts it loads as it loads them. */
async function openPopupRecordingChunks(): Promise<{ popup: Page; chunks: Set<string> }> {
  const popup = await context.newPage();
  const chunks = new Set<string>();
  popup.on('request', (request) => {
    const name = request.url().startsWith('chrome-extension://') ? chunkName(request.url()) : null;
    if (name !== null) chunks.add(name);
  });
  await popup.setViewportSize(POPUP_VIEWPORT);
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  return { popup, chunks };
}

/** `chrome.storage` as a test reads it in an extension page. */
interface ExtensionStorage {
  storage: {
    local: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
  };
}

/** The timeline page the refused command was posted from. */
let refusedPage: Page | null = null;

beforeAll(async () => {
  e2e = await startE2eStack('popup-history', { stepTimeoutMs: STEP_TIMEOUT_MS });
  ({ stack, browser, context } = e2e);
  await seedDemoUser(stack.workerOrigin, 'alice');
  await seedDemoUser(stack.workerOrigin, 'bob');
  await seedDemoUser(stack.workerOrigin, 'carol');
});

afterAll(async () => {
  await e2e?.close();
});

describe('the toolbar icons', () => {
  it('are named in the manifest, for the toolbar and the stores, and each is a PNG of its size', async () => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const found = await page.evaluate(async () => {
      const manifest = (await (await fetch('/manifest.json')).json()) as {
        icons: Record<string, string>;
        action: { default_icon: Record<string, string> };
      };
      const sizes: Record<string, number> = {};
      for (const file of new Set([...Object.values(manifest.icons), ...Object.values(manifest.action.default_icon)])) {
        const bitmap = await createImageBitmap(await (await fetch(`/${file}`)).blob());
        sizes[file] = bitmap.width * 10_000 + bitmap.height;
      }
      return { icons: manifest.icons, toolbar: manifest.action.default_icon, sizes };
    });
    expect(Object.keys(found.icons).sort()).toEqual(['128', '16', '32', '48']);
    expect(Object.keys(found.toolbar).sort()).toEqual(['16', '32']);
    for (const [size, file] of [...Object.entries(found.icons), ...Object.entries(found.toolbar)]) {
      expect(found.sizes[file], file).toBe(Number(size) * 10_000 + Number(size));
    }
    await page.close();
  });
});

describe('the history of payments that moved money and of ones that did not', () => {
  it('links alice, pays bob, fails a payment above her balance and cancels one to carol', async () => {
    await linkAccount(e2e, 'alice');

    const paid = await postTypedCommand(e2e, '@hashpay pay @bob 12,50 € pizza');
    await confirmInWindow(paid.confirmation, STEP_TIMEOUT_MS);
    await paid.page.close();

    // The payment above the balance fails at its match, and its window says why: waited for
    // here, so the next payment's wait cannot take it for that payment's confirmation.
    const failedWindow = waitForConfirmationWindow(context, STEP_TIMEOUT_MS);
    refusedPage = await postRefusedCommand('@hashpay pay @bob 150 € new bike');
    const failedAnswer = await failedWindow;
    await failedAnswer.waitForSelector('main[data-status="failed"]', { timeout: STEP_TIMEOUT_MS });
    await failedAnswer.close();

    const cancelled = await postTypedCommand(e2e, '@hashpay pay @carol 3 € coffee');
    await cancelled.confirmation.waitForSelector('main[data-status="awaiting_confirmation"]', {
      timeout: STEP_TIMEOUT_MS,
    });
    await cancelled.confirmation.getByRole('button', { name: 'Cancel payment' }).click();
    await cancelled.confirmation.waitForSelector('main[data-status="cancelled"]', { timeout: STEP_TIMEOUT_MS });
    await cancelled.page.close();
  });

  it('names the reason of the failed and cancelled rows and does not show them as debits', async () => {
    const popup = await openPopup(browser, POPUP_VIEWPORT);
    const failed = popup.locator('[data-history][data-status="failed"]');
    await expect.poll(() => failed.count(), { timeout: STEP_TIMEOUT_MS }).toBe(1);
    expect(await failed.locator('[data-field="reason"]').textContent()).toBe(
      'Not paid: your balance was too low when the tweet was posted. Top up, then pay again.',
    );
    const failedAmount = failed.locator('[data-field="amount"]');
    expect(await failedAmount.textContent()).toBe('€150.00');
    expect(await failedAmount.getAttribute('class')).toBe('none');
    expect(await failedAmount.evaluate((element) => getComputedStyle(element).textDecorationLine)).toBe('line-through');
    await refusedPage?.close();

    const cancelled = popup.locator('[data-history][data-status="cancelled"]');
    await cancelled.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await cancelled.locator('[data-field="reason"]').textContent()).toBe('You cancelled it. Nothing was sent.');
    expect(await cancelled.locator('[data-field="amount"]').textContent()).toBe('€3.00');

    const settled = popup.locator('[data-history][data-status="settled"]');
    expect(await settled.locator('[data-field="amount"]').textContent()).toBe('−€12.50');
    expect(await settled.locator('[data-field="reason"]').count()).toBe(0);
    // Only the payment that was made left the wallet.
    expect(await popup.textContent('[data-balance="wallet-EUR"] [data-field="available"]')).toBe('€87.50');
    await screenshots(popup, 'popup-history-en');
    await popup.close();
  });

  it('opens a row’s detail: the timeline, the tweet, the receipt, and the reason', async () => {
    const { popup, chunks } = await openPopupRecordingChunks();
    const settled = popup.locator('[data-history][data-status="settled"]');
    await settled.waitFor({ timeout: STEP_TIMEOUT_MS });
    // The list is drawn with its own English words, kept at the popup's last opening: their chunk
    // comes only with the rest of the English words, after the list (`strings-en` includes it).
    // Neither the detail view's code nor French is loaded.
    expect(chunks.has('popup')).toBe(true);
    expect(chunks.has('popup-strings-fr')).toBe(false);
    expect(chunks.has('strings-fr')).toBe(false);
    expect(chunks.has('PopupHistoryDetail')).toBe(false);
    await expect.poll(() => chunks.has('strings-en'), { timeout: STEP_TIMEOUT_MS }).toBe(true);
    const loaded = [...chunks];
    expect(loaded.indexOf('popup-strings-en')).not.toBeLessThan(loaded.indexOf('strings-en'));
    await settled.locator('[data-action="open"]').click();
    const detail = popup.locator('[data-detail]');
    await detail.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(chunks.has('PopupHistoryDetail')).toBe(true);
    expect(await detail.locator('[data-step]').evaluateAll((steps) => steps.map((step) => step.dataset.step))).toEqual([
      'created',
      'matched',
      'settled',
    ]);
    expect(await detail.locator('[data-link="tweet"]').getAttribute('href')).toMatch(
      /^https:\/\/x\.com\/alice\/status\/\d+$/,
    );
    receiptHref = await detail.locator('[data-link="receipt"]').getAttribute('href');
    expect(receiptHref).toMatch(new RegExp(`^${stack.workerOrigin}/v1/receipts/rcp_[A-Za-z0-9_-]{22}$`));
    await screenshots(popup, 'popup-detail-en');

    await popup.keyboard.press('Escape');
    const failed = popup.locator('[data-history][data-status="failed"]');
    await failed.waitFor({ timeout: STEP_TIMEOUT_MS });
    await failed.locator('[data-action="open"]').click();
    await detail.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await detail.locator('[data-field="reason"]').textContent()).toContain('your balance was too low');
    expect(await detail.locator('[data-link="receipt"]').count()).toBe(0);
    expect(await detail.locator('[data-step]').evaluateAll((steps) => steps.map((step) => step.dataset.step))).toEqual([
      'created',
      'ended',
    ]);
    await screenshots(popup, 'popup-detail-failed-en');
    await popup.close();
  });

  it('searches the history by person', async () => {
    const popup = await openPopup(browser, POPUP_VIEWPORT);
    await popup.locator('[data-history]').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const box = popup.getByLabel('Search by person');
    await box.fill('@car');
    await box.press('Enter');
    await expect.poll(() => popup.locator('[data-history]').count(), { timeout: STEP_TIMEOUT_MS }).toBe(1);
    expect(await popup.locator('[data-history] [data-field="counterparty"]').textContent()).toBe('To @carol');

    await box.fill('bo');
    await box.press('Enter');
    await expect.poll(() => popup.locator('[data-history]').count(), { timeout: STEP_TIMEOUT_MS }).toBe(2);
    await box.fill('nobody');
    await box.press('Enter');
    await popup.getByText('No payments with @nobody.').waitFor({ timeout: STEP_TIMEOUT_MS });
    await box.fill('');
    await expect.poll(() => popup.locator('[data-history]').count(), { timeout: STEP_TIMEOUT_MS }).toBe(3);
    await popup.close();
  });

  it('shows a hand-typed command to a handle X does not know as a refused tweet, with why and what to do', async () => {
    const answered = context.waitForEvent('page', {
      predicate: (page) => page.url().includes('/confirm.html?tweet='),
      timeout: STEP_TIMEOUT_MS,
    });
    const posted = await postRefusedCommand('@hashpay pay @nobody 5 € lunch');
    // The answer window opens once the worker has decided: the refusal is kept for alice by then.
    const answer = await answered;
    await answer.waitForSelector('main[data-reason="unknown-payee"]', { timeout: STEP_TIMEOUT_MS });
    await answer.close();

    const popup = await openPopup(browser, POPUP_VIEWPORT);
    const refused = popup.locator('[data-refusal][data-reason="unknown-payee"]');
    await refused.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await refused.getAttribute('data-effect')).toBe('none');
    expect(await refused.locator('[data-field="reason"]').textContent()).toBe(
      'X has no account with the handle you typed.',
    );
    expect(await refused.locator('[data-field="state"]').textContent()).toBe('Not paid: nothing moved');
    // No amount of money that moved, and no payment row for it.
    expect(await refused.locator('[data-field="amount"]').count()).toBe(0);
    expect(await popup.locator('[data-history]').count()).toBe(3);
    // The newest row: it came after the three payments.
    expect(await popup.locator('.history-rows > li').first().getAttribute('data-refusal')).toBe(
      await refused.getAttribute('data-refusal'),
    );

    await refused.locator('[data-action="open"]').click();
    const detail = popup.locator('[data-refusal-detail]');
    await detail.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await detail.locator('[data-field="next"]').textContent()).toBe(
      'Delete the tweet, check the handle, and pay again.',
    );
    expect(await detail.locator('[data-field="tweet"]').textContent()).toContain('@nobody');
    expect(await detail.locator('[data-link="tweet"]').getAttribute('href')).toMatch(
      /^https:\/\/x\.com\/alice\/status\/\d+$/,
    );
    await screenshots(popup, 'popup-refusal-detail-en');
    await popup.keyboard.press('Escape');
    await refused.waitFor({ timeout: STEP_TIMEOUT_MS });
    // Only the payment that was made ever left the wallet.
    expect(await popup.textContent('[data-balance="wallet-EUR"] [data-field="available"]')).toBe('€87.50');
    await popup.close();
    await posted.close();
  });

  it('lists the live offers with their merchant, terms and deadline', async () => {
    const { popup, chunks } = await openPopupRecordingChunks();
    await popup.locator('[data-history]').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(chunks.has('PopupOffers')).toBe(false);
    await popup.getByRole('button', { name: 'Offers', exact: true }).click();
    const offer = popup.locator('li[data-offer]', { hasText: GROCER.merchant.name }).first();
    await offer.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(chunks.has('PopupOffers')).toBe(true);
    expect(await offer.getAttribute('data-status')).toBe('live');
    expect(await offer.locator('[data-field="terms"]').textContent()).toMatch(
      /^Spend at least .+ in one purchase, get .+ back$/,
    );
    expect(await offer.locator('[data-field="state"]').textContent()).toBe(
      `Open: tweet #${GROCER.offer.hashtag} to claim it`,
    );
    expect(await offer.locator('[data-field="deadline"]').textContent()).toMatch(/^Claim by /);
    expect(await popup.getByText('No offers claimed yet.', { exact: false }).count()).toBe(1);
    await screenshots(popup, 'popup-offers-en');
    await popup.close();
  });
});

describe('the receipt page', () => {
  it('shows the receipt in English and in French, with its signature verified', async () => {
    expect(receiptHref).not.toBeNull();
    for (const [language, acceptLanguage, title, verified] of [
      ['en', 'en-US,en;q=0.9', 'Hashpay receipt', 'Verified: signed by Hashpay'],
      ['fr', 'fr-FR,fr;q=0.9', 'Reçu Hashpay', 'Vérifiée : signée par Hashpay'],
    ] as const) {
      const page = await context.newPage();
      await page.setExtraHTTPHeaders({ 'accept-language': acceptLanguage });
      const response = await page.goto(receiptHref!);
      expect(response?.headers()['content-type']).toMatch(/^text\/html/);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      expect(await page.locator('h1').textContent()).toBe(title);
      expect(await page.locator('[data-field="amount"]').textContent()).toBe(
        language === 'en' ? '€12.50' : '12,50\u00A0€',
      );
      expect(await page.locator('[data-signature="verified"]').textContent()).toContain(verified);
      expect(await page.locator('[data-field="from"]').textContent()).toContain('@alice');
      expect(await page.locator('[data-field="to"]').textContent()).toContain('@bob');
      // The strict CSP lets the page's own style through (by its hash), and nothing else.
      expect(await page.locator('.amount').evaluate((element) => getComputedStyle(element).fontWeight)).toBe('700');
      await screenshots(page, `receipt-${language}`);
      await page.close();
    }
  });
});

describe('in French', () => {
  it('names the reasons in French and shows the detail in French', async () => {
    await chooseFrenchInOptions(browser);
    const { popup, chunks } = await openPopupRecordingChunks();
    const failed = popup.locator('[data-history][data-status="failed"]');
    await failed.waitFor({ timeout: STEP_TIMEOUT_MS });
    // The French words, and the detail view's code once a row is opened. The options page told
    // the popup its new language: no English word is asked for, not even the first view's, and
    // the English ones the popup kept are not drawn with.
    expect(chunks.has('popup-strings-fr')).toBe(true);
    expect(chunks.has('popup-strings-en')).toBe(false);
    expect(chunks.has('strings-en')).toBe(false);
    expect(chunks.has('PopupHistoryDetail')).toBe(false);
    await expect.poll(() => chunks.has('strings-fr'), { timeout: STEP_TIMEOUT_MS }).toBe(true);
    expect(await failed.locator('[data-field="reason"]').textContent()).toBe(
      'Non payé : votre solde était insuffisant quand le tweet a été publié. Approvisionnez, puis payez à nouveau.',
    );
    expect(await failed.locator('[data-field="amount"]').textContent()).toBe('150,00\u00A0€');
    await screenshots(popup, 'popup-history-fr');
    await popup.locator('[data-history][data-status="settled"] [data-action="open"]').click();
    await popup.getByRole('heading', { name: 'Détails du paiement' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(chunks.has('PopupHistoryDetail')).toBe(true);
    expect(await popup.locator('[data-link="receipt"]').textContent()).toBe('Ouvrir le reçu signé');
    await screenshots(popup, 'popup-detail-fr');
    await popup.close();
  });

  it('draws again in the options’ language when they changed where the popup was not told', async () => {
    // The options say English again, set straight in storage: the popup's hint and the words it
    // kept are still French, so it draws in French first, then in English once it read them.
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByRole('heading', { name: 'Historique' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await popup.evaluate(async () => {
      const { storage } = (globalThis as unknown as { chrome: ExtensionStorage }).chrome;
      const stored = (await storage.local.get('hashpay.options'))['hashpay.options'] as Record<string, unknown>;
      await storage.local.set({ 'hashpay.options': { ...stored, language: 'en' } });
    });
    await popup.reload();
    await popup.getByRole('heading', { name: 'History' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await popup.getByRole('heading', { name: 'Historique' }).count()).toBe(0);
    expect(await popup.evaluate(() => localStorage.getItem('hashpay.popup-language'))).toBe('en');
    await popup.close();
  });
});
