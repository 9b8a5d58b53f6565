import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { claimIntentForTweet } from '../../worker/db/payments';
import { reserve } from '../../worker/payments/money';
import {
  CARDS,
  debtOf,
  deliver,
  deliverAll,
  expectLedgerBalanced,
  fundsOf,
  onboarded,
  payCheckout,
  paymentIntentOf,
  settleLatestPayout,
  startTopUp,
  toppedUp,
  walletBalance,
  withdraw,
  withdrawn,
} from './support/funds';
import { sandboxControl } from './support/link-user';
import { createIntent, linkedPerson, postTweet } from './support/payments';

// Refunds and disputes take a top-up's money back; what was already spent becomes a visible
// debt that blocks money out until the next money in repays it.

async function spentMostOf(prefix: string) {
  const person = await linkedPerson(prefix);
  const topUp = await toppedUp(person, 5_000);
  await onboarded(person);
  await withdrawn(person, 4_000);
  await deliverAll(await settleLatestPayout('paid'));
  expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 1_000 });
  return { person, topUp, paymentIntent: await paymentIntentOf(topUp) };
}

describe('a refund after the money was spent', () => {
  it('takes what is left, owes the rest, blocks money out, and is repaid by the next top-up', async () => {
    const { person, paymentIntent } = await spentMostOf('refunded');
    const res = await sandboxControl('/payments/refunds', { body: { paymentIntent } });
    const { deliveries } = (await res.json()) as { deliveries: never[] };
    await deliverAll([...deliveries, ...deliveries]);

    const userId = person.linked.user.id;
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0, availableMinor: 0 });
    expect(await debtOf(userId)).toBe(4_000);
    const funds = await fundsOf(person);
    expect(funds.debts).toEqual([{ currency: 'EUR', owedMinor: 4_000 }]);
    expect(funds.moneyBacks[0]).toMatchObject({ kind: 'refund', amountMinor: 5_000 });
    await expectLedgerBalanced();

    // Money out waits: a withdrawal and a payment are refused.
    const blocked = await withdraw(person, 1);
    expect(blocked.status).toBe(409);
    expect(((await blocked.json()) as { type: string }).type).toMatch(/wallet-in-debt$/);

    // The next top-up repays the debt first.
    await toppedUp(person, 6_000);
    expect(await debtOf(userId)).toBe(0);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 2_000, availableMinor: 2_000 });
    expect((await fundsOf(person)).debts).toEqual([]);
    await expectLedgerBalanced();
  });

  it('blocks a payment while the wallet owes, with its own reason', async () => {
    const { person, paymentIntent } = await spentMostOf('owing');
    const payee = await linkedPerson('bob');
    const intent = await createIntent(person, payee, 500);
    const tweet = await postTweet(person, intent.tweetText);
    const res = await sandboxControl('/payments/refunds', { body: { paymentIntent, amountMinor: 3_000 } });
    await deliverAll(((await res.json()) as { deliveries: never[] }).deliveries);
    expect(await debtOf(person.linked.user.id)).toBe(2_000);

    const nowMs = Date.now();
    const match = {
      rootId: tweet.id,
      tweetId: tweet.id,
      text: intent.tweetText,
      payeeAccountKind: 'wallet' as const,
      previousVersionId: null,
    };
    await claimIntentForTweet(env.DB, intent.id, match, nowMs).run();
    const reserved = await reserve(env, intent.id, nowMs);
    expect(reserved).toMatchObject({ status: 'failed', failure_reason: 'wallet-in-debt' });
    await expectLedgerBalanced();
  });

  it('waits for the top-up it refunds: an early refund event is refused and applied on redelivery', async () => {
    const person = await linkedPerson('early');
    const topUp = await startTopUp(person, 2_000);
    const paid = await payCheckout(topUp, CARDS.success);
    const refunded = await sandboxControl('/payments/refunds', {
      body: { paymentIntent: await paymentIntentOf(topUp) },
    });
    const refundDeliveries = ((await refunded.json()) as { deliveries: never[] }).deliveries;
    const early = await deliver(refundDeliveries[0]!);
    expect(early.status).toBe(409);
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 0 });

    await deliverAll([...paid.deliveries, ...refundDeliveries]);
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 0 });
    expect(await debtOf(person.linked.user.id)).toBe(0);
    await expectLedgerBalanced();
  });
});

describe('a dispute', () => {
  it('takes the money back as a debt, and a dispute won returns it', async () => {
    const { person, paymentIntent } = await spentMostOf('disputed');
    const userId = person.linked.user.id;
    const res = await sandboxControl('/payments/disputes', { body: { paymentIntent } });
    const { dispute, deliveries } = (await res.json()) as { dispute: { id: string }; deliveries: never[] };
    await deliverAll([...deliveries].reverse());
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0 });
    expect(await debtOf(userId)).toBe(4_000);
    expect((await fundsOf(person)).moneyBacks[0]).toMatchObject({ kind: 'dispute', amountMinor: 5_000 });
    await expectLedgerBalanced();

    const won = await sandboxControl(`/payments/disputes/${dispute.id}/won`);
    await deliverAll(((await won.json()) as { deliveries: never[] }).deliveries);
    expect(await debtOf(userId)).toBe(0);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 1_000 });
    await expectLedgerBalanced();
  });
});
