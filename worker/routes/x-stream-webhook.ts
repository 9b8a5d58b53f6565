import { Hono } from 'hono';
import * as z from 'zod';
import { TextSchema } from '../../shared/contract/text';
import { recordStreamCrc, recordStreamDelivery } from '../db/x-stream';
import type { AppEnv, Env } from '../env';
import { enqueueDeliveredPosts, holdPosts } from '../ingest/enqueue';
import { log } from '../log';
import { HttpProblem } from '../problem';
import { validate } from '../validate';
import { tweetFromWire, type XTweet, XTweetWireSchema } from '../x/schemas';
import { CRC_TOKEN_LENGTH_MAX, crcResponse, verifySignature, WEBHOOK_SIGNATURE_HEADER } from '../x/webhook-signature';
// Only functions, used inside handlers: x-webhook.ts imports this module too.
import { parseJson, sha256Hex, webhookSecret } from './x-webhook';

/**
 * X's filtered stream webhook (https://docs.x.com/x-api/webhooks/stream/introduction): X delivers
 * every post matching the stream's rules (see stream/rules.ts), with its edit history and the
 * fields asked for when the stream was linked (`STREAM_LINK_QUERY`). The post is in the signed
 * body, so it is matched as delivered, without reading X again: the author is X's `author_id`, the
 * text X's, and the payer is still proven by X user id (payments/match.ts).
 *
 * The webhook is set up like the Account Activity one (https://docs.x.com/x-api/webhooks/introduction):
 * a GET with `crc_token` is answered `sha256=` + base64(HMAC-SHA256(consumer secret, token)), and
 * each delivery carries `x-twitter-webhooks-signature`, the same HMAC over the raw body, checked
 * before anything else. Both count as the stream's heartbeat (db/x-stream.ts): the scheduled search
 * runs only when neither came for `STREAM_SILENCE_MAX_MS`.
 *
 * A delivery is one filtered stream object, `{ data: post, includes, matching_rules }`
 * (https://docs.x.com/x-api/posts/filtered-stream/integrate/matching-returned-tweets); `data` as a
 * list of posts is read the same way. X expects an answer within seconds and a burst brings
 * thousands: a delivery is verified, its posts queued in full (worker/ingest/enqueue.ts) and
 * acknowledged at once, with no D1 read or write in X's request. The queue's consumer remembers the
 * delivery and the stream's heartbeat, and matches the posts in batches without reading X.
 * Deliveries are at least once and in no promised order: a copy is queued again and decided once,
 * since the matcher keys every post on its edit root, deciding a chain on its newest version only.
 */

/**
 * After answering, an isolate writes the heartbeat at most once per this window: /health and the
 * gap search (stream/gap.ts, silence counted in minutes) see deliveries stop and resume within it,
 * and a burst costs a handful of writes, not one per delivery.
 */
export const STREAM_HEARTBEAT_WRITE_INTERVAL_MS = 10_000;

/** When this isolate last wrote the heartbeat after a delivery. */
let heartbeatWrittenAtMs = Number.NEGATIVE_INFINITY;

/** Posts read from one delivery: far more than X puts in one. */
export const POSTS_PER_DELIVERY_MAX = 100;

const CrcQuerySchema = z.object({ crc_token: TextSchema({ lengthMax: CRC_TOKEN_LENGTH_MAX }) });

const StreamDeliverySchema = z.object({
  data: z.union([z.unknown().array().max(POSTS_PER_DELIVERY_MAX), z.unknown()]),
  matching_rules: z.array(z.object({ id: z.string(), tag: z.string().optional() }).loose()).optional(),
});

export const xStreamWebhook = new Hono<AppEnv>()
  .get('/', validate('query', CrcQuerySchema), async (c) => {
    const answer = await crcResponse(webhookSecret(c.env), c.req.valid('query').crc_token);
    await recordStreamCrc(c.env.DB, Date.now());
    return c.json(answer);
  })
  .post('/', async (c) => {
    const body = new Uint8Array(await c.req.arrayBuffer());
    await verifyDelivery(c.env, body, c.req.header(WEBHOOK_SIGNATURE_HEADER));
    return c.json(await processStreamDelivery(c.env, c.executionCtx, body, parseJson(body)));
  });

/**
 * Work left until X's request is answered: it starts on a later turn of the event loop, so that
 * the answer waits for none of it, and a failure is logged (the consumer records the same facts).
 */
export function afterAnswer(ctx: ExecutionContext, what: string, work: () => Promise<void>): void {
  ctx.waitUntil(
    new Promise<void>((resolve) => setTimeout(resolve, 0))
      .then(work)
      .catch((error: unknown) => log('warn', 'webhook-after-answer-failed', { what, error: String(error) })),
  );
}

/** A delivery's signature over its raw body, checked before anything else: 401 when it is not X's. */
export async function verifyDelivery(env: Env, body: Uint8Array<ArrayBuffer>, header: string | undefined) {
  if (!(await verifySignature(webhookSecret(env), body, header))) {
    throw new HttpProblem(
      401,
      'invalid-signature',
      `The ${WEBHOOK_SIGNATURE_HEADER} header is missing or is not the signature of this body.`,
    );
  }
}

/** Whether a (signed, parsed) delivery is a filtered stream object rather than an account activity event. */
export function isStreamDelivery(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && 'matching_rules' in payload;
}

/**
 * A signed filtered stream delivery: the posts onto the posts queue, then the answer. Also used by
 * `/webhooks/x` (X lets one webhook serve Account Activity and the stream alike).
 */
export async function processStreamDelivery(
  env: Env,
  ctx: ExecutionContext,
  body: Uint8Array<ArrayBuffer>,
  payload: unknown,
) {
  const nowMs = Date.now();
  const bodySha256 = await sha256Hex(body);
  const posts = postsOfDelivery(payload);
  // Queued in full: the consumer matches them from X's signed body, without reading X, and records
  // the delivery. A delivery whose posts could not be queued answers 500: X delivers it again.
  const delivery = { bodySha256, receivedAtMs: nowMs, tweetCount: posts.length, stream: true };
  const queued = await enqueueDeliveredPosts(env, posts, [], delivery);
  afterAnswer(ctx, 'hold-delivered-posts', () => holdPosts(env, posts, nowMs));
  // The stream is alive whatever the delivery brings, posts or none.
  if (nowMs - heartbeatWrittenAtMs >= STREAM_HEARTBEAT_WRITE_INTERVAL_MS) {
    heartbeatWrittenAtMs = nowMs;
    afterAnswer(ctx, 'stream-heartbeat', () => recordStreamDelivery(env.DB, newestIdOf(posts), nowMs));
  }
  // `queued`: the posts are left to the consumer; `processed`: the delivery held no post to match.
  return { outcome: queued > 0 ? 'queued' : 'processed', queued };
}

/**
 * The posts of a delivery, as the matcher takes them. Retweets are skipped (they repeat a
 * payment's text but are not one); a post missing a field the matcher needs (author, creation
 * time: the link asks for them) is skipped too, and the gap search or the extension's report
 * brings it. A body that is JSON but not a filtered stream object is refused.
 */
export function postsOfDelivery(payload: unknown): XTweet[] {
  const delivery = StreamDeliverySchema.safeParse(payload);
  if (!delivery.success || typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new HttpProblem(400, 'invalid-delivery', 'The delivery body is not a filtered stream object.');
  }
  const items = Array.isArray(delivery.data.data) ? delivery.data.data : [delivery.data.data];
  const posts: XTweet[] = [];
  for (const item of items) {
    const wire = XTweetWireSchema.safeParse(item);
    if (!wire.success) continue;
    const post = tweetFromWire(wire.data);
    if (post.referencedTweets.some((reference) => reference.type === 'retweeted')) continue;
    posts.push(post);
  }
  return posts;
}

export function newestIdOf(posts: readonly XTweet[]): string | null {
  let newest: bigint | null = null;
  for (const post of posts) {
    const id = BigInt(post.id);
    if (newest === null || id > newest) newest = id;
  }
  return newest?.toString() ?? null;
}
