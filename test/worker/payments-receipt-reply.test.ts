import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { findIntent } from '../../worker/db/payments';
import { matchTweetIds } from '../../worker/payments/match';
import { replyWithReceipt } from '../../worker/payments/receipt-reply';
import { SANDBOX_X_APP_BEARER, SANDBOX_X_CLIENT_ID, SANDBOX_X_CLIENT_SECRET } from '../../worker/x/config';
import { createSandboxUser, sandboxAuthorize, uniqueHandle } from './support/link-user';
import { confirm, createIntent, fund, linkedPerson, postTweet } from './support/payments';

// Receipt replies under tweets that summon the Hashpay account, posted with its user token.

const REDIRECT_URI = 'http://127.0.0.1:8787/v1/auth/callback';

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** The account's user token with tweet.write, through the sandbox X's OAuth 2.0 flow. */
async function userTokenOf(username: string): Promise<string> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const authorize = new URL('https://x.com/i/oauth2/authorize');
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: SANDBOX_X_CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    state: 'reply-test',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope: 'tweet.read tweet.write users.read',
  }).toString();
  const redirect = new URL(await sandboxAuthorize(authorize.toString(), username));
  const res = await fetch('https://api.x.com/2/oauth2/token', {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(`${SANDBOX_X_CLIENT_ID}:${SANDBOX_X_CLIENT_SECRET}`)}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      client_id: SANDBOX_X_CLIENT_ID,
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code'),
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    }),
  });
  const body = (await res.json()) as { access_token: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.access_token;
}

it('replies once with the receipt link under a settled tweet that mentions the Hashpay account', async () => {
  const hashpay = uniqueHandle('hpay');
  await createSandboxUser(hashpay);
  const replying = {
    ...env,
    HASHPAY_X_USERNAME: hashpay,
    RECEIPT_REPLIES: 'on',
    X_REPLY_USER_TOKEN: await userTokenOf(hashpay),
  };
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
});
