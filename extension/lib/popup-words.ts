import type { Language } from '../../shared/language';
import { loadLanguage, registerFirstWords } from './i18n';
import type { HintStorage } from './language-preference';
import type { PopupMessageKey } from './popup-strings-en';

/**
 * The popup's words in two steps, so its first view waits for as few bytes as possible: the words
 * of that view (`popup-strings-en.ts`, `-fr.ts`: account, balances, awaiting, the history's rows),
 * a chunk of their own, before it draws; the rest of its language (errors, money in and out,
 * Offers, the detail views: `loadLanguage`) right after. What needs the rest waits for it
 * (`popupWordsLoaded`): the background's answers and the views that load on first use.
 *
 * The language preference the popup last drew with is kept in the extension's `localStorage`, read
 * synchronously when the popup opens, so its first words are asked for at once, alongside the
 * options that say for sure. The first words themselves are kept there too, with the digest of
 * their files (`__HASHPAY_POPUP_WORDS_ID__`, made at build time): the next opening of the same
 * build draws with them without loading a chunk (`registerKeptFirstWords`).
 */

export type PopupWords = Readonly<Record<PopupMessageKey, string>>;

const FIRST_WORDS_LOADERS: Readonly<Record<Language, () => Promise<PopupWords>>> = {
  en: async () => (await import('./popup-strings-en')).POPUP_EN,
  fr: async () => (await import('./popup-strings-fr')).POPUP_FR,
};

const firstWordsLoading: Partial<Record<Language, Promise<PopupWords>>> = {};

/**
 * Loads the words of the popup's first view in `language` (once); the popup awaits them before it
 * draws, then keeps them for its next opening (`keepFirstWords`).
 */
export function loadPopupFirstWords(language: Language): Promise<PopupWords> {
  firstWordsLoading[language] ??= FIRST_WORDS_LOADERS[language]().then(
    (words) => {
      registerFirstWords(language, words);
      return words;
    },
    (error: unknown) => {
      delete firstWordsLoading[language];
      throw error;
    },
  );
  return firstWordsLoading[language];
}

let restLoading: Promise<void> = Promise.resolve();

/** Starts loading the rest of the popup's language; `popupWordsLoaded` resolves once it is there. */
export function loadPopupWords(language: Language): Promise<void> {
  restLoading = loadLanguage(language);
  return restLoading;
}

/** Resolves once the language the popup asked for is all there (at once where nothing was asked, as in tests). */
export function popupWordsLoaded(): Promise<void> {
  return restLoading;
}

/** Where the popup keeps the first words of the language it last drew in. */
export const POPUP_FIRST_WORDS_KEY = 'hashpay.popup-first-words';

interface KeptFirstWords {
  /** The digest of the words' files in the build that kept them. */
  wordsId: string;
  language: Language;
  words: PopupWords;
}

function readKeptFirstWords(local: HintStorage | undefined): KeptFirstWords | null {
  try {
    const kept = JSON.parse(local?.getItem(POPUP_FIRST_WORDS_KEY) ?? 'null') as KeptFirstWords | null;
    const words: unknown = kept?.words;
    if (typeof words !== 'object' || words === null || !Object.values(words).every((word) => typeof word === 'string'))
      return null;
    return kept;
  } catch {
    // Refused or not JSON: the words load from their chunk, as on a first opening.
    return null;
  }
}

/**
 * Registers the first words kept by an earlier opening when they are `language`'s in this build's
 * words (`wordsId`); true when they were, and `loadPopupFirstWords(language)` then loads nothing.
 */
export function registerKeptFirstWords(local: HintStorage | undefined, language: Language, wordsId: string): boolean {
  const kept = readKeptFirstWords(local);
  if (kept?.wordsId !== wordsId || kept.language !== language) return false;
  registerFirstWords(language, kept.words);
  firstWordsLoading[language] = Promise.resolve(kept.words);
  return true;
}

/** Keeps `language`'s first words for the next opening of this build (`wordsId`). */
export function keepFirstWords(
  local: HintStorage | undefined,
  language: Language,
  words: PopupWords,
  wordsId: string,
): void {
  try {
    local?.setItem(POPUP_FIRST_WORDS_KEY, JSON.stringify({ wordsId, language, words } satisfies KeptFirstWords));
  } catch {
    // Over the quota or refused: the next opening loads them from their chunk.
  }
}
