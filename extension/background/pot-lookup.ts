import { assert } from '../../shared/assert';
import type { Pot } from '../../shared/contract/pots';
import { isHashtag } from '../../shared/hashtag';
import { announcePotChanged } from '../lib/pot-events';
import { type WorkerApi, WorkerProblem } from './api';
import type { BackgroundContext } from './context';
import type { PotCatalogue } from './pot-catalogue';

/**
 * Pots and projects by hashtag, as the background asks the worker for the content script's
 * progress bars. Only the hashtags the catalogue of open pots names are asked about
 * (`pot-catalogue.ts`), and those of pots already answered (first asked while open, so their bar
 * can show how they ended): any other hashtag is answered "no pot" here, and the worker never
 * learns what the user reads. A timeline shows the same hashtags again and again: every answer is
 * kept a short while, and a kept pot is asked again with its ETag (an unchanged pot costs a 304
 * with no body). A contribution the user just confirmed makes its pot stale at once, so the next
 * look shows the new total. A listed pot the worker answers as gone (closed, decided, another
 * pot) makes the catalogue stale, so the next look brings the list up to date.
 */

/** A pot's total moves with each contribution: a copy this young is answered without asking. */
export const POT_FRESH_MS = 10_000;
/** Hashtags remembered; the oldest are forgotten first. Each entry is a few hundred bytes. */
export const POT_LOOKUP_ENTRIES_MAX = 1_000;

export interface PotLookup {
  /**
   * The pot or project carrying the hashtag (the open one, else the latest), or null when there
   * is none. A hashtag the catalogue does not list, and no pot was answered for, is null without
   * asking the worker. A fresh kept answer is given as it is; a stale one, or one about another
   * pot than the listed one, is revalidated. When the worker cannot be reached, a kept pot is
   * answered as it is; with nothing kept, the failure is thrown.
   */
  pot(hashtag: string, options?: { refresh?: boolean }): Promise<Pot | null>;
  /** Makes the kept answer for the hashtag stale: the next look asks the worker. */
  forget(hashtag: string): void;
  /** Requests sent to the worker so far (a diagnostic figure). */
  readonly requestCount: number;
}

export interface PotLookupOptions {
  api: Pick<WorkerApi, 'getPot'>;
  /** The open pots' hashtags: the only ones asked about for the first time. */
  catalogue: Pick<PotCatalogue, 'openPotId' | 'markStale'>;
  now?: () => number;
}

interface Entry {
  etag: string | null;
  pot: Pot | null;
  fetchedAtMs: number;
  stale: boolean;
}

/** Hashtags are compared as X does: without regard to case, in one Unicode form. */
export function hashtagKey(hashtag: string): string {
  return hashtag.normalize('NFC').toLowerCase();
}

export function createPotLookup(options: PotLookupOptions): PotLookup {
  const { api, catalogue } = options;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const asking = new Map<string, Promise<Pot | null>>();
  let requestCount = 0;

  function remember(key: string, entry: Entry): void {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > POT_LOOKUP_ENTRIES_MAX) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  function isFresh(entry: Entry): boolean {
    return !entry.stale && now() - entry.fetchedAtMs < POT_FRESH_MS;
  }

  async function ask(key: string, hashtag: string): Promise<Pot | null> {
    const kept = entries.get(key);
    // Only a kept pot has an ETag worth sending: a kept "none" is asked unconditionally.
    const etag = kept?.pot === null ? null : (kept?.etag ?? null);
    requestCount += 1;
    try {
      const answer = await api.getPot(hashtag, etag);
      if (!answer.changed) {
        assert(kept !== undefined && kept.pot !== null, 'a 304 answers a conditional request only');
        remember(key, { ...kept, fetchedAtMs: now(), stale: false });
        return kept.pot;
      }
      remember(key, { etag: answer.etag, pot: answer.pot, fetchedAtMs: now(), stale: false });
      return answer.pot;
    } catch (error) {
      if (error instanceof WorkerProblem && error.status === 404) {
        remember(key, { etag: null, pot: null, fetchedAtMs: now(), stale: false });
        return null;
      }
      if (kept?.pot != null) return kept.pot;
      throw error;
    }
  }

  /** One request for lookups of the same hashtag asked together. */
  function askOnce(key: string, hashtag: string): Promise<Pot | null> {
    let pending = asking.get(key);
    if (pending === undefined) {
      pending = ask(key, hashtag).finally(() => asking.delete(key));
      asking.set(key, pending);
    }
    return pending;
  }

  async function look(key: string, hashtag: string, refresh: boolean): Promise<Pot | null> {
    const kept = entries.get(key);
    let listedId: string | null;
    try {
      listedId = await catalogue.openPotId(hashtag);
    } catch (error) {
      // Without the list, a pot already answered is shown as kept; nothing else is asked.
      if (kept?.pot != null) return kept.pot;
      throw error;
    }
    if (listedId === null && kept?.pot == null) return null;
    // A kept "none" (the list was out of date then), or an earlier pot with this hashtag, while
    // the list names an open one: not believed over the list.
    const outdated = listedId !== null && kept?.pot?.id !== listedId;
    if (kept !== undefined && !refresh && !outdated && isFresh(kept)) return kept.pot;
    const pot = await askOnce(key, hashtag);
    if (listedId !== null && (pot === null || pot.id !== listedId || pot.state !== 'open')) catalogue.markStale();
    return pot;
  }

  return {
    pot(hashtag, { refresh = false } = {}) {
      assert(isHashtag(hashtag), 'a pot is looked up by a hashtag');
      return look(hashtagKey(hashtag), hashtag, refresh);
    },
    forget(hashtag) {
      const kept = entries.get(hashtagKey(hashtag));
      if (kept !== undefined) kept.stale = true;
    },
    get requestCount() {
      return requestCount;
    },
  };
}

/**
 * After the user's own contribution or pledge moved a pot: the kept answer goes stale and the open
 * tabs are told, so their bars ask again now. The announcement is not awaited: a tab that answers
 * late must not hold up the confirmation.
 */
export function potChanged(context: BackgroundContext, hashtag: string): void {
  context.pots?.forget(hashtag);
  void announcePotChanged(context.browser.tabs, hashtag);
}
