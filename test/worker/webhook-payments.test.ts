import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { type PaymentIntent, PaymentIntentResponseSchema, SignedReceiptSchema } from '../../shared/contract/payments';
import { verifyReceiptSignature } from '../../shared/receipt-verify';
import {
  bearer,
  type LinkedUser,
  linkUser,
  postJson,
  sandboxControl,
  uniqueHandle,
  workerFetch,
} from './support/link-user';
import { untilDecided } from './support/queue';

/**
 * A payment whose tweet reaches the worker only through X's webhook: matched once however many
 * times it is delivered, confirmed by the payer, and given a receipt anyone can verify.
 */

const SECRET = 'sandbox-webhook-secret';

async function hmacSignature(body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
  return `sha256=${btoa(String.fromCharCode(...mac))}`;
}

async function deliverTweet(tweet: { id: string; text: string; authorId: string }): Promise<Response> {
  const body = JSON.stringify({
    for_user_id: '1',
    tweet_create_events: [{ id_str: tweet.id, text: tweet.text, user: { id_str: tweet.authorId } }],
  });
  return exports.default.fetch('http://worker/webhooks/x', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': await hmacSignature(body) },
    body,
  });
}

async function fundedUser(prefix: string): Promise<LinkedUser> {
  const username = uniqueHandle(prefix);
  const linked = await linkUser(username);
  const topUp = await postJson('/v1/sandbox/demo-users', {
    username,
    topUps: [{ currency: 'EUR', amountMinor: 100_00 }],
  });
  expect(topUp.status).toBe(200);
  return linked;
}

async function createIntent(payer: LinkedUser, payeeHandle: string, amountMinor: number): Promise<PaymentIntent> {
  const res = await postJson(
    '/v1/payment-intents',
    {
      requestId: `webhook-${crypto.randomUUID()}`,
      payeeHandle,
      amountMinor,
      currency: 'EUR',
      memo: 'pizza',
      language: 'en',
    },
    bearer(payer.sessionToken),
  );
  expect(res.status).toBe(201);
  return PaymentIntentResponseSchema.parse(await res.json()).intent;
}

async function intentOf(payer: LinkedUser, id: string): Promise<PaymentIntent> {
  const res = await workerFetch(`/v1/payment-intents/${id}`, { headers: bearer(payer.sessionToken) });
  expect(res.status).toBe(200);
  return PaymentIntentResponseSchema.parse(await res.json()).intent;
}

async function postTweet(authorUsername: string, text: string): Promise<{ id: string; authorId: string }> {
  const res = await sandboxControl('/tweets', { body: { authorUsername, text } });
  expect(res.status).toBeLessThan(300);
  const body = (await res.json()) as { id: string; authorId: string } | { tweet: { id: string; authorId: string } };
  return 'tweet' in body ? body.tweet : body;
}

describe('a payment tweet delivered by the X webhook', () => {
  it('is matched once, whatever the number of deliveries, and its receipt verifies', async () => {
    const payer = await fundedUser('whpayer');
    const payee = await fundedUser('whpayee');
    const intent = await createIntent(payer, payee.user.username, 12_50);
    const tweet = await postTweet(payer.user.username, intent.tweetText);

    const first = await deliverTweet({ ...tweet, text: intent.tweetText });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ outcome: 'queued', queued: 1 });
    await untilDecided([tweet.id]);
    const matched = await intentOf(payer, intent.id);
    expect(matched.status).toBe('awaiting_confirmation');
    expect(matched.tweet?.rootId).toBe(tweet.id);

    // At least once: the same delivery again, and a new delivery of the same tweet (another body).
    expect(await (await deliverTweet({ ...tweet, text: intent.tweetText })).json()).toMatchObject({
      outcome: 'queued',
      queued: 1,
    });
    const redelivered = await deliverTweet({ ...tweet, text: `${intent.tweetText} ` });
    expect(await redelivered.json()).toMatchObject({ outcome: 'queued', queued: 1 });
    // The extension's report arriving after the webhook finds the same intent.
    const report = await postJson('/v1/tweets/report', { tweetId: tweet.id }, bearer(payer.sessionToken));
    expect(await report.json()).toMatchObject({ outcome: 'matched', intent: { id: intent.id } });

    const confirm = await postJson(`/v1/payment-intents/${intent.id}/confirm`, {}, bearer(payer.sessionToken));
    expect(confirm.status).toBe(200);
    const settled = PaymentIntentResponseSchema.parse(await confirm.json()).intent;
    expect(settled.status).toBe('settled');
    expect(settled.receiptId).not.toBeNull();

    const receiptRes = await workerFetch(`/v1/receipts/${settled.receiptId}`);
    expect(receiptRes.status).toBe(200);
    const signed = SignedReceiptSchema.parse(await receiptRes.json());
    expect(signed.receipt).toMatchObject({
      intentId: intent.id,
      amountMinor: 12_50,
      currency: 'EUR',
      tweetId: tweet.id,
      payer: { xUserId: payer.user.xUserId },
      payee: { xUserId: payee.user.xUserId },
    });
    const keys = (await (await workerFetch('/v1/receipts/keys')).json()) as { keys: Array<{ kid: string; x: string }> };
    const key = keys.keys.find((candidate) => candidate.kid === signed.signature.keyId)!;
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: key.x, kid: key.kid } as const;
    expect(await verifyReceiptSignature(jwk, signed)).toBe(true);
    const tampered = { ...signed, receipt: { ...signed.receipt, amountMinor: 1_250_00 } };
    expect(await verifyReceiptSignature(jwk, tampered)).toBe(false);
  });

  it('changes nothing when the delivery is forged, even for a real payment tweet', async () => {
    const payer = await fundedUser('whforge');
    const payee = await fundedUser('whforgee');
    const intent = await createIntent(payer, payee.user.username, 5_00);
    const tweet = await postTweet(payer.user.username, intent.tweetText);
    const body = JSON.stringify({ tweet_create_events: [{ id_str: tweet.id }] });
    const res = await exports.default.fetch('http://worker/webhooks/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': `sha256=${btoa('x'.repeat(32))}` },
      body,
    });
    expect(res.status).toBe(401);
    expect((await intentOf(payer, intent.id)).status).toBe('awaiting_tweet');
  });
});
