import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import type {
  CreateMerchantResponse,
  MerchantOffer,
  MerchantOfferDetailResponse,
} from '../../../shared/contract/offers';
import { postJson, uniqueHandle, workerFetch } from './link-user';

/**
 * Helpers for the offer tests: merchants made through the sandbox route, offers through the
 * merchant API, and signed X webhook deliveries. Hashtags and names are unique per call, since
 * the sandbox X is shared by every worker test file.
 */

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export interface TestMerchant {
  id: string;
  apiKey: string;
  cardMerchantIds: string[];
  headers: Record<string, string>;
}

let merchants = 0;
export async function newMerchant(prefix = 'shop'): Promise<TestMerchant> {
  merchants += 1;
  const suffix = `${merchants}-${crypto.randomUUID().slice(0, 8)}`;
  const cardMerchantIds = [`${prefix}-${suffix}-a`, `${prefix}-${suffix}-b`];
  const res = await postJson('/v1/sandbox/merchants', { name: `${prefix} ${suffix}`, merchantIds: cardMerchantIds });
  expect(res.status, await res.clone().text()).toBe(201);
  const body = (await res.json()) as CreateMerchantResponse;
  return {
    id: body.merchant.id,
    apiKey: body.apiKey,
    cardMerchantIds,
    headers: { authorization: `Bearer ${body.apiKey}` },
  };
}

export function uniqueHashtag(prefix = 'Offer'): string {
  return `${prefix}${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

export function newRequestId(): string {
  return `req_${crypto.randomUUID().replaceAll('-', '')}`;
}

export function offerBody(merchant: TestMerchant, overrides: Record<string, unknown> = {}) {
  const nowMs = Date.now();
  return {
    requestId: newRequestId(),
    hashtag: uniqueHashtag(),
    title: 'Spend 50 €, get 10 € back',
    terms: { minimumSpendMinor: 50_00, creditMinor: 10_00, currency: 'EUR' },
    enrolBy: new Date(nowMs + 7 * DAY_MS).toISOString(),
    spendBy: new Date(nowMs + 14 * DAY_MS).toISOString(),
    budgetCredits: 100,
    merchantIds: [merchant.cardMerchantIds[0]],
    ...overrides,
  };
}

export function createOfferRequest(merchant: TestMerchant, body: unknown): Promise<Response> {
  return postJson('/v1/merchant/offers', body, merchant.headers);
}

export async function createOffer(
  merchant: TestMerchant,
  overrides: Record<string, unknown> = {},
): Promise<MerchantOffer> {
  const res = await createOfferRequest(merchant, offerBody(merchant, overrides));
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { offer: MerchantOffer }).offer;
}

export async function offerDetail(merchant: TestMerchant, offerId: string): Promise<MerchantOfferDetailResponse> {
  const res = await workerFetch(`/v1/merchant/offers/${offerId}`, { headers: merchant.headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as MerchantOfferDetailResponse;
}

export function merchantPost(merchant: TestMerchant, path: string): Promise<Response> {
  return workerFetch(path, { method: 'POST', headers: merchant.headers });
}

/** Every row of the merchant and offer tables and of the ledger: compared before and after a refused request. */
export async function offerTablesSnapshot(): Promise<string> {
  const tables = [
    'merchants',
    'merchant_card_ids',
    'offers',
    'offer_hashtags',
    'offer_card_merchant_ids',
    'offer_enrolments',
    'offer_claim_tweets',
    'payment_tweets',
    'ledger_accounts',
    'ledger_transfers',
  ];
  const rows = await env.DB.batch(tables.map((table) => env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1`)));
  return JSON.stringify(Object.fromEntries(tables.map((table, i) => [table, rows[i]?.results ?? []])));
}

export async function enrolmentsOf(offerId: string): Promise<{ user_id: string; tweet_root_id: string }[]> {
  const { results } = await env.DB.prepare(
    'SELECT user_id, tweet_root_id FROM offer_enrolments WHERE offer_id = ? ORDER BY enrolled_at_ms, id',
  )
    .bind(offerId)
    .all<{ user_id: string; tweet_root_id: string }>();
  return results;
}

export async function creditsUsedOf(offerId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT credits_used FROM offers WHERE id = ?')
    .bind(offerId)
    .first<{ credits_used: number }>();
  return row!.credits_used;
}

const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret';

async function hmacSignature(body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(SANDBOX_WEBHOOK_SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
  return `sha256=${btoa(String.fromCharCode(...mac))}`;
}

/** X's webhook delivering one created tweet, signed as the sandbox X signs it. */
export async function deliverTweet(tweet: { id: string; text: string; authorId: string }): Promise<Response> {
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

export { uniqueHandle };
