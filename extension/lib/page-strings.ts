import type { Language } from '../../shared/language';
import { fillMessage, type MessageParams } from './message-fill';
import { PAGE_EN, type PageMessageKey } from './page-strings-en';
import { PAGE_FR } from './page-strings-fr';

export { fillMessage, type MessageParams, placeholdersOf } from './message-fill';
export { PAGE_EN, type PageMessageKey } from './page-strings-en';
export { PAGE_FR } from './page-strings-fr';

/**
 * The words the content script shows on x.com itself (buttons, pot progress, payment marks), in English and
 * French: all the content script loads. The sheet, the popup and the extension's pages take theirs
 * from `i18n.ts`, which includes these. Placeholders are `{name}`, filled as text, never as HTML.
 */

const PAGE_MESSAGES: Readonly<Record<Language, Readonly<Record<PageMessageKey, string>>>> = {
  en: PAGE_EN,
  fr: PAGE_FR,
};

/** A word of the x.com page in `language`. */
export function translatePage(language: Language, key: PageMessageKey, params: MessageParams = {}): string {
  return fillMessage(PAGE_MESSAGES[language][key], params);
}
