import { browser } from 'wxt/browser';
import type { openPaySheet } from './pay-sheet';

/**
 * The pay sheet (its component, form checks and amount parser) is a chunk of its own that x.com
 * pages load on first use, not with the content script that every page runs. WXT bundles a
 * content script as one classic script, so the chunk is an unlisted script of the extension,
 * listed in `web_accessible_resources`, imported by its runtime URL; once evaluated it publishes
 * what it offers on the content script's global (the module runs in the same isolated world).
 */

/** The kind of the sheet's host (`data-hashpay="pay-sheet"`). */
export const PAY_SHEET_KIND = 'pay-sheet';

/** Where the build puts the chunk (`entrypoints/pay-sheet.ts`). */
export const PAY_SHEET_CHUNK_PATH = '/pay-sheet.js';

const CHUNK_GLOBAL = '__hashpayPaySheet';

export interface PaySheetChunk {
  openPaySheet: typeof openPaySheet;
}

/** Called by the chunk when it is evaluated. */
export function publishPaySheetChunk(chunk: PaySheetChunk): void {
  (globalThis as Record<string, unknown>)[CHUNK_GLOBAL] = chunk;
}

let loading: Promise<PaySheetChunk> | null = null;

/** The chunk, imported once per page; a failed import is tried again on the next click. */
export function loadPaySheetChunk(): Promise<PaySheetChunk> {
  loading ??= import(/* @vite-ignore */ browser.runtime.getURL(PAY_SHEET_CHUNK_PATH))
    .then(() => {
      const chunk = (globalThis as Record<string, unknown>)[CHUNK_GLOBAL] as PaySheetChunk | undefined;
      if (chunk === undefined || typeof chunk.openPaySheet !== 'function') {
        throw new Error(`${PAY_SHEET_CHUNK_PATH} did not publish the pay sheet`);
      }
      return chunk;
    })
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}
