import type { Browser } from 'wxt/browser';
import * as z from 'zod/mini';
import { assert } from '../../shared/assert';

/**
 * A public list the background keeps for pages (offers, verified organisations, open pots): the
 * same for everyone, so asking for it says nothing about the user. It is kept in `storage.local`
 * with its ETag, so a restarted service worker starts from the kept copy and asks the worker with
 * `If-None-Match` (an unchanged list costs a 304 with no body). A read refreshes a copy older
 * than it allows; the background's alarms refresh it when no page asks. When the worker cannot be reached, a
 * kept copy is answered as it is; with no copy at all, the failure is thrown.
 */

export type StorageArea = Pick<Browser.storage.StorageArea, 'get' | 'set'>;

/** The worker's answer to a conditional request for the list. */
export type ListAnswer<Item> = { changed: false } | { changed: true; etag: string | null; items: Item[] };

export interface CatalogueSpec<Item> {
  /** Where the copy is kept in `storage.local`; a new shape takes a new key. */
  storageKey: string;
  /** The kept copy's field holding the list (the copies of earlier versions keep their shape). */
  listField: string;
  /** One item as the worker answers it; a kept copy with an unreadable item is asked again. */
  itemSchema: z.core.$ZodType<Item>;
  /** Items kept and sent to pages; bounds a runaway list. */
  itemsMax: number;
  /** Asks the worker, conditionally on the ETag of the copy held (none: unconditionally). */
  fetchList(ifNoneMatch: string | null): Promise<ListAnswer<Item>>;
}

export interface Catalogue<Item> {
  /**
   * The kept list, refreshed first when it is older than `maxAgeMs` or marked stale. When the
   * worker cannot be reached, a kept list is answered as it is; with none, the failure is thrown.
   */
  items(maxAgeMs: number): Promise<Item[]>;
  /** Asks the worker now, conditionally on the kept ETag; concurrent calls share one request. */
  refresh(): Promise<Item[]>;
  /** The list is out of date: the next read asks the worker first. */
  markStale(): void;
  /** Requests sent to the worker so far (a diagnostic figure). */
  readonly requestCount: number;
}

export interface CatalogueOptions<Item> {
  storage: StorageArea;
  now?: () => number;
  /** Called with the list each time the kept copy is read from storage or replaced. */
  onKept?: (items: readonly Item[]) => void;
}

interface KeptCopy<Item> {
  etag: string | null;
  fetchedAtMs: number;
  items: Item[];
}

export function createCatalogue<Item>(spec: CatalogueSpec<Item>, options: CatalogueOptions<Item>): Catalogue<Item> {
  assert(Number.isInteger(spec.itemsMax) && spec.itemsMax > 0, 'a catalogue keeps a bounded number of items');
  const { storage } = options;
  const now = options.now ?? Date.now;
  const StoredSchema = z.object({
    etag: z.nullable(z.string()),
    fetchedAtMs: z.number().check(z.int(), z.nonnegative()),
    [spec.listField]: z.array(spec.itemSchema).check(z.maxLength(spec.itemsMax)),
  });
  let kept: KeptCopy<Item> | null | undefined;
  let stale = false;
  let refreshing: Promise<Item[]> | null = null;
  let requestCount = 0;

  function keep(copy: KeptCopy<Item> | null): KeptCopy<Item> | null {
    kept = copy;
    options.onKept?.(copy?.items ?? []);
    return copy;
  }

  async function load(): Promise<KeptCopy<Item> | null> {
    if (kept !== undefined) return kept;
    const stored = (await storage.get(spec.storageKey))[spec.storageKey];
    // A copy written by another version, or damaged, is dropped and fetched again.
    const parsed = z.safeParse(StoredSchema, stored);
    if (!parsed.success) return keep(null);
    // The schema above checked these three fields; its type cannot name a field chosen at run time.
    const copy = parsed.data as { etag: string | null; fetchedAtMs: number } & Record<string, unknown>;
    return keep({ etag: copy.etag, fetchedAtMs: copy.fetchedAtMs, items: copy[spec.listField] as Item[] });
  }

  async function fetchList(): Promise<Item[]> {
    const current = await load();
    requestCount += 1;
    // An ETag without the list it names is useless: ask unconditionally then.
    const answer = await spec.fetchList(current?.etag ?? null);
    let next: KeptCopy<Item>;
    if (!answer.changed) {
      assert(current !== null, 'a 304 answers a conditional request only');
      next = { ...current, fetchedAtMs: now() };
    } else {
      next = { etag: answer.etag, fetchedAtMs: now(), items: answer.items.slice(0, spec.itemsMax) };
    }
    keep(next);
    stale = false;
    await storage.set({
      [spec.storageKey]: { etag: next.etag, fetchedAtMs: next.fetchedAtMs, [spec.listField]: next.items },
    });
    return next.items;
  }

  function refresh(): Promise<Item[]> {
    refreshing ??= fetchList().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  return {
    async items(maxAgeMs) {
      assert(Number.isFinite(maxAgeMs) && maxAgeMs >= 0, 'an age in milliseconds');
      const copy = await load();
      if (copy !== null && !stale && now() - copy.fetchedAtMs < maxAgeMs) return copy.items;
      try {
        return await refresh();
      } catch (error) {
        if (copy === null) throw error;
        return copy.items;
      }
    },
    refresh,
    markStale() {
      stale = true;
    },
    get requestCount() {
      return requestCount;
    },
  };
}
