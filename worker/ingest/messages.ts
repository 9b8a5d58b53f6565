import { z } from 'zod';
import { X_ID_PATTERN } from '../../shared/contract/payments';
import type { TweetSource } from '../payments/match';
import type { XTweet } from '../x/schemas';

/**
 * The messages of the posts queue (wrangler.toml `hashpay-posts`). One message is one post, so
 * that the queue retries a post that failed alone: either the post in full, as a signed delivery
 * or a search brought it (matched without reading X), or its id only (read from X once, by the
 * consumer). Messages are checked on arrival like any input: a queue outlives deployments, and a
 * message the consumer cannot read is retried until the dead-letter queue keeps it.
 */

export const TWEET_SOURCES = ['report', 'search', 'webhook'] as const satisfies readonly TweetSource[];

/** X's longest posts (long-form, for subscribers) stay under this many characters. */
const POST_TEXT_LENGTH_MAX = 25_000;
/** X allows five edits: six versions in a history. */
const EDIT_HISTORY_LENGTH_MAX = 6;
/** Bound on entity lists, far above what a post of POST_TEXT_LENGTH_MAX carries in practice. */
const ENTITIES_MAX = 1_000;

const IdSchema = z.string().regex(X_ID_PATTERN);
const SpanSchema = { start: z.number().int().min(0), end: z.number().int().min(0) };

export const QueuedPostSchema = z.object({
  id: IdSchema,
  text: z.string().max(POST_TEXT_LENGTH_MAX),
  authorId: IdSchema,
  createdAt: z.iso.datetime({ offset: true }),
  conversationId: IdSchema.nullable(),
  editHistoryTweetIds: z.array(IdSchema).min(1).max(EDIT_HISTORY_LENGTH_MAX),
  referencedTweets: z
    .array(z.object({ type: z.enum(['retweeted', 'quoted', 'replied_to']), id: IdSchema }))
    .max(ENTITIES_MAX),
  lang: z.string().max(35).optional(),
  hashtags: z.array(z.object({ tag: z.string().max(POST_TEXT_LENGTH_MAX), ...SpanSchema })).max(ENTITIES_MAX),
  mentions: z
    .array(z.object({ username: z.string().max(64), id: IdSchema.nullable(), ...SpanSchema }))
    .max(ENTITIES_MAX),
  urls: z
    .array(
      z.object({
        url: z.string().max(POST_TEXT_LENGTH_MAX),
        expandedUrl: z.string().max(POST_TEXT_LENGTH_MAX).nullable(),
        ...SpanSchema,
      }),
    )
    .max(ENTITIES_MAX),
}) satisfies z.ZodType<XTweet>;

/**
 * The webhook delivery a message came in: the route only verifies and queues, so the consumer
 * remembers the delivery (db/webhook-deliveries.ts) and, for the filtered stream, its heartbeat
 * (db/x-stream.ts), from the time X's request was received.
 */
export const DeliveryTagSchema = z.strictObject({
  bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
  receivedAtMs: z.number().int().min(0),
  tweetCount: z.number().int().min(0),
  stream: z.boolean(),
});

export type DeliveryTag = z.infer<typeof DeliveryTagSchema>;

export const PostMessageSchema = z.union([
  z.strictObject({ source: z.enum(TWEET_SOURCES), post: QueuedPostSchema, delivery: DeliveryTagSchema.optional() }),
  z.strictObject({ source: z.enum(TWEET_SOURCES), tweetId: IdSchema, delivery: DeliveryTagSchema.optional() }),
]);

export type PostMessage = z.infer<typeof PostMessageSchema>;

/** The tweet id a message is about, or null when it cannot be read. */
export function tweetIdOfMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as { tweetId?: unknown; post?: { id?: unknown } };
  const id = typeof record.tweetId === 'string' ? record.tweetId : record.post?.id;
  return typeof id === 'string' && X_ID_PATTERN.test(id) ? id : null;
}
