import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { HealthResponseSchema } from '../../shared/contract/health';
import { type FaultKind, FINAL_FAULT_KINDS } from '../sandbox/faults';
import { postJson } from './support/link-user';
import {
  createIntent,
  fund,
  injectFault,
  intentAs,
  linkedPerson,
  newRequestId,
  paymentTablesSnapshot,
  postTweet,
  problemTypeOf,
  sessionOf,
  transfersOfIntent,
  unlinkedPerson,
} from './support/payments';
import { untilDecided } from './support/queue';

// X's final refusals — credentials refused, an app whose access level may not read posts, a
// request X calls invalid, a truncated body, a connection cut mid-body — on every route that
// calls X: a 502 `x-rejected` problem, nothing written, and /health tells the operator.

const SECRET = 'sandbox-webhook-secret';

async function signed(body: string): Promise<string> {
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

async function deliver(tweetIds: string[]): Promise<Response> {
  const body = JSON.stringify({
    for_user_id: '1',
    tweet_create_events: tweetIds.map((id) => ({ id_str: id, text: 'x', user: { id_str: '1' } })),
  });
  return exports.default.fetch('http://worker/webhooks/x', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': await signed(body) },
    body,
  });
}

async function draftedTweet() {
  const payer = await linkedPerson('ref');
  const payee = await linkedPerson('bob');
  await fund(payer, 5_000);
  const intent = await createIntent(payer, payee, 1_000);
  const tweet = await postTweet(payer, intent.tweetText);
  return { payer, payee, intent, tweet };
}

async function health() {
  const res = await exports.default.fetch('http://worker/health');
  expect(res.status).toBe(200);
  return HealthResponseSchema.parse(await res.json());
}

async function expectRejected(res: Response): Promise<void> {
  expect(res.status, await res.clone().text()).toBe(502);
  expect(await problemTypeOf(res)).toBe('x-rejected');
}

// A cut connection is noticed when workerd gives up on the body: generous bounds for a busy machine.
const X_FAULT_TEST_TIMEOUT_MS = 30_000;

describe.each(FINAL_FAULT_KINDS.map((kind) => [kind]))(
  'X answers %s',
  { timeout: X_FAULT_TEST_TIMEOUT_MS },
  (kind: FaultKind) => {
    it('POST /v1/tweets/report answers x-rejected and changes nothing', async () => {
      const { payer, tweet } = await draftedTweet();
      const before = await paymentTablesSnapshot();
      await injectFault(kind, `/2/tweets?ids=${tweet.id}`);
      const res = await postJson('/v1/tweets/report', { tweetId: tweet.id }, sessionOf(payer));
      await expectRejected(res);
      expect(res.headers.get('x-request-id')).toBeTruthy();
      expect(await paymentTablesSnapshot()).toBe(before);
    });

    it('POST /webhooks/x acknowledges at once; the queue retries the post past the refusal and matches it once', async () => {
      const { payer, intent, tweet } = await draftedTweet();
      await injectFault(kind, `/2/tweets?ids=${tweet.id}`);
      const res = await deliver([tweet.id]);
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.json()).toMatchObject({ outcome: 'queued', queued: 1 });
      await untilDecided([tweet.id]);
      expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');
      expect(await transfersOfIntent(intent.id)).toHaveLength(1);
    });

    it('POST /v1/payment-intents answers x-rejected and drafts nothing', async () => {
      const payer = await linkedPerson('ref');
      const payee = await unlinkedPerson('carol');
      const before = await paymentTablesSnapshot();
      await injectFault(kind, `/2/users/by/username/${payee.username}`);
      const res = await postJson(
        '/v1/payment-intents',
        { requestId: newRequestId(), payeeHandle: payee.username, amountMinor: 500, currency: 'EUR', language: 'en' },
        sessionOf(payer),
      );
      await expectRejected(res);
      expect(await paymentTablesSnapshot()).toBe(before);
    });
  },
);

describe('/health', () => {
  it("reports X's last success and its last refusal with its kind", async () => {
    const payer = await linkedPerson('hea');
    const payee = await unlinkedPerson('dan');
    await injectFault('client-forbidden', `/2/users/by/username/${payee.username}`);
    const body = {
      requestId: newRequestId(),
      payeeHandle: payee.username,
      amountMinor: 500,
      currency: 'EUR',
      language: 'en',
    };
    await expectRejected(await postJson('/v1/payment-intents', body, sessionOf(payer)));
    const afterRefusal = await health();
    expect(afterRefusal.x.lastRefusal?.kind).toBe('forbidden');
    expect(afterRefusal.x.lastRefusal?.detail).toMatch(/client-not-enrolled/);
    expect(afterRefusal.x.refusalsByKind.forbidden).toBeGreaterThanOrEqual(1);

    const ok = await postJson('/v1/payment-intents', body, sessionOf(payer));
    expect(ok.status, await ok.clone().text()).toBe(201);
    const afterSuccess = await health();
    expect(Date.parse(afterSuccess.x.lastSuccessAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(afterRefusal.x.lastRefusal?.at ?? ''),
    );
  });

  it('reports the ledger balanced per currency', async () => {
    const person = await linkedPerson('led');
    await fund(person, 1_234, 'CHF');
    const body = await health();
    expect(body.ledger.balanced).toBe(true);
    const chf = body.ledger.currencies.find((line) => line.currency === 'CHF');
    expect(chf).toMatchObject({ postedNetMinor: 0, pendingNetMinor: 0 });
    expect(chf?.accounts).toBeGreaterThanOrEqual(2);
  });
});

describe('X ids', () => {
  it('a 20-digit tweet id is refused as a bad request, before X is asked', async () => {
    const payer = await linkedPerson('ids');
    const res = await postJson('/v1/tweets/report', { tweetId: '18600000000000000000' }, sessionOf(payer));
    expect(res.status).toBe(400);
    expect(await problemTypeOf(res)).toBe('invalid-request');
  });

  it('a signed delivery naming a 20-digit id still matches the valid ones', async () => {
    const { tweet } = await draftedTweet();
    const res = await deliver(['18600000000000000000', tweet.id]);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'queued', queued: 1 });
    await untilDecided([tweet.id]);
  });
});
