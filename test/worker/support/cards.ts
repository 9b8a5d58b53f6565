import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { Card } from '../../../shared/contract/cards';
import { insertEnrolmentStatement } from '../../../worker/db/offers';
import { jobs } from '../../../worker/jobs';
import { currencyTotals, ensureAccount, getBalances } from '../../../worker/ledger';
import { bearer, type LinkedUser, linkUser, sandboxControl, uniqueHandle, workerFetch } from './link-user';

/**
 * Helpers for the card and credit tests: cardholders linked through the real OAuth flow with a
 * card issued by the worker from the sandbox card network, enrolments written with the offers
 * module's own statement, and card transactions made on the sandbox network and delivered to the
 * worker's webhook exactly as signed by the network (or re-signed here for forged and stale cases).
 */

export const CARD_WEBHOOK_PATH = 'http://worker/webhooks/card-network';
/** The sandbox network's secret, written out rather than imported from the code under test. */
const SANDBOX_CARD_SECRET = 'sandbox-card-webhook-secret';
export const SETTLEMENT_DELAY_MS = 259_200 * 1000;

export interface Cardholder {
  linked: LinkedUser;
  userId: string;
  headers: Record<string, string>;
  card: Card;
  /** The network's token, read from the sandbox network (the worker never shows it). */
  cardToken: string;
}

export async function cardholder(prefix = 'holder'): Promise<Cardholder> {
  const linked = await linkUser(uniqueHandle(prefix));
  const headers = bearer(linked.sessionToken);
  const res = await workerFetch('/v1/cards', { method: 'POST', headers });
  expect(res.status, await res.clone().text()).toBe(201);
  const { card } = (await res.json()) as { card: Card };
  const network = await sandboxControl(`/cards/users/${linked.user.id}`, { method: 'GET' });
  expect(network.status).toBe(200);
  const { token } = (await network.json()) as { token: string };
  return { linked, userId: linked.user.id, headers, card, cardToken: token };
}

/** Enrols the user in the offer at `enrolledAtMs`, through the offers module's statement. */
export async function enrol(userId: string, offerId: string, enrolledAtMs = Date.now() - 60_000): Promise<string> {
  const id = `enr_${crypto.randomUUID().replaceAll('-', '').slice(0, 22)}`;
  const result = await insertEnrolmentStatement(env.DB, {
    id,
    offer_id: offerId,
    user_id: userId,
    tweet_root_id: String(10n ** 18n + BigInt(crypto.getRandomValues(new Uint32Array(2))[0]!) * 1000n),
    enrolled_at_ms: enrolledAtMs,
  }).run();
  expect(result.meta.changes, 'the offer took the enrolment').toBe(1);
  return id;
}

export interface NetworkDelivery {
  eventId: string;
  body: string;
  headers: Record<string, string>;
}

export interface SandboxPurchase {
  purchaseId: string;
  cardToken: string;
  merchantId: string;
  amountMinor: number;
  currency: string;
  occurredAtMs: number;
}

export async function networkPurchase(input: {
  cardToken: string;
  merchantId: string;
  amountMinor: number;
  currency?: string;
  atMs?: number;
}): Promise<{ purchase: SandboxPurchase; delivery: NetworkDelivery }> {
  const res = await sandboxControl('/cards/purchases', { body: { currency: 'EUR', ...input } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { purchase: SandboxPurchase; delivery: NetworkDelivery };
}

export async function networkRefund(purchaseId: string, amountMinor: number): Promise<{ delivery: NetworkDelivery }> {
  const res = await sandboxControl('/cards/refunds', { body: { purchaseId, amountMinor } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { delivery: NetworkDelivery };
}

export function deliver(delivery: { body: string; headers: Record<string, string> }): Promise<Response> {
  return exports.default.fetch(CARD_WEBHOOK_PATH, { method: 'POST', headers: delivery.headers, body: delivery.body });
}

/** Delivers and expects the worker to accept; answers its JSON. */
export async function deliverOk(delivery: NetworkDelivery): Promise<{
  outcome: string;
  creditsCreated: number;
  creditsClawedBack: number;
}> {
  const res = await deliver(delivery);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

/** `t=<s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` computed here with WebCrypto, the reference the worker is held to. */
export async function signCardBody(body: string, timestampS: number, secret = SANDBOX_CARD_SECRET): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${timestampS}.${body}`)));
  const hex = Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `t=${timestampS},v1=${hex}`;
}

export interface CreditRowView {
  id: string;
  enrolment_id: string;
  status: string;
  amount_minor: number;
  pending_transfer_id: string;
  post_after_ms: number;
}

export async function creditsOfOffer(offerId: string): Promise<CreditRowView[]> {
  const { results } = await env.DB.prepare('SELECT * FROM offer_credits WHERE offer_id = ? ORDER BY created_at_ms, id')
    .bind(offerId)
    .all<CreditRowView>();
  return results;
}

export async function rewardsOf(userId: string, currency = 'EUR') {
  const account = await ensureAccount(env.DB, { kind: 'rewards', owner: userId, currency }, Date.now());
  const balances = await getBalances(env.DB, account.id);
  return { account, balances: balances! };
}

export async function fundOf(offerId: string, currency = 'EUR') {
  const account = await ensureAccount(env.DB, { kind: 'offer_fund', owner: offerId, currency }, Date.now());
  return (await getBalances(env.DB, account.id))!;
}

export function postCreditsAt(nowMs: number): Promise<Record<string, number>> {
  return jobs.postCredits!(env, nowMs);
}

export async function expectLedgerBalanced(): Promise<void> {
  for (const totals of await currencyTotals(env.DB)) {
    expect(totals.postedSumMinor, totals.currency).toBe(0);
    expect(totals.debitsPendingSumMinor, totals.currency).toBe(totals.creditsPendingSumMinor);
  }
}

/** Every row the card webhook can touch: compared before and after a refused delivery. */
export async function cardTablesSnapshot(): Promise<string> {
  const tables = ['cards', 'card_events', 'offer_credits', 'offers', 'ledger_accounts', 'ledger_transfers'];
  const rows = await env.DB.batch(tables.map((table) => env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1`)));
  return JSON.stringify(Object.fromEntries(tables.map((table, i) => [table, rows[i]?.results ?? []])));
}
