import { isLanguage, type Language } from '../../shared/language';

/**
 * Which language the extension speaks: the options' choice (`auto`, `fr`, `en`), `auto` following
 * the browser's. Apart from the words themselves (`i18n.ts`, `page-strings.ts`), so the content
 * script carries only the words it shows.
 */

export type LanguagePreference = 'auto' | Language;
export const LANGUAGE_PREFERENCES: readonly LanguagePreference[] = ['auto', 'fr', 'en'];

/** The page language: the chosen one, or for `auto` the first of the browser's languages Hashpay speaks (English otherwise). */
export function resolveLanguage(preference: LanguagePreference, browserLanguages: readonly string[]): Language {
  if (preference !== 'auto') return preference;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** The browser's languages as the page sees them. */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/**
 * The language chosen in the options, as the content script last read it: at start, then at
 * each change saved in the options (`lib/page-options.ts` draws the buttons again then).
 */
let pagePreference: LanguagePreference = 'auto';

/** Called by the content script with the options' language, before its features run. */
export function setPageLanguagePreference(preference: LanguagePreference): void {
  if (!LANGUAGE_PREFERENCES.includes(preference)) throw new TypeError(`unknown language ${String(preference)}`);
  pagePreference = preference;
}

/** The language of the buttons and the pay sheet on x.com: the options' choice, or for `auto` the page's. */
export function pageLanguage(document: Document): Language {
  return pageLanguageWith(pagePreference, document);
}

/** The last language `pageLanguageWith` resolved, and from what. */
let lastResolved: { preference: LanguagePreference; tag: string; language: Language } | null = null;

/**
 * The browser's language tag in each document's window, read once and again after the browser's
 * languages change: every button drawn asks, and each read goes through the window and its navigator.
 */
const browserTags = new WeakMap<Document, string>();

function browserTagOf(document: Document): string {
  let tag = browserTags.get(document);
  if (tag === undefined) {
    const view = document.defaultView;
    tag = view?.navigator.language ?? 'en';
    browserTags.set(document, tag);
    view?.addEventListener('languagechange', () => browserTags.delete(document), { once: true });
  }
  return tag;
}

/** The language the page would speak with this preference: the content script loads its words first. */
export function pageLanguageWith(preference: LanguagePreference, document: Document): Language {
  const tag = browserTagOf(document);
  // Asked by every button drawn: the last answer holds while the preference and the tag do.
  if (lastResolved?.preference !== preference || lastResolved.tag !== tag) {
    lastResolved = { preference, tag, language: resolveLanguage(preference, [tag]) };
  }
  return lastResolved.language;
}

/**
 * The popup's hint. The popup draws before it reads the options (`entrypoints/popup/main.tsx`),
 * in the language of the preference it last drew with, kept in the extension's `localStorage`,
 * which it reads synchronously. The options page keeps it too when it saves another
 * (`entrypoints/options`). Only a head start: the options, read right after, say for sure. Here,
 * beside the preference, so that both pages find it in the chunk they share.
 */

/** Where the hint is kept: the options' `auto`, `fr` or `en`, resolved at the next opening as the options are. */
export const POPUP_LANGUAGE_HINT_KEY = 'hashpay.popup-language';

/** The subset of `localStorage` the hint needs. */
export type HintStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The extension's `localStorage`, or undefined where the browser refuses it (a setting). */
export function extensionLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The language preference the popup last drew with, or null when none is kept (or storage is unavailable). */
export function readLanguageHint(hints: HintStorage | undefined): LanguagePreference | null {
  try {
    const kept = hints?.getItem(POPUP_LANGUAGE_HINT_KEY);
    return LANGUAGE_PREFERENCES.find((preference) => preference === kept) ?? null;
  } catch {
    // Storage refused (a browser setting): the hint is only a head start.
    return null;
  }
}

export function keepLanguageHint(hints: HintStorage | undefined, preference: LanguagePreference): void {
  try {
    if (hints?.getItem(POPUP_LANGUAGE_HINT_KEY) !== preference) hints?.setItem(POPUP_LANGUAGE_HINT_KEY, preference);
  } catch {
    // As above: without the hint the next opening asks for its words after reading the options.
  }
}
