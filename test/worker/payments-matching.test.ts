import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { jobs } from '../../worker/jobs';
import { matchTweetIds, type TweetSource } from '../../worker/payments/match';
import {
  createIntent,
  deleteTweet,
  editTweet,
  fund,
  intentAs,
  linkedPerson,
  postTweet,
  reportTweet,
  transfersOfIntent,
  unlinkedPerson,
  walletOf,
} from './support/payments';

// Matching posted tweets to payments, through the real worker, D1 and the sandbox X.

async function arrive(source: TweetSource, reporter: Parameters<typeof reportTweet>[0], tweetId: string) {
  if (source === 'report') return reportTweet(reporter, tweetId);
  if (source === 'webhook') return matchTweetIds(env, [tweetId], 'webhook', Date.now());
  return jobs.matchSearch!(env, Date.now());
}

const ORDERS: TweetSource[][] = [
  ['report', 'search', 'webhook'],
  ['report', 'webhook', 'search'],
  ['search', 'report', 'webhook'],
  ['search', 'webhook', 'report'],
  ['webhook', 'report', 'search'],
  ['webhook', 'search', 'report'],
];

describe('a drafted tweet', () => {
  for (const source of ['report', 'search', 'webhook'] as const) {
    it(`is matched from the ${source} alone, and the amount is reserved`, async () => {
      const payer = await linkedPerson('pay');
      const payee = await linkedPerson('bob');
      await fund(payer, 5_000);
      const intent = await createIntent(payer, payee, 1_250, { memo: 'pizza' });
      expect(intent.status).toBe('awaiting_tweet');
      expect(intent.tweetText).toBe(`Paying @${payee.username} €12.50 for pizza via #Hashpay ${intent.code}`);
      const tweet = await postTweet(payer, intent.tweetText);

      await arrive(source, payer, tweet.id);

      const matched = await intentAs(payer, intent.id);
      expect(matched.status).toBe('awaiting_confirmation');
      expect(matched.tweet).toMatchObject({ rootId: tweet.id, id: tweet.id, text: intent.tweetText });
      expect(matched.confirmBy).not.toBeNull();
      expect(await walletOf(payer)).toMatchObject({ postedMinor: 5_000, availableMinor: 3_750 });
      expect(await transfersOfIntent(intent.id)).toEqual([{ id: `pay:${intent.id}:hold`, flags: 'pending' }]);
    });
  }

  for (const order of ORDERS) {
    it(`arriving from ${order.join(', then ')} (twice each) makes one payment`, async () => {
      const payer = await linkedPerson('pay');
      const payee = await linkedPerson('bob');
      await fund(payer, 10_000);
      const intent = await createIntent(payer, payee, 2_000, { language: 'fr' });
      const tweet = await postTweet(payer, intent.tweetText);
      for (const source of [...order, ...order]) await arrive(source, payer, tweet.id);
      // And all at once.
      await Promise.all(order.map((source) => arrive(source, payer, tweet.id)));

      expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');
      expect(await transfersOfIntent(intent.id)).toHaveLength(1);
      expect(await walletOf(payer)).toMatchObject({ availableMinor: 8_000 });
      const roots = await env.DB.prepare('SELECT count(*) AS n FROM payment_tweets WHERE root_id = ?')
        .bind(tweet.id)
        .first<{ n: number }>();
      expect(roots?.n).toBe(1);
    });
  }

  it('by someone else than the payer is ignored, and the payer can still post theirs', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    const mallory = await linkedPerson('mal');
    await fund(payer, 5_000);
    const intent = await createIntent(payer, payee, 1_000);
    const copy = await postTweet(mallory, intent.tweetText);

    const copyReport = await reportTweet(mallory, copy.id);
    expect(copyReport).toEqual({ outcome: 'not-a-payment', intent: null, reason: 'wrong-author' });
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_tweet');
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 5_000 });

    const own = await postTweet(payer, `${intent.tweetText} `);
    const ownReport = await reportTweet(payer, own.id);
    expect(ownReport.outcome).toBe('matched');
    expect(ownReport.intent?.id).toBe(intent.id);
  });

  it('with an unknown code, or a code with a typo, matches nothing', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    const intent = await createIntent(payer, payee, 1_000);
    const unknown = await postTweet(payer, `Paying @${payee.username} €10.00 via #Hashpay HP-00000000`);
    // The typo must differ from the code's own last character, which is random.
    const typoLast = intent.code.endsWith('Z') ? 'Y' : 'Z';
    const typo = await postTweet(
      payer,
      intent.tweetText.replace(intent.code, `${intent.code.slice(0, -1)}${typoLast}`),
    );
    const report = await matchTweetIds(env, [unknown.id, typo.id], 'webhook', Date.now());
    expect(report.matched).toBe(0);
    expect(report.ignored).toBe(2);
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_tweet');
  });

  it('deleted before it arrives matches nothing', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    const intent = await createIntent(payer, payee, 1_000);
    const tweet = await postTweet(payer, intent.tweetText);
    await deleteTweet(tweet.id);
    expect(await reportTweet(payer, tweet.id)).toEqual({
      outcome: 'not-a-payment',
      intent: null,
      reason: 'tweet-not-found',
    });
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_tweet');
    expect(await transfersOfIntent(intent.id)).toEqual([]);
  });

  it('edited is matched by its root, once, and shows its final text', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    const intent = await createIntent(payer, payee, 1_000, { memo: 'pizza' });
    const original = await postTweet(payer, intent.tweetText);
    await reportTweet(payer, original.id);
    const edited = await editTweet(original.id, intent.tweetText.replace('pizza', 'pizza and drinks'));
    expect(edited.id).not.toBe(original.id);

    const report = await reportTweet(payer, edited.id);
    expect(report.outcome).toBe('matched');
    expect(report.intent?.tweet).toMatchObject({ rootId: original.id, id: edited.id });
    expect(report.intent?.tweet?.text).toContain('pizza and drinks');
    await matchTweetIds(env, [original.id, edited.id], 'webhook', Date.now());
    await jobs.matchSearch!(env, Date.now());
    expect(await transfersOfIntent(intent.id)).toHaveLength(1);
  });

  it('edited before anyone saw it is matched from an old version with the final text', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    const intent = await createIntent(payer, payee, 1_000, { memo: 'pizza' });
    const original = await postTweet(payer, intent.tweetText);
    const edited = await editTweet(original.id, intent.tweetText.replace('pizza', 'pasta'));
    const report = await reportTweet(payer, original.id);
    expect(report.intent?.tweet).toMatchObject({ rootId: original.id, id: edited.id });
    expect(report.intent?.tweet?.text).toContain('pasta');
  });

  it('edited, found by the search in both versions, is matched once with the final text', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    const intent = await createIntent(payer, payee, 1_000, { memo: 'pizza' });
    const original = await postTweet(payer, intent.tweetText);
    const edited = await editTweet(original.id, intent.tweetText.replace('pizza', 'sushi'));
    await jobs.matchSearch!(env, Date.now());
    const matched = await intentAs(payer, intent.id);
    expect(matched.status).toBe('awaiting_confirmation');
    expect(matched.tweet).toMatchObject({ rootId: original.id, id: edited.id });
    expect(matched.tweet?.text).toContain('sushi');
    expect(await transfersOfIntent(intent.id)).toHaveLength(1);
  });

  it('with too little money fails the intent and reserves nothing', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 500);
    const intent = await createIntent(payer, payee, 1_000);
    const tweet = await postTweet(payer, intent.tweetText);
    const report = await reportTweet(payer, tweet.id);
    expect(report.intent).toMatchObject({ status: 'failed', failureReason: 'insufficient-funds' });
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 500, availableMinor: 500 });
    expect(await transfersOfIntent(intent.id)).toEqual([]);
  });

  it('over the daily limit at match time fails with limit-per-day', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 100_000);
    // Two drafts within the limit each; together they pass it (€250 a day).
    const first = await createIntent(payer, payee, 15_000);
    const second = await createIntent(payer, payee, 15_000);
    await reportTweet(payer, (await postTweet(payer, first.tweetText)).id);
    const report = await reportTweet(payer, (await postTweet(payer, second.tweetText)).id);
    expect(report.intent).toMatchObject({ id: second.id, status: 'failed', failureReason: 'limit-per-day' });
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 85_000 });
  });
});

describe('a hand-typed command', () => {
  it('in English from a linked author creates an intent awaiting confirmation', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    const tweet = await postTweet(payer, `@hashpay pay @${payee.username} 10€ pizza`);
    const report = await reportTweet(payer, tweet.id);
    expect(report.outcome).toBe('matched');
    expect(report.intent).toMatchObject({
      source: 'command',
      status: 'awaiting_confirmation',
      amountMinor: 1_000,
      currency: 'EUR',
      memo: 'pizza',
      language: 'en',
      payer: { xUserId: payer.xUserId, username: payer.username },
      payee: { xUserId: payee.xUserId, username: payee.username },
    });
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 4_000 });
  });

  it('in French, found by the search, speaks French', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    const tweet = await postTweet(payer, `@hashpay envoie 12,50 € à @${payee.username} pour le cinéma`);
    await jobs.matchSearch!(env, Date.now());
    const report = await matchTweetIds(env, [tweet.id], 'webhook', Date.now());
    expect(report.alreadyDecided).toBe(1);
    const outcome = report.outcomes[tweet.id];
    expect(outcome?.kind).toBe('matched');
    const intent = await intentAs(payer, outcome?.kind === 'matched' ? outcome.intentId : '');
    expect(intent).toMatchObject({
      amountMinor: 1_250,
      language: 'fr',
      memo: 'le cinéma',
      status: 'awaiting_confirmation',
    });
  });

  it('from an author who has not linked is ignored and counted', async () => {
    const stranger = await unlinkedPerson('str');
    const payee = await linkedPerson('bob');
    const tweet = await postTweet(stranger, `@hashpay pay @${payee.username} 10€`);
    const report = await matchTweetIds(env, [tweet.id], 'webhook', Date.now());
    expect(report).toMatchObject({ matched: 0, ignored: 1, unlinkedAuthors: 1 });
    const intents = await env.DB.prepare('SELECT count(*) AS n FROM payment_intents WHERE payer_x_user_id = ?')
      .bind(stranger.xUserId)
      .first<{ n: number }>();
    expect(intents?.n).toBe(0);
  });

  it('to an unknown handle or to oneself is ignored', async () => {
    const payer = await linkedPerson('pay');
    await fund(payer, 5_000);
    const unknown = await postTweet(payer, '@hashpay pay @nobody_zz9qx 10€');
    const self = await postTweet(payer, `@hashpay pay @${payer.username} 10€`);
    const report = await matchTweetIds(env, [unknown.id, self.id], 'webhook', Date.now());
    expect(report.outcomes[unknown.id]).toEqual({ kind: 'ignored', reason: 'unknown-payee' });
    expect(report.outcomes[self.id]).toEqual({ kind: 'ignored', reason: 'payer-is-payee' });
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 5_000 });
  });
});
