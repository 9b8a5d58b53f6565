import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LanguagePreference } from '../../extension/lib/language-preference';
import {
  extensionLocalStorage,
  keepLanguageHint,
  POPUP_LANGUAGE_HINT_KEY,
  readLanguageHint,
} from '../../extension/lib/language-preference';
import type { AskBackground } from '../../extension/lib/messages';
import type { PopupView } from '../../extension/lib/popup-cache';
import { popupWordsLoaded } from '../../extension/lib/popup-words';
import type { Balance } from '../../shared/contract/balances';
import {
  PaymentFailureReasonSchema,
  PaymentIntentStatusSchema,
  PaymentPurposeSchema,
} from '../../shared/contract/payments';
import { LANGUAGES, type Language } from '../../shared/language';
import { ALICE, BOB, makeIntent } from './support/fake-worker';
import { memoryStorage } from './support/memory-storage';

// The popup draws its first view with that view's words only (a chunk per language); the rest of
// its language comes after. Each test here starts from fresh modules, so no words are registered
// but those the test loads, as in a popup that just opened.

afterEach(cleanup);

const POT = {
  id: `pot_${'p'.repeat(22)}`,
  kind: 'pot' as const,
  hashtag: 'potJulie',
  title: 'Julie',
  deadlineAt: '2026-12-24T18:00:00.000Z',
};

const BALANCES: Balance[] = [
  { kind: 'wallet', currency: 'EUR', availableMinor: 3_750, reservedMinor: 1_250, postedMinor: 5_000 },
  { kind: 'rewards', currency: 'EUR', availableMinor: 200, reservedMinor: 0, postedMinor: 200 },
];

/** A row for every status, purpose and failure reason, sent and received. */
function everyKindOfRow(): PopupView['history'] {
  const rows: PopupView['history'] = [];
  const add = (overrides: Parameters<typeof makeIntent>[0]) =>
    rows.push(makeIntent({ id: `pi_${String(rows.length).padStart(22, '0')}`, ...overrides }));
  for (const status of PaymentIntentStatusSchema.options) {
    for (const purpose of PaymentPurposeSchema.options) {
      const pot = purpose === 'contribution' || purpose === 'pledge' ? POT : null;
      const received = { payer: BOB, payee: { xUserId: ALICE.xUserId, username: ALICE.username, name: ALICE.name } };
      add({ status, purpose, pot });
      add({ status, purpose, pot, ...received });
    }
  }
  for (const failureReason of PaymentFailureReasonSchema.options) add({ status: 'failed', failureReason });
  add({ status: 'expired', tweet: { rootId: '1', id: '1', text: 'Paying @bob', url: 'https://x.com/alice/status/1' } });
  return rows;
}

/** Answers nothing: the popup stays on the view it drew first. */
const silent: AskBackground = () => new Promise(() => {});

async function freshModules() {
  vi.resetModules();
  const words = await import('../../extension/lib/popup-words');
  const i18n = await import('../../extension/lib/i18n');
  const { PopupPanel } = await import('../../extension/components/PopupPanel');
  return { words, i18n, PopupPanel };
}

describe('the popup’s first words', () => {
  for (const language of LANGUAGES) {
    it(`draw the kept view, every kind of row included, with nothing else of the language (${language})`, async () => {
      const { words, i18n, PopupPanel } = await freshModules();
      await words.loadPopupFirstWords(language);
      // The rest of the language is not there: a word outside the first view's fails loudly.
      expect(() => i18n.translate(language, 'funds.title')).toThrow(/not loaded/);
      expect(() => i18n.errorText(language, { code: 'network', message: '' })).toThrow(/not loaded/);
      const history = everyKindOfRow();
      const awaiting = [makeIntent({ id: `pi_${'w'.repeat(22)}`, status: 'awaiting_confirmation' })];
      const kept: PopupView = { user: ALICE, balances: BALANCES, awaiting, history, savedAtMs: 0 };
      const { container } = render(
        <PopupPanel ask={silent} language={language} kept={kept} localBuild={true} openOptions={() => {}} />,
      );
      expect(container.querySelectorAll('[data-history]').length).toBe(history.length);
      expect(container.querySelectorAll('[data-balance]').length).toBe(BALANCES.length);
      expect(container.querySelector('[data-action="top-up"]')?.textContent).toMatch(/\S/);
      for (const reason of container.querySelectorAll('[data-field="reason"]'))
        expect(reason.textContent).toMatch(/\S/);
    });
  }

  it('then the rest of the language, which the views loaded on first use wait for', async () => {
    const { words, i18n } = await freshModules();
    await words.loadPopupFirstWords('fr');
    const rest = words.loadPopupWords('fr');
    expect(words.popupWordsLoaded()).toBe(rest);
    await words.popupWordsLoaded();
    expect(i18n.translate('fr', 'funds.title')).toBe(i18n.MESSAGES.fr['funds.title']);
    expect(i18n.errorText('fr', { code: 'network', message: '' })).toMatch(/\S/);
  });

  it('are the same keys in English and French, all among the language’s messages', async () => {
    const { POPUP_EN } = await import('../../extension/lib/popup-strings-en');
    const { POPUP_FR } = await import('../../extension/lib/popup-strings-fr');
    const { EN } = await import('../../extension/lib/strings-en');
    expect(Object.keys(POPUP_FR).sort()).toEqual(Object.keys(POPUP_EN).sort());
    for (const [key, text] of Object.entries(POPUP_EN)) expect(EN[key as keyof typeof EN], key).toBe(text);
  });
});

describe('the language preference the popup last drew with', () => {
  it('is kept, read back, and only a preference the options offer', () => {
    const storage = memoryStorage();
    expect(readLanguageHint(storage)).toBeNull();
    keepLanguageHint(storage, 'fr');
    expect(readLanguageHint(storage)).toBe<LanguagePreference>('fr');
    keepLanguageHint(storage, 'auto');
    expect(readLanguageHint(storage)).toBe<LanguagePreference>('auto');
    storage.setItem(POPUP_LANGUAGE_HINT_KEY, 'de');
    expect(readLanguageHint(storage)).toBeNull();
  });

  it('is only a head start: storage that refuses, or none, gives no hint and no error', () => {
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(readLanguageHint(refusing)).toBeNull();
    expect(() => keepLanguageHint(refusing, 'en')).not.toThrow();
    expect(readLanguageHint(undefined)).toBeNull();
  });

  it('is kept in the page’s own localStorage', () => {
    const storage = extensionLocalStorage();
    expect(storage).toBe(globalThis.localStorage);
    keepLanguageHint(storage, 'fr');
    expect(globalThis.localStorage.getItem(POPUP_LANGUAGE_HINT_KEY)).toBe('fr');
    globalThis.localStorage.removeItem(POPUP_LANGUAGE_HINT_KEY);
  });

  it('needs no wait in a page that loaded no words of its own (tests, other pages)', async () => {
    await expect(popupWordsLoaded()).resolves.toBeUndefined();
  });
});

describe('the first words kept for the next opening', () => {
  const WORDS_ID = 'a1b2c3d4e5f6a7b8';

  it('draw the next opening of the same build in the same language, with no chunk to load', async () => {
    const storage = memoryStorage();
    const first = await freshModules();
    expect(first.words.registerKeptFirstWords(storage, 'fr', WORDS_ID)).toBe(false);
    first.words.keepFirstWords(storage, 'fr', await first.words.loadPopupFirstWords('fr'), WORDS_ID);
    expect(storage.map.has(first.words.POPUP_FIRST_WORDS_KEY)).toBe(true);

    const next = await freshModules();
    const loaders = vi.spyOn(next.i18n, 'registerFirstWords');
    expect(next.words.registerKeptFirstWords(storage, 'fr', WORDS_ID)).toBe(true);
    expect(loaders).toHaveBeenCalledTimes(1);
    // What they hold is the chunk's words, and loading them now asks for nothing more.
    const { POPUP_FR } = await import('../../extension/lib/popup-strings-fr');
    expect(loaders.mock.calls[0]?.[1]).toEqual(POPUP_FR);
    expect(await next.words.loadPopupFirstWords('fr')).toEqual(POPUP_FR);
    expect(loaders).toHaveBeenCalledTimes(1);
    const kept: PopupView = { user: ALICE, balances: BALANCES, awaiting: [], history: everyKindOfRow(), savedAtMs: 0 };
    const { container } = render(
      <next.PopupPanel ask={silent} language="fr" kept={kept} localBuild={true} openOptions={() => {}} />,
    );
    expect(container.querySelectorAll('[data-history]').length).toBe(kept.history.length);
  });

  it('are not used by another build, for another language, or when they do not read as words', async () => {
    const storage = memoryStorage();
    const first = await freshModules();
    first.words.keepFirstWords(storage, 'en', await first.words.loadPopupFirstWords('en'), WORDS_ID);
    const keptText = storage.getItem(first.words.POPUP_FIRST_WORDS_KEY)!;

    const cases: Array<[string, Language, string]> = [
      ['another build', 'en', 'ffffffffffffffff'],
      ['another language', 'fr', WORDS_ID],
    ];
    for (const [name, language, wordsId] of cases) {
      const { words } = await freshModules();
      expect(words.registerKeptFirstWords(storage, language, wordsId), name).toBe(false);
    }
    const unreadable = ['{', 'null', JSON.stringify({ ...JSON.parse(keptText), words: { 'balance.title': 7 } })];
    for (const text of unreadable) {
      storage.setItem(first.words.POPUP_FIRST_WORDS_KEY, text);
      const { words, i18n } = await freshModules();
      expect(words.registerKeptFirstWords(storage, 'en', WORDS_ID), text.slice(0, 20)).toBe(false);
      expect(() => i18n.translate('en', 'popup.link')).toThrow(/not loaded/);
    }
  });

  it('are a head start only: storage that refuses or is full gives no words and no error', async () => {
    const { words } = await freshModules();
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(words.registerKeptFirstWords(refusing, 'en', WORDS_ID)).toBe(false);
    expect(words.registerKeptFirstWords(undefined, 'en', WORDS_ID)).toBe(false);
    const english = await words.loadPopupFirstWords('en');
    expect(() => words.keepFirstWords(refusing, 'en', english, WORDS_ID)).not.toThrow();
    const full = memoryStorage();
    full.refuseWrites = true;
    expect(() => words.keepFirstWords(full, 'en', english, WORDS_ID)).not.toThrow();
    expect(full.map.size).toBe(0);
  });
});
