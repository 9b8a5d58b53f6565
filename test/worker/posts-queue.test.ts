import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../worker/env';
import worker from '../../worker/index';
import { enqueuePosts } from '../../worker/ingest/enqueue';
import { jobs } from '../../worker/jobs';
import { matchTweetIds, TWEET_NOT_FOUND_MEMORY_MS } from '../../worker/payments/match';
import type { XTweet } from '../../worker/x/schemas';
import {
  createIntent,
  fund,
  injectFault,
  intentAs,
  linkedPerson,
  postTweet,
  reportTweet,
  transfersOfIntent,
} from './support/payments';
import { until, untilDecided } from './support/queue';

// The posts queue: a burst is matched in batches by the consumer, each post acknowledged or
// retried on its own, what keeps failing kept as a dead letter, and every tweet read at most once.

const QUEUE = 'hashpay-posts';
const workerEnv = env as unknown as Env;
let messageCount = 0;

async function draftedTweet(amountMinor = 1_00) {
  const payer = await linkedPerson('que');
  const payee = await linkedPerson('bob');
  await fund(payer, 5_000);
  const intent = await createIntent(payer, payee, amountMinor);
  const tweet = await postTweet(payer, intent.tweetText);
  return { payer, intent, tweet };
}

/** The post as a signed delivery brings it: text, author id and edit history, nothing to read. */
function fullPost(tweet: { id: string; text: string }, authorId: string): XTweet {
  return {
    id: tweet.id,
    text: tweet.text,
    authorId,
    createdAt: new Date().toISOString(),
    conversationId: tweet.id,
    editHistoryTweetIds: [tweet.id],
    referencedTweets: [],
    hashtags: [],
    mentions: [],
    urls: [],
  };
}

function message(body: unknown, attempts = 1) {
  messageCount += 1;
  return { id: `msg-${messageCount}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body };
}

/** Runs the worker's `queue` handler on a batch, as the queue would, and says what it acked and retried. */
async function consume(messages: ReturnType<typeof message>[]) {
  const batch = createMessageBatch(QUEUE, messages);
  const ctx = createExecutionContext();
  await worker.queue(batch, workerEnv);
  const result = await getQueueResult(batch, ctx);
  return {
    acked: [...result.explicitAcks].sort(),
    retried: result.retryMessages.map((retry: { msgId: string }) => retry.msgId).sort(),
  };
}

/** A 19-digit id no tweet of the sandbox has (its ids are counted from a far smaller start). */
function unknownTweetId(): string {
  return `9${String(Date.now()).padStart(13, '0')}${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
}

describe('the posts queue consumer', () => {
  it('retries only the post that fails in a batch, and matches the others', async () => {
    const good = await draftedTweet();
    const delivered = await draftedTweet();
    const failing = await draftedTweet();
    // X refuses the failing post's lookup (in the batch, then alone): only its message is retried.
    await injectFault('client-forbidden', `/2/tweets?ids=${failing.tweet.id}`, 2);
    const failingMessage = message({ source: 'webhook', tweetId: failing.tweet.id });
    const goodMessage = message({ source: 'webhook', tweetId: good.tweet.id });
    const fullMessage = message({ source: 'webhook', post: fullPost(delivered.tweet, delivered.payer.xUserId) });
    const unreadable = message({ source: 'webhook', post: { id: delivered.tweet.id, text: 42 } });

    const result = await consume([failingMessage, goodMessage, fullMessage, unreadable]);

    expect(result.retried).toEqual([failingMessage.id, unreadable.id].sort());
    expect(result.acked).toEqual([goodMessage.id, fullMessage.id].sort());
    expect((await intentAs(good.payer, good.intent.id)).status).toBe('awaiting_confirmation');
    expect((await intentAs(delivered.payer, delivered.intent.id)).status).toBe('awaiting_confirmation');
    expect((await intentAs(failing.payer, failing.intent.id)).status).toBe('awaiting_tweet');

    // The queue's redelivery of the failing post, X answering again: matched, once.
    const retried = await consume([{ ...failingMessage, attempts: 2 }]);
    expect(retried).toEqual({ acked: [failingMessage.id], retried: [] });
    expect((await intentAs(failing.payer, failing.intent.id)).status).toBe('awaiting_confirmation');
  });

  it('matches nothing twice across redeliveries of a batch, whether posts came in full or by id', async () => {
    const byId = await draftedTweet();
    const inFull = await draftedTweet();
    const messages = [
      message({ source: 'webhook', tweetId: byId.tweet.id }),
      message({ source: 'webhook', post: fullPost(inFull.tweet, inFull.payer.xUserId) }),
      // The same post twice in one batch (two deliveries of X's).
      message({ source: 'search', post: fullPost(inFull.tweet, inFull.payer.xUserId) }),
    ];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const result = await consume(messages.map((entry) => ({ ...entry, attempts: attempt })));
      expect(result).toEqual({ acked: messages.map((entry) => entry.id).sort(), retried: [] });
    }
    for (const { payer, intent } of [byId, inFull]) {
      expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');
      expect(await transfersOfIntent(intent.id)).toHaveLength(1);
    }
    const decisions = await env.DB.prepare(
      'SELECT count(*) AS n FROM payment_tweets WHERE root_id IN (SELECT value FROM json_each(?1))',
    )
      .bind(JSON.stringify([byId.tweet.id, inFull.tweet.id]))
      .first<{ n: number }>();
    expect(decisions?.n).toBe(2);
  });

  it('keeps a message that keeps failing in the dead-letter table once the queue gives up', async () => {
    const tweetId = unknownTweetId();
    await workerEnv.POSTS_QUEUE.send({ source: 'webhook', post: { id: tweetId, text: null } } as never, {
      contentType: 'json',
    });
    const dead = await until('the dead letter', () =>
      env.DB.prepare('SELECT tweet_id, source, attempts, body FROM dead_posts WHERE tweet_id = ?')
        .bind(tweetId)
        .first<{ tweet_id: string; source: string; attempts: number; body: string }>(),
    );
    expect(dead).toMatchObject({ tweet_id: tweetId, source: 'webhook' });
    expect(JSON.parse(dead.body)).toEqual({ source: 'webhook', post: { id: tweetId, text: null } });
  });

  it('matches a burst queued through the real queue, each tweet once', async () => {
    const tweets = await Promise.all([draftedTweet(), draftedTweet(), draftedTweet()]);
    const posts = tweets.map(({ tweet, payer }) => fullPost(tweet, payer.xUserId));
    // Delivered twice, as X may: the second copies change nothing.
    expect(await enqueuePosts(workerEnv, [...posts, ...posts], 'webhook')).toBe(6);
    await untilDecided(posts.map((post) => post.id));
    for (const { payer, intent } of tweets) {
      await until('the reservation', async () => (await intentAs(payer, intent.id)).status === 'awaiting_confirmation');
      expect(await transfersOfIntent(intent.id)).toHaveLength(1);
    }
  });
});

describe('every read counted once', () => {
  it('a report and a delivery of one tweet at the same instant read it from X once', async () => {
    const { tweet, intent } = await draftedTweet();
    const [fromReport, fromWebhook] = await Promise.all([
      matchTweetIds(workerEnv, [tweet.id], 'report', Date.now()),
      matchTweetIds(workerEnv, [tweet.id], 'webhook', Date.now()),
    ]);
    expect(fromReport.tweetsLookedUp + fromWebhook.tweetsLookedUp).toBe(1);
    for (const report of [fromReport, fromWebhook]) {
      expect(report.outcomes[tweet.id]).toMatchObject({ kind: 'matched', intentId: intent.id });
    }
    expect(fromReport.matched + fromWebhook.matched).toBe(1);
    expect(await transfersOfIntent(intent.id)).toHaveLength(1);
  });

  it('a report of a post the queue holds in full reads nothing, and gets the consumer decision', async () => {
    const { tweet, intent, payer } = await draftedTweet();
    await enqueuePosts(workerEnv, [fullPost(tweet, payer.xUserId)], 'webhook');
    const report = await matchTweetIds(workerEnv, [tweet.id], 'report', Date.now());
    expect(report.tweetsLookedUp).toBe(0);
    // Either the consumer decided while the report waited, or the report is asked to come back.
    expect(['matched', 'retry-later']).toContain(report.outcomes[tweet.id]?.kind);
    await untilDecided([tweet.id]);
    const again = await reportTweet(payer, tweet.id);
    expect(again).toMatchObject({ outcome: 'matched', intent: { id: intent.id } });
  });

  it('remembers a tweet X answered as not found for a minute, then asks again', async () => {
    const tweetId = unknownTweetId();
    const nowMs = Date.now();
    const first = await matchTweetIds(workerEnv, [tweetId], 'report', nowMs);
    expect(first.tweetsLookedUp).toBe(1);
    expect(first.outcomes[tweetId]).toEqual({ kind: 'ignored', reason: 'tweet-not-found' });

    const remembered = await matchTweetIds(workerEnv, [tweetId], 'webhook', nowMs + 1_000);
    expect(remembered.tweetsLookedUp).toBe(0);
    expect(remembered.outcomes[tweetId]).toEqual({ kind: 'ignored', reason: 'tweet-not-found' });

    const later = await matchTweetIds(workerEnv, [tweetId], 'report', nowMs + TWEET_NOT_FOUND_MEMORY_MS + 1);
    expect(later.tweetsLookedUp).toBe(1);
  });

  it('forgets run-out leases and not-found answers in the scheduled prune, keeping the running ones', async () => {
    const tweetId = unknownTweetId();
    const nowMs = Date.now();
    await matchTweetIds(workerEnv, [tweetId], 'report', nowMs);
    const rowOf = () => env.DB.prepare('SELECT tweet_id FROM tweet_reads WHERE tweet_id = ?').bind(tweetId).first();
    await jobs.pruneTweetReads!(workerEnv, nowMs + 1_000);
    expect(await rowOf()).not.toBeNull();
    await jobs.pruneTweetReads!(workerEnv, nowMs + TWEET_NOT_FOUND_MEMORY_MS + 1);
    expect(await rowOf()).toBeNull();
  });

  it('the report route answers a remembered not-found without reading X', async () => {
    const { payer } = await draftedTweet();
    const tweetId = unknownTweetId();
    await matchTweetIds(workerEnv, [tweetId], 'webhook', Date.now());
    const res = await exports.default.fetch('http://worker/v1/tweets/report', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${payer.linked.sessionToken}` },
      body: JSON.stringify({ tweetId }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'not-a-payment', reason: 'tweet-not-found' });
  });
});
