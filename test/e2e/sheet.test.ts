import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../dev/local-stack';
import { chooseFrenchInOptions, type E2eStack, linkAccount, startE2eStack } from '../support/e2e-stack';
import { postJson } from '../support/worker-api';

/**
 * The pay sheet and the money buttons in Chromium with the built extension, the worker and the
 * sandbox X: Pay, and Chip in on a pot's tweet, sit on the action bar's icon row at the same place
 * on every tweet, and Pay never on one's own; the sheet opens beside its button, shows the balance and what is left of the day,
 * refuses above-balance and above-limit amounts before drafting, starts in the wallet's currency,
 * keeps the focus inside and gives it back on Escape; a profile has Pay beside Follow.
 * Screenshots (timeline, sheet, offer terms; light and dark; English and French) go to
 * test-artifacts/ for people to look at.
 */

/** Each step is a click or a worker round trip; this bounds one that never comes. */
const STEP_TIMEOUT_MS = 30_000;
const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts');
/** A payer whose wallet holds pounds only, above the limit per payment (£250). */
const DANA = { username: 'dana_gbp', gbpMinor: 400_00 };
/** A demo offer's tweet (`test/dev/demo-offers.ts`). */
const OFFER = { merchant: 'primeur', hashtag: '#HashpayPrimeur' };
/** The most the centre of Pay and of the reply icon may differ, and Pay's x offset between tweets. */
const ROW_CENTRE_TOLERANCE_PX = 2;
const X_OFFSET_TOLERANCE_PX = 1;
/** X's action icon takes a 20 px square of the row. */
const PAY_ICON_SIZE_PX = 20;
/** X's round hit area around it, 34.75 px across: the button itself, centred on the icon. */
const HIT_CIRCLE_PX = 34.75;
/** How far beyond the icon a click still lands on it: X's round hit area reaches 7.375 px. */
const HIT_AREA_REACH_PX = 7;
/** The demo pot `npm start` and the test stack open (`test/dev/demo-pots.ts`), tweeted by carol. */
const POT_HASHTAG = '#PotAlice';

let e2e: E2eStack;
let stack: LocalStack;
let context: BrowserContext;

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });
}

/** Pay's button on the first tweet of `author` on the page. */
function payButtonOf(page: Page, author: string): Locator {
  return page.locator(`article[data-hashpay-author="${author}"] [data-hashpay="pay"] button`).first();
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  e2e = await startE2eStack('sheet', {
    stepTimeoutMs: STEP_TIMEOUT_MS,
    beforeBrowser: async ({ sandboxOrigin, workerOrigin }) => {
      const account = await postJson(`${sandboxOrigin}/__sandbox/users`, { username: DANA.username, name: 'Dana' });
      expect(account.status).toBe(201);
      const seeded = await postJson(`${workerOrigin}/v1/sandbox/demo-users`, {
        username: DANA.username,
        topUps: [{ currency: 'GBP', amountMinor: DANA.gbpMinor }],
      });
      expect(seeded.status).toBe(200);
    },
  });
  ({ stack, context } = e2e);
});

afterAll(async () => {
  await e2e?.close();
});

describe('the money buttons on x.com', () => {
  it('links alice through the popup', async () => {
    await linkAccount(e2e, 'alice');
  });

  it('puts Pay and Chip in on the icon row, at the same x offset on every tweet, and never Pay on alice’s own', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    await payButtonOf(page, 'bob').waitFor();
    // The demo pot's tweet has Chip in in Pay's place: one money action per tweet.
    const potTweet = page.locator('article[data-hashpay-author="carol"]', { hasText: POT_HASHTAG }).first();
    const chipIn = potTweet.locator('[data-hashpay="chip-in"] button');
    await chipIn.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await chipIn.getAttribute('aria-label')).toBe(`Chip in to the pot ${POT_HASHTAG}`);
    expect(await potTweet.locator('[data-hashpay="pay"], [data-hashpay="claim"]').count()).toBe(0);
    expect(await page.locator('article[data-hashpay-author="alice"]').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('article[data-hashpay-author="alice"] [data-hashpay="pay"]').count(), {
        timeout: STEP_TIMEOUT_MS,
      })
      .toBe(0);

    const geometry = await page.evaluate(
      ([reachPx, iconPx]) =>
        Array.from(document.querySelectorAll('article[data-testid="tweet"]')).flatMap((article) => {
          const host = article.querySelector('[data-hashpay="pay"], [data-hashpay="chip-in"]');
          const button = host?.shadowRoot?.querySelector('button');
          const bar = host?.parentElement;
          const reply = bar?.querySelector('[data-testid="reply"]');
          if (!button || !bar || !reply) return [];
          const pay = button.getBoundingClientRect();
          const icon = reply.getBoundingClientRect();
          const row = bar.getBoundingClientRect();
          // The round hit area reaches beyond the 20 px icon at its centre, as X's own do.
          const centreX = pay.left + pay.width / 2;
          const centreY = pay.top + pay.height / 2;
          const reach = [centreX - iconPx / 2 - reachPx, centreX + iconPx / 2 + reachPx].map(
            (x) => host?.shadowRoot?.elementFromPoint(x, centreY) === button,
          );
          return [
            {
              kind: host?.getAttribute('data-hashpay'),
              centreDelta: pay.top + pay.height / 2 - (icon.top + icon.height / 2),
              xOffset: pay.left - row.left,
              width: pay.width,
              height: pay.height,
              // Hit testing sees only what is on screen.
              hitAreaReached: centreY > 0 && centreY < innerHeight ? reach.every(Boolean) : null,
            },
          ];
        }),
      [HIT_AREA_REACH_PX, PAY_ICON_SIZE_PX] as const,
    );
    expect(geometry.length).toBeGreaterThanOrEqual(3);
    expect(geometry.filter((tweet) => tweet.kind === 'chip-in').length).toBeGreaterThanOrEqual(1);
    expect(geometry.filter((tweet) => tweet.kind === 'pay').length).toBeGreaterThanOrEqual(2);
    for (const tweet of geometry) {
      expect(Math.abs(tweet.centreDelta), tweet.kind ?? '').toBeLessThanOrEqual(ROW_CENTRE_TOLERANCE_PX);
      expect([tweet.width, tweet.height]).toEqual([HIT_CIRCLE_PX, HIT_CIRCLE_PX]);
    }
    const onScreen = geometry.filter((tweet) => tweet.hitAreaReached !== null);
    expect(onScreen.length).toBeGreaterThanOrEqual(1);
    expect(onScreen.every((tweet) => tweet.hitAreaReached)).toBe(true);
    const offsets = geometry.map((tweet) => tweet.xOffset);
    expect(Math.max(...offsets) - Math.min(...offsets)).toBeLessThanOrEqual(X_OFFSET_TOLERANCE_PX);

    // Labelled for screen readers, with X's tooltip on hover.
    const pay = payButtonOf(page, 'bob');
    expect(await pay.getAttribute('aria-label')).toBe('Pay @bob');
    // At rest its sheet holds no hover or focus rule; the pointer brings them, and the tint with them.
    const payRules = () =>
      pay.evaluate((button) =>
        ((button.getRootNode() as ShadowRoot).adoptedStyleSheets ?? [])
          .flatMap((sheet) => Array.from(sheet.cssRules, (rule) => rule.cssText))
          .join('\n'),
      );
    expect(await payRules()).not.toMatch(/:hover|:focus/);
    await pay.hover();
    await expect.poll(payRules, { timeout: STEP_TIMEOUT_MS }).toContain(':hover');
    await expect
      .poll(() => pay.evaluate((button) => getComputedStyle(button).backgroundColor), { timeout: STEP_TIMEOUT_MS })
      .not.toBe('rgba(0, 0, 0, 0)');
    expect(await pay.evaluate((button) => getComputedStyle(button).transitionDuration)).toBe('0.2s');
    const tooltip = page.locator('article[data-hashpay-author="bob"] [data-hashpay="pay"] [role="tooltip"]').first();
    await expect
      .poll(() => tooltip.evaluate((element) => getComputedStyle(element).opacity), { timeout: STEP_TIMEOUT_MS })
      .toBe('1');
    // Chip in: the same tooltip.
    await chipIn.hover();
    const chipInTooltip = potTweet.locator('[data-hashpay="chip-in"] [role="tooltip"]');
    await expect
      .poll(() => chipInTooltip.evaluate((element) => getComputedStyle(element).opacity), { timeout: STEP_TIMEOUT_MS })
      .toBe('1');
    expect(await chipInTooltip.textContent()).toBe(`Chip in to the pot ${POT_HASHTAG}`);
    // The picture shows Pay hovered, with its tooltip.
    await pay.hover();
    await expect
      .poll(() => tooltip.evaluate((element) => getComputedStyle(element).opacity), { timeout: STEP_TIMEOUT_MS })
      .toBe('1');
    await screenshot(page, 'timeline-light-en');
    await page.close();
  });

  it('opens the sheet beside Pay, leaving the tweet readable, with the balance and what is left today', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    const tweet = page.locator('article[data-hashpay-author="bob"]').first();
    const pay = payButtonOf(page, 'bob');
    await pay.waitFor();
    // Room under the tweet, wherever the timeline put it: the sheet opens under Pay when it fits.
    await tweet.evaluate((article) => {
      article.ownerDocument.body.style.paddingBottom = '100vh';
      article.scrollIntoView({ block: 'start' });
    });
    await pay.click();
    const sheet = page.locator('[data-hashpay="pay-sheet"] [role="dialog"]');
    await sheet.getByLabel('Amount').waitFor();
    const funds = sheet.locator('[data-hashpay-funds]');
    await expect
      .poll(() => funds.textContent(), { timeout: STEP_TIMEOUT_MS })
      .toBe('Available: €100.00 · Left today: €250.00');
    expect(await sheet.getByLabel('Currency').inputValue()).toBe('EUR');

    // The payee as X names them, through the worker: the picture from X's image host, sent no referrer.
    const payee = sheet.locator('[data-hashpay-payee]');
    await payee.waitFor({ timeout: STEP_TIMEOUT_MS });
    const picture = payee.locator('img');
    expect(await picture.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(await picture.getAttribute('src')).toMatch(/^https:\/\/(pbs|abs)\.twimg\.com\//);
    const payeeName = await payee.locator('.payee-name').textContent();
    expect(payeeName).toBeTruthy();
    expect(await picture.getAttribute('alt')).toBe(payeeName);
    expect(await payee.textContent()).toContain('@bob');

    // Under the button that opened it, not over the tweet's text; and still there once the
    // timeline grows above the tweet, as a post loaded in above it does.
    const under = async () => {
      const [sheetBox, payBox, textBox] = await Promise.all([
        sheet.boundingBox(),
        pay.boundingBox(),
        tweet.locator('[data-testid="tweetText"]').boundingBox(),
      ]);
      expect(sheetBox && payBox && textBox).toBeTruthy();
      return sheetBox!.y >= payBox!.y + payBox!.height && sheetBox!.y > textBox!.y + textBox!.height;
    };
    await expect.poll(under, { timeout: STEP_TIMEOUT_MS }).toBe(true);
    const payTopBefore = await pay.evaluate((button) => button.getBoundingClientRect().top + window.scrollY);
    await tweet.evaluate((article) => {
      const grown = article.ownerDocument.createElement('div');
      grown.style.height = '120px';
      article.before(grown);
    });
    // Pay moved down the page; the sheet follows it, under it or, short of room, above it.
    expect(await pay.evaluate((button) => button.getBoundingClientRect().top + window.scrollY)).toBeGreaterThan(
      payTopBefore + 100,
    );
    const beside = async () => {
      const [sheetBox, payBox] = await Promise.all([sheet.boundingBox(), pay.boundingBox()]);
      expect(sheetBox && payBox).toBeTruthy();
      return sheetBox!.y >= payBox!.y + payBox!.height || sheetBox!.y + sheetBox!.height <= payBox!.y;
    };
    await expect.poll(beside, { timeout: STEP_TIMEOUT_MS }).toBe(true);

    // Above the balance: refused before drafting, in words, Draft disabled.
    const amount = sheet.getByLabel('Amount');
    await amount.fill('100.01');
    const error = sheet.locator('#hashpay-amount-error');
    expect(await error.textContent()).toBe('That is more than your balance: €100.00 available.');
    const draft = sheet.getByRole('button', { name: 'Draft tweet' });
    expect(await draft.isDisabled()).toBe(true);
    await amount.fill('12');
    expect(await draft.isEnabled()).toBe(true);
    await screenshot(page, 'sheet-light-en');

    // Tab goes round the sheet's controls; Escape closes it and gives the focus back to Pay.
    for (let press = 0; press < 8; press += 1) {
      await page.keyboard.press('Tab');
      const inside = await page.evaluate(() => document.activeElement?.getAttribute('data-hashpay') === 'pay-sheet');
      expect(inside).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-hashpay="pay-sheet"]').count(), { timeout: STEP_TIMEOUT_MS }).toBe(0);
    const focusedLabel = await page.evaluate(() => {
      const host = document.activeElement;
      return host?.getAttribute('data-hashpay') === 'pay'
        ? host.shadowRoot?.activeElement?.getAttribute('aria-label')
        : null;
    });
    expect(focusedLabel).toBe('Pay @bob');
    await page.close();
  });

  it('shows the offer’s terms on its Claim button, in its place of Pay', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    const offerTweet = page
      .locator(`article[data-hashpay-author="${OFFER.merchant}"]`, { hasText: OFFER.hashtag })
      .first();
    const claim = offerTweet.locator('[data-hashpay="claim"] button');
    await claim.waitFor();
    expect(await offerTweet.locator('[data-hashpay="pay"]').count()).toBe(0);
    await claim.focus();
    const terms = page.locator('[data-hashpay="claim-terms"] [role="tooltip"]');
    await expect.poll(() => terms.isVisible(), { timeout: STEP_TIMEOUT_MS }).toBe(true);
    await screenshot(page, 'offer-terms-light-en');
    await page.close();
  });

  it('puts Pay beside Follow on bob’s profile, opening the sheet for him; none on alice’s own', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/bob`);
    const host = page.locator('[data-hashpay="profile-pay"]');
    const pay = host.locator('button');
    await pay.waitFor();
    expect(await pay.getAttribute('aria-label')).toBe('Pay @bob');
    // Right before the Follow button's block.
    expect(
      await host.evaluate((element) => element.nextElementSibling?.querySelector('[data-testid$="-follow"]') !== null),
    ).toBe(true);
    await pay.click();
    const sheet = page.locator('[data-hashpay="pay-sheet"] [role="dialog"]');
    await sheet.getByLabel('Amount').waitFor();
    expect(await sheet.getAttribute('aria-label')).toBe('Pay @bob');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-hashpay="pay-sheet"]').count(), { timeout: STEP_TIMEOUT_MS }).toBe(0);

    await page.goto(`${stack.sandboxOrigin}/alice`);
    await page.locator('[data-testid="editProfileButton"]').waitFor();
    // One's own profile has Edit profile, no Follow: nothing to pay.
    expect(await page.locator('[data-hashpay="profile-pay"]').count()).toBe(0);
    await page.close();
  });
});

describe('a wallet in pounds', () => {
  it('starts the sheet in pounds for an en-US browser and refuses above the limit per payment', async () => {
    // alice signs out in the popup first; dana links her own account.
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html`);
    await popup.getByRole('button', { name: 'Sign out' }).click();
    await popup.getByRole('button', { name: 'Link your X account' }).waitFor();
    await popup.close();
    await linkAccount(e2e, DANA.username);
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    await payButtonOf(page, 'bob').click();
    const sheet = page.locator('[data-hashpay="pay-sheet"] [role="dialog"]');
    const currency = sheet.getByLabel('Currency');
    await expect.poll(() => currency.inputValue(), { timeout: STEP_TIMEOUT_MS }).toBe('GBP');
    expect(await sheet.locator('[data-field="available"]').textContent()).toBe('Available: £400.00');
    await sheet.getByLabel('Amount').fill('250.01');
    expect(await sheet.locator('#hashpay-amount-error').textContent()).toBe(
      'That is above the limit of £250.00 per payment.',
    );
    expect(await sheet.getByRole('button', { name: 'Draft tweet' }).isDisabled()).toBe(true);
    await page.close();
  });
});

describe('screenshots in dark and in French', () => {
  async function shoot(theme: 'light' | 'dark', language: 'en' | 'fr'): Promise<void> {
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home?theme=${theme}`);
    const pay = payButtonOf(page, 'bob');
    await pay.waitFor();
    await expect
      .poll(() => pay.getAttribute('aria-label'), { timeout: STEP_TIMEOUT_MS })
      .toBe(language === 'fr' ? 'Payer @bob' : 'Pay @bob');
    await screenshot(page, `timeline-${theme}-${language}`);
    await pay.click();
    const sheet = page.locator('[data-hashpay="pay-sheet"] [role="dialog"]');
    await sheet.locator('[data-hashpay-funds]').waitFor();
    await sheet.getByLabel(language === 'fr' ? 'Montant' : 'Amount').fill('12');
    await screenshot(page, `sheet-${theme}-${language}`);
    await page.keyboard.press('Escape');
    const claim = page
      .locator(`article[data-hashpay-author="${OFFER.merchant}"]`, { hasText: OFFER.hashtag })
      .first()
      .locator('[data-hashpay="claim"] button');
    await claim.focus();
    await screenshot(page, `offer-terms-${theme}-${language}`);
    await page.close();
  }

  it('takes the timeline, the sheet and the offer terms in the dark theme, in English', async () => {
    await shoot('dark', 'en');
  });

  it('takes them again in French, light and dark', async () => {
    await chooseFrenchInOptions(e2e.browser);
    await shoot('light', 'fr');
    await shoot('dark', 'fr');
  });
});
