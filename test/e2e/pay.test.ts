import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../dev/local-stack';
import { blockChunkRequests, watchChunkRequests } from '../support/chunk-requests';
import { type E2eStack, linkAccount, startE2eStack } from '../support/e2e-stack';
import { confirmInWindow, waitForConfirmationWindow } from '../support/pay-in-browser';
import { seedDemoUser } from '../support/worker-api';

/**
 * Pay by tweet in Chromium with the built extension, the worker and the sandbox X: alice links
 * her account through the popup, pays bob from the Pay button of his tweet (sheet → drafted tweet
 * → Post → confirmation window → Confirm), and then pays him again with a tweet typed by hand.
 * Each payment moves exactly its amount between the two wallets, and the tweet shows its ✓.
 */

/** Each step is a click or a worker round trip; this bounds one that never comes. */
const STEP_TIMEOUT_MS = 30_000;

let e2e: E2eStack;
let stack: LocalStack;
let context: BrowserContext;
/** The tweet of the payment settled in the browser, for the test of its edit. */
let settledTweet: { id: string; code: string } | undefined;
/** alice's and bob's EUR wallets. */
const wallets = new Map<string, string>();

async function eurWalletOf(username: string): Promise<string> {
  const wallet = (await seedDemoUser(stack.workerOrigin, username)).find((candidate) => candidate.currency === 'EUR');
  expect(wallet).toBeDefined();
  return wallet!.accountId;
}

async function availableEur(username: string): Promise<number> {
  const response = await fetch(`${stack.workerOrigin}/v1/sandbox/accounts/${wallets.get(username)}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { balances: { availableMinor: number } };
  expect(Number.isSafeInteger(body.balances.availableMinor)).toBe(true);
  return body.balances.availableMinor;
}

/** Confirms in the extension's own window and returns what it showed. */
async function confirmIn(page: Page): Promise<{ payee: string; amount: string; amountText: string; tweet: string }> {
  await page.waitForSelector('main[data-status="awaiting_confirmation"]', { timeout: STEP_TIMEOUT_MS });
  const shown = {
    payee: (await page.textContent('[data-field="payee"]')) ?? '',
    amount: (await page.textContent('[data-field="amount"]')) ?? '',
    amountText: (await page.textContent('[data-field="amount-text"]')) ?? '',
    tweet: (await page.textContent('[data-field="tweet"]')) ?? '',
  };
  await confirmInWindow(page, STEP_TIMEOUT_MS);
  return shown;
}

beforeAll(async () => {
  e2e = await startE2eStack('pay', { stepTimeoutMs: STEP_TIMEOUT_MS });
  ({ stack, context } = e2e);
  for (const username of ['alice', 'bob']) wallets.set(username, await eurWalletOf(username));
});

afterAll(async () => {
  await e2e?.close();
});

describe('pay by tweet in the browser', () => {
  it('links alice through the popup and the sandbox consent page', async () => {
    await linkAccount(e2e, 'alice');
  });

  it("loads the pay sheet's chunk on the first click on Pay, not with the page", async () => {
    const page = await context.newPage();
    // The chunk is fetched by the content script from the extension's origin: the page's
    // network log (DevTools protocol) sees it, Playwright's request events do not.
    const chunkRequests: string[] = [];
    const wordsRequests: string[] = [];
    const devtools = await context.newCDPSession(page);
    devtools.on('Network.requestWillBeSent', ({ request }) => {
      if (request.url.endsWith('/pay-sheet.js')) chunkRequests.push(request.url);
      if (/\/page-words-\w+\.js$/.test(request.url)) wordsRequests.push(new URL(request.url).pathname);
    });
    await devtools.send('Network.enable');
    await page.goto(`${stack.sandboxOrigin}/home`);
    const payButton = page.locator('article[data-hashpay-author="bob"] [data-hashpay="pay"] button').first();
    await payButton.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(chunkRequests).toEqual([]);
    // The page's words came before its buttons, in its language only.
    expect(wordsRequests).toEqual(['/page-words-en.js']);

    const clickedAtMs = performance.now();
    await payButton.click();
    const sheet = page.locator('[data-hashpay="pay-sheet"]');
    await sheet.getByLabel('Amount').waitFor({ timeout: STEP_TIMEOUT_MS });
    console.log(`click → sheet with its chunk: ${Math.round(performance.now() - clickedAtMs)} ms`);
    expect(chunkRequests).toHaveLength(1);
    expect(chunkRequests[0]).toMatch(/^chrome-extension:\/\/[a-p]{32}\/pay-sheet\.js$/);

    // Closed and opened again: the chunk is not fetched twice.
    await sheet.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => sheet.count(), { timeout: STEP_TIMEOUT_MS }).toBe(0);
    await payButton.click();
    await sheet.getByLabel('Amount').waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(chunkRequests).toHaveLength(1);
    await page.close();
  });

  it('says on the button that Hashpay could not open when the sheet cannot load, and opens it once it can', async () => {
    const page = await context.newPage();
    const unblock = await blockChunkRequests(context, page, 'pay-sheet.js');
    await page.goto(`${stack.sandboxOrigin}/home`);
    const payHost = page.locator('article[data-hashpay-author="bob"] [data-hashpay="pay"]').first();
    await payHost.locator('button').waitFor({ timeout: STEP_TIMEOUT_MS });
    await payHost.locator('button').click();
    const notice = payHost.getByRole('alert');
    await notice.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await notice.textContent()).toBe('Hashpay could not open. Reload the page.');
    expect(await page.locator('[data-hashpay="pay-sheet"]').count()).toBe(0);
    // Under the button, on screen.
    const [button, shown] = [await payHost.locator('button').boundingBox(), await notice.boundingBox()];
    expect(button).not.toBeNull();
    expect(shown).not.toBeNull();
    expect(shown!.y).toBeGreaterThan(button!.y + button!.height);
    expect(shown!.width).toBeGreaterThan(0);

    // The chunk is asked for again on the next click.
    await unblock();
    await payHost.locator('button').click();
    await page.locator('[data-hashpay="pay-sheet"]').getByLabel('Amount').waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.close();
  });

  it('pays bob from the Pay button of his tweet: sheet, drafted tweet, Post, confirmation window, ✓', async () => {
    const [aliceBefore, bobBefore] = [await availableEur('alice'), await availableEur('bob')];
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    const bobTweet = page.locator('article[data-hashpay-author="bob"]').first();
    const bobTweetId = await bobTweet.getAttribute('data-hashpay-tweet-id');
    expect(bobTweetId).toMatch(/^[0-9]+$/);
    // No Pay button on the ad.
    expect(await page.locator('[data-testid="placementTracking"] [data-hashpay="pay"]').count()).toBe(0);

    // The Pay button is a real button: the keyboard reaches and presses it.
    await bobTweet.locator('[data-hashpay="pay"] button').focus();
    await page.keyboard.press('Enter');
    const sheet = page.locator('[data-hashpay="pay-sheet"]');
    await sheet.getByLabel('Amount').fill('12,50 €');
    await sheet.getByLabel('Memo (optional)').fill('pizza');
    expect(await sheet.getByLabel('Currency').inputValue()).toBe('EUR');
    await sheet.getByRole('button', { name: 'Draft tweet' }).click();

    // The sandbox composer, drafted with the worker's text, as a reply to bob's tweet.
    await page.waitForURL(/\/intent\/post\?text=/);
    expect(new URL(page.url()).searchParams.get('in_reply_to')).toBe(bobTweetId);
    const editor = page.locator('[data-testid="tweetTextarea_0"]');
    const drafted = (await editor.textContent()) ?? '';
    expect(drafted).toMatch(/@bob/);
    expect(drafted).toMatch(/#Hashpay HP-[0-9A-Z]{8}/);
    const code = /HP-[0-9A-Z]{8}/.exec(drafted)![0];
    // Nothing moved yet: drafting is not paying.
    expect(await availableEur('alice')).toBe(aliceBefore);

    const confirmationOpened = waitForConfirmationWindow(context, STEP_TIMEOUT_MS);
    const postedAtMs = performance.now();
    await page.locator('[data-testid="tweetButton"]').click();
    const confirmation = await confirmationOpened;
    console.log(`Post → confirmation window: ${Math.round(performance.now() - postedAtMs)} ms (drafted tweet)`);
    const shown = await confirmIn(confirmation);
    expect(shown.payee).toContain('@bob');
    expect(shown.amount).toBe('€12.50');
    expect(shown.amountText).toBe('read from “€12.50”');
    expect(shown.tweet).toContain(code);

    expect(await availableEur('alice')).toBe(aliceBefore - 1250);
    expect(await availableEur('bob')).toBe(bobBefore + 1250);

    await page.goto(`${stack.sandboxOrigin}/home`);
    const paidTweet = page.locator('article[data-hashpay-author="alice"]', { hasText: code }).first();
    await expect
      .poll(() => paidTweet.locator('[data-hashpay="settled"]').count(), { timeout: STEP_TIMEOUT_MS })
      .toBe(1);
    settledTweet = { id: (await paidTweet.getAttribute('data-hashpay-tweet-id'))!, code };
    await page.close();
  });

  it('shows "edited after payment" with what was paid instead of ✓ once the settled tweet is edited', async () => {
    expect(settledTweet).toBeDefined();
    const { id, code } = settledTweet!;
    const before = await fetch(`${stack.sandboxOrigin}/2/tweets/${id}`, {
      headers: { authorization: 'Bearer sandbox-bearer' },
    });
    const text = ((await before.json()) as { data: { text: string } }).data.text;
    expect(text).toContain('€12.50');
    // Within X's edit window alice changes the amount; X's webhook delivers the edit to the worker.
    const edit = await fetch(`${stack.sandboxOrigin}/__sandbox/tweets/${id}/edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: text.replace('€12.50', '€250.00') }),
    });
    expect(edit.status).toBe(200);
    const edited = (await edit.json()) as { id: string };
    await expect
      .poll(
        async () => {
          const status = await fetch(`${stack.workerOrigin}/v1/tweets/status?ids=${edited.id}`);
          return ((await status.json()) as { editedAfterPayment: unknown[] }).editedAfterPayment.length;
        },
        { timeout: STEP_TIMEOUT_MS },
      )
      .toBe(1);

    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    const editedTweet = page.locator(`article[data-hashpay-tweet-id="${edited.id}"]`, { hasText: code });
    const mark = editedTweet.locator('[data-hashpay="edited-after-payment"]');
    await expect.poll(() => mark.count(), { timeout: STEP_TIMEOUT_MS }).toBe(1);
    expect(await mark.locator('span').textContent()).toBe('Edited after payment · paid €12.50 to @bob');
    expect(await editedTweet.locator('[data-hashpay="settled"]').count()).toBe(0);
    // The timeline shows only the latest version of the post.
    expect(await page.locator(`article[data-hashpay-tweet-id="${id}"]`).count()).toBe(0);
    await page.close();
  });

  it("loads the marks' chunk once an answer calls for one, not with a page that needs none", async () => {
    expect(settledTweet).toBeDefined();
    const page = await context.newPage();
    const marksRequests = await watchChunkRequests(context, page, 'payment-marks.js');
    // Bob's profile: none of his tweets was edited after a payment or left unpaid.
    await page.goto(`${stack.sandboxOrigin}/bob`);
    await page.locator('article[data-hashpay-author="bob"] [data-hashpay="pay"]').first().waitFor({
      timeout: STEP_TIMEOUT_MS,
    });
    expect(marksRequests).toEqual([]);
    // The timeline shows alice's tweet edited after its payment.
    await page.goto(`${stack.sandboxOrigin}/home`);
    await page.locator('[data-hashpay="edited-after-payment"]').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(marksRequests).toHaveLength(1);
    expect(marksRequests[0]).toMatch(/^chrome-extension:\/\/[a-p]{32}\/payment-marks\.js$/);
    await page.close();
  });

  it('pays bob with a tweet typed by hand in the composer', async () => {
    const [aliceBefore, bobBefore] = [await availableEur('alice'), await availableEur('bob')];
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    await page.locator('[data-testid="tweetTextarea_0"]').fill('@hashpay pay @bob 10€ pizza');
    const confirmationOpened = waitForConfirmationWindow(context, STEP_TIMEOUT_MS);
    const postedAtMs = performance.now();
    await page.locator('[data-testid="tweetButtonInline"]').click();
    const confirmation = await confirmationOpened;
    console.log(`Post → confirmation window: ${Math.round(performance.now() - postedAtMs)} ms (typed command)`);
    const shown = await confirmIn(confirmation);
    expect(shown.payee).toContain('@bob');
    expect(shown.amount).toBe('€10.00');
    expect(shown.amountText).toBe('read from “10€”');
    expect(shown.tweet).toBe('@hashpay pay @bob 10€ pizza');

    expect(await availableEur('alice')).toBe(aliceBefore - 1000);
    expect(await availableEur('bob')).toBe(bobBefore + 1000);
    await page.close();
  });
});
