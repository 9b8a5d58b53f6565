/**
 * X API v2 JSON shapes: the objects and the error bodies exactly as X writes them
 * (see the captured payloads in the shared fixtures).
 */
import { json } from './route.js';
import {
  type SandboxStore,
  type SandboxTweet,
  type SandboxUser,
  TWEET_EDIT_WINDOW_MS,
  TWEET_EDITS_MAX,
} from './store.js';

export const RESOURCE_NOT_FOUND_TYPE = 'https://api.twitter.com/2/problems/resource-not-found';
export const NOT_AUTHORIZED_TYPE = 'https://api.twitter.com/2/problems/not-authorized-for-resource';

/** X escapes `&`, `<` and `>` in post text, in API answers and webhook deliveries alike. */
export function escapeXText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A tweet of a protected account, asked for by an app that does not follow it. */
export function notAuthorizedTweetError(parameter: string, id: string) {
  return {
    value: id,
    detail: `Sorry, you are not authorized to see the Tweet with ids: [${id}].`,
    title: 'Authorization Error',
    resource_type: 'tweet',
    parameter,
    resource_id: id,
    type: NOT_AUTHORIZED_TYPE,
  };
}

/** A suspended account looked up by handle: X's `Forbidden` item under the not-found type. */
export function suspendedUserError(parameter: string, username: string) {
  return {
    value: username,
    detail: `User has been suspended: [${username}].`,
    title: 'Forbidden',
    resource_type: 'user',
    parameter,
    resource_id: username,
    type: RESOURCE_NOT_FOUND_TYPE,
  };
}
export const INVALID_REQUEST_TYPE = 'https://api.twitter.com/2/problems/invalid-request';

/** Fields X accepts in `tweet.fields`; the sandbox fills the ones its posts have. */
export const TWEET_FIELDS = new Set([
  'article',
  'attachments',
  'author_id',
  'card_uri',
  'community_id',
  'context_annotations',
  'conversation_id',
  'created_at',
  'display_text_range',
  'edit_controls',
  'edit_history_tweet_ids',
  'entities',
  'geo',
  'id',
  'in_reply_to_user_id',
  'lang',
  'media_metadata',
  'non_public_metrics',
  'note_tweet',
  'organic_metrics',
  'possibly_sensitive',
  'promoted_metrics',
  'public_metrics',
  'referenced_tweets',
  'reply_settings',
  'scopes',
  'source',
  'text',
  'withheld',
]);
export const USER_FIELDS = new Set([
  'affiliation',
  'connection_status',
  'created_at',
  'description',
  'entities',
  'id',
  'location',
  'most_recent_tweet_id',
  'name',
  'pinned_tweet_id',
  'profile_banner_url',
  'profile_image_url',
  'protected',
  'public_metrics',
  'receives_your_dm',
  'subscription_type',
  'url',
  'username',
  'verified',
  'verified_type',
  'withheld',
]);
export const TWEET_EXPANSIONS = new Set([
  'attachments.media_keys',
  'attachments.poll_ids',
  'author_id',
  'edit_history_tweet_ids',
  'entities.mentions.username',
  'geo.place_id',
  'in_reply_to_user_id',
  'referenced_tweets.id',
  'referenced_tweets.id.author_id',
]);

/** X's 400: a list of parameter problems under a fixed title and detail. */
export function invalidRequest(parameter: string, values: string[], message: string): Response {
  return json(
    {
      errors: [{ parameters: { [parameter]: values }, message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: INVALID_REQUEST_TYPE,
    },
    400,
  );
}

export function problem(status: number, title: string, detail: string, type = 'about:blank'): Response {
  return json({ title, type, status, detail }, status);
}

export function notFoundError(resourceType: 'tweet' | 'user', parameter: string, value: string, detail: string) {
  return {
    value,
    detail,
    title: 'Not Found Error',
    resource_type: resourceType,
    parameter,
    resource_id: value,
    type: RESOURCE_NOT_FOUND_TYPE,
  };
}

/** The values of a comma-separated list parameter, or a 400 naming the ones X would refuse. */
export function listParameter(
  url: URL,
  name: string,
  allowed: ReadonlySet<string>,
): { values: Set<string> } | { error: Response } {
  const values = (url.searchParams.get(name) ?? '').split(',').filter((value) => value !== '');
  const unknown = values.filter((value) => !allowed.has(value));
  if (unknown.length > 0) {
    return {
      error: invalidRequest(
        name,
        unknown,
        `The \`${name}\` query parameter value [${unknown[0]}] is not one of [${[...allowed].join(',')}]`,
      ),
    };
  }
  return { values: new Set(values) };
}

export function userObject(store: SandboxStore, user: SandboxUser, fields: ReadonlySet<string>) {
  const object: Record<string, unknown> = { id: user.id, name: user.name, username: user.username };
  if (fields.has('created_at')) object.created_at = user.createdAt;
  if (fields.has('description')) object.description = user.description;
  if (fields.has('protected')) object.protected = user.protected === true;
  if (fields.has('verified')) object.verified = false;
  if (fields.has('profile_image_url')) {
    object.profile_image_url = 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png';
  }
  if (fields.has('url')) object.url = '';
  if (fields.has('public_metrics')) {
    const tweetCount = store.timeline((tweet) => tweet.authorId === user.id).length;
    object.public_metrics = { followers_count: 0, following_count: 0, tweet_count: tweetCount, listed_count: 0 };
  }
  return object;
}

export function referencedTweets(tweet: SandboxTweet): Array<{ type: string; id: string }> {
  const references: Array<{ type: string; id: string }> = [];
  if (tweet.quotedId !== undefined) references.push({ type: 'quoted', id: tweet.quotedId });
  if (tweet.inReplyToId !== undefined) references.push({ type: 'replied_to', id: tweet.inReplyToId });
  return references;
}

export function tweetObject(store: SandboxStore, tweet: SandboxTweet, fields: ReadonlySet<string>, nowMs: number) {
  const object: Record<string, unknown> = {
    edit_history_tweet_ids: tweet.editHistoryIds,
    id: tweet.id,
    text: escapeXText(tweet.text),
  };
  if (fields.has('author_id')) object.author_id = tweet.authorId;
  if (fields.has('created_at')) object.created_at = tweet.createdAt;
  if (fields.has('conversation_id')) object.conversation_id = tweet.conversationId;
  if (fields.has('in_reply_to_user_id') && tweet.inReplyToUserId !== undefined) {
    object.in_reply_to_user_id = tweet.inReplyToUserId;
  }
  const references = referencedTweets(tweet);
  if (fields.has('referenced_tweets') && references.length > 0) object.referenced_tweets = references;
  if (fields.has('entities')) {
    const { hashtags, mentions, urls } = store.entitiesOf(tweet);
    const entities: Record<string, unknown> = {};
    if (urls.length > 0) entities.urls = urls;
    if (hashtags.length > 0) entities.hashtags = hashtags;
    if (mentions.length > 0) {
      // X names the mentioned account's id only when the account exists.
      entities.mentions = mentions.map((mention) => {
        const user = store.userByUsername(mention.username);
        return user ? { ...mention, id: user.id } : mention;
      });
    }
    if (Object.keys(entities).length > 0) object.entities = entities;
  }
  if (fields.has('edit_controls')) {
    const root = store.tweets.get(tweet.editHistoryIds[0]!)!;
    const editableUntilMs = Date.parse(root.createdAt) + TWEET_EDIT_WINDOW_MS;
    // Once the window is over, no edit remains whatever the count says.
    const editsRemaining = nowMs > editableUntilMs ? 0 : TWEET_EDITS_MAX - (tweet.editHistoryIds.length - 1);
    object.edit_controls = {
      edits_remaining: editsRemaining,
      is_edit_eligible: true,
      editable_until: new Date(editableUntilMs).toISOString(),
    };
  }
  if (fields.has('lang')) object.lang = 'und';
  if (fields.has('possibly_sensitive')) object.possibly_sensitive = false;
  if (fields.has('reply_settings')) object.reply_settings = 'everyone';
  if (fields.has('public_metrics')) {
    const replyCount = store.timeline((candidate) => candidate.inReplyToId === tweet.id).length;
    object.public_metrics = { retweet_count: 0, reply_count: replyCount, like_count: 0, quote_count: 0 };
  }
  return object;
}

/**
 * `includes` for a page of tweets: the users and tweets the requested expansions point at,
 * each once, in the order they are first referenced.
 */
export function includesFor(
  store: SandboxStore,
  tweets: SandboxTweet[],
  expansions: ReadonlySet<string>,
  tweetFields: ReadonlySet<string>,
  userFields: ReadonlySet<string>,
  nowMs: number,
): Record<string, unknown> | undefined {
  const userIds = new Set<string>();
  const tweetIds = new Set<string>();
  const primaryIds = new Set(tweets.map((tweet) => tweet.id));
  const addUsersOf = (tweet: SandboxTweet) => {
    if (expansions.has('author_id')) userIds.add(tweet.authorId);
    if (expansions.has('in_reply_to_user_id') && tweet.inReplyToUserId) userIds.add(tweet.inReplyToUserId);
    if (expansions.has('entities.mentions.username')) {
      for (const mention of store.entitiesOf(tweet).mentions) {
        const user = store.userByUsername(mention.username);
        if (user) userIds.add(user.id);
      }
    }
  };
  for (const tweet of tweets) {
    addUsersOf(tweet);
    if (expansions.has('referenced_tweets.id')) {
      for (const reference of referencedTweets(tweet)) {
        const referenced = store.liveTweet(reference.id);
        if (!referenced) continue;
        tweetIds.add(referenced.id);
        if (expansions.has('referenced_tweets.id.author_id')) userIds.add(referenced.authorId);
      }
    }
    if (expansions.has('edit_history_tweet_ids')) {
      for (const versionId of tweet.editHistoryIds) if (!primaryIds.has(versionId)) tweetIds.add(versionId);
    }
  }
  const includes: Record<string, unknown> = {};
  const users = [...userIds].map((id) => store.users.get(id)).filter((user) => user !== undefined);
  if (users.length > 0) includes.users = users.map((user) => userObject(store, user, userFields));
  const includedTweets = [...tweetIds].map((id) => store.tweets.get(id)).filter((tweet) => tweet !== undefined);
  if (includedTweets.length > 0) {
    includes.tweets = includedTweets.map((tweet) => tweetObject(store, tweet, tweetFields, nowMs));
  }
  return Object.keys(includes).length > 0 ? includes : undefined;
}
