import type { Language } from '../../shared/language';
import { fillMessage, type MessageParams } from './message-fill';
import { loadPageChunk, publishPageChunk } from './page-chunk';
import type { PageMessageKey } from './page-strings-en';

export { fillMessage, type MessageParams, placeholdersOf } from './message-fill';
export type { PageMessageKey } from './page-strings-en';

/**
 * The words the content script shows on x.com itself (buttons, the ✓, offers' terms), in English
 * (`page-strings-en.ts`) and French (`page-strings-fr.ts`); the pot progress bar's and the
 * edited-after-payment and not-paid marks' come with their chunks (`pot-bar.ts`, `payment-marks.ts`). The content script carries
 * neither: it loads the page's language, a chunk of its own (`entrypoints/page-words-*.ts`),
 * before it draws, and the other one only when the options switch to it. The sheet, the popup and
 * the extension's pages take theirs from `i18n.ts`, whose words include these and register them
 * here. Placeholders are `{name}`, filled as text, never as HTML.
 */

export type PageWords = Readonly<Record<PageMessageKey, string>>;

const LOADED: Partial<Record<Language, PageWords>> = {};

/** Makes a language's page words available; `words` may hold other words too (`i18n.ts`'s). */
export function registerPageWords(language: Language, words: PageWords): void {
  LOADED[language] = words;
}

/** A word of the x.com page in `language`, which must be loaded (`loadPageWords`) or registered. */
export function translatePage(language: Language, key: PageMessageKey, params: MessageParams = {}): string {
  const words = LOADED[language];
  if (words === undefined) throw new Error(`the ${language} page words are not loaded (loadPageWords first)`);
  return fillMessage(words[key], params);
}

/** The chunk of a language's page words (`/page-words-en.js`, `/page-words-fr.js`). */
export function pageWordsChunk(language: Language): string {
  return `page-words-${language}`;
}

function isPageWords(value: unknown): value is PageWords {
  return typeof value === 'object' && value !== null && typeof (value as PageWords)['button.pay'] === 'string';
}

/** Called by a language's chunk when it is evaluated. */
export function publishPageWords(language: Language, words: PageWords): void {
  publishPageChunk(pageWordsChunk(language), words);
}

/** Imports the language's chunk once per page, unless its words are already here. */
export async function loadPageWords(language: Language): Promise<void> {
  if (LOADED[language] !== undefined) return;
  registerPageWords(language, await loadPageChunk(pageWordsChunk(language), isPageWords));
}
