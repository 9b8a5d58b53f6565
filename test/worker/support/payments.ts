import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { PaymentIntent, ReportTweetResponse } from '../../../shared/contract/payments';
import { ensureAccount, getBalances } from '../../../worker/ledger';
import type { FaultKind } from '../../sandbox/faults';
import {
  bearer,
  createSandboxUser,
  type LinkedUser,
  linkUser,
  postJson,
  sandboxControl,
  uniqueHandle,
  workerFetch,
} from './link-user';

/**
 * Helpers for the payment tests: people on the sandbox X, money from the sandbox top-up route,
 * tweets posted through the sandbox's control API, and requests to the real worker.
 */

export interface Person {
  username: string;
  xUserId: string;
  /** Present when the person linked their X account to Hashpay. */
  linked: LinkedUser | null;
}

export async function linkedPerson(prefix: string): Promise<Person & { linked: LinkedUser }> {
  const username = uniqueHandle(prefix);
  const linked = await linkUser(username);
  return { username, xUserId: linked.user.xUserId, linked };
}

export async function unlinkedPerson(prefix: string): Promise<Person> {
  const username = uniqueHandle(prefix);
  const user = await createSandboxUser(username);
  return { username, xUserId: user.id, linked: null };
}

export function sessionOf(person: Person): Record<string, string> {
  if (person.linked === null) throw new Error(`@${person.username} is not linked`);
  return bearer(person.linked.sessionToken);
}

let topUps = 0;
export async function fund(person: Person, amountMinor: number, currency = 'EUR'): Promise<void> {
  if (person.linked === null) throw new Error('only linked people have a wallet');
  topUps += 1;
  const res = await postJson('/v1/sandbox/top-ups', {
    clientId: `test-top-up-${person.linked.user.id}-${topUps}-${Date.now()}`,
    owner: person.linked.user.id,
    currency,
    amountMinor,
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

/** The wallet balance a linked person sees: posted and available. */
export async function walletOf(person: Person, currency = 'EUR') {
  if (person.linked === null) throw new Error('only linked people have a wallet');
  const account = await ensureAccount(env.DB, { kind: 'wallet', owner: person.linked.user.id, currency }, Date.now());
  return (await getBalances(env.DB, account.id))!;
}

export async function escrowOf(person: Person, currency = 'EUR') {
  const account = await ensureAccount(env.DB, { kind: 'escrow', owner: person.xUserId, currency }, Date.now());
  return (await getBalances(env.DB, account.id))!;
}

export function newRequestId(): string {
  return `req_${crypto.randomUUID().replaceAll('-', '')}`;
}

export async function createIntent(
  payer: Person,
  payee: Person,
  amountMinor: number,
  options: { currency?: string; memo?: string; language?: 'fr' | 'en'; requestId?: string } = {},
): Promise<PaymentIntent> {
  const res = await postJson(
    '/v1/payment-intents',
    {
      requestId: options.requestId ?? newRequestId(),
      payeeHandle: payee.username,
      amountMinor,
      currency: options.currency ?? 'EUR',
      ...(options.memo === undefined ? {} : { memo: options.memo }),
      language: options.language ?? 'en',
    },
    sessionOf(payer),
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { intent: PaymentIntent }).intent;
}

export interface PostedTweet {
  id: string;
  text: string;
}

export async function postTweet(author: Person, text: string): Promise<PostedTweet> {
  const res = await sandboxControl('/tweets', { body: { authorUsername: author.username, text } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as PostedTweet;
}

export async function editTweet(tweetId: string, text: string): Promise<PostedTweet> {
  const res = await sandboxControl(`/tweets/${tweetId}/edit`, { body: { text } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as PostedTweet;
}

export async function deleteTweet(tweetId: string): Promise<void> {
  const res = await sandboxControl(`/tweets/${tweetId}`, { method: 'DELETE' });
  expect(res.status).toBe(200);
}

export async function injectFault(kind: FaultKind, path: string, times = 1) {
  const res = await sandboxControl('/faults', { body: { kind, path, times } });
  expect(res.status).toBe(201);
}

export async function reportTweet(reporter: Person, tweetId: string): Promise<ReportTweetResponse> {
  const res = await postJson('/v1/tweets/report', { tweetId }, sessionOf(reporter));
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ReportTweetResponse;
}

export async function getIntent(viewer: Person, intentId: string): Promise<Response> {
  return workerFetch(`/v1/payment-intents/${intentId}`, { headers: sessionOf(viewer) });
}

export async function intentAs(viewer: Person, intentId: string): Promise<PaymentIntent> {
  const res = await getIntent(viewer, intentId);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { intent: PaymentIntent }).intent;
}

export function confirm(payer: Person, intentId: string): Promise<Response> {
  return workerFetch(`/v1/payment-intents/${intentId}/confirm`, { method: 'POST', headers: sessionOf(payer) });
}

export function cancel(payer: Person, intentId: string): Promise<Response> {
  return workerFetch(`/v1/payment-intents/${intentId}/cancel`, { method: 'POST', headers: sessionOf(payer) });
}

export async function problemTypeOf(res: Response): Promise<string> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return ((await res.json()) as { type: string }).type.split('/').pop()!;
}

/** Every row of the payment and ledger tables: compared before and after a refused request. */
export async function paymentTablesSnapshot(): Promise<string> {
  const tables = [
    'payment_intents',
    'payment_tweets',
    'payment_tweet_versions',
    'ledger_accounts',
    'ledger_transfers',
    'ledger_pending_states',
  ];
  const rows = await env.DB.batch(tables.map((table) => env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1`)));
  return JSON.stringify(Object.fromEntries(tables.map((table, i) => [table, rows[i]?.results ?? []])));
}

/** The number of ledger transfers booked for an intent (hold, post, void, claim, refund). */
export async function transfersOfIntent(intentId: string): Promise<{ id: string; flags: string }[]> {
  const { results } = await env.DB.prepare(
    'SELECT id, flags FROM ledger_transfers WHERE reference = ? OR id LIKE ? ORDER BY seq',
  )
    .bind(intentId, `pay:${intentId}:%`)
    .all<{ id: string; flags: string }>();
  return results;
}

export async function sandboxLookupRequests(): Promise<number> {
  const res = await sandboxControl('/stats', { method: 'GET' });
  const stats = (await res.json()) as { requests: Record<string, number> };
  return stats.requests['GET /2/tweets'] ?? 0;
}
