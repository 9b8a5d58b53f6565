import { describe, expect, it } from 'vitest';
import {
  createTweetStatusCache,
  EDITED_POST_RECHECK_MS,
  mayStillBeEdited,
  postedAtMsOf,
  SETTLED_EDITABLE_TTL_MS,
  SETTLED_TTL_MS,
  TWEET_EDIT_WINDOW_MS,
} from '../../extension/background/tweet-status-cache';
import type { EditedAfterPayment, TweetStatusResponse } from '../../shared/contract/payments';

// The background's memory of tweet statuses never keeps a ✓ past an edit: short-lived while a tweet
// may still be edited, forgotten when the worker says a tweet was edited after its payment, and
// not trusted for a tweet the page shows as edited.

const SNOWFLAKE_EPOCH_MS = 1_288_834_974_657n;

/** The id X would give a tweet posted at `ms` (the low 22 bits: `sequence`). */
function idPostedAt(ms: number, sequence = 0): string {
  return (((BigInt(ms) - SNOWFLAKE_EPOCH_MS) << 22n) + BigInt(sequence)).toString();
}

const START_MS = Date.parse('2026-03-01T12:00:00Z');

function paidFor(tweetId: string): EditedAfterPayment {
  return { tweetId, amountMinor: 1_250, currency: 'EUR', payeeUsername: 'bob', potHashtag: null };
}

/** A worker whose answers the test sets, counting the ids it is asked about. */
function fakeWorker() {
  const state = { settled: new Set<string>(), edited: new Set<string>(), asked: [] as string[][] };
  const lookup = async (ids: string[]): Promise<TweetStatusResponse> => {
    state.asked.push(ids);
    return {
      settledTweetIds: ids.filter((id) => state.settled.has(id)),
      editedAfterPayment: ids.filter((id) => state.edited.has(id)).map(paidFor),
    };
  };
  return { state, lookup };
}

describe('the time a tweet id carries', () => {
  it('is read from the id, as X makes them', () => {
    // The focal tweet of the saved x.com status page: its `time` says 2024-11-01T11:27:13.000Z.
    expect(new Date(postedAtMsOf('1852311426666537322')).toISOString()).toMatch(/^2024-11-01T11:27:13\./u);
    expect(postedAtMsOf(idPostedAt(START_MS, 4_000))).toBe(START_MS);
  });

  it('says whether X may still let the tweet be edited', () => {
    const id = idPostedAt(START_MS);
    expect(mayStillBeEdited(id, START_MS + TWEET_EDIT_WINDOW_MS - 1)).toBe(true);
    expect(mayStillBeEdited(id, START_MS + TWEET_EDIT_WINDOW_MS)).toBe(false);
    // Ids from before snowflakes (before edits existed) read as long ago.
    expect(mayStillBeEdited('20', START_MS)).toBe(false);
  });
});

describe('a remembered ✓', () => {
  it('of a tweet that may still be edited is asked again soon; after the edit window, rarely', async () => {
    let clockMs = START_MS;
    const cache = createTweetStatusCache(() => clockMs);
    const { state, lookup } = fakeWorker();
    const fresh = idPostedAt(START_MS - 60_000);
    const old = idPostedAt(START_MS - 2 * TWEET_EDIT_WINDOW_MS);
    state.settled = new Set([fresh, old]);
    expect((await cache.statusAmong([fresh, old], lookup)).settledTweetIds).toEqual([fresh, old]);
    expect(state.asked).toEqual([[fresh, old]]);

    clockMs += SETTLED_EDITABLE_TTL_MS - 1;
    await cache.statusAmong([fresh, old], lookup);
    expect(state.asked).toHaveLength(1);

    // Edited meanwhile: the worker now says so, and the ✓ is gone at the next question.
    state.settled.delete(fresh);
    state.edited.add(fresh);
    clockMs += 1;
    const answer = await cache.statusAmong([fresh, old], lookup);
    expect(state.asked.at(-1)).toEqual([fresh]);
    expect(answer).toEqual({ settledTweetIds: [old], editedAfterPayment: [paidFor(fresh)] });

    clockMs = START_MS + SETTLED_TTL_MS - 1;
    const asksBefore = state.asked.length;
    await cache.statusAmong([old], lookup);
    expect(state.asked).toHaveLength(asksBefore);
    clockMs += 1;
    await cache.statusAmong([old], lookup);
    expect(state.asked.at(-1)).toEqual([old]);
  });

  it('is forgotten at once when the worker says another version was edited after payment', async () => {
    const clockMs = START_MS;
    const cache = createTweetStatusCache(() => clockMs);
    const { state, lookup } = fakeWorker();
    const first = idPostedAt(START_MS - 60_000);
    const edit = idPostedAt(START_MS - 1_000);
    const elsewhere = idPostedAt(START_MS - 3 * TWEET_EDIT_WINDOW_MS);
    state.settled = new Set([first, elsewhere]);
    await cache.statusAmong([first, elsewhere], lookup);

    // The payer edits: every version of the chain now reads "edited after payment".
    state.settled.delete(first);
    state.edited = new Set([first, edit]);
    const onEdit = await cache.statusAmong([edit], lookup);
    expect(onEdit.editedAfterPayment).toEqual([paidFor(edit)]);

    // The first version's ✓, remembered a moment ago, is asked about again rather than answered.
    const onFirst = await cache.statusAmong([first, elsewhere], lookup);
    expect(onFirst).toEqual({ settledTweetIds: [elsewhere], editedAfterPayment: [paidFor(first)] });
    // A tweet past its edit window cannot be the one edited: its ✓ stays remembered.
    expect(state.asked.at(-1)).toEqual([first]);
  });

  it('among the very ids asked is asked again in the same question', async () => {
    const cache = createTweetStatusCache(() => START_MS);
    const { state, lookup } = fakeWorker();
    const first = idPostedAt(START_MS - 60_000);
    const edit = idPostedAt(START_MS - 1_000);
    state.settled = new Set([first]);
    await cache.statusAmong([first], lookup);
    state.settled.clear();
    state.edited = new Set([first, edit]);

    const answer = await cache.statusAmong([first, edit], lookup);

    expect(state.asked.slice(1)).toEqual([[edit], [first]]);
    expect(answer).toEqual({ settledTweetIds: [], editedAfterPayment: [paidFor(first), paidFor(edit)] });
  });

  it('of a tweet the page shows as edited is not trusted beyond a moment', async () => {
    let clockMs = START_MS;
    const cache = createTweetStatusCache(() => clockMs);
    const { state, lookup } = fakeWorker();
    // Past its edit window by its id, so only the page's sign can make it asked again.
    const post = idPostedAt(START_MS - 2 * TWEET_EDIT_WINDOW_MS);
    state.settled = new Set([post]);
    await cache.statusAmong([post], lookup);
    await cache.statusAmong([post], lookup, [post]);
    expect(state.asked).toHaveLength(1);

    state.settled.clear();
    state.edited.add(post);
    clockMs += EDITED_POST_RECHECK_MS;
    await cache.statusAmong([post], lookup);
    expect(state.asked).toHaveLength(1);
    const answer = await cache.statusAmong([post], lookup, [post]);
    expect(state.asked).toHaveLength(2);
    expect(answer).toEqual({ settledTweetIds: [], editedAfterPayment: [paidFor(post)] });
  });
});
