import type { Balance } from '../../shared/contract/balances';
import type { UserView } from '../../shared/contract/identity';
import type { ReadableIntent } from './readable-answers';

/**
 * The popup's last complete view: painted at once when the popup opens, then replaced by the
 * worker's answers, and shown with a banner when the worker cannot be reached. It holds what the
 * popup showed (account, balances, first page of history) and never the session token. A value of
 * another version or shape is ignored.
 *
 * The popup keeps it in the extension's `localStorage` (`localStorageArea`), which it reads without
 * a round trip to the browser. Only the extension's own pages can read it: the content scripts,
 * which run in x.com's origin, cannot (they can read `storage.local`).
 */

export const POPUP_CACHE_STORAGE_KEY = 'hashpay.popup-view';
export const POPUP_CACHE_VERSION = 1;
/** The cached history keeps the first page only: a glance, not an archive. */
export const CACHED_HISTORY_ROWS_MAX = 20;

export interface PopupView {
  user: UserView;
  balances: Balance[];
  awaiting: ReadableIntent[];
  history: ReadableIntent[];
  /** When the view was read from the worker (ms since the epoch). */
  savedAtMs: number;
}

export interface PopupCache {
  read(): Promise<PopupView | null>;
  write(view: PopupView): Promise<void>;
  clear(): Promise<void>;
}

export interface CacheArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

function isPopupView(value: unknown): value is PopupView {
  if (typeof value !== 'object' || value === null) return false;
  const view = value as Record<string, unknown>;
  const user = view.user as Record<string, unknown> | null;
  return (
    typeof user === 'object' &&
    user !== null &&
    typeof user.username === 'string' &&
    typeof user.xUserId === 'string' &&
    Array.isArray(view.balances) &&
    Array.isArray(view.awaiting) &&
    Array.isArray(view.history) &&
    typeof view.savedAtMs === 'number'
  );
}

export function createPopupCache(area: CacheArea): PopupCache {
  return {
    async read() {
      const stored = (await area.get(POPUP_CACHE_STORAGE_KEY))[POPUP_CACHE_STORAGE_KEY] as
        | { version?: unknown; view?: unknown }
        | undefined;
      if (stored?.version !== POPUP_CACHE_VERSION || !isPopupView(stored.view)) return null;
      return stored.view;
    },
    async write(view) {
      const trimmed = { ...view, history: view.history.slice(0, CACHED_HISTORY_ROWS_MAX) };
      await area.set({ [POPUP_CACHE_STORAGE_KEY]: { version: POPUP_CACHE_VERSION, view: trimmed } });
    },
    async clear() {
      await area.remove(POPUP_CACHE_STORAGE_KEY);
    },
  };
}

/**
 * The extension's `localStorage` as a cache area, values as JSON. Keeping the view is a head
 * start, never a need: a value that does not parse, or a read the browser refuses, reads as none,
 * and a write it refuses (its quota) leaves none.
 */
export function localStorageArea(local: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): CacheArea {
  return {
    async get(key) {
      try {
        const text = local.getItem(key);
        return text === null ? {} : { [key]: JSON.parse(text) as unknown };
      } catch {
        // Not JSON, or storage refused: the popup waits for the worker, as on its first opening.
        return {};
      }
    },
    async set(items) {
      for (const [key, value] of Object.entries(items)) {
        try {
          local.setItem(key, JSON.stringify(value));
        } catch {
          // Over the quota: no older value stays in its place; the next opening waits for the worker.
          local.removeItem(key);
        }
      }
    },
    async remove(key) {
      local.removeItem(key);
    },
  };
}

/** A cache that keeps nothing, for pages and tests without storage. */
export const NO_POPUP_CACHE: PopupCache = {
  read: async () => null,
  write: async () => {},
  clear: async () => {},
};
