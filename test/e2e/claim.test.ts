import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BalancesResponseSchema } from '../../shared/contract/balances';
import { CardResponseSchema, type Credit, CreditListResponseSchema } from '../../shared/contract/cards';
import { MeResponseSchema } from '../../shared/contract/identity';
import type { LocalStack } from '../dev/local-stack';
import type { BrowserWithExtension } from '../support/browser';
import { blockChunkRequests, watchChunkRequests } from '../support/chunk-requests';
import { type E2eStack, linkAccount, openPopup, startE2eStack } from '../support/e2e-stack';
import { apiSessionOf, getJson, postJson } from '../support/worker-api';

/**
 * Claiming an offer by hashtag in Chromium with the built extension, the worker and the sandbox
 * X: a merchant publishes an offer through the merchant API and tweets its hashtag; alice, linked
 * through the popup, sees Claim offer on that tweet with the terms, claims it in one click (the
 * drafted tweet → Post), is told "Offer added to your card", and every tweet of the offer then
 * shows it claimed. The merchant's stats count one enrolment, through the API. Then alice pays
 * at the grocer with her card: the card network's signed webhook makes a pending credit, and the
 * scheduled job, run at a time past the settlement delay, posts it to her rewards; the popup's
 * Offers view then lists the offer's hashtag with its credit posted.
 */

/** Each step is a click or a worker round trip; this bounds one that never comes. */
const STEP_TIMEOUT_MS = 30_000;
const DAY_MS = 24 * 3600 * 1000;
const HASHTAG = 'HashpayCornerGrocer';
const CARD_MERCHANT_ID = 'corner-grocer-0001';
const MERCHANT_HANDLE = 'cornergrocer';
const MINIMUM_SPEND_MINOR = 3000;
const CREDIT_MINOR = 500;

let e2e: E2eStack;
let stack: LocalStack;
let browser: BrowserWithExtension;
let context: BrowserContext;
let merchantApiKey: string;
let offerId: string;

async function enrolments(): Promise<number> {
  const body = await getJson(`${stack.workerOrigin}/v1/merchant/offers/${offerId}`, merchantApiKey);
  return (body as { stats: { enrolments: number } }).stats.enrolments;
}

async function creditsOf(token: string): Promise<Credit[]> {
  return CreditListResponseSchema.parse(await getJson(`${stack.workerOrigin}/v1/credits`, token)).credits;
}

async function rewardsPostedMinor(token: string): Promise<number> {
  const { balances } = BalancesResponseSchema.parse(await getJson(`${stack.workerOrigin}/v1/balances`, token));
  return balances.find((line) => line.kind === 'rewards' && line.currency === 'EUR')?.postedMinor ?? 0;
}

/**
 * The merchant (its X account is not a Hashpay user), its offer through the merchant API, and
 * its tweet carrying the hashtag.
 */
async function publishOfferAndTweet({ workerOrigin, sandboxOrigin }: LocalStack): Promise<void> {
  const account = await postJson(`${sandboxOrigin}/__sandbox/users`, {
    username: MERCHANT_HANDLE,
    name: 'Corner Grocer',
  });
  expect(account.status).toBe(201);
  const merchant = await postJson(`${workerOrigin}/v1/sandbox/merchants`, {
    name: 'Corner Grocer',
    xUsername: MERCHANT_HANDLE,
    merchantIds: [CARD_MERCHANT_ID],
  });
  expect([200, 201]).toContain(merchant.status);
  merchantApiKey = ((await merchant.json()) as { apiKey: string }).apiKey;
  const nowMs = Date.now();
  const offer = await postJson(
    `${workerOrigin}/v1/merchant/offers`,
    {
      requestId: 'claim-e2e-offer-0001',
      hashtag: HASHTAG,
      title: '€5 back on your groceries',
      terms: { minimumSpendMinor: MINIMUM_SPEND_MINOR, creditMinor: CREDIT_MINOR, currency: 'EUR' },
      enrolBy: new Date(nowMs + 7 * DAY_MS).toISOString(),
      spendBy: new Date(nowMs + 14 * DAY_MS).toISOString(),
      budgetCredits: 10,
      merchantIds: [CARD_MERCHANT_ID],
    },
    { authorization: `Bearer ${merchantApiKey}` },
  );
  expect(offer.status).toBe(201);
  offerId = ((await offer.json()) as { offer: { id: string } }).offer.id;
  const tweet = await postJson(`${sandboxOrigin}/__sandbox/tweets`, {
    authorUsername: MERCHANT_HANDLE,
    text: `Spend €30, get €5 back on your groceries this week. Tweet #${HASHTAG} to claim!`,
  });
  expect(tweet.status).toBe(201);
}

beforeAll(async () => {
  e2e = await startE2eStack('claim', { stepTimeoutMs: STEP_TIMEOUT_MS, beforeBrowser: publishOfferAndTweet });
  ({ stack, browser, context } = e2e);
});

afterAll(async () => {
  await e2e?.close();
});

describe('claim an offer by hashtag in the browser', () => {
  it('links alice through the popup and the sandbox consent page', async () => {
    await linkAccount(e2e, 'alice');
  });

  it('keeps Pay on an offer’s tweet while Claim offer cannot load, and shows Claim offer once it can', async () => {
    const page = await context.newPage();
    const unblock = await blockChunkRequests(context, page, 'claim-offer-extras.js');
    const extrasRequests = await watchChunkRequests(context, page, 'claim-offer-extras.js');
    await page.goto(`${stack.sandboxOrigin}/home`);
    const offerTweet = page
      .locator(`article[data-hashpay-author="${MERCHANT_HANDLE}"]`, { hasText: `#${HASHTAG}` })
      .first();
    // The button is drawn with the offer's terms, which come in the chunk: asked for, refused.
    await expect.poll(() => extrasRequests.length, { timeout: STEP_TIMEOUT_MS }).toBe(1);
    await offerTweet.locator('[data-hashpay="pay"]').waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await offerTweet.locator('[data-hashpay="claim"]').count()).toBe(0);

    // Asked for again when the tweet is next drawn, as x.com draws its tweets again all the time.
    await unblock();
    await offerTweet.evaluate((article) => {
      article.querySelector('[role="group"]')!.append(document.createElement('div'));
    });
    await offerTweet.getByRole('button', { name: 'Claim offer' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(extrasRequests).toHaveLength(2);
    expect(await offerTweet.locator('[data-hashpay="pay"]').count()).toBe(0);
    await page.close();
  });

  it('shows Claim offer on the merchant’s tweet, claims in one click and Post, then shows it claimed', async () => {
    const page = await context.newPage();
    // The offer's words, the popover, drafting and toast come in a chunk, fetched once, for the
    // first tweet that carries an offer.
    const extrasRequests = await watchChunkRequests(context, page, 'claim-offer-extras.js');
    await page.goto(`${stack.sandboxOrigin}/home`);
    const offerTweet = page
      .locator(`article[data-hashpay-author="${MERCHANT_HANDLE}"]`, { hasText: `#${HASHTAG}` })
      .first();
    const claim = offerTweet.locator('[data-hashpay="claim"]');
    await expect
      .poll(() => claim.getAttribute('data-hashpay-claim-state'), { timeout: STEP_TIMEOUT_MS })
      .toBe('claimable');
    expect(await claim.getAttribute('data-hashpay-offer')).toBe(offerId);
    // Tweets without an offer's hashtag get no button.
    const plain = page.locator('article[data-hashpay-author="bob"]').first();
    expect(await plain.locator('[data-hashpay="claim"]').count()).toBe(0);

    // An icon button on the action bar's row, named like Pay's, X's size: its round hit area is
    // the button, 34.75 px across, around the icon's 20 px in the row.
    const button = offerTweet.getByRole('button', { name: 'Claim offer' });
    expect(await button.textContent()).toBe('Claim offer');
    const reply = offerTweet.locator('[data-testid="reply"]');
    const [buttonBox, replyBox] = [await button.boundingBox(), await reply.boundingBox()];
    expect(buttonBox?.width).toBe(34.75);
    expect(buttonBox?.height).toBe(34.75);
    expect(Math.abs(buttonBox!.y + buttonBox!.height / 2 - (replyBox!.y + replyBox!.height / 2))).toBeLessThan(2);

    // The terms show in a popover on hover and on focus, from the catalogue; Escape closes it.
    const terms = page.locator('[data-hashpay="claim-terms"] [role="tooltip"]');
    expect(await terms.count()).toBe(0);
    expect(extrasRequests).toHaveLength(1);
    expect(extrasRequests[0]).toMatch(/^chrome-extension:\/\/[a-p]{32}\/claim-offer-extras\.js$/);
    await button.hover();
    await expect.poll(() => terms.isVisible(), { timeout: STEP_TIMEOUT_MS }).toBe(true);
    await page.mouse.move(0, 0);
    await expect.poll(() => terms.count(), { timeout: STEP_TIMEOUT_MS }).toBe(0);
    await button.focus();
    await expect.poll(() => terms.isVisible(), { timeout: STEP_TIMEOUT_MS }).toBe(true);
    expect(await terms.textContent()).toContain('Spend €30, get €5 back');
    // The budget left, from the public catalogue: nothing credited yet.
    expect(await terms.locator('[data-field="budget"]').textContent()).toBe('Budget left: 10 credits');
    // Beside its button, inside the viewport.
    const termsBox = await terms.boundingBox();
    const viewport = page.viewportSize()!;
    expect(termsBox!.x).toBeGreaterThanOrEqual(0);
    expect(termsBox!.x + termsBox!.width).toBeLessThanOrEqual(viewport.width);
    await page.keyboard.press('Escape');
    await expect.poll(() => terms.count(), { timeout: STEP_TIMEOUT_MS }).toBe(0);
    // Shown again: the chunk is not fetched twice.
    expect(extrasRequests).toHaveLength(1);
    expect(await enrolments()).toBe(0);

    await button.click();
    await page.waitForURL(/\/intent\/post\?text=/);
    const editor = page.locator('[data-testid="tweetTextarea_0"]');
    expect(await editor.textContent()).toBe(`Claiming the #${HASHTAG} offer from @${MERCHANT_HANDLE} via #Hashpay`);
    // Drafting claims nothing: the posted tweet does.
    expect(await enrolments()).toBe(0);

    const postedAtMs = performance.now();
    await page.locator('[data-testid="tweetButton"]').click();
    const toast = page.locator('[data-hashpay="claim-toast"] [role="status"]');
    await expect.poll(() => toast.textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Offer added to your card');
    console.log(`Post → "Offer added to your card": ${Math.round(performance.now() - postedAtMs)} ms`);
    expect(await enrolments()).toBe(1);

    // Back on the timeline, every tweet of the offer (the merchant's and alice's own) says claimed.
    await page.goto(`${stack.sandboxOrigin}/home`);
    const withHashtag = page.locator('article[data-hashpay-tweet-id]', { hasText: `#${HASHTAG}` });
    await expect.poll(() => withHashtag.count(), { timeout: STEP_TIMEOUT_MS }).toBeGreaterThanOrEqual(2);
    const claimHosts = withHashtag.locator('[data-hashpay="claim"]');
    await expect
      .poll(
        async () =>
          await claimHosts.evaluateAll((hosts) => hosts.map((host) => host.getAttribute('data-hashpay-claim-state'))),
        { timeout: STEP_TIMEOUT_MS },
      )
      .toEqual(Array(await withHashtag.count()).fill('claimed'));
    const claimed = offerTweet.locator('[data-hashpay="claim"] button');
    expect(await claimed.textContent()).toBe('Offer claimed');
    // Claimed: the button is aria-disabled (Playwright will not click it unforced) and drafts nothing.
    await claimed.click({ force: true });
    expect(new URL(page.url()).pathname).toBe('/home');
    expect(await enrolments()).toBe(1);
    await page.close();
  });

  it('a purchase with alice’s card at the grocer makes a pending credit, which the scheduled job posts and the popup shows posted', async () => {
    const token = await apiSessionOf(e2e, 'alice');
    const me = MeResponseSchema.parse(await getJson(`${stack.workerOrigin}/v1/me`, token));
    expect(me.user.username).toBe('alice');

    // Her card, issued by the card network through the worker: only the last four digits come back.
    const issued = await fetch(`${stack.workerOrigin}/v1/cards`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect([200, 201]).toContain(issued.status);
    const { card } = CardResponseSchema.parse(await issued.json());
    expect(card.last4).toMatch(/^\d{4}$/);
    // The network knows the card by its user reference, the worker's user id.
    const network = await fetch(`${stack.sandboxOrigin}/__sandbox/cards/users/${encodeURIComponent(me.user.id)}`);
    expect(network.status).toBe(200);
    const networkCard = (await network.json()) as { token: string; last4: string };
    expect(networkCard.last4).toBe(card.last4);
    expect(await creditsOf(token)).toEqual([]);

    // She pays the minimum spend at the grocer; the network delivers the signed purchase webhook.
    const purchase = await postJson(`${stack.sandboxOrigin}/__sandbox/cards/purchases`, {
      cardToken: networkCard.token,
      merchantId: CARD_MERCHANT_ID,
      amountMinor: MINIMUM_SPEND_MINOR,
      currency: 'EUR',
    });
    expect(purchase.status).toBe(201);
    await expect.poll(async () => (await creditsOf(token)).length, { timeout: STEP_TIMEOUT_MS }).toBe(1);
    const [pending] = await creditsOf(token);
    expect(pending).toMatchObject({
      offerId,
      amountMinor: CREDIT_MINOR,
      currency: 'EUR',
      status: 'pending',
      postedAt: null,
    });
    const postAfterMs = Date.parse(pending!.postAfter);
    expect(postAfterMs).toBeGreaterThan(Date.now());
    expect(await rewardsPostedMinor(token)).toBe(0);

    // The scheduled job, run as the cron would once the settlement delay has passed, posts it.
    await stack.worker.runScheduled(postAfterMs + 60_000);
    await expect.poll(async () => (await creditsOf(token))[0]!.status, { timeout: STEP_TIMEOUT_MS }).toBe('posted');
    const [posted] = await creditsOf(token);
    expect(posted).toMatchObject({ id: pending!.id, status: 'posted', amountMinor: CREDIT_MINOR });
    expect(posted!.postedAt).not.toBeNull();
    expect(await rewardsPostedMinor(token)).toBe(CREDIT_MINOR);

    // The popup, where alice linked her account, lists the offer under Offers with its credit posted.
    const popup = await openPopup(browser);
    const offersFilter = popup.getByRole('button', { name: 'Offers', exact: true });
    await offersFilter.click({ timeout: STEP_TIMEOUT_MS });
    expect(await offersFilter.getAttribute('aria-pressed')).toBe('true');
    const claimRow = popup.locator(`li[data-claim="${offerId}"]`);
    await claimRow.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await popup.locator('li[data-claim]').count()).toBe(1);
    expect(await claimRow.locator('[data-field="hashtag"]').textContent()).toBe(`#${HASHTAG}`);
    expect(await claimRow.getAttribute('data-status')).toBe('credited');
    expect(await claimRow.locator('[data-field="state"]').textContent()).toBe('Credited');
    const creditRows = claimRow.getByRole('listitem');
    expect(await creditRows.count()).toBe(1);
    const creditRow = creditRows.first();
    expect(await creditRow.getAttribute('data-credit')).toBe(posted!.id);
    expect(await creditRow.getAttribute('data-status')).toBe('posted');
    expect(await creditRow.locator('[data-field="amount"]').textContent()).toBe('+€5.00');
    expect(await creditRow.locator('[data-field="credit-state"]').textContent()).toBe('posted');
    await popup.close();
  });
});
