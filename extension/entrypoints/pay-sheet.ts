import { registerLanguage } from '../lib/i18n';
import { openPaySheet } from '../lib/pay-sheet';
import { publishPaySheetChunk } from '../lib/pay-sheet-chunk';
import { WORDS_EN } from '../lib/strings-en';
import { WORDS_FR } from '../lib/strings-fr';

/** The pay sheet's chunk, imported by the content script on the first click (see `lib/pay-sheet-chunk.ts`). */
export default defineUnlistedScript(() => {
  // The sheet re-words itself when another language is chosen while it is open: both are here.
  registerLanguage('en', WORDS_EN);
  registerLanguage('fr', WORDS_FR);
  publishPaySheetChunk({ openPaySheet });
});
