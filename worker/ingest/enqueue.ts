import { assert } from '../../shared/assert';
import { holdDeliveredPosts } from '../db/tweet-reads';
import type { Env } from '../env';
import type { TweetSource } from '../payments/match';
import type { XTweet } from '../x/schemas';
import type { DeliveryTag, PostMessage } from './messages';

/**
 * Puts posts on the posts queue for the consumer (worker/ingest/consumer.ts) to match in batches.
 * A source that brings posts in bursts (the X webhook, the filtered stream, a large report or a
 * search round) answers as soon as they are queued; the queue's own retries and dead-letter queue
 * take it from there.
 */

/** Cloudflare Queues takes at most this many messages per `sendBatch`... */
export const MESSAGES_PER_SEND_MAX = 100;
/** ...and at most 256 KB per batch: the rest is kept for the service's own framing. */
export const SEND_BATCH_BYTES_MAX = 240_000;
/**
 * A post delivered in full is held this long for the consumer (its retries included), so that a
 * report of the same id meanwhile waits for the consumer's decision instead of reading X.
 */
export const DELIVERED_POST_HOLD_MS = 5 * 60 * 1000;

/** Queues posts delivered in full (text, author id and edit history from X's signed body). */
export async function enqueuePosts(
  env: Env,
  posts: readonly XTweet[],
  source: TweetSource,
  nowMs: number = Date.now(),
): Promise<number> {
  if (posts.length === 0) return 0;
  await holdPosts(env, posts, nowMs);
  return send(
    env,
    posts.map((post) => ({ source, post })),
  );
}

/**
 * Queues the posts of a webhook delivery with no D1 work: X's request is answered as soon as they
 * are queued, and the consumer does the delivery's bookkeeping from `delivery`. The hold that
 * makes a report wait for the consumer (`holdPosts`) is the caller's to write after answering.
 */
export async function enqueueDeliveredPosts(
  env: Env,
  posts: readonly XTweet[],
  tweetIds: readonly string[],
  delivery: DeliveryTag,
): Promise<number> {
  return send(env, [
    ...posts.map((post): PostMessage => ({ source: 'webhook', post, delivery })),
    ...[...new Set(tweetIds)].map((tweetId): PostMessage => ({ source: 'webhook', tweetId, delivery })),
  ]);
}

/** Holds posts queued in full for the consumer, so that a report of one meanwhile does not read X. */
export async function holdPosts(env: Env, posts: readonly XTweet[], nowMs: number): Promise<void> {
  if (posts.length === 0) return;
  await holdDeliveredPosts(
    env.DB,
    posts.map((post) => post.id),
    nowMs + DELIVERED_POST_HOLD_MS,
  ).run();
}

/** Queues posts known by id only: the consumer reads them from X, once each. */
export async function enqueueTweetIds(env: Env, tweetIds: readonly string[], source: TweetSource): Promise<number> {
  return send(
    env,
    [...new Set(tweetIds)].map((tweetId) => ({ source, tweetId })),
  );
}

async function send(env: Env, messages: PostMessage[]): Promise<number> {
  let chunk: MessageSendRequest<PostMessage>[] = [];
  // Sent as JSON: readable by any later version of the consumer, and by an operator in a dead letter.
  let chunkBytes = 0;
  for (const message of messages) {
    const bytes = new TextEncoder().encode(JSON.stringify(message)).byteLength;
    assert(bytes <= SEND_BATCH_BYTES_MAX, 'a queued post fits in one batch');
    if (chunk.length === MESSAGES_PER_SEND_MAX || chunkBytes + bytes > SEND_BATCH_BYTES_MAX) {
      await env.POSTS_QUEUE.sendBatch(chunk);
      chunk = [];
      chunkBytes = 0;
    }
    chunk.push({ body: message, contentType: 'json' });
    chunkBytes += bytes;
  }
  if (chunk.length > 0) await env.POSTS_QUEUE.sendBatch(chunk);
  return messages.length;
}
