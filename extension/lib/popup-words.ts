import { isLanguage, type Language } from '../../shared/language';
import { loadLanguage, registerFirstWords } from './i18n';
import type { PopupMessageKey } from './popup-strings-en';

/**
 * The popup's words in two steps, so its first view waits for as few bytes as possible: the words
 * of that view (`popup-strings-en.ts`, `-fr.ts`: account, balances, awaiting, the history's rows),
 * a chunk of their own, before it draws; the rest of its language (errors, money in and out,
 * Offers, the detail views: `loadLanguage`) right after. What needs the rest waits for it
 * (`popupWordsLoaded`): the background's answers and the views that load on first use.
 *
 * The language the popup last drew in is kept in the extension's `localStorage`, read
 * synchronously when the popup opens, so its first words are asked for at once, alongside the
 * options that say for sure.
 */

type PopupWords = Readonly<Record<PopupMessageKey, string>>;

const FIRST_WORDS_LOADERS: Readonly<Record<Language, () => Promise<PopupWords>>> = {
  en: async () => (await import('./popup-strings-en')).POPUP_EN,
  fr: async () => (await import('./popup-strings-fr')).POPUP_FR,
};

const firstWordsLoading: Partial<Record<Language, Promise<void>>> = {};

/** Loads the words of the popup's first view in `language` (once); the popup awaits them before it draws. */
export function loadPopupFirstWords(language: Language): Promise<void> {
  firstWordsLoading[language] ??= FIRST_WORDS_LOADERS[language]().then(
    (words) => registerFirstWords(language, words),
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

/** Where the popup keeps the language it last drew in. */
export const POPUP_LANGUAGE_HINT_KEY = 'hashpay.popup-language';

/** The subset of `localStorage` the hint needs. */
export type HintStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The extension's `localStorage`, or undefined where the browser refuses it (a setting). */
export function extensionLocalStorage(): HintStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The language the popup last drew in, or null when none is kept (or storage is unavailable). */
export function readLanguageHint(hints: HintStorage | undefined): Language | null {
  try {
    const kept = hints?.getItem(POPUP_LANGUAGE_HINT_KEY);
    return isLanguage(kept) ? kept : null;
  } catch {
    // Storage refused (a browser setting): the hint is only a head start.
    return null;
  }
}

export function keepLanguageHint(hints: HintStorage | undefined, language: Language): void {
  try {
    if (hints?.getItem(POPUP_LANGUAGE_HINT_KEY) !== language) hints?.setItem(POPUP_LANGUAGE_HINT_KEY, language);
  } catch {
    // As above: without the hint the next opening asks for its words after reading the options.
  }
}
