import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { findIntent } from '../../worker/db/payments';
import { findXAccountToken } from '../../worker/db/x-account-tokens';
import { app } from '../../worker/index';
import { matchTweetIds } from '../../worker/payments/match';
import { replyWithReceipt } from '../../worker/payments/receipt-reply';
import { SANDBOX_X_APP_BEARER } from '../../worker/x/config';
import { createSandboxUser, sandboxAuthorize, uniqueHandle, workerFetch } from './support/link-user';
import { confirm, createIntent, fund, linkedPerson, postTweet } from './support/payments';

// Receipt replies under tweets that summon the Hashpay account, posted with its own OAuth 2.0
// token: linked once by an operator, stored sealed, refreshed across its two-hour expiry.

const OPERATOR_TOKEN = 'operator-token-for-receipt-reply-tests-0123456789';
const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

/** Links the Hashpay account's tokens the way an operator does: /link, X's consent, the callback. */
async function linkHashpayAccount(username: string): Promise<void> {
  const start = await app.fetch(
    new Request('http://127.0.0.1:8787/v1/operator/x-account/link', {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    }),
    { ...env, OPERATOR_TOKEN },
  );
  expect(start.status, await start.clone().text()).toBe(200);
  const { authorizeUrl } = (await start.json()) as { authorizeUrl: string };
  const redirect = await sandboxAuthorize(authorizeUrl, username);
  const callback = await workerFetch(redirect);
  expect(callback.status, await callback.clone().text()).toBe(200);
  expect(await callback.text()).toContain(`@${username}`);
}

async function storedTokens() {
  const row = await findXAccountToken(env.DB);
  if (row === null) throw new Error('no Hashpay account token stored');
  return row;
}

it('replies once with the receipt link under a settled tweet that mentions the Hashpay account', async () => {
  const hashpay = uniqueHandle('hpay');
  await createSandboxUser(hashpay);
  await linkHashpayAccount(hashpay);
  const linked = await storedTokens();
  // Stored sealed: neither token appears in D1 as X gave it.
  expect(linked.access_token_sealed).not.toMatch(/^sandbox/);
  expect(linked.access_expires_at_ms - Date.now()).toBeGreaterThan(TWO_HOURS_MS - 60_000);
  const replying = { ...env, HASHPAY_X_USERNAME: hashpay, RECEIPT_REPLIES: 'on' };
  const payer = await linkedPerson('pay');
  const payee = await linkedPerson('bob');
  await fund(payer, 5_000);

  const command = await postTweet(payer, `@${hashpay} pay @${payee.username} 5€ lunch`);
  const report = await matchTweetIds(replying, [command.id], 'webhook', Date.now());
  const outcome = report.outcomes[command.id];
  if (outcome?.kind !== 'matched') throw new Error(`not matched: ${JSON.stringify(outcome)}`);
  expect((await confirm(payer, outcome.intentId)).status).toBe(200);
  const settled = (await findIntent(env.DB, outcome.intentId))!;

  // Off by configuration: no reply.
  expect(await replyWithReceipt(env, settled)).toBeNull();

  const replyId = await replyWithReceipt(replying, settled);
  expect(replyId).toMatch(/^\d+$/);
  const lookup = await fetch(`https://api.x.com/2/tweets/${replyId}?tweet.fields=author_id,referenced_tweets`, {
    headers: { authorization: `Bearer ${SANDBOX_X_APP_BEARER}` },
  });
  const reply = ((await lookup.json()) as { data: { text: string; referenced_tweets: { type: string; id: string }[] } })
    .data;
  expect(reply.text).toContain(`/v1/receipts/rcp_${outcome.intentId.slice(3)}`);
  expect(reply.referenced_tweets).toEqual([{ type: 'replied_to', id: command.id }]);
  // Once only.
  expect(await replyWithReceipt(replying, (await findIntent(env.DB, outcome.intentId))!)).toBeNull();

  // A drafted tweet does not mention the account: X would refuse the reply, so none is tried.
  const intent = await createIntent(payer, payee, 100);
  const drafted = await postTweet(payer, intent.tweetText);
  await matchTweetIds(replying, [drafted.id], 'webhook', Date.now());
  expect((await confirm(payer, intent.id)).status).toBe(200);
  expect(await replyWithReceipt(replying, (await findIntent(env.DB, intent.id))!)).toBeNull();

  // Past the access token's two hours: the pair is refreshed first (a new refresh token too),
  // and the reply goes out.
  const later = Date.now() + TWO_HOURS_MS + 60_000;
  const second = await postTweet(payer, `@${hashpay} pay @${payee.username} 2€ coffee`);
  const secondReport = await matchTweetIds(replying, [second.id], 'webhook', Date.now());
  const secondOutcome = secondReport.outcomes[second.id];
  if (secondOutcome?.kind !== 'matched') throw new Error(`not matched: ${JSON.stringify(secondOutcome)}`);
  expect((await confirm(payer, secondOutcome.intentId)).status).toBe(200);
  const before = await storedTokens();
  expect(await replyWithReceipt(replying, (await findIntent(env.DB, secondOutcome.intentId))!, later)).toMatch(/^\d+$/);
  const after = await storedTokens();
  expect(after.version).toBe(before.version + 1);
  expect(after.refresh_token_sealed).not.toBe(before.refresh_token_sealed);
  expect(after.access_expires_at_ms).toBeGreaterThan(later + TWO_HOURS_MS - 60_000);
});
