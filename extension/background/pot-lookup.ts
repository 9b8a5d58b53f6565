import { assert } from '../../shared/assert';
import type { Pot } from '../../shared/contract/pots';
import { isHashtag } from '../../shared/hashtag';
import { announcePotChanged } from '../lib/pot-events';
import { type WorkerApi, WorkerProblem } from './api';
import { ActionFailure, type BackgroundContext } from './context';

/**
 * Pots and projects by hashtag, as the background asks the worker for the content script's
 * progress bars. A timeline shows the same hashtags again and again, and most hashtags are not
 * pots: every answer is kept a short while, "no such pot" included, and a kept pot is asked
 * again with its ETag (an unchanged pot costs a 304 with no body). A contribution the user just
 * confirmed makes its pot stale at once, so the next look shows the new total.
 */

/** A pot's total moves with each contribution: a copy this young is answered without asking. */
export const POT_FRESH_MS = 10_000;
/** A hashtag that is no pot rarely becomes one: asked again after this long. */
export const POT_MISSING_FRESH_MS = 5 * 60_000;
/** Hashtags remembered; the oldest are forgotten first. Each entry is a few hundred bytes. */
export const POT_LOOKUP_ENTRIES_MAX = 1_000;

export interface PotLookup {
  /**
   * The pot or project carrying the hashtag (the open one, else the latest), or null when there
   * is none. A fresh kept answer is given as it is; a stale one is revalidated. When the worker
   * cannot be reached, a kept pot is answered as it is; with nothing kept, the failure is thrown.
   */
  pot(hashtag: string, options?: { refresh?: boolean }): Promise<Pot | null>;
  /** Makes the kept answer for the hashtag stale: the next look asks the worker. */
  forget(hashtag: string): void;
  /** Requests sent to the worker so far (a diagnostic figure). */
  readonly requestCount: number;
}

export interface PotLookupOptions {
  api: Pick<WorkerApi, 'getPot'>;
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
  const { api } = options;
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
    const freshMs = entry.pot === null ? POT_MISSING_FRESH_MS : POT_FRESH_MS;
    return !entry.stale && now() - entry.fetchedAtMs < freshMs;
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

  return {
    pot(hashtag, { refresh = false } = {}) {
      assert(isHashtag(hashtag), 'a pot is looked up by a hashtag');
      const key = hashtagKey(hashtag);
      const kept = entries.get(key);
      if (kept !== undefined && !refresh && isFresh(kept)) return Promise.resolve(kept.pot);
      let pending = asking.get(key);
      if (pending === undefined) {
        pending = ask(key, hashtag).finally(() => asking.delete(key));
        asking.set(key, pending);
      }
      return pending;
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

/** The context's lookup; a background built without one cannot answer about pots. */
export function requirePots(context: BackgroundContext): PotLookup {
  if (context.pots === undefined) throw new ActionFailure('unavailable', 'Pots are not available in this build.');
  return context.pots;
}
