import type { Language } from '../../shared/language';

/**
 * Content negotiation for receipts: a person's browser asks for `text/html` first and gets a
 * page; a program (no Accept, `*\/*`, `application/json`) gets the signed JSON it always got.
 * Only what the header states decides: an Accept that prefers HTML strictly over JSON (by q, then
 * by order) is a browser.
 */

/** Header values longer than this are not parsed (a browser's are a few hundred characters). */
const NEGOTIATED_HEADER_LENGTH_MAX = 2_000;
/** Entries read from one header; the rest are ignored. */
const NEGOTIATED_ENTRIES_MAX = 32;

interface Preference {
  value: string;
  q: number;
  index: number;
}

/** `a;q=0.5, b` → entries with their weight (q defaults to 1; a bad q counts as 0). */
function preferences(header: string | undefined): Preference[] {
  if (header === undefined || header.length > NEGOTIATED_HEADER_LENGTH_MAX) return [];
  return header
    .split(',')
    .slice(0, NEGOTIATED_ENTRIES_MAX)
    .map((entry, index) => {
      const [rawValue = '', ...params] = entry.split(';');
      let q = 1;
      for (const param of params) {
        const [name, weight] = param.split('=').map((part) => part.trim());
        if (name?.toLowerCase() !== 'q') continue;
        q = weight !== undefined && /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(weight) ? Number(weight) : 0;
      }
      return { value: rawValue.trim().toLowerCase(), q, index };
    })
    .filter((preference) => preference.value !== '' && preference.q > 0);
}

function weightOf(accepted: readonly Preference[], type: string): Preference | null {
  return accepted.find((preference) => preference.value === type) ?? null;
}

/** True when the Accept header names `text/html` and prefers it to `application/json`. */
export function prefersHtml(accept: string | undefined): boolean {
  const accepted = preferences(accept);
  const html = weightOf(accepted, 'text/html');
  if (html === null) return false;
  const json = weightOf(accepted, 'application/json');
  if (json === null) return true;
  return html.q > json.q || (html.q === json.q && html.index < json.index);
}

/** French when the reader's first language with a page is French, English otherwise. */
export function receiptLanguage(acceptLanguage: string | undefined): Language {
  const ranked = preferences(acceptLanguage).sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { value } of ranked) {
    const primary = value.split('-')[0];
    if (primary === 'fr') return 'fr';
    if (primary === 'en') return 'en';
  }
  return 'en';
}
