import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getXCursor } from '../../worker/db/x-cursors';
import { jobs } from '../../worker/jobs';
import { PAYMENTS_SEARCH_STREAM } from '../../worker/jobs/match-search';
import { matchTweetIds } from '../../worker/payments/match';
import {
  createIntent,
  fund,
  injectFault,
  intentAs,
  linkedPerson,
  paymentTablesSnapshot,
  postTweet,
  reportTweet,
  transfersOfIntent,
} from './support/payments';

// When X fails (429, 5xx, no answer), nothing changes and the tweet is tried again later.

async function draftedTweet() {
  const payer = await linkedPerson('pay');
  const payee = await linkedPerson('bob');
  await fund(payer, 5_000);
  const intent = await createIntent(payer, payee, 1_000);
  const tweet = await postTweet(payer, intent.tweetText);
  return { payer, payee, intent, tweet };
}

describe('X faults while matching', () => {
  for (const kind of ['rate-limit', 'server-error'] as const) {
    it(`a ${kind} on the report leaves the intent as it was, and a retry matches`, async () => {
      const { payer, intent, tweet } = await draftedTweet();
      const before = await paymentTablesSnapshot();
      await injectFault(kind, '/2/tweets');
      const first = await reportTweet(payer, tweet.id);
      expect(first).toEqual({
        outcome: 'retry-later',
        intent: null,
        reason: kind === 'rate-limit' ? 'x-rate-limited' : 'x-unavailable',
      });
      expect(await paymentTablesSnapshot()).toBe(before);
      expect((await intentAs(payer, intent.id)).status).toBe('awaiting_tweet');

      const retry = await reportTweet(payer, tweet.id);
      expect(retry.outcome).toBe('matched');
      expect(retry.intent?.status).toBe('awaiting_confirmation');
    });
  }

  it('a timeout on a webhook delivery leaves the id to retry', async () => {
    const { payer, intent, tweet } = await draftedTweet();
    const impatient = { ...env, X_REQUEST_TIMEOUT_MS: '300' };
    await injectFault('timeout', '/2/tweets');
    const report = await matchTweetIds(impatient, [tweet.id], 'webhook', Date.now());
    expect(report.retryLater).toEqual([tweet.id]);
    expect(report.matched).toBe(0);
    expect(await transfersOfIntent(intent.id)).toEqual([]);

    const retry = await matchTweetIds(impatient, [tweet.id], 'webhook', Date.now());
    expect(retry.matched).toBe(1);
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');
  });

  it('a failure during a search round keeps the cursor, so the next round finds the tweet', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    // Bring the cursor up to date first, so this round sees only what follows.
    await jobs.matchSearch!(env, Date.now());
    const cursorBefore = await getXCursor(env.DB, PAYMENTS_SEARCH_STREAM);
    // A command needs its payee looked up: make that lookup fail (that payee's only, since other
    // test files share the sandbox X and look users up meanwhile).
    const tweet = await postTweet(payer, `@hashpay pay @${payee.username} 5€`);
    await injectFault('server-error', `/2/users/by/username/${payee.username}`);
    const failed = await jobs.matchSearch!(env, Date.now());
    expect(failed.retryLater).toBeGreaterThanOrEqual(1);
    expect(await getXCursor(env.DB, PAYMENTS_SEARCH_STREAM)).toBe(cursorBefore);

    const next = await jobs.matchSearch!(env, Date.now());
    expect(next.matched).toBeGreaterThanOrEqual(1);
    const report = await matchTweetIds(env, [tweet.id], 'webhook', Date.now());
    expect(report.outcomes[tweet.id]?.kind).toBe('matched');
    expect(await getXCursor(env.DB, PAYMENTS_SEARCH_STREAM)).not.toBe(cursorBefore);
  });

  it('a search that X refuses changes nothing', async () => {
    await jobs.matchSearch!(env, Date.now());
    const cursorBefore = await getXCursor(env.DB, PAYMENTS_SEARCH_STREAM);
    await injectFault('rate-limit', '/2/tweets/search/recent');
    const report = await jobs.matchSearch!(env, Date.now());
    expect(report.xUnavailable).toBe(1);
    expect(await getXCursor(env.DB, PAYMENTS_SEARCH_STREAM)).toBe(cursorBefore);
  });
});
