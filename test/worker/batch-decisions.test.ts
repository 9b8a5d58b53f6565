import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import type { Env } from '../../worker/env';
import worker from '../../worker/index';
import type { XTweet } from '../../worker/x/schemas';
import { createOffer, enrolmentsOf, newMerchant, offerTablesSnapshot, uniqueHashtag } from './support/offers';
import {
  createIntent,
  fund,
  intentAs,
  linkedPerson,
  paymentTablesSnapshot,
  postTweet,
  transfersOfIntent,
  walletOf,
} from './support/payments';

// The posts queue's consumer writes a batch's first decisions together (worker/payments/
// batch-decisions.ts): decisions, claimed intents with their holds, refusals and offer claims in
// one D1 batch. Each money rule must hold inside that one batch as it does one tweet at a time.

const QUEUE = 'hashpay-posts';
const workerEnv = env as unknown as Env;

/** The post as a signed delivery brings it: nothing to read from X. */
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

function message(post: XTweet, attempts = 1) {
  return { id: `msg-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body: { source: 'webhook', post } };
}

async function consume(messages: ReturnType<typeof message>[]) {
  const batch = createMessageBatch(QUEUE, messages);
  const ctx = createExecutionContext();
  const warnings = vi.spyOn(console, 'warn');
  let events: string[];
  try {
    await worker.queue(batch, workerEnv);
  } finally {
    events = warnings.mock.calls.map(([line]) => (JSON.parse(String(line)) as { event: string }).event);
    warnings.mockRestore();
  }
  const result = await getQueueResult(batch, ctx);
  return {
    acked: [...result.explicitAcks].sort(),
    retried: result.retryMessages.map((retry: { msgId: string }) => retry.msgId).sort(),
    /** Whether the batch's decisions were written together (not refused and decided one by one). */
    writtenTogether: !events.includes('batch-decisions-refused'),
  };
}

/** Σ of every account's balances per currency: the ledger's books always balance. */
async function ledgerSums() {
  const { results } = await env.DB.prepare(
    `SELECT currency, sum(credits_posted_minor - debits_posted_minor) AS posted,
       sum(credits_pending_minor - debits_pending_minor) AS pending
     FROM ledger_accounts GROUP BY currency`,
  ).all<{ currency: string; posted: number; pending: number }>();
  return results;
}

async function draftedPayment(payer: Awaited<ReturnType<typeof linkedPerson>>, amountMinor: number) {
  const payee = await linkedPerson('pay');
  const intent = await createIntent(payer, payee, amountMinor);
  const tweet = await postTweet(payer, intent.tweetText);
  return { intent, post: fullPost(tweet, payer.xUserId) };
}

describe('a batch of first decisions written together', () => {
  it('holds only what fits when two holds of one batch together exceed the wallet', async () => {
    const payer = await linkedPerson('two');
    await fund(payer, 1_50);
    const first = await draftedPayment(payer, 1_00);
    const second = await draftedPayment(payer, 1_00);

    const messages = [message(first.post), message(second.post)];
    const result = await consume(messages);
    expect(result).toEqual({ acked: messages.map((entry) => entry.id).sort(), retried: [], writtenTogether: true });

    const statuses = [await intentAs(payer, first.intent.id), await intentAs(payer, second.intent.id)].map(
      (intent) => ({ status: intent.status, failureReason: intent.failureReason }),
    );
    expect(statuses).toEqual([
      { status: 'awaiting_confirmation', failureReason: null },
      { status: 'failed', failureReason: 'insufficient-funds' },
    ]);
    expect(await transfersOfIntent(first.intent.id)).toHaveLength(1);
    expect(await transfersOfIntent(second.intent.id)).toHaveLength(0);
    const wallet = await walletOf(payer);
    expect(wallet).toMatchObject({ postedMinor: 1_50, availableMinor: 50 });
    for (const sum of await ledgerSums()) expect(sum).toMatchObject({ posted: 0, pending: 0 });
  });

  it('writes nothing twice when the queue redelivers the batch', async () => {
    const payer = await linkedPerson('red');
    await fund(payer, 50_00);
    const payments = [await draftedPayment(payer, 2_00), await draftedPayment(payer, 3_00)];
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, { hashtag: uniqueHashtag('Batch') });
    const claimer = await linkedPerson('clm');
    const claim = await postTweet(claimer, `Claiming #${offer.hashtag} via #Hashpay`);
    const chatter = await postTweet(claimer, 'Nothing to pay here');
    // Someone else posting the payer's own draft: refused, and the payer is told.
    const copier = await linkedPerson('cop');
    const copy = await postTweet(copier, payments[0]!.intent.tweetText);
    const messages = [
      ...payments.map(({ post }) => message(post)),
      message(fullPost(claim, claimer.xUserId)),
      message(fullPost(chatter, claimer.xUserId)),
      message(fullPost(copy, copier.xUserId)),
    ];

    const first = await consume(messages);
    expect(first).toEqual({ acked: messages.map((entry) => entry.id).sort(), retried: [], writtenTogether: true });
    const refusals = () =>
      env.DB.prepare('SELECT root_id, reason FROM tweet_refusals WHERE root_id = ?').bind(copy.id).all();
    const after = {
      payments: await paymentTablesSnapshot(),
      offers: await offerTablesSnapshot(),
      refusals: (await refusals()).results,
    };
    for (const { intent } of payments) {
      expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');
      expect(await transfersOfIntent(intent.id)).toHaveLength(1);
    }
    expect(await enrolmentsOf(offer.id)).toEqual([{ user_id: claimer.linked.user.id, tweet_root_id: claim.id }]);
    expect(after.refusals).toEqual([{ root_id: copy.id, reason: 'other-account' }]);
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 45_00 });

    for (let attempt = 2; attempt <= 3; attempt += 1) {
      const again = await consume(messages.map((entry) => ({ ...entry, attempts: attempt })));
      expect(again).toMatchObject({ acked: messages.map((entry) => entry.id).sort(), retried: [] });
      expect(await paymentTablesSnapshot()).toBe(after.payments);
      expect(await offerTablesSnapshot()).toBe(after.offers);
      expect((await refusals()).results).toEqual(after.refusals);
    }
    for (const sum of await ledgerSums()) expect(sum).toMatchObject({ posted: 0, pending: 0 });
  });

  it('retries only the post the database refuses, and writes the others of its batch', async () => {
    const payer = await linkedPerson('bad');
    await fund(payer, 50_00);
    const good = [await draftedPayment(payer, 1_00), await draftedPayment(payer, 2_00)];
    // A copy of a draft by someone else, so long that its refusal's text breaks a CHECK.
    const copier = await linkedPerson('lng');
    const copy = await postTweet(copier, `${good[0]!.intent.tweetText} ${'a'.repeat(4_000)}`);
    const bad = message(fullPost(copy, copier.xUserId));
    const messages = [message(good[0]!.post), bad, message(good[1]!.post)];

    const result = await consume(messages);

    expect(result.writtenTogether).toBe(false);
    expect(result.retried).toEqual([bad.id]);
    expect(result.acked).toEqual(
      messages
        .filter((entry) => entry !== bad)
        .map((entry) => entry.id)
        .sort(),
    );
    for (const { intent } of good) {
      expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');
      expect(await transfersOfIntent(intent.id)).toHaveLength(1);
    }
    const decided = await env.DB.prepare('SELECT count(*) AS n FROM payment_tweets WHERE root_id = ?')
      .bind(copy.id)
      .first<{ n: number }>();
    expect(decided?.n).toBe(0);
    for (const sum of await ledgerSums()) expect(sum).toMatchObject({ posted: 0, pending: 0 });
  });
});
