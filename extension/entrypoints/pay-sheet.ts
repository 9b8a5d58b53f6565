import { openPaySheet } from '../lib/pay-sheet';
import { publishPaySheetChunk } from '../lib/pay-sheet-chunk';

/** The pay sheet's chunk, imported by the content script on the first click (see `lib/pay-sheet-chunk.ts`). */
export default defineUnlistedScript(() => {
  publishPaySheetChunk({ openPaySheet });
});
