import { TwitterApi } from 'twitter-api-v2';
import type { z } from 'zod';
import { log } from '../log';
import { toXError, XError } from './errors';
import {
  tweetFromWire,
  X_HANDLE_PATTERN,
  X_ID_PATTERN,
  XSearchResponseSchema,
  type XTweet,
  XTweetLookupResponseSchema,
  type XUser,
  XUserResponseSchema,
} from './schemas';
import { abortAfterPlugin, withTimeout } from './timeout';

/** X's own limit for `GET /2/tweets?ids=`. */
export const TWEET_IDS_PER_LOOKUP_MAX = 100;
/** X's largest page for recent search. */
export const SEARCH_RESULTS_PER_PAGE_MAX = 100;
/** Pages one search call reads before it stops (bounds the cost of one scheduled round). */
export const SEARCH_PAGES_MAX = 10;
/** The bound of every call to X unless the client is built with another. */
export const X_REQUEST_TIMEOUT_DEFAULT_MS = 10_000;

/** The tweet fields every lookup and search asks for: what matching a payment or an offer needs. */
export const TWEET_FIELDS = [
  'author_id',
  'created_at',
  'entities',
  'edit_history_tweet_ids',
  'referenced_tweets',
  'conversation_id',
  // The language X detected: one way the payer's amounts are read (`1,000` vs `1.000`).
  'lang',
] as const;

/** What one call to X came to, for the logs and /health. */
export interface XCallOutcome {
  operation: string;
  durationMs: number;
  /** Null when X answered what we asked. */
  error: XError | null;
}

/** Told of every call's outcome; its own failures never fail the call. */
export type XCallObserver = (outcome: XCallOutcome) => Promise<void>;

export interface XClientOptions {
  /** The app's bearer token (app-only auth: lookups and search). */
  appBearer: string;
  timeoutMs?: number;
  searchPagesMax?: number;
  nowMs?: () => number;
  observe?: XCallObserver;
}

export interface TweetLookup {
  tweets: XTweet[];
  /** Requested ids X did not return: deleted, never existed, or not visible to the app. */
  missingIds: string[];
  /** Why, for the missing ids X explained (its `errors` items): see `unavailableReason`. */
  unavailable: Record<string, TweetUnavailable>;
}

export type UserAbsence = 'not-found' | 'suspended';

/** `protected`: the author's account is protected (X's not-authorized error); `not-found`: deleted or never posted. */
export type TweetUnavailable = 'protected' | 'not-found';

/** X's problem type for a resource the app may not see (a protected account's posts). */
const NOT_AUTHORIZED_TYPE = 'https://api.twitter.com/2/problems/not-authorized-for-resource';

function unavailableReason(type: string | undefined): TweetUnavailable {
  return type === NOT_AUTHORIZED_TYPE ? 'protected' : 'not-found';
}

export interface SearchResult {
  /** Newest first, as X sends them. */
  tweets: XTweet[];
  /** The id to pass as `sinceId` next time; the given `sinceId` when nothing new came. */
  newestId: string | null;
  /** The oldest id read (null when none): a truncated round left unread what is older. */
  oldestId: string | null;
  /** True when more pages remained after `searchPagesMax`. */
  truncated: boolean;
}

/**
 * The worker's read access to X on twitter-api-v2 (production code in every mode: in local runs
 * and tests, api.x.com is routed to the sandbox). Every call is bounded by `timeoutMs`, answers
 * are checked against our schemas, and every failure is an XError.
 */
export class XClient {
  private readonly api: TwitterApi;
  private readonly timeoutMs: number;
  private readonly searchPagesMax: number;
  private readonly nowMs: () => number;
  private readonly observe: XCallObserver | undefined;

  constructor(options: XClientOptions) {
    this.observe = options.observe;
    if (!options.appBearer) throw new Error('XClient: an app bearer token is required');
    this.timeoutMs = options.timeoutMs ?? X_REQUEST_TIMEOUT_DEFAULT_MS;
    this.api = new TwitterApi(options.appBearer, { plugins: [abortAfterPlugin(this.timeoutMs)] });
    this.searchPagesMax = options.searchPagesMax ?? SEARCH_PAGES_MAX;
    this.nowMs = options.nowMs ?? Date.now;
    if (!(this.timeoutMs > 0)) throw new Error('XClient: timeoutMs must be positive');
    if (!(this.searchPagesMax >= 1)) throw new Error('XClient: searchPagesMax must be at least 1');
  }

  /** Looks tweets up by id, in requests of at most TWEET_IDS_PER_LOOKUP_MAX ids. Duplicates are asked once. */
  async lookupTweets(ids: readonly string[]): Promise<TweetLookup> {
    const unique = [...new Set(ids)];
    for (const id of unique) {
      if (!X_ID_PATTERN.test(id)) throw new XError('rejected', `lookupTweets: not a tweet id: ${JSON.stringify(id)}`);
    }
    const tweets: XTweet[] = [];
    const unavailable: Record<string, TweetUnavailable> = {};
    for (let start = 0; start < unique.length; start += TWEET_IDS_PER_LOOKUP_MAX) {
      const batch = unique.slice(start, start + TWEET_IDS_PER_LOOKUP_MAX);
      const body = await this.call('lookupTweets', XTweetLookupResponseSchema, () =>
        this.api.v2.tweets(batch, { 'tweet.fields': [...TWEET_FIELDS] }),
      );
      const asked = new Set(batch);
      for (const wire of body.data ?? []) {
        // A tweet we did not ask for would be matched against someone else's intent.
        if (!asked.has(wire.id)) throw new XError('malformed', `lookupTweets: X returned tweet ${wire.id}, not asked`);
        tweets.push(tweetFromWire(wire));
      }
      for (const error of body.errors ?? []) {
        const id = error.resource_id ?? error.value;
        if (id !== undefined && asked.has(id)) unavailable[id] = unavailableReason(error.type);
      }
    }
    const found = new Set(tweets.map((tweet) => tweet.id));
    const missingIds = unique.filter((id) => !found.has(id));
    return {
      tweets,
      missingIds,
      unavailable: Object.fromEntries(missingIds.map((id) => [id, unavailable[id] ?? 'not-found'])),
    };
  }

  /** The X user of a handle (with or without `@`), or null when X knows no such user (or suspended it). */
  async userByUsername(handle: string): Promise<XUser | null> {
    const account = await this.accountByUsername(handle);
    return 'user' in account ? account.user : null;
  }

  /**
   * The X user of a handle, or why X gave none: `suspended` (X's `Forbidden` item, "User has been
   * suspended"), else `not-found` (never existed, or deactivated: X answers both alike).
   */
  async accountByUsername(
    handle: string,
    options: { withPicture?: boolean } = {},
  ): Promise<{ user: XUser } | { absent: UserAbsence }> {
    const username = handle.startsWith('@') ? handle.slice(1) : handle;
    if (!X_HANDLE_PATTERN.test(username)) {
      throw new XError('rejected', `userByUsername: not an X handle: ${JSON.stringify(handle)}`);
    }
    // The picture only when asked: X sends it as `profile_image_url`, for `user.fields` naming it.
    const fields = options.withPicture ? { 'user.fields': ['profile_image_url' as const] } : undefined;
    const body = await this.call('userByUsername', XUserResponseSchema, () =>
      this.api.v2.userByUsername(username, fields),
    );
    if (body.data !== undefined) return { user: body.data };
    const suspended = (body.errors ?? []).some(
      (error) => error.title === 'Forbidden' || /suspended/i.test(error.detail ?? ''),
    );
    return { absent: suspended ? 'suspended' : 'not-found' };
  }

  /**
   * Recent search for tweets newer than `sinceId` (or created at `startTime` or later), following
   * `next_token` for at most `searchPagesMax` pages.
   */
  async searchRecent({
    query,
    sinceId,
    untilId,
    startTime,
  }: {
    query: string;
    sinceId?: string | null;
    untilId?: string | null;
    /** ISO 8601 (X's `start_time`); ignored by X when `sinceId` is given, so never sent with it. */
    startTime?: string | null;
  }): Promise<SearchResult> {
    for (const id of [sinceId, untilId]) {
      if (id != null && !X_ID_PATTERN.test(id)) {
        throw new XError('rejected', `searchRecent: not a tweet id: ${JSON.stringify(id)}`);
      }
    }
    if (query.trim() === '') throw new XError('rejected', 'searchRecent: the query is empty');
    const tweets: XTweet[] = [];
    let newestId: bigint | null = sinceId ? BigInt(sinceId) : null;
    let oldestId: bigint | null = null;
    let nextToken: string | undefined;
    for (let page = 0; page < this.searchPagesMax; page += 1) {
      const body = await this.call('searchRecent', XSearchResponseSchema, () =>
        this.api.v2.get('tweets/search/recent', {
          query,
          max_results: SEARCH_RESULTS_PER_PAGE_MAX,
          'tweet.fields': TWEET_FIELDS.join(','),
          ...(sinceId ? { since_id: sinceId } : {}),
          ...(untilId ? { until_id: untilId } : {}),
          ...(startTime && !sinceId ? { start_time: startTime } : {}),
          ...(nextToken ? { next_token: nextToken } : {}),
        }),
      );
      for (const wire of body.data ?? []) {
        tweets.push(tweetFromWire(wire));
        const id = BigInt(wire.id);
        if (newestId === null || id > newestId) newestId = id;
        if (oldestId === null || id < oldestId) oldestId = id;
      }
      nextToken = body.meta.next_token;
      const ids = { newestId: newestId?.toString() ?? null, oldestId: oldestId?.toString() ?? null };
      if (!nextToken) return { tweets, ...ids, truncated: false };
    }
    return { tweets, newestId: newestId?.toString() ?? null, oldestId: oldestId?.toString() ?? null, truncated: true };
  }

  /** One bounded request whose answer must match `schema`; every failure becomes an XError. */
  private async call<Schema extends z.ZodType>(
    operation: string,
    schema: Schema,
    request: () => Promise<unknown>,
  ): Promise<z.infer<Schema>> {
    return xCall(operation, schema, request, this.timeoutMs, this.nowMs, this.observe);
  }
}

/** A bounded X request checked against `schema`, shared by the app client and the OAuth flow. */
export async function xCall<Schema extends z.ZodType>(
  operation: string,
  schema: Schema,
  request: () => Promise<unknown>,
  timeoutMs: number,
  nowMs: () => number,
  observe?: XCallObserver,
): Promise<z.infer<Schema>> {
  const startedMs = Date.now();
  let answer: { ok: true; body: z.infer<Schema> } | { ok: false; failure: unknown };
  try {
    answer = { ok: true, body: await answerOf(operation, schema, request, timeoutMs, nowMs) };
  } catch (failure) {
    answer = { ok: false, failure };
  }
  const error = !answer.ok && answer.failure instanceof XError ? answer.failure : null;
  const durationMs = Date.now() - startedMs;
  log(error === null ? 'info' : 'warn', 'x-call', {
    operation,
    durationMs,
    ...(error === null ? { outcome: 'ok' } : { outcome: error.kind, retryable: error.retryable, error: error.message }),
  });
  if (observe) await observe({ operation, durationMs, error }).catch(() => undefined);
  // Errors of our own code (not XErrors) go on unchanged: they are bugs, not X's answers.
  if (!answer.ok) throw answer.failure;
  return answer.body;
}

async function answerOf<Schema extends z.ZodType>(
  operation: string,
  schema: Schema,
  request: () => Promise<unknown>,
  timeoutMs: number,
  nowMs: () => number,
): Promise<z.infer<Schema>> {
  let body: unknown;
  try {
    body = await withTimeout(request(), timeoutMs, operation);
  } catch (error) {
    throw toXError(error, operation, nowMs());
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || '(body)';
    throw new XError('malformed', `${operation}: X's answer does not have the expected shape (at ${where})`);
  }
  return parsed.data;
}
