import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
import { seedDemoUser } from '../support/worker-api';

/**
 * An automated accessibility check (axe-core) of what the extension shows, in Chromium with the
 * built extension, the worker and the sandbox X: the popup signed out and signed in (light and
 * dark), the options page, the Pay button and its sheet on the sandbox timeline, and the
 * confirmation window before and after confirming. No violation of impact serious or critical is
 * accepted; milder ones are printed. On x.com's pages only the extension's own elements are
 * checked: the page around them is not ours.
 */

/** Each step is a click or a worker round trip; this bounds one that never comes. */
const STEP_TIMEOUT_MS = 30_000;
/** The impacts that fail the check. */
const BLOCKING_IMPACTS: readonly string[] = ['serious', 'critical'];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let e2e: E2eStack;
let stack: LocalStack;
let browser: BrowserWithExtension;
let context: BrowserContext;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * Runs axe in the page (on `include` selectors only, when given; they reach into open shadow
 * roots) and answers its violations, one line each: rule, impact, help and the elements.
 */
async function axeViolations(page: Page, include?: readonly string[]): Promise<{ blocking: string[]; mild: string[] }> {
  // Extension pages forbid inline scripts (CSP `script-src 'self'`), so `addScriptTag` cannot
  // inject axe there; an evaluation through the DevTools protocol is not subject to the page's CSP.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async (selectors) => {
      const { axe } = globalThis as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
      };
      const target = selectors === null ? document : { include: selectors.map((selector) => [selector]) };
      const result = await axe.run(target, { resultTypes: ['violations'] });
      return result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
      }));
    },
    include === undefined ? null : [...include],
  );
  const describe = (violation: AxeViolation) =>
    `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
      .map((node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`)
      .join('; ')}`;
  const blocking = violations.filter((violation) => BLOCKING_IMPACTS.includes(violation.impact ?? ''));
  const mild = violations.filter((violation) => !BLOCKING_IMPACTS.includes(violation.impact ?? ''));
  for (const violation of mild) console.log(`axe, not blocking, ${page.url()}: ${describe(violation)}`);
  return { blocking: blocking.map(describe), mild: mild.map(describe) };
}

async function expectNoBlockingViolations(page: Page, include?: readonly string[]): Promise<void> {
  const { blocking } = await axeViolations(page, include);
  expect(blocking).toEqual([]);
}

async function checkInBothThemes(page: Page): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoBlockingViolations(page);
  }
  await page.emulateMedia({ colorScheme: null });
}

beforeAll(async () => {
  e2e = await startE2eStack('a11y', { stepTimeoutMs: STEP_TIMEOUT_MS });
  ({ stack, browser, context } = e2e);
  await seedDemoUser(stack.workerOrigin, 'alice');
  await seedDemoUser(stack.workerOrigin, 'bob');
});

afterAll(async () => {
  await e2e?.close();
});

describe('accessibility of the extension (axe-core)', () => {
  it('the check can fail: a button with no name is a critical violation', async () => {
    const page = await context.newPage();
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><button></button></main></html>');
    const { blocking } = await axeViolations(page);
    expect(blocking.some((line) => line.startsWith('button-name'))).toBe(true);
    await page.close();
  });

  it('the popup signed out, in light and dark', async () => {
    const popup = await openPopup(browser, POPUP_VIEWPORT);
    await popup.getByRole('button', { name: 'Link your X account' }).waitFor();
    await checkInBothThemes(popup);
    await popup.close();
  });

  it('the popup signed in (balances, awaiting, history), in light and dark', async () => {
    await linkAccount(e2e, 'alice');
    const popup = await openPopup(browser, POPUP_VIEWPORT);
    await expect.poll(() => popup.textContent('[data-field="account"]')).toContain('@alice');
    await expect.poll(() => popup.locator('[data-balance]').count()).toBe(2);
    await checkInBothThemes(popup);
    await popup.close();
  });

  it('the options page', async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByLabel('Language').waitFor();
    await checkInBothThemes(options);
    await options.close();
  });

  it('the Pay button and the pay sheet on the timeline', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    const bobTweet = page.locator('article[data-hashpay-author="bob"]').first();
    const payButton = bobTweet.locator('[data-hashpay="pay"] button');
    await payButton.waitFor();
    await expectNoBlockingViolations(page, ['[data-hashpay="pay"]']);

    await payButton.focus();
    await page.keyboard.press('Enter');
    const sheet = page.locator('[data-hashpay="pay-sheet"]');
    await sheet.getByLabel('Amount').waitFor();
    await expectNoBlockingViolations(page, ['[data-hashpay="pay-sheet"]']);
    // With an error shown too.
    await sheet.getByLabel('Amount').fill('abc');
    await sheet.getByLabel('Memo (optional)').fill('pizza');
    await expectNoBlockingViolations(page, ['[data-hashpay="pay-sheet"]']);
    // Valid, with the Draft button enabled.
    await sheet.getByLabel('Amount').fill('3');
    await sheet.getByRole('button', { name: 'Draft tweet' }).isEnabled();
    await expectNoBlockingViolations(page, ['[data-hashpay="pay-sheet"]']);
    await page.close();
  });

  it('the confirmation window, awaiting confirmation and settled', async () => {
    const { page, confirmation } = await postTypedCommand(e2e, '@hashpay pay @bob 3€ coffee');
    await confirmation.waitForSelector('main[data-status="awaiting_confirmation"]');
    await checkInBothThemes(confirmation);
    await confirmInWindow(confirmation, STEP_TIMEOUT_MS);
    await checkInBothThemes(confirmation);
    await page.close();
  });

  it('the popup with that payment in its history, in light and dark', async () => {
    const popup = await openPopup(browser, POPUP_VIEWPORT);
    await popup.locator('[data-history]').first().waitFor();
    await checkInBothThemes(popup);
    await popup.close();
  });

  it('the popup’s Offers view', async () => {
    const popup = await openPopup(browser, POPUP_VIEWPORT);
    await popup.getByRole('button', { name: 'Offers' }).click();
    await popup.getByText(/^No offers claimed yet\./).waitFor();
    await checkInBothThemes(popup);
    await popup.close();
  });

  it('the Pay button and the sheet in French once French is chosen in the options', async () => {
    await chooseFrenchInOptions(browser);

    const page = await context.newPage();
    await page.goto(`${stack.sandboxOrigin}/home`);
    const payButton = page.locator('article[data-hashpay-author="bob"]').first().locator('[data-hashpay="pay"] button');
    await expect.poll(() => payButton.textContent()).toBe('Payer');
    await payButton.click();
    const sheet = page.locator('[data-hashpay="pay-sheet"]');
    await sheet.getByLabel('Montant').waitFor();
    expect(await sheet.getByRole('button', { name: 'Rédiger le tweet' }).count()).toBe(1);
    await expectNoBlockingViolations(page, ['[data-hashpay="pay-sheet"]']);
    await page.close();
  });
});
