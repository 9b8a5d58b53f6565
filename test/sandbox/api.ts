/**
 * The X API v2 endpoints the worker uses, with X's shapes: tweet lookup, recent search,
 * user lookup, users/me and create tweet. Bearer auth is checked like X: the app's bearer token
 * or a user access token from the OAuth flow.
 */

import { json, type Route, type RouteContext, readFields, route } from './route.js';
import { compileQuery, SEARCH_QUERY_LENGTH_MAX, SearchQueryError } from './search.js';
import {
  compareIds,
  type OAuthToken,
  SandboxError,
  type SandboxStore,
  type SandboxTweet,
  type SandboxUser,
} from './store.js';
import { TWEET_WEIGHTED_LENGTH_MAX, weightedLength } from './text.js';
import {
  escapeXText,
  includesFor,
  invalidRequest,
  listParameter,
  notAuthorizedTweetError,
  notFoundError,
  problem,
  suspendedUserError,
  TWEET_EXPANSIONS,
  TWEET_FIELDS,
  tweetObject,
  USER_FIELDS,
  userObject,
} from './x-shapes.js';

export const SANDBOX_APP_BEARER = 'sandbox-bearer';

/** X's lookup limits. */
export const TWEET_IDS_PER_LOOKUP_MAX = 100;
export const USERNAMES_PER_LOOKUP_MAX = 100;
export const SEARCH_RESULTS_MIN = 10;
export const SEARCH_RESULTS_MAX = 100;

const TWEET_ID_PATTERN = /^[0-9]{1,19}$/;

type Rendered<T> = { error: Response } | ({ error?: undefined } & T);

type Caller = { kind: 'app' } | { kind: 'user'; user: SandboxUser; token: OAuthToken };

export function unauthorized(): Response {
  return problem(401, 'Unauthorized', 'Unauthorized');
}

function userContextOnly(): Response {
  return problem(
    403,
    'Unsupported Authentication',
    'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].',
    'https://api.twitter.com/2/problems/unsupported-authentication',
  );
}

function missingScope(scope: string): Response {
  return problem(403, 'Forbidden', `Missing the OAuth 2.0 scope ${scope} for this endpoint.`);
}

export function createApiRoutes(store: SandboxStore): Route[] {
  const authenticate = (request: Request): Caller | undefined => {
    const match = /^Bearer (\S+)$/i.exec(request.headers.get('authorization') ?? '');
    if (!match) return undefined;
    const presented = match[1]!;
    if (presented === SANDBOX_APP_BEARER) return { kind: 'app' };
    const token = store.tokens.get(presented);
    if (!token || token.revoked || token.expiresAtMs <= store.now()) return undefined;
    const user = store.users.get(token.userId);
    return user ? { kind: 'user', user, token } : undefined;
  };

  /** A protected or suspended account's posts are not shown to the app, nor a lagging version. */
  const isHidden = (tweet: SandboxTweet): boolean => {
    if (tweet.lagging === true) return true;
    const author = store.users.get(tweet.authorId);
    return author?.protected === true || author?.suspended === true;
  };

  /** Why X does not return a tweet: a protected author, or deleted / never posted. */
  const missingTweetError = (parameter: string, id: string, detail: string) => {
    const tweet = store.liveTweet(id);
    return tweet && store.users.get(tweet.authorId)?.protected === true
      ? notAuthorizedTweetError(parameter, id)
      : notFoundError('tweet', parameter, id, detail);
  };

  /** Runs a handler for any authenticated caller, or answers X's 401. */
  const authed =
    (handle: (context: RouteContext, caller: Caller) => Response | Promise<Response>) => (context: RouteContext) => {
      const caller = authenticate(context.request);
      return caller ? handle(context, caller) : unauthorized();
    };

  /** The data + includes of a set of tweets with the fields and expansions the query asks for. */
  const renderTweets = (
    url: URL,
    tweetIds: string[],
  ): Rendered<{ found: SandboxTweet[]; data: object[]; includes: object | undefined }> => {
    const fields = listParameter(url, 'tweet.fields', TWEET_FIELDS);
    if ('error' in fields) return { error: fields.error };
    const userFields = listParameter(url, 'user.fields', USER_FIELDS);
    if ('error' in userFields) return { error: userFields.error };
    const expansions = listParameter(url, 'expansions', TWEET_EXPANSIONS);
    if ('error' in expansions) return { error: expansions.error };
    const found = tweetIds
      .map((id) => store.liveTweet(id))
      .filter((tweet): tweet is SandboxTweet => tweet !== undefined && !isHidden(tweet));
    const nowMs = store.now();
    for (const tweet of found) store.postReads.set(tweet.id, (store.postReads.get(tweet.id) ?? 0) + 1);
    return {
      found,
      data: found.map((tweet) => tweetObject(store, tweet, fields.values, nowMs)),
      includes: includesFor(store, found, expansions.values, fields.values, userFields.values, nowMs),
    };
  };

  const lookupTweets = authed(({ url }) => {
    const ids = (url.searchParams.get('ids') ?? '').split(',').filter((id) => id !== '');
    if (ids.length < 1 || ids.length > TWEET_IDS_PER_LOOKUP_MAX) {
      return invalidRequest(
        'ids',
        [url.searchParams.get('ids') ?? ''],
        `The number of values in the \`ids\` query parameter list [${ids.length}] is not between 1 and ${TWEET_IDS_PER_LOOKUP_MAX}`,
      );
    }
    const badId = ids.find((id) => !TWEET_ID_PATTERN.test(id));
    if (badId !== undefined) {
      return invalidRequest(
        'ids',
        [badId],
        `The \`ids\` query parameter value [${badId}] does not match ^[0-9]{1,19}$`,
      );
    }
    const rendered = renderTweets(url, ids);
    if (rendered.error) return rendered.error;
    const foundIds = new Set(rendered.found.map((tweet) => tweet.id));
    const errors = ids
      .filter((id) => !foundIds.has(id))
      .map((id) => missingTweetError('ids', id, `Could not find tweet with ids: [${id}].`));
    const body: Record<string, unknown> = {};
    if (rendered.data.length > 0) body.data = rendered.data;
    if (rendered.includes) body.includes = rendered.includes;
    if (errors.length > 0) body.errors = errors;
    return json(body);
  });

  const lookupTweet = authed(({ url, params }) => {
    const id = params.id!;
    if (!TWEET_ID_PATTERN.test(id)) {
      return invalidRequest('id', [id], `The \`id\` query parameter value [${id}] does not match ^[0-9]{1,19}$`);
    }
    const rendered = renderTweets(url, [id]);
    if (rendered.error) return rendered.error;
    const [data] = rendered.data;
    if (!data) return json({ errors: [missingTweetError('id', id, `Could not find tweet with id: [${id}].`)] });
    return json(rendered.includes ? { data, includes: rendered.includes } : { data });
  });

  const searchRecent = authed(({ url }) => {
    const query = url.searchParams.get('query') ?? '';
    if (query.length > SEARCH_QUERY_LENGTH_MAX) {
      return invalidRequest('query', [query], `Query length must be at most ${SEARCH_QUERY_LENGTH_MAX} characters.`);
    }
    let matches: ReturnType<typeof compileQuery>;
    try {
      matches = compileQuery(query);
    } catch (error) {
      if (!(error instanceof SearchQueryError)) throw error;
      return invalidRequest('query', [query], `There were errors processing your request: ${error.message}`);
    }
    const maxResults = Number(url.searchParams.get('max_results') ?? SEARCH_RESULTS_MIN);
    if (!Number.isInteger(maxResults) || maxResults < SEARCH_RESULTS_MIN || maxResults > SEARCH_RESULTS_MAX) {
      return invalidRequest(
        'max_results',
        [url.searchParams.get('max_results') ?? ''],
        `The \`max_results\` query parameter value [${url.searchParams.get('max_results')}] is not between ${SEARCH_RESULTS_MIN} and ${SEARCH_RESULTS_MAX}`,
      );
    }
    const cursors: Record<string, string | null> = {
      since_id: url.searchParams.get('since_id'),
      until_id: url.searchParams.get('until_id'),
    };
    for (const [name, value] of Object.entries(cursors)) {
      if (value !== null && !TWEET_ID_PATTERN.test(value)) {
        return invalidRequest(name, [value], `The \`${name}\` query parameter value [${value}] is not valid`);
      }
    }
    const startTime = url.searchParams.get('start_time');
    const startMs = startTime === null ? null : Date.parse(startTime);
    if (startTime !== null && (startMs === null || Number.isNaN(startMs) || !/^\d{4}-\d{2}-\d{2}T/.test(startTime))) {
      return invalidRequest('start_time', [startTime], `Invalid 'start_time':'${startTime}'.`);
    }
    const nextToken = url.searchParams.get('next_token') ?? url.searchParams.get('pagination_token');
    const pageBefore = nextToken === null ? null : decodeNextToken(nextToken);
    if (nextToken !== null && pageBefore === null) {
      return invalidRequest(
        'next_token',
        [nextToken],
        `The \`next_token\` query parameter value [${nextToken}] is not valid`,
      );
    }
    const hits = store.timeline((tweet) => {
      if (isHidden(tweet)) return false;
      if (cursors.since_id && compareIds(tweet.id, cursors.since_id) <= 0) return false;
      if (cursors.until_id && compareIds(tweet.id, cursors.until_id) >= 0) return false;
      if (pageBefore && compareIds(tweet.id, pageBefore) >= 0) return false;
      if (startMs !== null && Date.parse(tweet.createdAt) < startMs) return false;
      const entities = store.entitiesOf(tweet);
      return matches({
        text: tweet.text,
        authorUsername: store.users.get(tweet.authorId)?.username ?? '',
        hashtags: entities.hashtags.map((hashtag) => hashtag.tag),
        mentions: entities.mentions.map((mention) => mention.username),
        isReply: tweet.inReplyToId !== undefined,
        isQuote: tweet.quotedId !== undefined,
      });
    });
    if (hits.length === 0) return json({ meta: { result_count: 0 } });
    const page = hits.slice(0, maxResults);
    const rendered = renderTweets(
      url,
      page.map((tweet) => tweet.id),
    );
    if (rendered.error) return rendered.error;
    const meta: Record<string, unknown> = {
      newest_id: page[0]!.id,
      oldest_id: page[page.length - 1]!.id,
      result_count: page.length,
    };
    if (hits.length > page.length) meta.next_token = encodeNextToken(page[page.length - 1]!.id);
    const body: Record<string, unknown> = { data: rendered.data };
    if (rendered.includes) body.includes = rendered.includes;
    body.meta = meta;
    return json(body);
  });

  const renderUsers = (url: URL, users: SandboxUser[]): Rendered<{ data: object[] }> => {
    const fields = listParameter(url, 'user.fields', USER_FIELDS);
    if ('error' in fields) return { error: fields.error };
    return { data: users.map((user) => userObject(store, user, fields.values)) };
  };

  const userByUsername = authed(({ url, params }) => {
    const username = params.username!;
    const user = store.userByUsername(username);
    if (user?.suspended) return json({ errors: [suspendedUserError('username', username)] });
    if (!user) {
      return json({
        errors: [notFoundError('user', 'username', username, `Could not find user with username: [${username}].`)],
      });
    }
    const rendered = renderUsers(url, [user]);
    return rendered.error ? rendered.error : json({ data: rendered.data[0] });
  });

  const usersByUsernames = authed(({ url }) => {
    const usernames = (url.searchParams.get('usernames') ?? '').split(',').filter((name) => name !== '');
    if (usernames.length < 1 || usernames.length > USERNAMES_PER_LOOKUP_MAX) {
      return invalidRequest(
        'usernames',
        [url.searchParams.get('usernames') ?? ''],
        `The number of values in the \`usernames\` query parameter list [${usernames.length}] is not between 1 and ${USERNAMES_PER_LOOKUP_MAX}`,
      );
    }
    const found = usernames.map((name) => store.userByUsername(name)).filter((user) => user !== undefined);
    const rendered = renderUsers(url, found);
    if (rendered.error) return rendered.error;
    const errors = usernames
      .filter((name) => !store.userByUsername(name))
      .map((name) => notFoundError('user', 'usernames', name, `Could not find user with usernames: [${name}].`));
    const body: Record<string, unknown> = {};
    if (rendered.data.length > 0) body.data = rendered.data;
    if (errors.length > 0) body.errors = errors;
    return json(body);
  });

  const userById = authed(({ url, params }) => {
    const id = params.id!;
    const user = store.users.get(id);
    if (!user) return json({ errors: [notFoundError('user', 'id', id, `Could not find user with id: [${id}].`)] });
    const rendered = renderUsers(url, [user]);
    return rendered.error ? rendered.error : json({ data: rendered.data[0] });
  });

  const me = authed(({ url }, caller) => {
    if (caller.kind !== 'user') return userContextOnly();
    if (!caller.token.scope.includes('users.read')) return missingScope('users.read');
    const rendered = renderUsers(url, [caller.user]);
    return rendered.error ? rendered.error : json({ data: rendered.data[0] });
  });

  const createTweet = authed(async ({ request }, caller) => {
    if (caller.kind !== 'user') return userContextOnly();
    if (!caller.token.scope.includes('tweet.write')) return missingScope('tweet.write');
    const body = await readFields(request);
    if (!body || typeof body.text !== 'string') {
      return invalidRequest('text', [], 'The `text` field is required and must be a string.');
    }
    const reply = body.reply as { in_reply_to_tweet_id?: unknown } | undefined;
    const inReplyToId = reply?.in_reply_to_tweet_id;
    if (inReplyToId !== undefined && (typeof inReplyToId !== 'string' || !TWEET_ID_PATTERN.test(inReplyToId))) {
      return invalidRequest(
        'reply.in_reply_to_tweet_id',
        [String(inReplyToId)],
        'The `reply.in_reply_to_tweet_id` field must be a post id.',
      );
    }
    const refusal = createRefusal(store, caller.user, body.text, inReplyToId, { summonedOnly: true });
    if (refusal) return refusalResponse(refusal, body.text, inReplyToId);
    try {
      const tweet = store.postTweet({ authorUsername: caller.user.username, text: body.text, inReplyToId });
      return json(
        { data: { edit_history_tweet_ids: tweet.editHistoryIds, id: tweet.id, text: escapeXText(tweet.text) } },
        201,
      );
    } catch (error) {
      if (error instanceof SandboxError) return invalidRequest('reply.in_reply_to_tweet_id', [], error.message);
      throw error;
    }
  });

  const deleteTweet = authed(({ params }, caller) => {
    if (caller.kind !== 'user') return userContextOnly();
    const tweet = store.liveTweet(params.id!);
    if (!tweet) return json({ data: { deleted: false } });
    if (tweet.authorId !== caller.user.id) {
      return problem(403, 'Forbidden', 'You are not authorized to delete this Tweet.');
    }
    store.deleteTweet(tweet.id);
    return json({ data: { deleted: true } });
  });

  return [
    route('GET', '/2/tweets', lookupTweets),
    route('GET', '/2/tweets/search/recent', searchRecent),
    route('GET', '/2/tweets/:id', lookupTweet),
    route('POST', '/2/tweets', createTweet),
    route('DELETE', '/2/tweets/:id', deleteTweet),
    route('GET', '/2/users/by/username/:username', userByUsername),
    route('GET', '/2/users/by', usersByUsernames),
    route('GET', '/2/users/me', me),
    route('GET', '/2/users/:id', userById),
  ];
}

export type CreateRefusal = 'empty' | 'too-long' | 'duplicate' | 'reply-missing' | 'not-summoned';

/**
 * What X refuses when a post is created: empty text, text over the weighted limit, the same text
 * twice in a row, a reply to a missing post, and (through the API) a reply to a post that is
 * neither by nor mentions the replier.
 */
export function createRefusal(
  store: SandboxStore,
  author: SandboxUser,
  text: string,
  inReplyToId: string | undefined,
  options: { summonedOnly: boolean },
): CreateRefusal | undefined {
  if (text.trim() === '') return 'empty';
  if (weightedLength(text) > TWEET_WEIGHTED_LENGTH_MAX) return 'too-long';
  const [latest] = store.timeline((tweet) => tweet.authorId === author.id);
  if (latest && latest.text === text) return 'duplicate';
  if (inReplyToId === undefined) return undefined;
  const parent = store.liveTweet(inReplyToId);
  if (!parent) return 'reply-missing';
  const summoned =
    parent.authorId === author.id ||
    store
      .entitiesOf(parent)
      .mentions.some((mention) => mention.username.toLowerCase() === author.username.toLowerCase());
  return options.summonedOnly && !summoned ? 'not-summoned' : undefined;
}

/** X API v2's answers to each refusal. */
function refusalResponse(refusal: CreateRefusal, text: string, inReplyToId: string | undefined): Response {
  switch (refusal) {
    case 'empty':
      return invalidRequest('text', [text], 'The `text` field must not be empty.');
    case 'too-long':
      return invalidRequest(
        'text',
        [text],
        'Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.',
      );
    case 'duplicate':
      return problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
    case 'reply-missing':
      return invalidRequest(
        'reply.in_reply_to_tweet_id',
        [inReplyToId ?? ''],
        `The post ${inReplyToId} you are replying to does not exist or was deleted.`,
      );
    case 'not-summoned':
      return problem(
        403,
        'Forbidden',
        'Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.',
      );
  }
}

/** next_token is opaque to callers; here it carries the id the next page starts below. */
function encodeNextToken(oldestId: string): string {
  return Buffer.from(`before:${oldestId}`).toString('base64url');
}

function decodeNextToken(token: string): string | null {
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^before:([0-9]{1,19})$/.exec(decoded);
  return match ? match[1]! : null;
}
