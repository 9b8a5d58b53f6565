import { describe, expect, it } from 'vitest';
import type { PaymentIntent } from '../../shared/contract/payments';
import { bearer, postJson, workerFetch } from './support/link-user';
import {
  createIntent,
  linkedPerson,
  newRequestId,
  paymentTablesSnapshot,
  problemTypeOf,
  sessionOf,
  unlinkedPerson,
} from './support/payments';

// The payment routes' requests: drafting intents, and every way a request can be wrong.

describe('drafting an intent', () => {
  it('returns the exact tweet in the payer’s language, with a fresh code and an expiry', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    const fr = await createIntent(payer, payee, 1_250, { memo: 'la pizza', language: 'fr' });
    const en = await createIntent(payer, payee, 1_250, { memo: 'la pizza' });
    expect(fr.tweetText).toBe(`Je paie 12,50\u00a0€ à @${payee.username} pour la pizza via #Hashpay ${fr.code}`);
    expect(en.tweetText).toBe(`Paying @${payee.username} €12.50 for la pizza via #Hashpay ${en.code}`);
    expect(fr.code).not.toBe(en.code);
    expect(fr).toMatchObject({
      status: 'awaiting_tweet',
      source: 'drafted',
      payer: { xUserId: payer.xUserId, username: payer.username },
      payee: { xUserId: payee.xUserId, username: payee.username },
      tweet: null,
      receiptId: null,
    });
    expect(Date.parse(fr.expiresAt)).toBeGreaterThan(Date.parse(fr.createdAt));
  });

  it('is idempotent on requestId; the same id with another field is a conflict naming it', async () => {
    const payer = await linkedPerson('pay');
    const payee = await unlinkedPerson('bob');
    const requestId = newRequestId();
    const body = { requestId, payeeHandle: payee.username, amountMinor: 700, currency: 'EUR', language: 'en' };
    const first = await postJson('/v1/payment-intents', body, sessionOf(payer));
    expect(first.status).toBe(201);
    const again = await postJson('/v1/payment-intents', body, sessionOf(payer));
    expect(again.status).toBe(200);
    const [a, b] = [
      (await first.json()) as { intent: PaymentIntent },
      (await again.json()) as { intent: PaymentIntent },
    ];
    expect(b.intent).toEqual(a.intent);

    const before = await paymentTablesSnapshot();
    const changed = await postJson('/v1/payment-intents', { ...body, amountMinor: 701 }, sessionOf(payer));
    expect(changed.status).toBe(409);
    const problem = (await changed.json()) as { type: string; errors: { path: string }[] };
    expect(problem.type).toMatch(/request-id-reused$/);
    expect(problem.errors.map((error) => error.path)).toEqual(['amountMinor']);
    expect(await paymentTablesSnapshot()).toBe(before);

    // Concurrent duplicates make one intent.
    const twin = { ...body, requestId: newRequestId() };
    const answers = await Promise.all([1, 2, 3].map(() => postJson('/v1/payment-intents', twin, sessionOf(payer))));
    const ids = new Set(
      await Promise.all(answers.map(async (res) => ((await res.json()) as { intent: PaymentIntent }).intent.id)),
    );
    expect(ids.size).toBe(1);
  });

  it('refuses an unknown payee, oneself, and amounts over the limits, changing nothing', async () => {
    const payer = await linkedPerson('pay');
    const payee = await unlinkedPerson('bob');
    const before = await paymentTablesSnapshot();
    const draft = (fields: Record<string, unknown>) =>
      postJson(
        '/v1/payment-intents',
        {
          requestId: newRequestId(),
          payeeHandle: payee.username,
          amountMinor: 100,
          currency: 'EUR',
          language: 'en',
          ...fields,
        },
        sessionOf(payer),
      );

    const unknown = await draft({ payeeHandle: 'nobody_q7x9z' });
    expect(unknown.status).toBe(404);
    expect(await problemTypeOf(unknown)).toBe('unknown-payee');
    const self = await draft({ payeeHandle: payer.username });
    expect(self.status).toBe(422);
    expect(await problemTypeOf(self)).toBe('payer-is-payee');
    const tooMuch = await draft({ amountMinor: 25_001 });
    expect(tooMuch.status).toBe(422);
    expect(await problemTypeOf(tooMuch)).toBe('limit-per-payment');
    // The yen has its own limit (¥35 000).
    const yen = await draft({ amountMinor: 35_001, currency: 'JPY' });
    expect(await problemTypeOf(yen)).toBe('limit-per-payment');
    expect(await paymentTablesSnapshot()).toBe(before);
    expect((await draft({ amountMinor: 35_000, currency: 'JPY' })).status).toBe(201);
  });
});

describe('bad requests get a problem and change nothing', () => {
  const BAD_SESSION = bearer(`hps_${'A'.repeat(43)}`);
  const PI = 'pi_AAAAAAAAAAAAAAAAAAAAAA';

  it('on every route', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    const intent = await createIntent(payer, payee, 100);
    const good = {
      requestId: newRequestId(),
      payeeHandle: payee.username,
      amountMinor: 100,
      currency: 'EUR',
      language: 'en',
    };
    const session = sessionOf(payer);
    const raw = (path: string, body: string, headers: Record<string, string> = session) =>
      workerFetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    const cases: [name: string, request: () => Promise<Response>, status: number, type: string][] = [
      ['create: malformed JSON', () => raw('/v1/payment-intents', '{"requestId":'), 400, 'invalid-request'],
      [
        'create: wrong types',
        () => postJson('/v1/payment-intents', { ...good, amountMinor: '100' }, session),
        400,
        'invalid-request',
      ],
      [
        'create: a float amount',
        () => postJson('/v1/payment-intents', { ...good, amountMinor: 1.5 }, session),
        400,
        'invalid-request',
      ],
      [
        'create: unknown field',
        () => postJson('/v1/payment-intents', { ...good, payerHandle: 'x' }, session),
        400,
        'invalid-request',
      ],
      [
        'create: unknown currency',
        () => postJson('/v1/payment-intents', { ...good, currency: 'XBT' }, session),
        400,
        'invalid-request',
      ],
      ['create: no session', () => postJson('/v1/payment-intents', good), 401, 'unauthorized'],
      ['create: bad session', () => postJson('/v1/payment-intents', good, BAD_SESSION), 401, 'unauthorized'],
      [
        'create: not JSON',
        () => workerFetch('/v1/payment-intents', { method: 'POST', headers: session, body: 'a=b' }),
        415,
        'unsupported-media-type',
      ],
      ['report: malformed JSON', () => raw('/v1/tweets/report', '{'), 400, 'invalid-request'],
      ['report: wrong type', () => postJson('/v1/tweets/report', { tweetId: 123 }, session), 400, 'invalid-request'],
      [
        'report: unknown field',
        () => postJson('/v1/tweets/report', { tweetId: '1', intentId: PI }, session),
        400,
        'invalid-request',
      ],
      ['report: no session', () => postJson('/v1/tweets/report', { tweetId: '1' }), 401, 'unauthorized'],
      ['status: no ids', () => workerFetch('/v1/tweets/status'), 400, 'invalid-request'],
      ['status: not ids', () => workerFetch('/v1/tweets/status?ids=1,abc'), 400, 'invalid-request'],
      [
        'status: over 100 ids',
        () => workerFetch(`/v1/tweets/status?ids=${Array.from({ length: 101 }, (_, i) => i + 1).join(',')}`),
        400,
        'invalid-request',
      ],
      ['intent: bad id', () => workerFetch('/v1/payment-intents/nope', { headers: session }), 400, 'invalid-request'],
      [
        'intent: unknown id',
        () => workerFetch(`/v1/payment-intents/${PI}`, { headers: session }),
        404,
        'intent-not-found',
      ],
      ['intent: no session', () => workerFetch(`/v1/payment-intents/${intent.id}`), 401, 'unauthorized'],
      [
        'confirm: no session',
        () => workerFetch(`/v1/payment-intents/${intent.id}/confirm`, { method: 'POST' }),
        401,
        'unauthorized',
      ],
      [
        'confirm: bad session',
        () => workerFetch(`/v1/payment-intents/${intent.id}/confirm`, { method: 'POST', headers: BAD_SESSION }),
        401,
        'unauthorized',
      ],
      [
        'confirm: unknown id',
        () => workerFetch(`/v1/payment-intents/${PI}/confirm`, { method: 'POST', headers: session }),
        404,
        'intent-not-found',
      ],
      [
        'cancel: by the payee',
        () => workerFetch(`/v1/payment-intents/${intent.id}/cancel`, { method: 'POST', headers: sessionOf(payee) }),
        403,
        'not-the-payer',
      ],
      ['history: bad role', () => workerFetch('/v1/history?role=boss', { headers: session }), 400, 'invalid-request'],
      [
        'history: bad cursor',
        () => workerFetch('/v1/history?before=yesterday', { headers: session }),
        400,
        'invalid-request',
      ],
      [
        'history: unknown parameter',
        () => workerFetch('/v1/history?all=1', { headers: session }),
        400,
        'invalid-request',
      ],
      ['history: no session', () => workerFetch('/v1/history'), 401, 'unauthorized'],
      ['receipt: bad id', () => workerFetch('/v1/receipts/nope'), 400, 'invalid-request'],
      ['receipt: not settled', () => workerFetch(`/v1/receipts/rcp_${intent.id.slice(3)}`), 404, 'receipt-not-found'],
    ];
    const before = await paymentTablesSnapshot();
    for (const [name, request, status, type] of cases) {
      const res = await request();
      expect(res.status, name).toBe(status);
      expect(await problemTypeOf(res), name).toBe(type);
    }
    expect(await paymentTablesSnapshot()).toBe(before);
  });

  it('lists field problems by path', async () => {
    const payer = await linkedPerson('pay');
    const res = await postJson('/v1/payment-intents', { requestId: 'short', amountMinor: -1 }, sessionOf(payer));
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(
      ['amountMinor', 'currency', 'language', 'payeeHandle', 'requestId'].sort(),
    );
  });
});

describe('history pages', () => {
  it('walks every intent once, newest first', async () => {
    const payer = await linkedPerson('pay');
    const payee = await unlinkedPerson('bob');
    const made: string[] = [];
    for (let index = 0; index < 5; index += 1) made.push((await createIntent(payer, payee, 100 + index)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&before=${encodeURIComponent(cursor)}`;
      const res = await workerFetch(`/v1/history?role=payer&limit=2${query}`, { headers: sessionOf(payer) });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { intents: PaymentIntent[]; nextCursor: string | null };
      seen.push(...page.intents.map((intent) => intent.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.sort()).toEqual([...made].sort());
    expect(new Set(seen).size).toBe(5);
  });
});
