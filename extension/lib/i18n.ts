import type { Language } from '../../shared/language';
import { fillMessage, type MessageParams } from './message-fill';
import { registerPageWords } from './page-strings';
import { wordProblem } from './problem-text';
import type { LanguageWords, MessageKey, Messages } from './strings-en';

export {
  browserLanguages,
  LANGUAGE_PREFERENCES,
  type LanguagePreference,
  pageLanguage,
  resolveLanguage,
  setPageLanguagePreference,
} from './language-preference';
export { type MessageParams, placeholdersOf } from './message-fill';
export type { MessageKey, Messages } from './strings-en';

/**
 * Every word the extension's own pages show, in English and French. The page language follows
 * the options (`auto`, `fr`, `en`); `auto` follows the browser's language. Placeholders are
 * `{name}` and are filled as text, never as HTML. The manifest's name and description live in
 * `public/_locales`, which the browser reads itself.
 *
 * The words live in `strings-en.ts` and `strings-fr.ts`. A page loads its reader's language
 * before it draws (`loadLanguage`, a chunk of its own), so the popup carries one language;
 * what must switch language without waiting (the options page, the pay sheet) registers both.
 * `translate` stays synchronous and fails loudly for a language that was not loaded.
 */

const LOADED: Partial<Record<Language, LanguageWords>> = {};
const LOADED_MESSAGES: Partial<Record<Language, Messages>> = {};
/** The words of a page's first view, there before the rest of its language (`registerFirstWords`). */
const FIRST_MESSAGES: Partial<Record<Language, Partial<Messages>>> = {};

/** The loaded languages' messages; both once both are loaded. */
export const MESSAGES: Readonly<Record<Language, Messages>> = LOADED_MESSAGES as Record<Language, Messages>;

const LOADERS: Readonly<Record<Language, () => Promise<LanguageWords>>> = {
  en: async () => (await import('./strings-en')).WORDS_EN,
  fr: async () => (await import('./strings-fr')).WORDS_FR,
};

/** Makes a language's words available to `translate`, for a page that already holds them. */
export function registerLanguage(language: Language, words: LanguageWords): void {
  LOADED[language] = words;
  LOADED_MESSAGES[language] = words.messages;
  // The x.com page's words are among them: what pages and the sheet show of the page's speaks too.
  registerPageWords(language, words.messages);
}

/**
 * Makes the words of a page's first view available to `translate` before the rest of its language
 * (the popup draws with its own, `popup-words.ts`, then loads the rest); any other word of that
 * language fails loudly until `loadLanguage` brought it.
 */
export function registerFirstWords(language: Language, messages: Partial<Messages>): void {
  FIRST_MESSAGES[language] = messages;
}

/** Loads a language's words (once); a page awaits it before it draws. */
export async function loadLanguage(language: Language): Promise<void> {
  if (LOADED[language] === undefined) registerLanguage(language, await LOADERS[language]());
}

function wordsOf(language: Language): LanguageWords {
  const words = LOADED[language];
  if (words === undefined) throw new Error(`the ${language} words are not loaded (loadLanguage first)`);
  return words;
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translate(language: Language, key: MessageKey, params: MessageParams = {}): string {
  const message = LOADED[language]?.messages[key] ?? FIRST_MESSAGES[language]?.[key];
  if (message === undefined) throw new Error(`the ${language} word ${key} is not loaded (loadLanguage first)`);
  return fillMessage(message, params);
}

export function translator(language: Language): Translate {
  return (key, params) => translate(language, key, params);
}

/**
 * Words for an action's error in the page language, chosen by its code (`problem-messages.ts`):
 * the worker's and the background's English `message` is for logs, never shown.
 */
export function errorText(language: Language, error: { code: string; message: string }): string {
  return wordProblem(wordsOf(language).problems, error);
}
