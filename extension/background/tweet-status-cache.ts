import {
  type EditedAfterPayment,
  TWEET_IDS_PER_STATUS_CALL_MAX,
  type TweetStatusResponse,
} from '../../shared/contract/payments';

/**
 * Which tweets carry a settled payment, or were edited after their payment, as the worker said,
 * remembered so that scrolling the same timeline again asks nothing. A settled payment stays
 * settled, but its tweet may still be edited within X's 30-minute window: "settled" is asked
 * again after `SETTLED_TTL_MS`, "not settled" after `UNSETTLED_TTL_MS`. Lookups are batched by
 * `TWEET_IDS_PER_STATUS_CALL_MAX`, as the worker takes them.
 */

export const UNSETTLED_TTL_MS = 60_000;
export const SETTLED_TTL_MS = 5 * 60_000;
/** Entries kept; the oldest are forgotten first. Each is a few dozen bytes. */
export const TWEET_STATUS_ENTRIES_MAX = 5_000;

interface Entry {
  settled: boolean;
  /** What was paid, when the tweet was edited after its payment (then `settled` is false). */
  editedAfterPayment: EditedAfterPayment | null;
  checkedAtMs: number;
}

export interface TweetStatusCache {
  /** The status of `tweetIds`, asking `lookup` only about ids not known fresh. */
  statusAmong(
    tweetIds: readonly string[],
    lookup: (ids: string[]) => Promise<TweetStatusResponse>,
  ): Promise<TweetStatusResponse>;
  /** Records what the background learnt itself (a payment it confirmed). */
  markSettled(tweetIds: readonly string[]): void;
  /** Lookups sent so far (a diagnostic figure). */
  readonly lookupCount: number;
}

export function createTweetStatusCache(now: () => number = Date.now): TweetStatusCache {
  const entries = new Map<string, Entry>();
  let lookupCount = 0;

  function remember(tweetId: string, settled: boolean, editedAfterPayment: EditedAfterPayment | null = null): void {
    entries.delete(tweetId);
    entries.set(tweetId, { settled, editedAfterPayment, checkedAtMs: now() });
    while (entries.size > TWEET_STATUS_ENTRIES_MAX) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  function isFresh(entry: Entry | undefined): entry is Entry {
    if (entry === undefined) return false;
    const ttlMs = entry.settled || entry.editedAfterPayment !== null ? SETTLED_TTL_MS : UNSETTLED_TTL_MS;
    return now() - entry.checkedAtMs < ttlMs;
  }

  return {
    async statusAmong(tweetIds, lookup) {
      const unique = [...new Set(tweetIds)];
      const unknown = unique.filter((id) => !isFresh(entries.get(id)));
      for (let start = 0; start < unknown.length; start += TWEET_IDS_PER_STATUS_CALL_MAX) {
        const batch = unknown.slice(start, start + TWEET_IDS_PER_STATUS_CALL_MAX);
        lookupCount += 1;
        const answer = await lookup(batch);
        const settled = new Set(answer.settledTweetIds);
        const edited = new Map(answer.editedAfterPayment.map((entry) => [entry.tweetId, entry]));
        for (const id of batch) remember(id, settled.has(id), edited.get(id) ?? null);
      }
      return {
        settledTweetIds: unique.filter((id) => entries.get(id)?.settled === true),
        editedAfterPayment: unique.flatMap((id) => {
          const entry = entries.get(id)?.editedAfterPayment;
          return entry == null ? [] : [entry];
        }),
      };
    },
    markSettled(tweetIds) {
      for (const id of tweetIds) remember(id, true);
    },
    get lookupCount() {
      return lookupCount;
    },
  };
}
