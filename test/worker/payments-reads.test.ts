import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { jobs } from '../../worker/jobs';
import { matchTweetIds } from '../../worker/payments/match';
import { createIntent, fund, linkedPerson, postTweet, reportTweet, sandboxLookupRequests } from './support/payments';

// X bills reads per tweet: a matched tweet is read once, however many times and ways it arrives.

const PAYMENTS = 100;
/** Reads of a tweet per matched tweet allowed: one, plus a margin for edits (none here). */
const READS_PER_MATCHED_TWEET_MAX = 1.1;

it(`reads each tweet about once over ${PAYMENTS} payments arriving from all three sources`, {
  timeout: 180_000,
}, async () => {
  const payer = await linkedPerson('pay');
  const payee = await linkedPerson('bob');
  await fund(payer, 10_000);
  const tweetIds: string[] = [];
  for (let index = 0; index < PAYMENTS; index += 1) {
    // One cent each keeps the run far below the daily limit.
    const intent = await createIntent(payer, payee, 1);
    tweetIds.push((await postTweet(payer, intent.tweetText)).id);
  }

  const lookupsBefore = await sandboxLookupRequests();
  // The extension reports each tweet as it is posted; then the webhook delivers them all, and
  // the search finds them too.
  let matched = 0;
  for (const tweetId of tweetIds) {
    if ((await reportTweet(payer, tweetId)).outcome === 'matched') matched += 1;
  }
  const webhook = await matchTweetIds(env, tweetIds, 'webhook', Date.now());
  const search = await jobs.matchSearch!(env, Date.now());
  const lookupRequests = (await sandboxLookupRequests()) - lookupsBefore;

  expect(matched).toBe(PAYMENTS);
  expect(webhook).toMatchObject({ matched: 0, alreadyDecided: PAYMENTS, tweetsLookedUp: 0 });
  expect(search.matched).toBe(0);
  // Each report looked its one tweet up, so requests to the lookup endpoint count tweet reads
  // (other test files running at the same time can only add to this figure, never hide a read).
  const readsPerMatchedTweet = lookupRequests / matched;
  console.log(
    `X reads: ${lookupRequests} tweet lookups for ${matched} matched payments = ${readsPerMatchedTweet.toFixed(3)} reads per matched tweet (search and webhook re-arrivals: ${webhook.tweetsLookedUp} reads)`,
  );
  expect(lookupRequests).toBeGreaterThanOrEqual(PAYMENTS);
  expect(readsPerMatchedTweet).toBeLessThanOrEqual(READS_PER_MATCHED_TWEET_MAX);
  const count = await env.DB.prepare(
    "SELECT count(*) AS n FROM payment_intents WHERE status = 'awaiting_confirmation'",
  ).first<{ n: number }>();
  expect(count?.n).toBe(PAYMENTS);
});
