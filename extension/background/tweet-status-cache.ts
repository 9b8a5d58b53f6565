import {
  type EditedAfterPayment,
  TWEET_IDS_PER_STATUS_CALL_MAX,
  type TweetStatusResponse,
} from '../../shared/contract/payments';

/**
 * Which tweets carry a settled payment, or were edited after their payment, as the worker said,
 * remembered so that scrolling the same timeline again asks nothing. Lookups are batched by
 * `TWEET_IDS_PER_STATUS_CALL_MAX`, as the worker takes them.
 *
 * A ✓ vouches only for a tweet that still states what was paid, and a tweet can be edited for 30
 * minutes after it was posted, so a remembered ✓ must not outlive an edit:
 * - a tweet still within X's edit window (its id says when it was posted) is asked again after
 *   `SETTLED_EDITABLE_TTL_MS`; once the window has passed, after `SETTLED_TTL_MS`;
 * - an answer saying any tweet was edited after its payment forgets every ✓ of a tweet still
 *   editable (the cache does not know which versions belong together; the worker does);
 * - a tweet the page shows as edited (its timestamp links to its edit history) is asked again
 *   whatever is remembered, unless asked within `EDITED_POST_RECHECK_MS`.
 * "Not settled" is asked again after `UNSETTLED_TTL_MS`.
 */

export const UNSETTLED_TTL_MS = 60_000;
export const SETTLED_TTL_MS = 5 * 60_000;
/** A settled tweet that may still be edited: its ✓ is confirmed this often. */
export const SETTLED_EDITABLE_TTL_MS = 15_000;
/** A tweet the page shows as edited is not asked about more often than this. */
export const EDITED_POST_RECHECK_MS = 2_000;
/** X lets a post be edited within this long of its posting. */
export const TWEET_EDIT_WINDOW_MS = 30 * 60_000;
/** Lookups of one question: the ids asked, then those an answer made the cache forget. */
const LOOKUP_PASSES_MAX = 2;
/** Entries kept; the oldest are forgotten first. Each is a few dozen bytes. */
export const TWEET_STATUS_ENTRIES_MAX = 5_000;

/** X's ids carry their creation time: milliseconds since this epoch, above the low 22 bits. */
const SNOWFLAKE_EPOCH_MS = 1_288_834_974_657n;
const SNOWFLAKE_TIME_SHIFT = 22n;

/** When X made this id (ids older than snowflakes, which predate edits, read as long ago). */
export function postedAtMsOf(tweetId: string): number {
  return Number((BigInt(tweetId) >> SNOWFLAKE_TIME_SHIFT) + SNOWFLAKE_EPOCH_MS);
}

/** Whether X may still let this tweet be edited (or an edit of it be edited again). */
export function mayStillBeEdited(tweetId: string, nowMs: number): boolean {
  return nowMs < postedAtMsOf(tweetId) + TWEET_EDIT_WINDOW_MS;
}

interface Entry {
  settled: boolean;
  /** What was paid, when the tweet was edited after its payment (then `settled` is false). */
  editedAfterPayment: EditedAfterPayment | null;
  checkedAtMs: number;
}

export interface TweetStatusCache {
  /**
   * The status of `tweetIds`, asking `lookup` only about ids not known fresh. `editedTweetIds`:
   * those the page shows as edited posts, whose remembered status is not trusted.
   */
  statusAmong(
    tweetIds: readonly string[],
    lookup: (ids: string[]) => Promise<TweetStatusResponse>,
    editedTweetIds?: readonly string[],
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

  function ttlMsOf(tweetId: string, entry: Entry): number {
    if (!entry.settled && entry.editedAfterPayment === null) return UNSETTLED_TTL_MS;
    return mayStillBeEdited(tweetId, now()) ? SETTLED_EDITABLE_TTL_MS : SETTLED_TTL_MS;
  }

  function isFresh(tweetId: string, shownEdited: boolean): boolean {
    const entry = entries.get(tweetId);
    if (entry === undefined) return false;
    const ttlMs = shownEdited ? Math.min(EDITED_POST_RECHECK_MS, ttlMsOf(tweetId, entry)) : ttlMsOf(tweetId, entry);
    return now() - entry.checkedAtMs < ttlMs;
  }

  /**
   * Some tweet was edited after its payment: any ✓ remembered from before that may belong to its
   * edit chain goes (`justAnswered`: ids the worker answered during this question, kept).
   */
  function forgetEditableSettled(justAnswered: ReadonlySet<string>): void {
    for (const [id, entry] of entries) {
      if (entry.settled && !justAnswered.has(id) && mayStillBeEdited(id, now())) entries.delete(id);
    }
  }

  return {
    async statusAmong(tweetIds, lookup, editedTweetIds = []) {
      const unique = [...new Set(tweetIds)];
      const shownEdited = new Set(editedTweetIds);
      let unknown = unique.filter((id) => !isFresh(id, shownEdited.has(id)));
      const asked = new Set<string>();
      // A second pass asks about the ✓ an answer made this cache forget among these very ids.
      for (let pass = 0; pass < LOOKUP_PASSES_MAX && unknown.length > 0; pass += 1) {
        for (let start = 0; start < unknown.length; start += TWEET_IDS_PER_STATUS_CALL_MAX) {
          const batch = unknown.slice(start, start + TWEET_IDS_PER_STATUS_CALL_MAX);
          lookupCount += 1;
          const answer = await lookup(batch);
          const settled = new Set(answer.settledTweetIds);
          const edited = new Map(answer.editedAfterPayment.map((entry) => [entry.tweetId, entry]));
          for (const id of batch) {
            asked.add(id);
            remember(id, settled.has(id), edited.get(id) ?? null);
          }
          if (edited.size > 0) forgetEditableSettled(asked);
        }
        unknown = unique.filter((id) => !entries.has(id));
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
