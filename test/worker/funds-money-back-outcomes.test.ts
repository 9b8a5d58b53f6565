import { describe, expect, it } from 'vitest';
import {
  type Delivery,
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
import { sandboxControl } from './support/link-user';
import { linkedPerson } from './support/payments';

// What becomes of money taken back: a refund that fails or is cancelled gives it back once, an
// inquiry takes nothing until the issuer escalates it, a dispute won gives it back; reordered and
// redelivered events count once.

async function control<T>(path: string, body?: unknown): Promise<T> {
  const res = await sandboxControl(path, body === undefined ? {} : { body });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}

async function toppedUpPerson(prefix: string, amountMinor = 5_000) {
  const person = await linkedPerson(prefix);
  const topUp = await toppedUp(person, amountMinor);
  return { person, userId: person.linked.user.id, paymentIntent: await paymentIntentOf(topUp) };
}

/** Tops up 5 000 and spends 4 000 by a paid withdrawal: 1 000 left. */
async function spentMost(prefix: string) {
  const topped = await toppedUpPerson(prefix);
  await onboarded(topped.person);
  await withdrawn(topped.person, 4_000);
  await deliverAll(await settleLatestPayout('paid'));
  expect(await walletBalance(topped.userId)).toMatchObject({ postedMinor: 1_000 });
  return topped;
}

function refundOf(paymentIntent: string, extra: Record<string, unknown> = {}) {
  return control<{ refund: { id: string }; deliveries: Delivery[] }>('/payments/refunds', { paymentIntent, ...extra });
}

function disputeOf(paymentIntent: string, inquiry = false) {
  return control<{ dispute: { id: string }; deliveries: Delivery[] }>('/payments/disputes', {
    paymentIntent,
    inquiry,
  });
}

async function decide(path: string): Promise<Delivery[]> {
  return (await control<{ deliveries: Delivery[] }>(path)).deliveries;
}

describe('a refund that fails', () => {
  it('gives the money back once, however often the failure is delivered', async () => {
    const { person, userId, paymentIntent } = await toppedUpPerson('refundfail');
    const { refund, deliveries } = await refundOf(paymentIntent);
    await deliverAll(deliveries);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0 });
    await expectLedgerBalanced();

    const failed = await decide(`/payments/refunds/${refund.id}/failed`);
    expect(failed.map((delivery) => delivery.type)).toEqual(['refund.updated', 'refund.failed']);
    await deliverAll([...failed, ...failed, ...deliveries]);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 5_000, availableMinor: 5_000 });
    expect(await debtOf(userId)).toBe(0);
    const kinds = (await fundsOf(person)).moneyBacks.map((row) => [row.kind, row.amountMinor]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['refund', 5_000],
        ['refund_failed', 5_000],
      ]),
    );
    expect(kinds).toHaveLength(2);
    await expectLedgerBalanced();
  });

  it('arriving before the refund itself, nets to nothing, and the late refund event is a replay', async () => {
    const { userId, paymentIntent } = await toppedUpPerson('failfirst');
    const { refund, deliveries } = await refundOf(paymentIntent, { amountMinor: 2_000 });
    const failed = await decide(`/payments/refunds/${refund.id}/failed`);
    await deliverAll([...failed].reverse());
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 5_000, availableMinor: 5_000 });
    await expectLedgerBalanced();

    await deliverAll([...deliveries, ...deliveries]);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 5_000, availableMinor: 5_000 });
    expect(await debtOf(userId)).toBe(0);
    await expectLedgerBalanced();
  });

  it('after the money was spent, clears the debt it made and leaves the wallet as before', async () => {
    const { userId, paymentIntent } = await spentMost('failowing');
    const { refund, deliveries } = await refundOf(paymentIntent);
    await deliverAll(deliveries);
    expect(await debtOf(userId)).toBe(4_000);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0 });
    await expectLedgerBalanced();

    await deliverAll(await decide(`/payments/refunds/${refund.id}/failed`));
    expect(await debtOf(userId)).toBe(0);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 1_000, availableMinor: 1_000 });
    await expectLedgerBalanced();
  });

  it('cancelled while pending, gives the money back too', async () => {
    const { userId, paymentIntent } = await toppedUpPerson('cancelled');
    const { refund, deliveries } = await refundOf(paymentIntent, { amountMinor: 1_500, pending: true });
    await deliverAll(deliveries);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 3_500 });
    const cancelled = await decide(`/payments/refunds/${refund.id}/canceled`);
    expect(cancelled.map((delivery) => delivery.type)).toEqual(['refund.updated']);
    await deliverAll([...cancelled, ...cancelled]);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 5_000 });
    await expectLedgerBalanced();
  });
});

describe('a dispute', () => {
  it('opened as an inquiry takes nothing; escalated, takes the money; won, gives it back', async () => {
    const { person, userId, paymentIntent } = await spentMost('inquiry');
    const { dispute, deliveries } = await disputeOf(paymentIntent, true);
    expect(deliveries.map((delivery) => delivery.type)).toEqual(['charge.dispute.created']);
    expect(JSON.parse(deliveries[0]!.body).data.object).toMatchObject({
      status: 'warning_needs_response',
      is_charge_refundable: true,
      balance_transactions: [],
    });
    await deliverAll([...deliveries, ...deliveries]);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 1_000, availableMinor: 1_000 });
    expect(await debtOf(userId)).toBe(0);
    expect((await fundsOf(person)).moneyBacks).toEqual([]);
    await expectLedgerBalanced();

    const escalated = await decide(`/payments/disputes/${dispute.id}/escalated`);
    await deliverAll([...escalated, ...deliveries]);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0 });
    expect(await debtOf(userId)).toBe(4_000);
    await expectLedgerBalanced();

    const won = await decide(`/payments/disputes/${dispute.id}/won`);
    await deliverAll([...won, ...escalated, ...won]);
    expect(await debtOf(userId)).toBe(0);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 1_000 });
    const kinds = (await fundsOf(person)).moneyBacks.map((row) => row.kind).sort();
    expect(kinds).toEqual(['dispute', 'dispute_won']);
    await expectLedgerBalanced();
  });

  it('an inquiry closed in our favour never moves money', async () => {
    const { userId, paymentIntent } = await toppedUpPerson('inqclosed');
    const { dispute, deliveries } = await disputeOf(paymentIntent, true);
    const closed = await decide(`/payments/disputes/${dispute.id}/won`);
    expect(closed.map((delivery) => delivery.type)).toEqual(['charge.dispute.closed']);
    await deliverAll([...closed, ...deliveries]);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 5_000 });
    await expectLedgerBalanced();
  });

  it('a chargeback won, its events in reverse order and twice, takes and gives back once', async () => {
    const { userId, paymentIntent } = await toppedUpPerson('wonreorder');
    const { dispute, deliveries } = await disputeOf(paymentIntent);
    const won = await decide(`/payments/disputes/${dispute.id}/won`);
    const all = [...deliveries, ...won];
    await deliverAll([...all].reverse());
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 5_000 });
    await deliverAll(all);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 5_000, availableMinor: 5_000 });
    expect(await debtOf(userId)).toBe(0);
    await expectLedgerBalanced();
  });

  it('a chargeback lost keeps the money taken', async () => {
    const { userId, paymentIntent } = await toppedUpPerson('lost');
    const { dispute, deliveries } = await disputeOf(paymentIntent);
    const lost = await decide(`/payments/disputes/${dispute.id}/lost`);
    await deliverAll([...lost, ...deliveries]);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0 });
    await expectLedgerBalanced();
  });
});
