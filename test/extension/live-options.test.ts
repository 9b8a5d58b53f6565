import { fireEvent } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import payButton, { PAY_KIND, PAY_SHEET_KIND } from '../../extension/features/pay-button';
import { defineFeature, type FeatureManager, startFeatures } from '../../extension/lib/feature-manager';
import { setPageLanguagePreference } from '../../extension/lib/i18n';
import type { AskBackground } from '../../extension/lib/messages';
import { createPageObserver, type PageObserver } from '../../extension/lib/observer';
import { DEFAULT_OPTIONS, loadOptions, type Options, saveOptions, watchOptions } from '../../extension/lib/options';
import { featuresShown, followOptionsOnPage, pageOptionsDiffer } from '../../extension/lib/page-options';
import { openPaySheet } from '../../extension/lib/pay-sheet';
import { createShadowHost, HOST_ATTRIBUTE } from '../../extension/lib/shadow-host';
import { EXPECTED_TWEETS, loadFixture } from './fixtures';

// A language or a button switched in the options reaches an open x.com page at once: the content
// script's features run again and draw their buttons in the new language, with no reload.

const PAGE = 'x-com/status-page-2024-11.html';
/** Tweets of the page that get a Pay button (promoted ones do not). */
const PAYABLE = EXPECTED_TWEETS[PAGE].filter((tweet) => tweet.promoted !== true).length;

const neverAsked = (async () => {
  throw new Error('the sheet asks nothing until Draft');
}) as AskBackground;

let observer: PageObserver | undefined;
let manager: FeatureManager | undefined;
let following: AbortController | undefined;

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(() => {
  following?.abort();
  manager?.stop();
  observer?.disconnect();
  following = manager = observer = undefined;
  setPageLanguagePreference('auto');
  document.body.innerHTML = '';
});

function payButtons(): HTMLButtonElement[] {
  return [...document.querySelectorAll(`[${HOST_ATTRIBUTE}="${PAY_KIND}"]`)].map(
    (host) => host.shadowRoot!.querySelector('button')!,
  );
}

/** What the content script does at start, on the fake browser's storage. */
async function startPage(initial: Options): Promise<void> {
  await saveOptions(fakeBrowser.storage.local, initial);
  const options = await loadOptions(fakeBrowser.storage.local);
  loadFixture(PAGE);
  setPageLanguagePreference(options.language);
  observer = createPageObserver({ schedule: () => {} });
  const features = [payButton];
  manager = startFeatures(featuresShown(features, options), { observer });
  observer.runPass();
  following = new AbortController();
  followOptionsOnPage({
    events: fakeBrowser.storage.onChanged,
    document,
    features,
    manager,
    observer,
    initial: options,
    signal: following.signal,
  });
}

/** `storage.onChanged` listeners run after the write resolves. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('options changed while an x.com page is open', () => {
  it('draws the Pay buttons again in French, then in English, without a reload', async () => {
    await startPage({ ...DEFAULT_OPTIONS, language: 'en' });
    expect(payButtons()).toHaveLength(PAYABLE);
    expect(new Set(payButtons().map((button) => button.textContent))).toEqual(new Set(['Pay']));

    await saveOptions(fakeBrowser.storage.local, { ...DEFAULT_OPTIONS, language: 'fr' });
    await settle();
    expect(payButtons()).toHaveLength(PAYABLE);
    expect(new Set(payButtons().map((button) => button.textContent))).toEqual(new Set(['Payer']));
    expect(payButtons()[0]!.getAttribute('aria-label')).toMatch(/^Payer @/);
    expect(manager!.runCount).toBe(2);

    await saveOptions(fakeBrowser.storage.local, { ...DEFAULT_OPTIONS, language: 'en' });
    await settle();
    expect(new Set(payButtons().map((button) => button.textContent))).toEqual(new Set(['Pay']));
    expect(payButtons()[0]!.getAttribute('aria-label')).toMatch(/^Pay @/);
  });

  it('takes the Pay buttons away and back when the option switches them', async () => {
    await startPage({ ...DEFAULT_OPTIONS, language: 'en' });
    await saveOptions(fakeBrowser.storage.local, { ...DEFAULT_OPTIONS, language: 'en', showPayButton: false });
    await settle();
    expect(payButtons()).toHaveLength(0);
    await saveOptions(fakeBrowser.storage.local, { ...DEFAULT_OPTIONS, language: 'en', showPayButton: true });
    await settle();
    expect(payButtons()).toHaveLength(PAYABLE);
  });

  it('leaves the page alone when what changed is not shown on it', async () => {
    await startPage({ ...DEFAULT_OPTIONS, language: 'en' });
    const before = payButtons();
    await saveOptions(fakeBrowser.storage.local, {
      ...DEFAULT_OPTIONS,
      language: 'en',
      stepUpThresholdMinor: { EUR: 50_000 },
    });
    await fakeBrowser.storage.local.set({ 'hashpay.something-else': 1 });
    await settle();
    expect(manager!.runCount).toBe(1);
    expect(payButtons()).toEqual(before);
  });

  it('keeps an open sheet and what was typed in it', async () => {
    await startPage({ ...DEFAULT_OPTIONS, language: 'en' });
    const { host } = createShadowHost(document, PAY_SHEET_KIND);
    document.body.append(host);
    await saveOptions(fakeBrowser.storage.local, { ...DEFAULT_OPTIONS, language: 'fr' });
    await settle();
    expect(host.isConnected).toBe(true);
  });

  it('words an open pay sheet in the new language, keeping the amount typed in it', async () => {
    await startPage({ ...DEFAULT_OPTIONS, language: 'en' });
    openPaySheet(
      { tweetId: '1', authorHandle: 'bob', promoted: false, focal: false },
      { document, ask: neverAsked, navigate: () => {}, locale: 'en-US', origin: 'https://x.com', language: 'en' },
    );
    const sheet = () => document.querySelector(`[${HOST_ATTRIBUTE}="${PAY_SHEET_KIND}"]`)!.shadowRoot!;
    const amount = sheet().querySelector<HTMLInputElement>('#hashpay-amount')!;
    fireEvent.input(amount, { target: { value: '12,50' } });
    expect(sheet().querySelector('label[for="hashpay-amount"]')?.textContent).toBe('Amount');

    await saveOptions(fakeBrowser.storage.local, { ...DEFAULT_OPTIONS, language: 'fr' });
    await settle();
    expect(sheet().querySelector('label[for="hashpay-amount"]')?.textContent).toBe('Montant');
    expect(sheet().querySelector('[role="dialog"]')?.getAttribute('aria-label')).toBe('Payer @bob');
    expect(sheet().querySelector<HTMLInputElement>('#hashpay-amount')!.value).toBe('12,50');
  });

  it('stops following once the content script stops', async () => {
    await startPage({ ...DEFAULT_OPTIONS, language: 'en' });
    following!.abort();
    await saveOptions(fakeBrowser.storage.local, { ...DEFAULT_OPTIONS, language: 'fr' });
    await settle();
    expect(new Set(payButtons().map((button) => button.textContent))).toEqual(new Set(['Pay']));
    expect(manager!.runCount).toBe(1);
  });
});

describe('the pieces', () => {
  it('reads a damaged saved value as valid options', () => {
    const seen: Options[] = [];
    const listeners: Array<(changes: Record<string, { newValue?: unknown }>, area: string) => void> = [];
    const events = {
      addListener: (listener: (typeof listeners)[number]) => listeners.push(listener),
      removeListener: (listener: (typeof listeners)[number]) => listeners.splice(listeners.indexOf(listener), 1),
    };
    const signal = new AbortController();
    watchOptions(events, (options) => seen.push(options), { signal: signal.signal });
    listeners[0]!(
      { 'hashpay.options': { newValue: { version: 1, language: 'klingon', showPayButton: 'yes' } } },
      'local',
    );
    listeners[0]!({ 'hashpay.options': { newValue: { version: 1, language: 'fr' } } }, 'sync');
    expect(seen).toEqual([DEFAULT_OPTIONS]);
    signal.abort();
    expect(listeners).toHaveLength(0);
  });

  it('tells which changes the page shows', () => {
    const base = { ...DEFAULT_OPTIONS };
    expect(pageOptionsDiffer(base, { ...base, language: 'fr' })).toBe(true);
    expect(pageOptionsDiffer(base, { ...base, showClaimButton: false })).toBe(true);
    expect(pageOptionsDiffer(base, { ...base, workerOrigin: 'https://hashpay.example' })).toBe(false);
  });

  it('restarts the features with the new list, and never after stopping', () => {
    observer = createPageObserver({ schedule: () => {} });
    const log: string[] = [];
    const feature = (id: string) =>
      defineFeature({
        id,
        init: ({ signal }) => {
          log.push(`${id} start`);
          signal.addEventListener('abort', () => log.push(`${id} abort`));
        },
      });
    const one = feature('one');
    const two = feature('two');
    manager = startFeatures([one], { observer });
    manager.restart([one, two]);
    expect(log).toEqual(['one start', 'one abort', 'one start', 'two start']);
    expect(() => manager!.restart([one, one])).toThrow(/share an id/);
    manager.stop();
    manager.restart();
    expect(manager.runCount).toBe(2);
  });
});
