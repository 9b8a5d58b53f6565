import { insertDeadPost } from '../db/dead-posts';
import { releaseTweetReads } from '../db/tweet-reads';
import { recordDeliveries } from '../db/webhook-deliveries';
import { recordStreamDelivery } from '../db/x-stream';
import type { Env } from '../env';
import { log } from '../log';
import { type MatchReport, matchTweetIds, matchTweets, type TweetOutcome, type TweetSource } from '../payments/match';
import type { XTweet } from '../x/schemas';
import { type DeliveryTag, type PostMessage, PostMessageSchema, tweetIdOfMessage } from './messages';

/**
 * The posts queue's consumer: matches a batch of up to 100 posts with the one matcher
 * (worker/payments/match.ts), all posts of a source in one call, so that offers, pots and intents
 * are looked up once per batch. Each message is then acknowledged or retried on its own:
 * - a post decided (matched, enrolled, ignored, or decided earlier) is acknowledged;
 * - a post X could not be asked about yet is retried after X's reset when X gave one;
 * - when the batched call fails, the posts are matched one by one, so that the post that fails is
 *   the only one retried; a message that cannot be read is retried too. The queue gives up after
 *   its `max_retries` and moves the message to the dead-letter queue (see `consumeDeadPosts`).
 * Nothing is matched twice across redeliveries: every decision is keyed on the post's edit root.
 */

/** The dead-letter queue of a queue is named after it with this suffix (wrangler.toml). */
export const DEAD_LETTER_QUEUE_SUFFIX = '-dead';

export function isDeadLetterQueue(queueName: string): boolean {
  return queueName.endsWith(DEAD_LETTER_QUEUE_SUFFIX);
}

/** A retry after X's rate-limit reset waits that long, never longer than one of X's 15-minute windows. */
export const RETRY_DELAY_MAX_S = 15 * 60;

export interface ConsumeReport {
  acked: number;
  retried: number;
  /** Posts matched or enrolled for the first time in this batch. */
  tookEffect: number;
}

export async function consumePosts(batch: MessageBatch<unknown>, env: Env, nowMs: number = Date.now()) {
  const totals: ConsumeReport = { acked: 0, retried: 0, tookEffect: 0 };
  const groups = new Map<string, Array<{ message: Message<unknown>; body: PostMessage }>>();
  for (const message of batch.messages) {
    const parsed = PostMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      log('warn', 'queue-message-unreadable', { messageId: message.id, attempts: message.attempts });
      message.retry();
      totals.retried += 1;
      continue;
    }
    const key = `${parsed.data.source}:${'post' in parsed.data ? 'post' : 'id'}`;
    groups.set(key, [...(groups.get(key) ?? []), { message, body: parsed.data }]);
  }
  try {
    await recordWebhookDeliveries(env, [...groups.values()].flat());
  } catch (error) {
    // Bookkeeping only: the posts are matched whatever, and the next batch records the heartbeat.
    log('warn', 'queue-deliveries-unrecorded', { messages: batch.messages.length, error: String(error) });
  }
  for (const group of groups.values()) {
    let report: MatchReport | null = null;
    try {
      report = await matchGroup(env, group, nowMs);
    } catch (error) {
      log('warn', 'queue-batch-failed', { posts: group.length, error: String(error) });
    }
    if (report !== null) {
      settle(group, report, totals);
      await releaseDelivered(env, group, report);
      continue;
    }
    // One post broke the batch: each is matched alone, and only the ones that fail are retried.
    for (const entry of group) {
      try {
        const alone = await matchGroup(env, [entry], nowMs);
        settle([entry], alone, totals);
        await releaseDelivered(env, [entry], alone);
      } catch (error) {
        log('error', 'queue-post-failed', {
          messageId: entry.message.id,
          tweetId: tweetIdOfMessage(entry.body),
          attempts: entry.message.attempts,
          error: String(error),
        });
        entry.message.retry();
        totals.retried += 1;
      }
    }
  }
  log('info', 'queue-batch', { queue: batch.queue, messages: batch.messages.length, ...totals });
  return totals;
}

type Entry = { message: Message<unknown>; body: PostMessage };

/**
 * The bookkeeping of the webhook deliveries in a batch, which their routes leave to the consumer so
 * as to answer X at once: each delivery remembered (pruned after a while, see
 * db/webhook-deliveries.ts), and the filtered stream's heartbeat moved to the newest delivery's
 * receive time and post id, one write each per batch. A copy of a delivery is matched again, and
 * decided once: decisions are keyed on each post's edit root.
 */
async function recordWebhookDeliveries(env: Env, entries: readonly Entry[]): Promise<void> {
  const deliveries = new Map<string, DeliveryTag>();
  let streamHeardAtMs: number | null = null;
  let newestStreamId: bigint | null = null;
  for (const { body } of entries) {
    const delivery = body.delivery;
    if (delivery === undefined) continue;
    deliveries.set(delivery.bodySha256, delivery);
    if (!delivery.stream) continue;
    streamHeardAtMs = Math.max(streamHeardAtMs ?? 0, delivery.receivedAtMs);
    const id = BigInt('post' in body ? body.post.id : body.tweetId);
    if (newestStreamId === null || id > newestStreamId) newestStreamId = id;
  }
  if (deliveries.size === 0) return;
  await recordDeliveries(
    env.DB,
    [...deliveries.values()].map(({ bodySha256, tweetCount, receivedAtMs }) => ({
      provider: 'x' as const,
      bodySha256,
      tweetCount,
      receivedAtMs,
    })),
  );
  if (streamHeardAtMs !== null) {
    await recordStreamDelivery(env.DB, newestStreamId?.toString() ?? null, streamHeardAtMs);
  }
}

/** One matcher call for a group of one source and one kind (full posts, or ids to read). */
async function matchGroup(env: Env, group: readonly Entry[], nowMs: number): Promise<MatchReport> {
  const source: TweetSource = group[0]!.body.source;
  const posts: XTweet[] = [];
  const ids: string[] = [];
  for (const { body } of group) {
    if ('post' in body) posts.push(body.post);
    else ids.push(body.tweetId);
  }
  return posts.length > 0 ? matchTweets(env, posts, source, nowMs) : matchTweetIds(env, ids, source, nowMs);
}

function settle(group: readonly Entry[], report: MatchReport, totals: ConsumeReport): void {
  for (const { message, body } of group) {
    const outcome: TweetOutcome | undefined = report.outcomes['post' in body ? body.post.id : body.tweetId];
    if (outcome?.kind === 'retry-later') {
      const delaySeconds =
        outcome.retryAfterMs === undefined
          ? undefined
          : Math.min(RETRY_DELAY_MAX_S, Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)));
      message.retry(delaySeconds === undefined ? {} : { delaySeconds });
      totals.retried += 1;
      continue;
    }
    if (outcome === undefined) {
      // The matcher answers every id it is given; a post it did not answer is tried again.
      log('error', 'queue-post-unanswered', { messageId: message.id });
      message.retry();
      totals.retried += 1;
      continue;
    }
    message.ack();
    totals.acked += 1;
    if ((outcome.kind === 'matched' || outcome.kind === 'claim') && outcome.firstTime) totals.tookEffect += 1;
  }
}

/** Ends the hold on posts delivered in full once decided: a report of one now reads D1. */
async function releaseDelivered(env: Env, group: readonly Entry[], report: MatchReport): Promise<void> {
  const decided = group
    .map(({ body }) => ('post' in body ? body.post.id : null))
    .filter((id): id is string => id !== null && report.outcomes[id]?.kind !== 'retry-later');
  if (decided.length > 0) await releaseTweetReads(env.DB, decided).run();
}

/**
 * The dead-letter queue's consumer: what kept failing is kept in D1 (`dead_posts`) for an
 * operator, logged as an error, and acknowledged. Nothing in it moves money.
 */
export async function consumeDeadPosts(batch: MessageBatch<unknown>, env: Env, nowMs: number = Date.now()) {
  if (batch.messages.length === 0) return 0;
  await env.DB.batch(
    batch.messages.map((message) => {
      const body = message.body as { source?: unknown } | null;
      return insertDeadPost(env.DB, {
        messageId: message.id,
        tweetId: tweetIdOfMessage(message.body),
        source: typeof body?.source === 'string' ? body.source.slice(0, 32) : null,
        body: safeJson(message.body),
        attempts: message.attempts,
        receivedAtMs: nowMs,
      });
    }),
  );
  for (const message of batch.messages) {
    log('error', 'queue-post-dead', { messageId: message.id, tweetId: tweetIdOfMessage(message.body) });
  }
  batch.ackAll();
  return batch.messages.length;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return JSON.stringify(String(value));
  }
}
