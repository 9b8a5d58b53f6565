import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getStreamHeartbeat } from '../../worker/db/x-stream';
import type { Env } from '../../worker/env';
import worker, { app } from '../../worker/index';
import { signatureOf } from '../../worker/x/webhook-signature';
import { createIntent, fund, intentAs, linkedPerson, postTweet, transfersOfIntent } from './support/payments';

// A webhook delivery is verified, queued and answered with no D1 read or write in X's request; the
// posts queue's consumer remembers the delivery and the stream's heartbeat, and a copy of a
// delivery is decided once.

const QUEUE = 'hashpay-posts';
const SECRET = 'ack-consumer-secret';
const workerEnv = env as unknown as Env;

/** The worker's env, its D1 counting every statement made and its posts queue keeping what is sent. */
function observedEnv() {
  const observed = { d1Calls: 0, sendBatchCalls: 0, sent: [] as unknown[] };
  const db = new Proxy(workerEnv.DB, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        observed.d1Calls += 1;
        return value.apply(target, args);
      };
    },
  });
  const queue = {
    async send(body: unknown) {
      observed.sent.push(body);
    },
    async sendBatch(messages: Iterable<MessageSendRequest<unknown>>) {
      observed.sendBatchCalls += 1;
      for (const message of messages) observed.sent.push(message.body);
    },
  } as unknown as Queue;
  const testEnv: Env = { ...workerEnv, X_WEBHOOK_SECRET: SECRET, DB: db, POSTS_QUEUE: queue };
  return { observed, testEnv };
}

async function payment(prefix: string) {
  const payer = await linkedPerson(`${prefix}p`);
  const payee = await linkedPerson(`${prefix}e`);
  await fund(payer, 50_00);
  const intent = await createIntent(payer, payee, 7_25);
  const tweet = await postTweet(payer, intent.tweetText);
  return { payer, intent, post: { ...tweet, authorId: payer.xUserId } };
}

function wirePost(post: { id: string; text: string; authorId: string }) {
  return {
    id: post.id,
    text: post.text,
    author_id: post.authorId,
    created_at: new Date().toISOString(),
    edit_history_tweet_ids: [post.id],
  };
}

/** Delivers a signed body; answers what the route said and what it did before answering. */
async function deliver(path: string, body: string, testEnv: Env, observed: { d1Calls: number }) {
  const ctx = createExecutionContext();
  const before = observed.d1Calls;
  const response = await app.fetch(
    new Request(new URL(path, 'http://127.0.0.1:8787'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': await signatureOf(SECRET, body) },
      body,
    }),
    testEnv,
    ctx,
  );
  const d1CallsInRequest = observed.d1Calls - before;
  const answer = { status: response.status, body: await response.json(), d1CallsInRequest };
  await waitOnExecutionContext(ctx);
  return answer;
}

/** Runs the worker's queue handler on these message bodies, as the queue would. */
async function consume(bodies: readonly unknown[]) {
  const batch = createMessageBatch(
    QUEUE,
    bodies.map((body, index) => ({
      id: `ack-${index}-${crypto.randomUUID()}`,
      timestamp: new Date(),
      attempts: 1,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, workerEnv);
  return getQueueResult(batch, ctx);
}

async function deliveryRows(bodySha256: string): Promise<number> {
  const row = await workerEnv.DB.prepare('SELECT count(*) AS n FROM webhook_deliveries WHERE body_sha256 = ?')
    .bind(bodySha256)
    .first<{ n: number }>();
  return row!.n;
}

async function decisionsOf(rootId: string): Promise<number> {
  const row = await workerEnv.DB.prepare('SELECT count(*) AS n FROM payment_tweets WHERE root_id = ?')
    .bind(rootId)
    .first<{ n: number }>();
  return row!.n;
}

describe('webhook acknowledgement', () => {
  it('a stream delivery touches no D1 in the request; the consumer records it and the heartbeat, and decides a copy once', async () => {
    const { payer, intent, post } = await payment('ack');
    const { observed, testEnv } = observedEnv();
    const body = JSON.stringify({ data: wirePost(post), matching_rules: [{ id: '1', tag: 'hashpay' }] });

    const first = await deliver('/webhooks/x-stream', body, testEnv, observed);
    const copy = await deliver('/webhooks/x-stream', body, testEnv, observed);
    for (const answer of [first, copy]) {
      expect(answer).toEqual({ status: 200, body: { outcome: 'queued', queued: 1 }, d1CallsInRequest: 0 });
    }
    expect(observed.sent).toHaveLength(2);
    const delivery = (observed.sent[0] as { delivery: { bodySha256: string; receivedAtMs: number } }).delivery;
    expect(delivery.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    // Nothing recorded before the consumer ran.
    expect(await deliveryRows(delivery.bodySha256)).toBe(0);
    expect(await decisionsOf(post.id)).toBe(0);

    const result = await consume(observed.sent);
    expect(result.retryMessages).toEqual([]);
    expect(await deliveryRows(delivery.bodySha256)).toBe(1);
    expect(await decisionsOf(post.id)).toBe(1);
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');
    expect((await transfersOfIntent(intent.id)).map((transfer) => transfer.id)).toEqual([`pay:${intent.id}:hold`]);
    const beat = await getStreamHeartbeat(workerEnv.DB);
    expect(beat.lastDeliveryAtMs).toBeGreaterThanOrEqual(delivery.receivedAtMs);
    expect(BigInt(beat.newestDeliveredId ?? '0')).toBeGreaterThanOrEqual(BigInt(post.id));

    // The copy redelivered later by the queue changes nothing.
    await consume([observed.sent[1]]);
    expect(await deliveryRows(delivery.bodySha256)).toBe(1);
    expect(await decisionsOf(post.id)).toBe(1);
    expect(await transfersOfIntent(intent.id)).toHaveLength(1);
  });

  it('a delivery of several posts is queued in one sendBatch, with no D1 in the request', async () => {
    const one = await payment('ack1');
    const two = await payment('ack2');
    const { observed, testEnv } = observedEnv();
    const body = JSON.stringify({ data: [wirePost(one.post), wirePost(two.post)], matching_rules: [{ id: '1' }] });

    const answer = await deliver('/webhooks/x-stream', body, testEnv, observed);
    expect(answer).toEqual({ status: 200, body: { outcome: 'queued', queued: 2 }, d1CallsInRequest: 0 });
    expect(observed.sendBatchCalls).toBe(1);
    expect(observed.sent).toHaveLength(2);
  });

  it('an X Activity delivery touches no D1 in the request, and the consumer remembers it', async () => {
    const { post } = await payment('acka');
    const { observed, testEnv } = observedEnv();
    const body = JSON.stringify({ data: { event_type: 'post.create', payload: wirePost(post) } });

    const answer = await deliver('/webhooks/x', body, testEnv, observed);
    expect(answer).toEqual({ status: 200, body: { outcome: 'queued', queued: 1, deleted: 0 }, d1CallsInRequest: 0 });
    const delivery = (observed.sent[0] as { delivery: { bodySha256: string; stream: boolean } }).delivery;
    expect(delivery.stream).toBe(false);
    await consume(observed.sent);
    expect(await deliveryRows(delivery.bodySha256)).toBe(1);
    expect(await decisionsOf(post.id)).toBe(1);
  });

  it('a forged delivery is refused before anything is queued or read', async () => {
    const { observed, testEnv } = observedEnv();
    const body = JSON.stringify({ data: { id: '1' }, matching_rules: [] });
    const ctx = createExecutionContext();
    const response = await app.fetch(
      new Request('http://127.0.0.1:8787/webhooks/x-stream', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-twitter-webhooks-signature': await signatureOf('not-the-secret', body),
        },
        body,
      }),
      testEnv,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(401);
    expect(observed).toEqual({ d1Calls: 0, sendBatchCalls: 0, sent: [] });
  });
});
