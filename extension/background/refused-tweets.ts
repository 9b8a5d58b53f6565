import { type ReadableRefusal, ReadableRefusalSchema } from '../lib/readable-answers';
import { openAnswerWindow } from './confirmation-window';
import type { BackgroundContext } from './context';
import { whenLoaded } from './session-map';

/**
 * The user's tweets that moved none of their money, as the worker answered their reports: kept
 * in `storage.session` so the answer window reads its refusal after a restart of the service
 * worker, and the user's own pages mark those tweets "not paid". Bounded: the oldest go first.
 */

export const REFUSED_TWEETS_MAX = 100;

export function isReadableRefusal(value: unknown): value is ReadableRefusal {
  return ReadableRefusalSchema.safeParse(value).success;
}

function refusedTweetsOf(context: BackgroundContext): Map<string, ReadableRefusal> {
  context.refusedTweets ??= new Map();
  return context.refusedTweets;
}

/** A tweet whose intent failed at its match (above the balance, a limit): marked "not paid" too. */
export function rememberFailedTweet(context: BackgroundContext, tweetId: string, intentId: string): void {
  context.failedTweets ??= new Map();
  const failed = context.failedTweets;
  failed.delete(tweetId);
  failed.set(tweetId, intentId);
  while (failed.size > REFUSED_TWEETS_MAX) {
    const oldest = failed.keys().next().value;
    if (oldest === undefined) break;
    failed.delete(oldest);
  }
}

export function rememberRefusal(context: BackgroundContext, refusal: ReadableRefusal): void {
  const refused = refusedTweetsOf(context);
  refused.delete(refusal.tweetId);
  refused.set(refusal.tweetId, refusal);
  while (refused.size > REFUSED_TWEETS_MAX) {
    const oldest = refused.keys().next().value;
    if (oldest === undefined) break;
    refused.delete(oldest);
  }
}

export async function refusalOf(context: BackgroundContext, tweetId: string): Promise<ReadableRefusal | null> {
  const refused = refusedTweetsOf(context);
  await whenLoaded(refused);
  return refused.get(tweetId) ?? null;
}

/** Which of these tweets the worker answered as moving none of the user's money (refused or failed). */
export async function refusedTweetIdsAmong(context: BackgroundContext, tweetIds: readonly string[]): Promise<string[]> {
  const refused = refusedTweetsOf(context);
  context.failedTweets ??= new Map();
  const failed = context.failedTweets;
  await whenLoaded(refused);
  await whenLoaded(failed);
  return tweetIds.filter((id) => refused.has(id) || failed.has(id));
}

/**
 * Answers a refusal this browser learnt of without reporting the tweet (the history's reading):
 * kept like a report's, so the window can read it and the pages mark the tweet, and shown in the
 * answer window, unless a report of this browser already answered it (its window was opened then).
 */
export async function answerRefusalOnce(context: BackgroundContext, refusal: ReadableRefusal): Promise<boolean> {
  if ((await refusalOf(context, refusal.tweetId)) !== null) return false;
  rememberRefusal(context, refusal);
  await openAnswerWindow(context, refusal.tweetId);
  return true;
}
