import type { Browser } from 'wxt/browser';
import { POPUP_CACHE_STORAGE_KEY } from '../lib/popup-cache';

/**
 * What older versions kept in `storage.local` and this one keeps elsewhere or not at all, removed
 * when the extension is updated. The popup's last view moved to the popup's own `localStorage`
 * (`lib/popup-cache.ts`): left here, an account's history would outlive the sign-out that clears
 * the view where it is kept now.
 */
export const KEYS_OLDER_VERSIONS_KEPT: readonly string[] = [POPUP_CACHE_STORAGE_KEY];

export function forgetWhatOlderVersionsKept(
  area: Pick<Browser.storage.StorageArea, 'remove'>,
  details: { reason: string },
): Promise<void> {
  if (details.reason !== 'update') return Promise.resolve();
  return area.remove([...KEYS_OLDER_VERSIONS_KEPT]);
}
