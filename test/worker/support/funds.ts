import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { TopUp, Withdrawal } from '../../../shared/contract/funds';
import { currencyTotals, ensureAccount, getBalances } from '../../../worker/ledger';
import { postJson, sandboxControl, workerFetch } from './link-user';
import { type Person, sessionOf } from './payments';

/**
 * Helpers for money in and out: top-ups and withdrawals asked of the real worker, cards paid and
 * payouts settled on the sandbox provider through its control API, and the provider's signed
 * deliveries handed to the worker's webhook as they are (or re-signed, or forged).
 */

export const PROVIDER_WEBHOOK = '/webhooks/payments-provider';
/** Stripe's documented test cards. */
export const CARDS = {
  success: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
  authenticationRequired: '4000 0025 0000 3155',
} as const;

export interface Delivery {
  eventId: string;
  type: string;
  body: string;
  headers: Record<string, string>;
}

let requests = 0;
export function clientId(): string {
  requests += 1;
  return `client-${requests}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function startTopUp(person: Person, amountMinor: number, currency = 'EUR'): Promise<TopUp> {
  const res = await postJson('/v1/top-ups', { clientId: clientId(), currency, amountMinor }, sessionOf(person));
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { topUp: TopUp }).topUp;
}

export function checkoutIdOf(topUp: TopUp): string {
  expect(topUp.checkoutUrl).toMatch(/\/checkout\/cs_test_/);
  return topUp.checkoutUrl!.split('/').at(-1)!;
}

export async function payCheckout(
  topUp: TopUp,
  card: string,
  authentication?: 'complete' | 'fail',
): Promise<{ outcome: string; message: string | null; deliveries: Delivery[] }> {
  const res = await sandboxControl(`/payments/checkout/${checkoutIdOf(topUp)}/pay`, {
    body: { card, ...(authentication ? { authentication } : {}) },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { outcome: string; message: string | null; deliveries: Delivery[] };
}

export async function deliver(delivery: Delivery): Promise<Response> {
  return workerFetch(PROVIDER_WEBHOOK, { method: 'POST', headers: delivery.headers, body: delivery.body });
}

export async function deliverAll(deliveries: Delivery[]): Promise<void> {
  for (const delivery of deliveries) {
    const res = await deliver(delivery);
    expect(res.status, await res.clone().text()).toBe(200);
  }
}

/** A card top-up paid with the success card and its events delivered. */
export async function toppedUp(person: Person, amountMinor: number, currency = 'EUR'): Promise<TopUp> {
  const topUp = await startTopUp(person, amountMinor, currency);
  const paid = await payCheckout(topUp, CARDS.success);
  expect(paid.outcome).toBe('succeeded');
  await deliverAll(paid.deliveries);
  return topUp;
}

export async function paymentIntentOf(topUp: TopUp): Promise<string> {
  const res = await sandboxControl(`/payments/checkout/${checkoutIdOf(topUp)}`, { method: 'GET' });
  const session = (await res.json()) as { payment_intent: string };
  expect(session.payment_intent).toMatch(/^pi_/);
  return session.payment_intent;
}

/** Creates the payouts account, completes the hosted onboarding on the sandbox, and checks it is ready. */
export async function onboarded(person: Person): Promise<void> {
  const first = await postJson('/v1/payouts-account', {}, sessionOf(person));
  expect(first.status, await first.clone().text()).toBe(200);
  const { ready, onboardingUrl } = (await first.json()) as { ready: boolean; onboardingUrl: string };
  expect(ready).toBe(false);
  const accountId = new URL(onboardingUrl).pathname.split('/').at(-1)!;
  const onboard = await sandboxControl(`/payments/accounts/${accountId}/onboard`);
  expect(onboard.status).toBe(200);
  const again = await postJson('/v1/payouts-account', {}, sessionOf(person));
  expect(((await again.json()) as { ready: boolean }).ready).toBe(true);
}

export async function withdraw(person: Person, amountMinor: number, currency = 'EUR'): Promise<Response> {
  return postJson('/v1/withdrawals', { clientId: clientId(), currency, amountMinor }, sessionOf(person));
}

export async function withdrawn(person: Person, amountMinor: number, currency = 'EUR'): Promise<Withdrawal> {
  const res = await withdraw(person, amountMinor, currency);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { withdrawal: Withdrawal }).withdrawal;
}

export async function latestPayoutId(): Promise<string> {
  const list = await sandboxControl('/payments/payouts', { method: 'GET' });
  const { payouts } = (await list.json()) as { payouts: { id: string }[] };
  return payouts.at(-1)!.id;
}

/** The provider's payout of the person's latest withdrawal, settled as `outcome`; its deliveries. */
export async function settleLatestPayout(
  outcome: 'paid' | 'failed' | 'canceled',
  payoutId?: string,
): Promise<Delivery[]> {
  const res = await sandboxControl(`/payments/payouts/${payoutId ?? (await latestPayoutId())}/${outcome}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
}

export async function walletBalance(userId: string, currency = 'EUR') {
  const account = await ensureAccount(env.DB, { kind: 'wallet', owner: userId, currency }, Date.now());
  return (await getBalances(env.DB, account.id))!;
}

/** What the user owes after money was taken back: the debt account's debits not repaid. */
export async function debtOf(userId: string, currency = 'EUR'): Promise<number> {
  const account = await ensureAccount(env.DB, { kind: 'debt', owner: userId, currency }, Date.now());
  return 0 - (await getBalances(env.DB, account.id))!.postedMinor;
}

export async function expectLedgerBalanced(): Promise<void> {
  for (const totals of await currencyTotals(env.DB)) {
    expect(totals.postedSumMinor, `Σ posted ${totals.currency}`).toBe(0);
    expect(totals.debitsPendingSumMinor, `Σ pending ${totals.currency}`).toBe(totals.creditsPendingSumMinor);
  }
}

export async function fundsOf(person: Person) {
  const res = await workerFetch('/v1/funds', { headers: sessionOf(person) });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    topUps: TopUp[];
    withdrawals: Withdrawal[];
    moneyBacks: { id: string; kind: string; amountMinor: number }[];
    debts: { currency: string; owedMinor: number }[];
    verified: boolean;
  };
}
