import { loadPageChunk, offersMethod, publishPageChunk } from './page-chunk';
import type { openPaySheet } from './pay-sheet';

/**
 * The pay sheet (its component, form checks and amount parser) is a chunk of its own that x.com
 * pages load on first use (`page-chunk.ts`), not with the content script that every page runs.
 */

/** The kind of the sheet's host (`data-hashpay="pay-sheet"`). */
export const PAY_SHEET_KIND = 'pay-sheet';

/** The chunk's name: the build puts it at `/pay-sheet.js` (`entrypoints/pay-sheet.ts`). */
export const PAY_SHEET_CHUNK = 'pay-sheet';

export interface PaySheetChunk {
  openPaySheet: typeof openPaySheet;
}

/** Called by the chunk when it is evaluated. */
export function publishPaySheetChunk(chunk: PaySheetChunk): void {
  publishPageChunk(PAY_SHEET_CHUNK, chunk);
}

/** The chunk, imported once per page; a failed import is tried again on the next click. */
export function loadPaySheetChunk(): Promise<PaySheetChunk> {
  return loadPageChunk(PAY_SHEET_CHUNK, offersMethod<PaySheetChunk>('openPaySheet'));
}
