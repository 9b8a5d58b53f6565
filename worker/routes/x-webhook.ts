import { Hono } from 'hono';
import * as z from 'zod';
import { X_ID_PATTERN, XIdSchema } from '../../shared/contract/payments';
import { TextSchema } from '../../shared/contract/text';
import { recordStreamCrc } from '../db/x-stream';
import type { AppEnv, Env } from '../env';
import { enqueueDeliveredPosts, holdPosts } from '../ingest/enqueue';
import { applyDeletions } from '../payments/match';
import { HttpProblem } from '../problem';
import { validate } from '../validate';
import { decodeXText, tweetFromWire, type XTweet, XTweetWireSchema } from '../x/schemas';
import {
  CRC_TOKEN_LENGTH_MAX,
  crcResponse,
  SANDBOX_X_WEBHOOK_SECRET,
  verifySignature,
  WEBHOOK_SIGNATURE_HEADER,
} from '../x/webhook-signature';
import { afterAnswer, isStreamDelivery, processStreamDelivery } from './x-stream-webhook';

/**
 * X's webhook (Account Activity style): the CRC check that X runs when the webhook is registered
 * and then hourly, and the deliveries of the account's activity. Tweets created by or mentioning
 * the Hashpay account are put on the posts queue (worker/ingest/) — in full when the signed body
 * carries them (author id and text from X, like the filtered stream's posts: no X read), by id
 * otherwise — and the delivery is answered at once; the queue's consumer hands them to the matcher, the same one the extension's report and
 * the scheduled search use, so whichever source comes first, each tweet has one effect. Deletions
 * (`tweet_delete_events`, the X Activity API's `post.delete`) release a payment not confirmed yet
 * (see payments/withdraw.ts); a confirmed one keeps its money and its receipt.
 *
 * Order of work on a delivery: signature over the raw body (401 and nothing else when it fails),
 * then parsing, then the queue: no D1 read or write in X's request (deletions aside). The consumer
 * remembers the delivery (db/webhook-deliveries.ts); a copy that arrives later is queued again and
 * decided once, every decision being keyed on the post's edit root. A delivery whose posts could
 * not be queued answers 500: X delivers it again.
 */

export { CRC_TOKEN_LENGTH_MAX };

const CrcQuerySchema = z.object({ crc_token: TextSchema({ lengthMax: CRC_TOKEN_LENGTH_MAX }) });

export const xWebhook = new Hono<AppEnv>()
  .get('/', validate('query', CrcQuerySchema), async (c) => {
    const answer = await crcResponse(webhookSecret(c.env), c.req.valid('query').crc_token);
    // X checks one webhook's CRC whatever it delivers: the filtered stream may be linked to this one.
    await recordStreamCrc(c.env.DB, Date.now());
    return c.json(answer);
  })
  .post('/', async (c) => {
    const secret = webhookSecret(c.env);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (!(await verifySignature(secret, body, c.req.header(WEBHOOK_SIGNATURE_HEADER)))) {
      throw new HttpProblem(
        401,
        'invalid-signature',
        `The ${WEBHOOK_SIGNATURE_HEADER} header is missing or is not the signature of this body.`,
      );
    }

    const streamPayload = parseJson(body);
    // The filtered stream linked to this webhook (X allows it): its posts are matched as delivered.
    if (isStreamDelivery(streamPayload)) {
      return c.json(await processStreamDelivery(c.env, c.executionCtx, body, streamPayload));
    }

    const bodySha256 = await sha256Hex(body);
    const payload = streamPayload;
    const { posts, tweetIds } = activityPostsOfDelivery(payload);
    const nowMs = Date.now();
    // Deletions are few and must stop money before a confirmation: applied now (a delivery of posts
    // has none, and touches no D1). Posts are queued and matched in batches by the consumer, which
    // also records the delivery, so X's delivery is answered at once, whatever the burst: in full
    // when the signed body carries them (matched without reading X), by id otherwise.
    const deletedIds = deletedTweetIdsOfDelivery(payload);
    const deleted = deletedIds.length === 0 ? 0 : await applyDeletions(c.env, deletedIds, nowMs);
    const tweetCount = posts.length + tweetIds.length;
    const delivery = { bodySha256, receivedAtMs: nowMs, tweetCount, stream: false };
    const queued = await enqueueDeliveredPosts(c.env, posts, tweetIds, delivery);
    afterAnswer(c.executionCtx, 'hold-delivered-posts', () => holdPosts(c.env, posts, nowMs));
    // `queued`: posts are left to the consumer; `processed`: nothing left to do (deletions, other events).
    return c.json({ outcome: queued > 0 ? 'queued' : 'processed', queued, deleted });
  });

/** The consumer secret: X_WEBHOOK_SECRET, or in sandbox mode the sandbox's when unset. */
export function webhookSecret(env: Env): string {
  if (env.X_WEBHOOK_SECRET) return env.X_WEBHOOK_SECRET;
  if (env.X_MODE === 'sandbox') return SANDBOX_X_WEBHOOK_SECRET;
  console.error('X_WEBHOOK_SECRET is not set: X webhooks are refused (wrangler secret put X_WEBHOOK_SECRET)');
  throw new HttpProblem(503, 'webhook-not-configured', 'This webhook is not configured yet.');
}

export function parseJson(body: Uint8Array<ArrayBuffer>): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body));
  } catch {
    throw new HttpProblem(400, 'invalid-json', 'The delivery body is not valid UTF-8 JSON.');
  }
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Account Activity API: `tweet_create_events` holds v1.1 tweets (`id_str`; an edit carries
 * `edit_history`). Retweets are skipped: a retweet repeats a payment's text but is not one. Other
 * event kinds (likes, follows, direct messages) have no tweets to match. The tweet's text
 * (`extended_tweet.full_text` past 140 characters), author and creation time are read from the
 * signed body when present, so the post is matched as delivered; without them, by id.
 */
/** An X id that X may also write as null (a reply's parent, a mention of an unknown account). */
const NullableIdSchema = z.string().regex(X_ID_PATTERN).nullable();

const V1EntitiesSchema = z.object({
  hashtags: z.array(z.object({ text: z.string(), indices: z.tuple([z.number().int(), z.number().int()]) })).optional(),
  user_mentions: z
    .array(
      z.object({
        screen_name: z.string(),
        id_str: NullableIdSchema.optional(),
        indices: z.tuple([z.number().int(), z.number().int()]),
      }),
    )
    .optional(),
  urls: z
    .array(
      z.object({
        url: z.string(),
        expanded_url: z.string().nullable().optional(),
        indices: z.tuple([z.number().int(), z.number().int()]),
      }),
    )
    .optional(),
});

const AccountActivityTweetSchema = z.object({
  id_str: XIdSchema,
  retweeted_status: z.unknown().optional(),
  edit_history: z
    .object({ initial_tweet_id: XIdSchema, edit_tweet_ids: z.array(XIdSchema).min(1).optional() })
    .optional(),
  text: z.string().optional(),
  truncated: z.boolean().optional(),
  extended_tweet: z.object({ full_text: z.string(), entities: V1EntitiesSchema.optional() }).optional(),
  created_at: z.string().optional(),
  user: z.object({ id_str: XIdSchema }).optional(),
  lang: z.string().optional(),
  in_reply_to_status_id_str: NullableIdSchema.optional(),
  quoted_status_id_str: NullableIdSchema.optional(),
  entities: V1EntitiesSchema.optional(),
});

/** X Activity API: one event per delivery, `data.payload` a v2 post. */
const ActivityEventSchema = z.object({
  event_type: z.string(),
  payload: z.object({
    id: XIdSchema,
    edit_history_tweet_ids: z.array(XIdSchema).min(1).optional(),
    referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
  }),
});

const DeliverySchema = z.object({
  tweet_create_events: z.array(z.unknown()).optional(),
  tweet_delete_events: z.array(z.unknown()).optional(),
  data: z.unknown().optional(),
});

/** Account Activity API: `{ status: { id, user_id }, timestamp_ms }` per deleted tweet. */
const AccountActivityDeleteSchema = z.object({ status: z.object({ id: XIdSchema }) });

/**
 * The tweets a delivery says were deleted: `tweet_delete_events` (Account Activity) and a
 * `post.delete` event (X Activity API, the post's id in `payload.id`). Other shapes are skipped.
 */
export function deletedTweetIdsOfDelivery(payload: unknown): string[] {
  const delivery = DeliverySchema.safeParse(payload);
  if (!delivery.success) return [];
  const ids = new Set<string>();
  for (const event of delivery.data.tweet_delete_events ?? []) {
    const deletion = AccountActivityDeleteSchema.safeParse(event);
    if (deletion.success) ids.add(deletion.data.status.id);
  }
  const activity = ActivityEventSchema.safeParse(delivery.data.data);
  if (activity.success && activity.data.event_type === 'post.delete') {
    ids.add(activity.data.payload.id);
    for (const versionId of activity.data.payload.edit_history_tweet_ids ?? []) ids.add(versionId);
  }
  return [...ids];
}

/** What an activity delivery brings to match: posts in full (from the signed body), and ids only. */
export interface ActivityPosts {
  posts: XTweet[];
  tweetIds: string[];
}

/**
 * The posts a delivery asks us to look at, one per edit root (the version X delivered last, which
 * is the newest one we know of): in full when the delivery carries the post (X Activity's v2
 * `payload`, or a v1.1 tweet with its whole text, author and creation time), by id otherwise.
 * Events of unknown shapes are skipped: X adds event kinds, and a delivery we cannot use is still
 * acknowledged so that X does not redeliver it forever. A body that is JSON but not an object is
 * refused.
 */
export function activityPostsOfDelivery(payload: unknown): ActivityPosts {
  const posts: XTweet[] = [];
  const tweetIds: string[] = [];
  for (const { id, post } of deliveredByRoot(payload)) {
    if (post) posts.push(post);
    else tweetIds.push(id);
  }
  return { posts, tweetIds };
}

/** The ids of the posts a delivery asks us to look at (see `activityPostsOfDelivery`). */
export function tweetIdsOfDelivery(payload: unknown): string[] {
  return deliveredByRoot(payload).map(({ id }) => id);
}

function deliveredByRoot(payload: unknown): { id: string; post: XTweet | null }[] {
  const delivery = DeliverySchema.safeParse(payload);
  if (!delivery.success || typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new HttpProblem(400, 'invalid-delivery', 'The delivery body is not a webhook event object.');
  }
  const byRoot = new Map<string, { id: string; post: XTweet | null }>();
  for (const event of delivery.data.tweet_create_events ?? []) {
    const tweet = AccountActivityTweetSchema.safeParse(event);
    if (!tweet.success || tweet.data.retweeted_status !== undefined) continue;
    byRoot.set(tweet.data.edit_history?.initial_tweet_id ?? tweet.data.id_str, {
      id: tweet.data.id_str,
      post: postOfV1Tweet(tweet.data),
    });
  }
  const activity = ActivityEventSchema.safeParse(delivery.data.data);
  if (activity.success && isPostCreation(activity.data.event_type)) {
    const post = activity.data.payload;
    const isRetweet = post.referenced_tweets?.some((reference) => reference.type === 'retweeted') ?? false;
    if (!isRetweet) {
      // The post as X sent it (the event's schema above keeps only what names it).
      const wire = XTweetWireSchema.safeParse((delivery.data.data as { payload: unknown }).payload);
      byRoot.set(post.edit_history_tweet_ids?.[0] ?? post.id, {
        id: post.id,
        post: wire.success ? tweetFromWire(wire.data) : null,
      });
    }
  }
  return [...byRoot.values()];
}

/**
 * A v1.1 tweet as the matcher takes it, or null when the delivery lacks what the matcher needs
 * (its whole text, its author, its creation time): then it is read by id.
 */
function postOfV1Tweet(tweet: z.infer<typeof AccountActivityTweetSchema>): XTweet | null {
  const extended = tweet.extended_tweet;
  const text = extended?.full_text ?? (tweet.truncated === true ? undefined : tweet.text);
  const createdAtMs = tweet.created_at === undefined ? Number.NaN : Date.parse(tweet.created_at);
  if (text === undefined || tweet.user === undefined || !Number.isFinite(createdAtMs)) return null;
  const entities = extended?.entities ?? (extended ? undefined : tweet.entities);
  const rootId = tweet.edit_history?.initial_tweet_id ?? tweet.id_str;
  const history = tweet.edit_history?.edit_tweet_ids ?? (rootId === tweet.id_str ? [rootId] : [rootId, tweet.id_str]);
  const referencedTweets: XTweet['referencedTweets'] = [];
  if (tweet.quoted_status_id_str) referencedTweets.push({ type: 'quoted', id: tweet.quoted_status_id_str });
  if (tweet.in_reply_to_status_id_str) {
    referencedTweets.push({ type: 'replied_to', id: tweet.in_reply_to_status_id_str });
  }
  return {
    id: tweet.id_str,
    text: decodeXText(text),
    authorId: tweet.user.id_str,
    createdAt: new Date(createdAtMs).toISOString(),
    conversationId: null,
    // The version delivered is the newest: a history that does not end with it is completed.
    editHistoryTweetIds: history.at(-1) === tweet.id_str ? history : [...history, tweet.id_str],
    referencedTweets,
    ...(tweet.lang === undefined ? {} : { lang: tweet.lang }),
    hashtags: (entities?.hashtags ?? []).map(({ text: tag, indices }) => ({ tag, start: indices[0], end: indices[1] })),
    mentions: (entities?.user_mentions ?? []).map(({ screen_name, id_str, indices }) => ({
      username: screen_name,
      id: id_str ?? null,
      start: indices[0],
      end: indices[1],
    })),
    urls: (entities?.urls ?? []).map(({ url, expanded_url, indices }) => ({
      url,
      expandedUrl: expanded_url ?? null,
      start: indices[0],
      end: indices[1],
    })),
  };
}

/** `post.create`, `post.mention.create`, …: a post came into being. */
function isPostCreation(eventType: string): boolean {
  return eventType.startsWith('post.') && eventType.endsWith('.create');
}
