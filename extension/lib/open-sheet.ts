import type { Language } from '../../shared/language';

/**
 * The pay sheet open on a page, if any, as something the page's options can re-word: a language
 * chosen in the options while the sheet is open draws it again in that language, keeping what
 * was typed (the same component drawn again with new props keeps its state). One sheet per page.
 */

const openSheets = new WeakMap<Document, (language: Language) => void>();

/** Records the sheet just opened on `document`; the answer forgets it (call it on close). */
export function rememberOpenSheet(document: Document, reword: (language: Language) => void): () => void {
  openSheets.set(document, reword);
  return () => {
    if (openSheets.get(document) === reword) openSheets.delete(document);
  };
}

/** Draws the open sheet of `document` again in `language`; false when none is open. */
export function rewordOpenSheet(document: Document, language: Language): boolean {
  const reword = openSheets.get(document);
  if (reword === undefined) return false;
  reword(language);
  return true;
}
