import { TWEET_IDS_PER_STATUS_CALL_MAX } from '../../shared/contract/payments';

/**
 * Which tweets carry a settled payment, as the worker said, remembered so that scrolling the same
 * timeline again asks nothing. A settled payment stays settled, so "settled" is kept until the
 * cache is full; "not settled" is asked again after `UNSETTLED_TTL_MS`. Lookups are batched by
 * `TWEET_IDS_PER_STATUS_CALL_MAX`, as the worker takes them.
 */

export const UNSETTLED_TTL_MS = 60_000;
/** Entries kept; the oldest are forgotten first. Each is a few dozen bytes. */
export const TWEET_STATUS_ENTRIES_MAX = 5_000;

interface Entry {
  settled: boolean;
  checkedAtMs: number;
}

export interface TweetStatusCache {
  /** The settled ones among `tweetIds`, asking `lookup` only about ids not known fresh. */
  settledAmong(tweetIds: readonly string[], lookup: (ids: string[]) => Promise<string[]>): Promise<string[]>;
  /** Records what the background learnt itself (a payment it confirmed). */
  markSettled(tweetIds: readonly string[]): void;
  /** Lookups sent so far (a diagnostic figure). */
  readonly lookupCount: number;
}

export function createTweetStatusCache(now: () => number = Date.now): TweetStatusCache {
  const entries = new Map<string, Entry>();
  let lookupCount = 0;

  function remember(tweetId: string, settled: boolean): void {
    entries.delete(tweetId);
    entries.set(tweetId, { settled, checkedAtMs: now() });
    while (entries.size > TWEET_STATUS_ENTRIES_MAX) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  function isFresh(entry: Entry | undefined): entry is Entry {
    return entry !== undefined && (entry.settled || now() - entry.checkedAtMs < UNSETTLED_TTL_MS);
  }

  return {
    async settledAmong(tweetIds, lookup) {
      const unique = [...new Set(tweetIds)];
      const unknown = unique.filter((id) => !isFresh(entries.get(id)));
      for (let start = 0; start < unknown.length; start += TWEET_IDS_PER_STATUS_CALL_MAX) {
        const batch = unknown.slice(start, start + TWEET_IDS_PER_STATUS_CALL_MAX);
        lookupCount += 1;
        const settled = new Set(await lookup(batch));
        for (const id of batch) remember(id, settled.has(id));
      }
      return unique.filter((id) => entries.get(id)?.settled === true);
    },
    markSettled(tweetIds) {
      for (const id of tweetIds) remember(id, true);
    },
    get lookupCount() {
      return lookupCount;
    },
  };
}
