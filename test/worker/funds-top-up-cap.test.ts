import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { TopUp } from '../../shared/contract/funds';
import {
  CARDS,
  checkoutIdOf,
  clientId,
  type Delivery,
  deliverAll,
  expectLedgerBalanced,
  fundsOf,
  payCheckout,
  paymentIntentOf,
  startTopUp,
  walletBalance,
} from './support/funds';
import { postJson, sandboxControl } from './support/link-user';
import { fund, linkedPerson, type Person, sessionOf } from './support/payments';

// The cap on what an unverified wallet holds (150.00 EUR by default) counts the checkouts still
// open, so opening many at once passes it no more; money paid above it anyway is credited and its
// excess sent back to the card.

function askTopUp(person: Person, amountMinor: number) {
  return postJson('/v1/top-ups', { clientId: clientId(), currency: 'EUR', amountMinor }, sessionOf(person));
}

async function problemType(res: Response): Promise<string> {
  return ((await res.json()) as { type: string }).type;
}

describe('the unverified cap and open checkouts', () => {
  it('lets checkouts opened at once add up to the cap and no further', async () => {
    const person = await linkedPerson('manyopen');
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => askTopUp(person, 5_000)));
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([201, 201, 201, 422, 422]);
    for (const res of answers.filter((each) => each.status === 422)) {
      expect(await problemType(res)).toMatch(/unverified-limit$/);
    }
    expect((await fundsOf(person)).topUps.filter((topUp) => topUp.status === 'open')).toHaveLength(3);

    // A checkout that expires unpaid no longer counts.
    const open = (await fundsOf(person)).topUps[0]!;
    const expired = await sandboxControl(`/payments/checkout/${checkoutIdOf(open)}/expire`);
    await deliverAll(((await expired.json()) as { deliveries: Delivery[] }).deliveries);
    expect((await askTopUp(person, 5_000)).status).toBe(201);
    expect((await askTopUp(person, 1)).status).toBe(422);

    // Nor does one older than a checkout's lifetime: the provider closed it.
    await env.DB.prepare(`UPDATE top_ups SET created_at_ms = created_at_ms - ? WHERE user_id = ? AND status = 'open'`)
      .bind(2 * 60 * 60 * 1000, person.linked.user.id)
      .run();
    expect((await askTopUp(person, 15_000)).status).toBe(201);
    await expectLedgerBalanced();
  });

  it('asks the provider to close each checkout when it stops counting', async () => {
    const person = await linkedPerson('expiring');
    const topUp = await startTopUp(person, 1_000);
    const res = await sandboxControl(`/payments/checkout/${checkoutIdOf(topUp)}`, { method: 'GET' });
    const session = (await res.json()) as { expires_at: number; created: number };
    expect(session.expires_at - session.created).toBeGreaterThanOrEqual(30 * 60);
    expect(session.expires_at * 1000).toBeLessThanOrEqual(topUp.createdAtMs + 60 * 60 * 1000);
  });
});

describe('a top-up paid above the cap', () => {
  async function paidAboveCap(prefix: string) {
    const person = await linkedPerson(prefix);
    const userId = person.linked.user.id;
    const topUp: TopUp = await startTopUp(person, 10_000);
    // Money received while the checkout was open: the wallet now holds 80.00.
    await fund(person, 8_000);
    const paid = await payCheckout(topUp, CARDS.success);
    expect(paid.outcome).toBe('succeeded');
    return { person, userId, topUp, deliveries: paid.deliveries };
  }

  it('is credited, and what it brought above the cap goes back to the card, once', async () => {
    const { person, userId, topUp, deliveries } = await paidAboveCap('abovecap');
    await deliverAll([...deliveries, ...deliveries]);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 15_000, availableMinor: 15_000 });
    const funds = await fundsOf(person);
    expect(funds.topUps[0]).toMatchObject({ id: topUp.id, status: 'paid', amountMinor: 10_000 });
    expect(funds.moneyBacks).toEqual([expect.objectContaining({ kind: 'refund', amountMinor: 3_000 })]);
    expect(funds.debts).toEqual([]);
    await expectLedgerBalanced();

    // The provider made one refund of 3 000 on the payment, and its own event is a replay.
    const refundId = funds.moneyBacks[0]!.id;
    const res = await sandboxControl(`/payments/objects/${refundId}/deliveries`, { method: 'GET' });
    const refundEvents = ((await res.json()) as { deliveries: Delivery[] }).deliveries;
    expect(refundEvents.map((delivery) => delivery.type)).toEqual(['refund.created']);
    expect(JSON.parse(refundEvents[0]!.body).data.object).toMatchObject({
      amount: 3_000,
      payment_intent: await paymentIntentOf(topUp),
      metadata: { hashpay_top_up: topUp.id },
    });
    await deliverAll([...refundEvents, ...refundEvents, ...deliveries]);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 15_000 });
    expect((await fundsOf(person)).moneyBacks).toHaveLength(1);
    await expectLedgerBalanced();
  });

  it('stays credited when the provider refuses to send the excess back (the payment was refunded meanwhile)', async () => {
    const { person, userId, topUp, deliveries } = await paidAboveCap('refusedback');
    const refunded = await sandboxControl('/payments/refunds', {
      body: { paymentIntent: await paymentIntentOf(topUp) },
    });
    const refundDeliveries = ((await refunded.json()) as { deliveries: Delivery[] }).deliveries;
    await deliverAll(deliveries);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 18_000 });
    expect((await fundsOf(person)).moneyBacks).toEqual([]);
    await expectLedgerBalanced();

    await deliverAll([...refundDeliveries, ...deliveries]);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 8_000 });
    expect((await fundsOf(person)).moneyBacks).toEqual([
      expect.objectContaining({ kind: 'refund', amountMinor: 10_000 }),
    ]);
    await expectLedgerBalanced();
  });

  it('keeps a further top-up out until the wallet is below the cap', async () => {
    const { person, deliveries } = await paidAboveCap('capfull');
    await deliverAll(deliveries);
    const refused = await askTopUp(person, 1);
    expect(refused.status).toBe(422);
    expect(await problemType(refused)).toMatch(/unverified-limit$/);
    await expectLedgerBalanced();
  });
});
