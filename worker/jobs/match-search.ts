import type { Env } from '../env';
import { offerSearchStreams, type SearchStream } from '../offers/search-streams';
import { paymentsConfig } from '../payments/config';
import { matchTweets } from '../payments/match';
import { xClientFor } from '../payments/x';
import { tweetSourceOf } from '../stream/config';
import { fillDeliveryGap } from '../stream/gap';
import type { XClient } from '../x/client';
import { XError } from '../x/errors';
import { pollSearchStream } from '../x/search-stream';

/** The search stream of payment tweets; its `since_id` cursor lives in D1 under this name. */
export const PAYMENTS_SEARCH_STREAM = 'payments';

/** Thrown inside a round so the cursor stays put: the tweets X could not be asked about are found again. */
class RetryLater extends Error {}

type Totals = Record<
  'found' | 'matched' | 'ignored' | 'alreadyDecided' | 'unlinkedAuthors' | 'retryLater' | 'enrolled' | 'claimsRefused',
  number
>;

/**
 * With X's filtered stream as the source (`X_TWEET_SOURCE = "stream"`), search only fills a gap in
 * deliveries: see stream/gap.ts. Otherwise it polls, every run:
 *
 * Finds payment tweets and offer claims nobody reported: drafted tweets carry #Hashpay, hand-typed
 * commands mention the Hashpay account, claims carry a live offer's hashtag (streams of their own,
 * see `offerSearchStreams`). Tweets already decided are answered from D1, so a tweet the extension
 * reported is not read again. If X fails during a stream's round, its cursor does not move.
 */
export async function matchSearch(env: Env, nowMs: number): Promise<Record<string, number>> {
  if (tweetSourceOf(env) === 'stream') return fillDeliveryGap(env, nowMs);
  const { hashpayUsername } = paymentsConfig(env);
  const client = xClientFor(env);
  const streams: SearchStream[] = [
    { name: PAYMENTS_SEARCH_STREAM, query: `#Hashpay OR @${hashpayUsername}` },
    ...(await offerSearchStreams(env.DB, nowMs)),
  ];
  const totals: Totals = {
    found: 0,
    matched: 0,
    ignored: 0,
    alreadyDecided: 0,
    unlinkedAuthors: 0,
    retryLater: 0,
    enrolled: 0,
    claimsRefused: 0,
  };
  for (const stream of streams) {
    try {
      await pollStream(env, client, stream, totals, nowMs);
    } catch (error) {
      if (error instanceof RetryLater) continue;
      if (error instanceof XError && error.retryable) return { ...totals, xUnavailable: 1 };
      throw error;
    }
  }
  return totals;
}

async function pollStream(env: Env, client: XClient, stream: SearchStream, totals: Totals, nowMs: number) {
  await pollSearchStream(
    env.DB,
    client,
    stream,
    async (result) => {
      totals.found += result.tweets.length;
      const report = await matchTweets(env, result.tweets, 'search', nowMs, client);
      totals.matched += report.matched;
      totals.ignored += report.ignored;
      totals.alreadyDecided += report.alreadyDecided;
      totals.unlinkedAuthors += report.unlinkedAuthors;
      totals.retryLater += report.retryLater.length;
      totals.enrolled += report.enrolled;
      totals.claimsRefused += report.claimsRefused;
      if (report.retryLater.length > 0) throw new RetryLater();
    },
    nowMs,
  );
}
