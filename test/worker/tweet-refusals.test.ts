import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { PaymentIntentListResponseSchema, ReportTweetResponseSchema } from '../../shared/contract/payments';
import { matchTweetIds } from '../../worker/payments/match';
import { workerFetch } from './support/link-user';
import {
  createIntent,
  fund,
  intentAs,
  linkedPerson,
  type Person,
  postTweet,
  reportTweet,
  sessionOf,
  unlinkedPerson,
  walletOf,
} from './support/payments';

// Tweets meant to move a linked person's money that moved none: the matcher keeps why for the
// person it concerns, the report answers it to them alone, and their history lists it.

async function historyOf(person: Person, query = '') {
  const res = await workerFetch(`/v1/history${query}`, { headers: sessionOf(person) });
  expect(res.status, await res.clone().text()).toBe(200);
  return PaymentIntentListResponseSchema.parse(await res.json());
}

async function refusalRows(rootId: string) {
  const { results } = await env.DB.prepare('SELECT user_id, reason, intent_id FROM tweet_refusals WHERE root_id = ?')
    .bind(rootId)
    .all();
  return results;
}

describe('a refused tweet', () => {
  it('drafted and edited before posting: draft-altered, told to the payer with their draft, in their history', async () => {
    const payer = await linkedPerson('alt');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    const intent = await createIntent(payer, payee, 1_000);
    const tweet = await postTweet(payer, intent.tweetText.replace('€10.00', '€1,000.00'));

    const answer = ReportTweetResponseSchema.parse(await reportTweet(payer, tweet.id));
    expect(answer.outcome).toBe('not-a-payment');
    expect(answer.reason).toBe('draft-altered');
    expect(answer.refusal).toMatchObject({
      tweetId: tweet.id,
      tweetUrl: `https://x.com/${payer.username}/status/${tweet.id}`,
      reason: 'draft-altered',
      text: tweet.text,
    });
    expect(answer.refusal?.intent?.id).toBe(intent.id);
    expect(answer.refusal?.intent?.status).toBe('awaiting_tweet');
    // Nothing moved, nothing reserved.
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 5_000 });

    // Any later arrival answers the same refusal, and writes no second row.
    await matchTweetIds(env, [tweet.id], 'webhook', Date.now());
    expect((await reportTweet(payer, tweet.id)).refusal?.reason).toBe('draft-altered');
    expect(await refusalRows(tweet.id)).toEqual([
      { user_id: payer.linked!.user.id, reason: 'draft-altered', intent_id: intent.id },
    ]);

    const history = await historyOf(payer);
    expect(history.refusals?.map((refusal) => [refusal.tweetId, refusal.reason])).toEqual([
      [tweet.id, 'draft-altered'],
    ]);
    // The payee reads nothing of it.
    expect((await reportTweet(payee, tweet.id)).refusal).toBeUndefined();
    expect((await historyOf(payee)).refusals).toEqual([]);
  });

  it('typed by hand to a handle X does not know: unknown-payee, in the author’s history', async () => {
    const payer = await linkedPerson('typ');
    await fund(payer, 5_000);
    const tweet = await postTweet(payer, '@hashpay pay @nobodyatall99 5€');

    const answer = await reportTweet(payer, tweet.id);
    expect(answer.outcome).toBe('not-a-payment');
    expect(answer.refusal).toMatchObject({ reason: 'unknown-payee', intent: null, text: tweet.text });
    expect((await historyOf(payer)).refusals?.map((refusal) => refusal.reason)).toEqual(['unknown-payee']);
    expect((await historyOf(payer, '?role=payee')).refusals).toEqual([]);
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 5_000 });
  });

  it('typed by hand to oneself: payer-is-payee', async () => {
    const payer = await linkedPerson('slf');
    const tweet = await postTweet(payer, `@hashpay pay @${payer.username} 5€`);
    expect((await reportTweet(payer, tweet.id)).refusal?.reason).toBe('payer-is-payee');
  });

  it('drafted and posted from another X account: other-account, told to the payer, nothing moved', async () => {
    const payer = await linkedPerson('own');
    const payee = await linkedPerson('bob');
    const other = await unlinkedPerson('oth');
    await fund(payer, 5_000);
    const intent = await createIntent(payer, payee, 1_000);
    const tweet = await postTweet(other, intent.tweetText);

    const answer = await reportTweet(payer, tweet.id);
    expect(answer.reason).toBe('wrong-author');
    expect(answer.refusal).toMatchObject({
      reason: 'other-account',
      tweetUrl: `https://x.com/i/web/status/${tweet.id}`,
    });
    expect(answer.refusal?.intent?.id).toBe(intent.id);
    // The draft still waits for the payer's own tweet.
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_tweet');
    expect((await historyOf(payer)).refusals?.map((refusal) => refusal.reason)).toEqual(['other-account']);
  });

  it('typed by hand from an unlinked account in the reporter’s browser: other-account, kept for nobody', async () => {
    const reporter = await linkedPerson('rep');
    const other = await unlinkedPerson('unl');
    const tweet = await postTweet(other, '@hashpay pay @bob 5€');
    const answer = await reportTweet(reporter, tweet.id);
    expect(answer.reason).toBe('unlinked-author');
    expect(answer.refusal).toMatchObject({ reason: 'other-account', intent: null, tweetId: tweet.id });
    expect(await refusalRows(tweet.id)).toEqual([]);
    expect((await historyOf(reporter)).refusals).toEqual([]);
  });

  it('above the balance: matched, then failed insufficient-funds (the intent says why)', async () => {
    const payer = await linkedPerson('poor');
    const payee = await linkedPerson('bob');
    await fund(payer, 500);
    const intent = await createIntent(payer, payee, 1_000);
    const tweet = await postTweet(payer, intent.tweetText);
    const answer = await reportTweet(payer, tweet.id);
    expect(answer.outcome).toBe('matched');
    expect(answer.intent).toMatchObject({ id: intent.id, status: 'failed', failureReason: 'insufficient-funds' });
    expect(answer.refusal).toBeUndefined();
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 500 });
  });

  it('the same draft posted twice: the second tweet is intent-closed for the payer', async () => {
    const payer = await linkedPerson('two');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    const intent = await createIntent(payer, payee, 1_000);
    const first = await postTweet(payer, intent.tweetText);
    expect((await reportTweet(payer, first.id)).outcome).toBe('matched');
    const second = await postTweet(payer, `${intent.tweetText} `);
    const answer = await reportTweet(payer, second.id);
    expect(answer.refusal).toMatchObject({ reason: 'intent-closed' });
    expect(answer.refusal?.intent?.status).toBe('awaiting_confirmation');
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 4_000 });
  });
});
