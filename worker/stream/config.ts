import type { Env } from '../env';
import { recordXOutcomes } from '../ops/x-health';
import { paymentsConfig } from '../payments/config';
import { TWEET_FIELDS } from '../x/client';
import { xCredentials } from '../x/config';
import { XStreamClient } from '../x/stream-client';

/**
 * Where posted tweets come from:
 * - `stream` (the default): X's filtered stream delivers every post matching the rules to
 *   `/webhooks/x-stream`; the scheduled search only fills a gap in deliveries;
 * - `search`: recent search polled every minute, for deployments without filtered stream access.
 */
export type TweetSource = 'stream' | 'search';

export function tweetSourceOf(env: Env): TweetSource {
  return env.X_TWEET_SOURCE === 'search' ? 'search' : 'stream';
}

/**
 * With no delivery and no CRC check for this long, deliveries are taken to have stopped and the
 * search fills the gap. X checks the webhook's CRC about hourly, so a quiet stream also counts as
 * a gap: its search reads little, since quiet means few posts.
 */
export const STREAM_SILENCE_MAX_MS = 10 * 60 * 1000;
/**
 * With no signed delivery for this long, deliveries are taken to have stopped even if CRC checks
 * came meanwhile: a CRC request is not signed, so it may not hold the search off for longer than
 * X's own hourly check would.
 */
export const STREAM_UNDELIVERED_MAX_MS = 60 * 60 * 1000;

/** The path X delivers the filtered stream to, under the worker's origin. */
export const STREAM_WEBHOOK_PATH = '/webhooks/x-stream';

/**
 * What each delivered post carries, asked for when the stream is linked to the webhook (the same
 * query parameters as the streaming endpoint): the matcher's fields (author, edit history, creation
 * time, language, entities…), the edit controls, and the author expanded.
 */
export const STREAM_LINK_QUERY: Record<string, string> = {
  'tweet.fields': [...TWEET_FIELDS, 'edit_controls'].join(','),
  expansions: 'author_id',
  'user.fields': 'username',
};

export function streamClientFor(env: Env): XStreamClient {
  const { xRequestTimeoutMs } = paymentsConfig(env);
  return new XStreamClient({
    appBearer: xCredentials(env).appBearer,
    observe: recordXOutcomes(env.DB),
    ...(xRequestTimeoutMs === undefined ? {} : { timeoutMs: xRequestTimeoutMs }),
  });
}
