import { afterEach, describe, expect, it } from 'vitest';
import { addPayButton } from '../../extension/features/pay-button';
import { type LanguagePreference, pageLanguage, setPageLanguagePreference } from '../../extension/lib/i18n';
import type { AskBackground } from '../../extension/lib/messages';
import { openPaySheet } from '../../extension/lib/pay-sheet';
import type { TweetIdentity } from '../../extension/lib/tweet';
import { loadFixture } from './fixtures';

// The buttons and the pay sheet on x.com speak the language chosen in the options, not only the
// browser's (happy-dom's browser speaks English).

afterEach(() => {
  setPageLanguagePreference('auto');
  document.body.innerHTML = '';
});

const BOB_TWEET: TweetIdentity = { tweetId: '1', authorHandle: 'bob', promoted: false, focal: false };

const neverAsked = (async () => {
  throw new Error('the sheet asks nothing until Draft');
}) as AskBackground;

function payButtonText(): string | null {
  loadFixture('x-com/status-page-2024-11.html');
  for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
    addPayButton(article, { openSheet: () => {} });
  }
  return document.querySelector('[data-hashpay="pay"]')?.shadowRoot?.querySelector('button')?.textContent ?? null;
}

describe('the page language', () => {
  it('follows the browser’s language for auto when the browser’s languages change', () => {
    expect(pageLanguage(document)).toBe('en');
    const english = Object.getOwnPropertyDescriptor(window.navigator, 'language');
    Object.defineProperty(window.navigator, 'language', { value: 'fr-FR', configurable: true });
    try {
      // Read once until the browser says its languages changed.
      expect(pageLanguage(document)).toBe('en');
      window.dispatchEvent(new Event('languagechange'));
      expect(pageLanguage(document)).toBe('fr');
    } finally {
      if (english === undefined) Reflect.deleteProperty(window.navigator, 'language');
      else Object.defineProperty(window.navigator, 'language', english);
      window.dispatchEvent(new Event('languagechange'));
    }
    expect(pageLanguage(document)).toBe('en');
  });

  it('follows the browser for auto, and the options otherwise', () => {
    expect(navigator.language.toLowerCase().startsWith('en')).toBe(true);
    expect(pageLanguage(document)).toBe('en');
    setPageLanguagePreference('fr');
    expect(pageLanguage(document)).toBe('fr');
    setPageLanguagePreference('en');
    expect(pageLanguage(document)).toBe('en');
  });

  it('refuses a language Hashpay does not speak, and keeps the one it had', () => {
    setPageLanguagePreference('fr');
    expect(() => setPageLanguagePreference('de' as LanguagePreference)).toThrow(TypeError);
    expect(pageLanguage(document)).toBe('fr');
  });

  it('names the Pay button in French when French is chosen, in English otherwise', () => {
    expect(payButtonText()).toBe('Pay');
    document.body.innerHTML = '';
    setPageLanguagePreference('fr');
    expect(payButtonText()).toBe('Payer');
    const button = document.querySelector('[data-hashpay="pay"]')!.shadowRoot!.querySelector('button')!;
    expect(button.getAttribute('aria-label')).toMatch(/^Payer @/);
  });

  it('opens the pay sheet in the chosen language even on an English page', () => {
    const close = openPaySheet(BOB_TWEET, {
      document,
      ask: neverAsked,
      navigate: () => {},
      locale: 'en-US',
      origin: 'https://x.com',
      language: 'fr',
    });
    const sheet = document.querySelector('[data-hashpay="pay-sheet"]')!.shadowRoot!;
    expect(sheet.querySelector('[role="dialog"]')?.getAttribute('aria-label')).toBe('Payer @bob');
    expect(sheet.querySelector('label[for="hashpay-amount"]')?.textContent).toBe('Montant');
    close();
    const english = openPaySheet(BOB_TWEET, {
      document,
      ask: neverAsked,
      navigate: () => {},
      locale: 'en-US',
      origin: 'https://x.com',
    });
    const englishSheet = document.querySelector('[data-hashpay="pay-sheet"]')!.shadowRoot!;
    expect(englishSheet.querySelector('label[for="hashpay-amount"]')?.textContent).toBe('Amount');
    english();
  });
});
