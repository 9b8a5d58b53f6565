import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { PaymentIntent } from '../../shared/contract/payments';
import { jobs } from '../../worker/jobs';
import {
  debtOf,
  deliverAll,
  expectLedgerBalanced,
  fundsOf,
  onboarded,
  paymentIntentOf,
  settleLatestPayout,
  toppedUp,
  walletBalance,
  withdrawn,
} from './support/funds';
import { postJson, sandboxControl, workerFetch } from './support/link-user';
import {
  confirm,
  createIntent,
  fund,
  linkedPerson,
  newRequestId,
  type Person,
  paymentTablesSnapshot,
  postTweet,
  problemTypeOf,
  reportTweet,
  sessionOf,
  unlinkedPerson,
} from './support/payments';
import { openPot, potIntentRequest, reservedPotIntent } from './support/pots';

// A wallet in debt after a refund repays it from the next money that lands in it, whatever brought
// that money, at once and once.

/** Someone else's top-up: the platform's provider balance stays above what earlier refunds took. */
async function floatProvider() {
  await toppedUp(await linkedPerson('float'), 10_000);
}

/** Tops up 5 000, spends 4 000 by a paid withdrawal, then the top-up is refunded: 4 000 owed. */
async function inDebt(prefix: string) {
  await floatProvider();
  const person = await linkedPerson(prefix);
  const topUp = await toppedUp(person, 5_000);
  await onboarded(person);
  await withdrawn(person, 4_000);
  await deliverAll(await settleLatestPayout('paid'));
  const refunded = await sandboxControl('/payments/refunds', { body: { paymentIntent: await paymentIntentOf(topUp) } });
  await deliverAll(((await refunded.json()) as { deliveries: never[] }).deliveries);
  expect(await debtOf(person.linked.user.id)).toBe(4_000);
  return person;
}

async function paid(payer: Person, payee: Person, amountMinor: number): Promise<PaymentIntent> {
  const intent = await createIntent(payer, payee, amountMinor);
  const tweet = await postTweet(payer, intent.tweetText);
  expect((await reportTweet(payer, tweet.id)).intent?.status).toBe('awaiting_confirmation');
  const res = await confirm(payer, intent.id);
  expect(res.status, await res.clone().text()).toBe(200);
  const after = ((await res.json()) as { intent: PaymentIntent }).intent;
  expect(after.status).toBe('settled');
  return after;
}

async function transfersLike(pattern: string): Promise<string[]> {
  const { results } = await env.DB.prepare('SELECT id FROM ledger_transfers WHERE id LIKE ? ORDER BY id')
    .bind(pattern)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}

describe('a debt and the next money in', () => {
  it('is repaid at once by a payment received, and a replayed confirmation repays nothing more', async () => {
    const payee = await inDebt('owes');
    const payer = await linkedPerson('payer');
    await fund(payer, 10_000);

    const intent = await paid(payer, payee, 1_500);
    const userId = payee.linked.user.id;
    expect(await debtOf(userId)).toBe(2_500);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0, availableMinor: 0 });
    expect((await fundsOf(payee)).debts).toEqual([{ currency: 'EUR', owedMinor: 2_500 }]);
    await expectLedgerBalanced();

    // The same confirmation again: the payment is credited once, the debt repaid once.
    expect((await confirm(payer, intent.id)).status).toBe(200);
    expect(await debtOf(userId)).toBe(2_500);
    expect(await transfersLike(`pay:${intent.id}:%`)).toEqual([
      `pay:${intent.id}:hold`,
      `pay:${intent.id}:post`,
      `pay:${intent.id}:post:repay`,
    ]);

    // A larger payment repays the rest; what is left over is the wallet's.
    await paid(payer, payee, 4_000);
    expect(await debtOf(userId)).toBe(0);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 1_500, availableMinor: 1_500 });
    expect((await fundsOf(payee)).debts).toEqual([]);
    expect(await walletBalance(payer.linked.user.id)).toMatchObject({ postedMinor: 4_500 });
    await expectLedgerBalanced();
  });

  it('is repaid when a failed withdrawal gives its money back, once under redelivery', async () => {
    await floatProvider();
    const person = await linkedPerson('held');
    const topUp = await toppedUp(person, 5_000);
    await onboarded(person);
    await withdrawn(person, 4_000);
    const userId = person.linked.user.id;

    // Refunded while 4 000 is held for the payout: only the 1 000 free is taken at once.
    const refunded = await sandboxControl('/payments/refunds', {
      body: { paymentIntent: await paymentIntentOf(topUp) },
    });
    await deliverAll(((await refunded.json()) as { deliveries: never[] }).deliveries);
    expect(await debtOf(userId)).toBe(4_000);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 4_000, availableMinor: 0 });

    const deliveries = await settleLatestPayout('failed');
    await deliverAll([...deliveries, ...deliveries]);
    expect(await debtOf(userId)).toBe(0);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0, availableMinor: 0 });
    expect((await fundsOf(person)).withdrawals[0]).toMatchObject({ status: 'failed' });
    await expectLedgerBalanced();
  });

  it('is repaid by a pot paid out to its organiser, once however often it is closed', async () => {
    const organiser = await inDebt('organiser');
    const pot = await openPot(organiser);
    const payer = await linkedPerson('giver');
    await fund(payer, 3_000);
    const { intent } = await reservedPotIntent(payer, pot.hashtag, 1_500);
    expect((await confirm(payer, intent.id)).status).toBe(200);

    const close = () => workerFetch(`/v1/pots/${pot.id}/close`, { method: 'POST', headers: sessionOf(organiser) });
    for (const res of [await close(), await close()]) expect(res.status).toBe(200);
    expect(await debtOf(organiser.linked.user.id)).toBe(2_500);
    expect(await walletBalance(organiser.linked.user.id)).toMatchObject({ postedMinor: 0, availableMinor: 0 });
    await expectLedgerBalanced();
  });

  it('is repaid by escrowed money coming back to its payer, once however often the job runs', async () => {
    const payer = await linkedPerson('escrower');
    const topUp = await toppedUp(payer, 5_000);
    const intent = await createIntent(payer, await unlinkedPerson('nobody'), 3_000);
    const tweet = await postTweet(payer, intent.tweetText);
    expect((await reportTweet(payer, tweet.id)).intent?.status).toBe('awaiting_confirmation');
    const confirmed = await confirm(payer, intent.id);
    expect(((await confirmed.json()) as { intent: PaymentIntent }).intent.status).toBe('escrowed');

    const refunded = await sandboxControl('/payments/refunds', {
      body: { paymentIntent: await paymentIntentOf(topUp) },
    });
    await deliverAll(((await refunded.json()) as { deliveries: never[] }).deliveries);
    const userId = payer.linked.user.id;
    expect(await debtOf(userId)).toBe(3_000);

    const escrowOverdueMs = Date.now() + 31 * 24 * 60 * 60_000;
    expect(await jobs.refundEscrow!(env, escrowOverdueMs)).toMatchObject({ refunded: 1 });
    await jobs.refundEscrow!(env, escrowOverdueMs + 60_000);
    expect(await debtOf(userId)).toBe(0);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0, availableMinor: 0 });
    expect(await transfersLike(`pay:${intent.id}:refund%`)).toEqual([
      `pay:${intent.id}:refund`,
      `pay:${intent.id}:refund:repay`,
    ]);
    await expectLedgerBalanced();
  });

  it('leaves a wallet that owes nothing untouched', async () => {
    const payee = await linkedPerson('clear');
    const payer = await linkedPerson('giver');
    await fund(payer, 3_000);
    const intent = await paid(payer, payee, 1_000);
    expect(await walletBalance(payee.linked.user.id)).toMatchObject({ postedMinor: 1_000, availableMinor: 1_000 });
    expect(await transfersLike(`pay:${intent.id}:post:repay`)).toEqual([]);
    await expectLedgerBalanced();
  });
});

describe('drafting a payment while in debt', () => {
  it('is refused up front with wallet-in-debt, and creates nothing', async () => {
    const payer = await inDebt('drafter');
    const payee = await linkedPerson('payee');
    const pot = await openPot(payee);
    const before = await paymentTablesSnapshot();

    const draft = await postJson(
      '/v1/payment-intents',
      { requestId: newRequestId(), payeeHandle: payee.username, amountMinor: 100, currency: 'EUR', language: 'en' },
      sessionOf(payer),
    );
    expect(draft.status).toBe(409);
    expect(await problemTypeOf(draft)).toBe('wallet-in-debt');
    const toPot = await potIntentRequest(payer, pot.hashtag, 100);
    expect(toPot.status).toBe(409);
    expect(await problemTypeOf(toPot)).toBe('wallet-in-debt');
    expect(await paymentTablesSnapshot()).toBe(before);

    // Once money in repays the debt, drafting works again.
    await toppedUp(payer, 4_100);
    expect(await debtOf(payer.linked.user.id)).toBe(0);
    expect((await createIntent(payer, payee, 100)).status).toBe('awaiting_tweet');
  });
});
