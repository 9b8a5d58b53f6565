import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  type MerchantOffer,
  MerchantOfferDetailResponseSchema,
  MerchantOfferListResponseSchema,
  MerchantOfferResponseSchema,
} from '../../shared/contract/offers';
import { app } from '../../worker/index';
import { getBalances } from '../../worker/ledger';
import { postJson, workerFetch } from './support/link-user';
import {
  createOffer,
  createOfferRequest,
  DAY_MS,
  merchantPost,
  newMerchant,
  offerBody,
  offerDetail,
  offerTablesSnapshot,
  uniqueHashtag,
} from './support/offers';
import { problemTypeOf } from './support/payments';

/**
 * The merchant API: creating offers (validated, idempotent, funded), listing, pausing, stats, and
 * one merchant never seeing or changing another's offers. Every refused request changes nothing.
 */

async function fundBalanceOf(offerId: string, currency: string) {
  const account = await env.DB.prepare("SELECT id FROM ledger_accounts WHERE kind = 'offer_fund' AND owner = ?")
    .bind(offerId)
    .first<{ id: string }>();
  expect(account, `offer ${offerId} has a ${currency} fund`).not.toBeNull();
  return (await getBalances(env.DB, account!.id))!;
}

describe('creating an offer', () => {
  it('answers 201 with the offer, live, and funds it with budget × credit', async () => {
    const merchant = await newMerchant();
    const body = offerBody(merchant, { budgetCredits: 40 });
    const res = await createOfferRequest(merchant, body);
    expect(res.status).toBe(201);
    const { offer } = MerchantOfferResponseSchema.parse(await res.json());
    expect(offer).toMatchObject({
      hashtag: body.hashtag,
      status: 'live',
      budgetCredits: 40,
      creditsUsed: 0,
      terms: body.terms,
      merchantIds: body.merchantIds,
    });
    expect((await fundBalanceOf(offer.id, 'EUR')).postedMinor).toBe(40 * 10_00);
  });

  it('is idempotent by requestId: a retry answers the same offer and funds it once', async () => {
    const merchant = await newMerchant();
    const body = offerBody(merchant);
    const first = await createOfferRequest(merchant, body);
    const again = await createOfferRequest(merchant, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const a = ((await first.json()) as { offer: MerchantOffer }).offer;
    const b = ((await again.json()) as { offer: MerchantOffer }).offer;
    expect(b.id).toBe(a.id);
    expect((await fundBalanceOf(a.id, 'EUR')).postedMinor).toBe(100 * 10_00);

    const before = await offerTablesSnapshot();
    const altered = await createOfferRequest(merchant, { ...body, title: 'Another title' });
    expect(altered.status).toBe(409);
    expect(await problemTypeOf(altered)).toBe('request-id-reused');
    expect(await offerTablesSnapshot()).toBe(before);
  });

  it('refuses a hashtag another live offer holds, whatever its case', async () => {
    const merchant = await newMerchant();
    const other = await newMerchant();
    const hashtag = uniqueHashtag('Volt');
    await createOffer(merchant, { hashtag });
    const before = await offerTablesSnapshot();
    const res = await createOfferRequest(other, offerBody(other, { hashtag: hashtag.toUpperCase() }));
    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('hashtag-taken');
    expect(await offerTablesSnapshot()).toBe(before);
  });

  it('takes a hashtag back once the offer holding it is past its enrol-by date', async () => {
    const merchant = await newMerchant();
    const hashtag = uniqueHashtag('Again');
    const old = await createOffer(merchant, { hashtag });
    // The old offer's enrol-by passes (written directly: dates in the past cannot be asked for).
    await env.DB.prepare('UPDATE offers SET enrol_by_ms = ?1, created_at_ms = ?1 - 1 WHERE id = ?2')
      .bind(Date.now() - 1_000, old.id)
      .run();
    await env.DB.prepare('UPDATE offer_hashtags SET enrol_by_ms = ? WHERE offer_id = ?')
      .bind(Date.now() - 1_000, old.id)
      .run();
    const renewed = await createOffer(merchant, { hashtag });
    expect(renewed.id).not.toBe(old.id);
  });

  const invalidBodies: [string, (body: ReturnType<typeof offerBody>) => unknown][] = [
    ['a hashtag with #', (body) => ({ ...body, hashtag: `#${body.hashtag}` })],
    ['an all-digit hashtag', (body) => ({ ...body, hashtag: '2024' })],
    ['a hashtag over 40 characters', (body) => ({ ...body, hashtag: 'A'.repeat(41) })],
    ['a credit above the minimum spend', (body) => ({ ...body, terms: { ...body.terms, creditMinor: 50_01 } })],
    ['a zero credit', (body) => ({ ...body, terms: { ...body.terms, creditMinor: 0 } })],
    ['a fractional amount', (body) => ({ ...body, terms: { ...body.terms, minimumSpendMinor: 50.5 } })],
    ['an amount as a string', (body) => ({ ...body, terms: { ...body.terms, creditMinor: '1000' } })],
    ['an unknown currency', (body) => ({ ...body, terms: { ...body.terms, currency: 'XXX' } })],
    ['enrolBy after spendBy', (body) => ({ ...body, enrolBy: body.spendBy, spendBy: body.enrolBy })],
    ['a date that is not ISO 8601', (body) => ({ ...body, enrolBy: 'tomorrow' })],
    ['a budget of zero', (body) => ({ ...body, budgetCredits: 0 })],
    ['a fractional budget', (body) => ({ ...body, budgetCredits: 1.5 })],
    ['no merchant ids', (body) => ({ ...body, merchantIds: [] })],
    ['an empty merchant id', (body) => ({ ...body, merchantIds: [''] })],
    ['51 merchant ids', (body) => ({ ...body, merchantIds: Array.from({ length: 51 }, (_, i) => `m${i}`) })],
    ['a repeated merchant id', (body) => ({ ...body, merchantIds: [body.merchantIds[0], body.merchantIds[0]] })],
    ['an unknown field', (body) => ({ ...body, perUserLimit: 2 })],
    ['a missing title', ({ title: _title, ...body }) => body],
    ['an empty title', (body) => ({ ...body, title: '   ' })],
    ['a short requestId', (body) => ({ ...body, requestId: 'short' })],
    ['an array body', (body) => [body]],
  ];

  it.each(invalidBodies)('refuses %s with a 400 naming the field, changing nothing', async (_name, mutate) => {
    const merchant = await newMerchant();
    const before = await offerTablesSnapshot();
    const res = await createOfferRequest(merchant, mutate(offerBody(merchant)));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { errors?: unknown[] };
    expect(problem.errors?.length).toBeGreaterThan(0);
    expect(await offerTablesSnapshot()).toBe(before);
  });

  it.each([
    ['an enrol-by date in the past', { enrolBy: new Date(Date.now() - DAY_MS).toISOString() }, 'enrolBy'],
    [
      'both dates in the past',
      {
        enrolBy: new Date(Date.now() - 2 * DAY_MS).toISOString(),
        spendBy: new Date(Date.now() - DAY_MS).toISOString(),
      },
      'spendBy',
    ],
    ['a merchant id of another merchant', { merchantIds: ['not-yours-1'] }, 'merchantIds'],
    ['the Hashpay hashtag', { hashtag: 'hashpay' }, 'hashtag'],
  ])('refuses %s with a 422, changing nothing', async (_name, overrides, field) => {
    const merchant = await newMerchant();
    const before = await offerTablesSnapshot();
    const res = await createOfferRequest(merchant, offerBody(merchant, overrides));
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((error) => error.path)).toContain(field);
    expect(await offerTablesSnapshot()).toBe(before);
  });

  it('refuses malformed JSON and bodies that are not JSON, changing nothing', async () => {
    const merchant = await newMerchant();
    const before = await offerTablesSnapshot();
    const malformed = await workerFetch('/v1/merchant/offers', {
      method: 'POST',
      headers: { ...merchant.headers, 'content-type': 'application/json' },
      body: '{"hashtag": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    const form = await workerFetch('/v1/merchant/offers', {
      method: 'POST',
      headers: { ...merchant.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'hashtag=x',
    });
    expect(form.status).toBe(415);
    expect(await offerTablesSnapshot()).toBe(before);
  });
});

describe('merchant API keys', () => {
  it.each([
    ['no Authorization header', {}],
    ['a session token instead of a key', { authorization: `Bearer hps_${'a'.repeat(43)}` }],
    ['an unknown key', { authorization: `Bearer hpm_${'a'.repeat(43)}` }],
    ['a key of the wrong shape', { authorization: 'Bearer hpm_short' }],
    ['a Basic header', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('refuses %s with a 401, changing nothing', async (_name, headers) => {
    const merchant = await newMerchant();
    const before = await offerTablesSnapshot();
    const create = await postJson('/v1/merchant/offers', offerBody(merchant), headers as Record<string, string>);
    expect(create.status).toBe(401);
    expect(create.headers.get('www-authenticate')).toContain('Bearer');
    expect(await problemTypeOf(create)).toBe('unauthorized');
    const list = await workerFetch('/v1/merchant/offers', { headers: headers as Record<string, string> });
    expect(list.status).toBe(401);
    expect(await offerTablesSnapshot()).toBe(before);
  });

  it('a key asked for again in the sandbox replaces the old one', async () => {
    const uuid = crypto.randomUUID();
    const name = `Rekey ${uuid}`;
    const first = await postJson('/v1/sandbox/merchants', { name, merchantIds: [`rekey-${uuid}`] });
    expect(first.status).toBe(201);
    const { apiKey: oldKey } = (await first.json()) as { apiKey: string };
    const second = await postJson('/v1/sandbox/merchants', { name, merchantIds: [`rekey-${uuid}`] });
    expect(second.status).toBe(200);
    const { apiKey: newKey } = (await second.json()) as { apiKey: string };
    expect(newKey).not.toBe(oldKey);
    expect((await workerFetch('/v1/merchant/offers', { headers: { authorization: `Bearer ${oldKey}` } })).status).toBe(
      401,
    );
    expect((await workerFetch('/v1/merchant/offers', { headers: { authorization: `Bearer ${newKey}` } })).status).toBe(
      200,
    );
    const stored = await env.DB.prepare('SELECT api_key_hash FROM merchants WHERE name = ?').bind(name).first();
    expect(JSON.stringify(stored)).not.toContain(newKey);
  });

  it('refuses invalid merchant bodies and merchant ids another merchant uses', async () => {
    const merchant = await newMerchant();
    const before = await offerTablesSnapshot();
    for (const body of [
      { name: '', merchantIds: ['x'] },
      { name: 'No ids', merchantIds: [] },
      { name: 'Bad handle', xUsername: '@shop', merchantIds: ['y'] },
      { name: 'Extra', merchantIds: ['z'], apiKey: 'mine' },
    ]) {
      const res = await postJson('/v1/sandbox/merchants', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const taken = await postJson('/v1/sandbox/merchants', {
      name: `Thief ${crypto.randomUUID()}`,
      merchantIds: [merchant.cardMerchantIds[0]],
    });
    expect(taken.status).toBe(409);
    expect(await problemTypeOf(taken)).toBe('merchant-id-taken');
    expect(await offerTablesSnapshot()).toBe(before);
  });

  it('lets operators create merchants with OPERATOR_TOKEN, and no one without it', async () => {
    const token = 'operator-token-for-tests-0123456789abcdef';
    const withToken = { ...env, OPERATOR_TOKEN: token };
    const operatorPost = (body: unknown, authorization: string) =>
      app.fetch(
        new Request('http://worker/v1/operator/merchants', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify(body),
        }),
        withToken,
      );
    const uuid = crypto.randomUUID();
    const body = { name: `Operated ${uuid}`, xUsername: 'operated', merchantIds: [`op-${uuid}`] };

    const before = await offerTablesSnapshot();
    const refused = await operatorPost(body, `Bearer ${token}x`);
    expect(refused.status).toBe(401);
    expect(await offerTablesSnapshot()).toBe(before);

    const created = await operatorPost(body, `Bearer ${token}`);
    expect(created.status).toBe(201);
    const { apiKey } = (await created.json()) as { apiKey: string };
    expect((await workerFetch('/v1/merchant/offers', { headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(
      200,
    );
    // Operators never re-key by creating again: the same name is a conflict.
    const again = await operatorPost(body, `Bearer ${token}`);
    expect(again.status).toBe(409);
  });

  it('has no sandbox merchant route outside sandbox mode', async () => {
    const res = await app.fetch(
      new Request('http://worker/v1/sandbox/merchants', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Live shop', merchantIds: ['live-1'] }),
      }),
      { ...env, X_MODE: 'live' },
    );
    expect(res.status).toBe(404);
  });

  it('has no operator route while OPERATOR_TOKEN is not configured', async () => {
    const res = await postJson(
      '/v1/operator/merchants',
      { name: 'Operator shop', merchantIds: ['op-1'] },
      { authorization: 'Bearer anything' },
    );
    expect(res.status).toBe(404);
  });
});

describe('a merchant and its offers', () => {
  it('lists, reads, pauses and resumes only its own offers; another merchant gets 404 and changes nothing', async () => {
    const owner = await newMerchant();
    const stranger = await newMerchant();
    const offer = await createOffer(owner);
    await createOffer(stranger);

    const list = MerchantOfferListResponseSchema.parse(
      await (await workerFetch('/v1/merchant/offers', { headers: owner.headers })).json(),
    );
    expect(list.offers.map((o) => o.id)).toEqual([offer.id]);
    const strangerList = MerchantOfferListResponseSchema.parse(
      await (await workerFetch('/v1/merchant/offers', { headers: stranger.headers })).json(),
    );
    expect(strangerList.offers.map((o) => o.id)).not.toContain(offer.id);

    const before = await offerTablesSnapshot();
    for (const res of [
      await workerFetch(`/v1/merchant/offers/${offer.id}`, { headers: stranger.headers }),
      await merchantPost(stranger, `/v1/merchant/offers/${offer.id}/pause`),
      await merchantPost(stranger, `/v1/merchant/offers/${offer.id}/resume`),
    ]) {
      expect(res.status).toBe(404);
      expect(await problemTypeOf(res)).toBe('offer-not-found');
    }
    expect(await offerTablesSnapshot()).toBe(before);

    const paused = await merchantPost(owner, `/v1/merchant/offers/${offer.id}/pause`);
    expect(paused.status).toBe(200);
    expect(MerchantOfferResponseSchema.parse(await paused.json()).offer.status).toBe('paused');
    const resumed = await merchantPost(owner, `/v1/merchant/offers/${offer.id}/resume`);
    expect(MerchantOfferResponseSchema.parse(await resumed.json()).offer.status).toBe('live');
  });

  it('answers stats: enrolments, qualifying purchases, credits by status and budget left', async () => {
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, { budgetCredits: 7 });
    const detail = MerchantOfferDetailResponseSchema.parse(await offerDetail(merchant, offer.id));
    expect(detail.stats).toEqual({
      enrolments: 0,
      qualifyingPurchases: 0,
      creditsPending: 0,
      creditsPosted: 0,
      creditsVoided: 0,
      creditsReversed: 0,
      budgetLeftCredits: 7,
    });
  });

  it('refuses malformed offer ids with a 400', async () => {
    const merchant = await newMerchant();
    const res = await workerFetch('/v1/merchant/offers/not-an-offer', { headers: merchant.headers });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
