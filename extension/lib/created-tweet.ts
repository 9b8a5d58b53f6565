/**
 * Reading the id of a tweet the user just posted from x.com's own GraphQL answer. The web app
 * posts through `POST /i/api/graphql/<queryId>/CreateTweet` (or `CreateNoteTweet` for long
 * posts); the query id changes between releases, so only the operation name is matched.
 * The page-world script calls these on every response it sees; they must never throw.
 */

/** The message type the page-world script posts to the content script. */
export const CREATED_TWEET_MESSAGE_TYPE = 'hashpay:created-tweet:v1';
/** Tweet ids are 64-bit snowflakes: at most 19 decimal digits (20 for safety, no leading zero). */
const TWEET_ID_PATTERN = /^[1-9][0-9]{0,19}$/;
const CREATE_OPERATION_PATH = /\/i\/api\/graphql\/[A-Za-z0-9_-]+\/(CreateTweet|CreateNoteTweet)(?:[?#]|$)/;

export function isTweetId(value: unknown): value is string {
  return typeof value === 'string' && TWEET_ID_PATTERN.test(value);
}

/** Whether a request URL (absolute or relative) is a tweet-creating GraphQL operation. */
export function isCreateTweetUrl(url: string): boolean {
  try {
    return CREATE_OPERATION_PATH.test(new URL(url, 'https://x.com/').pathname);
  } catch {
    return false;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** What the page-world script read about a tweet the user just posted. */
export interface CreatedTweet {
  tweetId: string;
  /** The posted text, when the answer carries it (it does on x.com); null otherwise. */
  text: string | null;
}

/**
 * The new tweet's id and text in a CreateTweet or CreateNoteTweet answer
 * (`data.create_tweet.tweet_results.result.rest_id`, `data.notetweet_create.tweet_results.result.rest_id`),
 * or null for anything else (an error answer, another operation's shape).
 */
export function extractCreatedTweet(body: unknown): CreatedTweet | null {
  const data = field(body, 'data');
  for (const operation of ['create_tweet', 'notetweet_create']) {
    let result = field(field(field(data, operation), 'tweet_results'), 'result');
    // A tweet withheld or limited comes wrapped in `{ __typename: 'TweetWithVisibilityResults', tweet }`.
    if (field(result, 'rest_id') === undefined) result = field(result, 'tweet');
    const restId = field(result, 'rest_id');
    if (!isTweetId(restId)) continue;
    const noteText = field(field(field(field(result, 'note_tweet'), 'note_tweet_results'), 'result'), 'text');
    const text = noteText ?? field(field(result, 'legacy'), 'full_text');
    return { tweetId: restId, text: typeof text === 'string' ? text : null };
  }
  return null;
}

/**
 * Whether a posted text may be a payment: it carries `#Hashpay`, mentions `@hashpay` (a typed
 * command), or holds a reference code. Only such tweets are reported, so the worker does not
 * read (and pay X for) every tweet the user posts. The worker decides; this only filters.
 */
export function mightBePayment(text: string): boolean {
  return /#hashpay(?![A-Za-z0-9_])|@hashpay(?![A-Za-z0-9_])|HP-[0-9A-Z]{8}/i.test(text);
}

export interface CreatedTweetMessage {
  type: typeof CREATED_TWEET_MESSAGE_TYPE;
  tweetId: string;
  text: string | null;
}

/** Posted texts are at most 25 000 characters (long posts); anything longer is not one. */
const POSTED_TEXT_LENGTH_MAX = 25_000;

/**
 * Reads a `window.postMessage` payload as a created-tweet message. Any script of the page can
 * post one, so it is untrusted: only its shape is checked here, and the worker verifies the tweet
 * through the X API (it exists, the linked user wrote it) before anything happens.
 */
export function readCreatedTweetMessage(data: unknown): CreatedTweet | null {
  if (field(data, 'type') !== CREATED_TWEET_MESSAGE_TYPE) return null;
  const tweetId = field(data, 'tweetId');
  if (!isTweetId(tweetId)) return null;
  const text = field(data, 'text');
  const textOk = typeof text === 'string' && text.length <= POSTED_TEXT_LENGTH_MAX;
  return { tweetId, text: textOk ? text : null };
}
