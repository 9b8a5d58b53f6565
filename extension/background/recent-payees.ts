import type { Browser } from 'wxt/browser';
import { isHandle } from '../../shared/handle';
import { type Currency, isCurrency } from '../../shared/money';

/**
 * The people the linked user drafted payments to, newest first, each with the currency of the
 * last draft: the sheet offers them as payees and starts in that currency. Kept in
 * `storage.local` under the X user id that drafted them, so another account linked later starts
 * with none. Handles are only names for the sheet: the worker resolves every payee through X.
 */

export const RECENT_PAYEES_STORAGE_KEY = 'hashpay.recent-payees.v1';
/** Enough for a short list in the sheet; older ones drop off. */
export const RECENT_PAYEES_MAX = 8;

export interface RecentPayee {
  handle: string;
  currency: Currency;
}

export interface RecentPayees {
  list(ownerXUserId: string): Promise<RecentPayee[]>;
  /** Puts the payee first (once, whatever the case of the handle), with this draft's currency. */
  remember(ownerXUserId: string, payee: RecentPayee): Promise<void>;
}

type StorageArea = Pick<Browser.storage.StorageArea, 'get' | 'set'>;

interface Stored {
  owner: string;
  payees: RecentPayee[];
}

function readStored(value: unknown, ownerXUserId: string): RecentPayee[] {
  if (typeof value !== 'object' || value === null) return [];
  const stored = value as Partial<Stored>;
  if (stored.owner !== ownerXUserId || !Array.isArray(stored.payees)) return [];
  return stored.payees
    .filter(
      (payee): payee is RecentPayee =>
        typeof payee === 'object' &&
        payee !== null &&
        typeof payee.handle === 'string' &&
        isHandle(payee.handle) &&
        isCurrency(payee.currency),
    )
    .slice(0, RECENT_PAYEES_MAX);
}

export function createRecentPayees(area: StorageArea): RecentPayees {
  async function list(ownerXUserId: string): Promise<RecentPayee[]> {
    return readStored((await area.get(RECENT_PAYEES_STORAGE_KEY))[RECENT_PAYEES_STORAGE_KEY], ownerXUserId);
  }
  return {
    list,
    async remember(ownerXUserId, payee) {
      if (!isHandle(payee.handle) || !isCurrency(payee.currency)) throw new TypeError('not a payee');
      const others = (await list(ownerXUserId)).filter(
        (known) => known.handle.toLowerCase() !== payee.handle.toLowerCase(),
      );
      const stored: Stored = { owner: ownerXUserId, payees: [payee, ...others].slice(0, RECENT_PAYEES_MAX) };
      await area.set({ [RECENT_PAYEES_STORAGE_KEY]: stored });
    },
  };
}
