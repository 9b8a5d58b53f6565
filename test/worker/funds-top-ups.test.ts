import { describe, expect, it } from 'vitest';
import {
  CARDS,
  checkoutIdOf,
  deliver,
  deliverAll,
  expectLedgerBalanced,
  fundsOf,
  payCheckout,
  startTopUp,
  walletBalance,
} from './support/funds';
import { postJson, sandboxControl } from './support/link-user';
import { linkedPerson, sessionOf } from './support/payments';

// Card top-ups through the sandbox provider: only its signed event credits, and once.

describe('a card top-up', () => {
  it('answers the hosted checkout and credits nothing until the signed event lands', async () => {
    const payer = await linkedPerson('topup');
    const topUp = await startTopUp(payer, 2_500);
    expect(topUp).toMatchObject({ status: 'open', amountMinor: 2_500, currency: 'EUR' });
    const paid = await payCheckout(topUp, CARDS.success);
    expect(paid.outcome).toBe('succeeded');
    expect(await walletBalance(payer.linked.user.id)).toMatchObject({ postedMinor: 0 });

    await deliverAll(paid.deliveries);
    expect(await walletBalance(payer.linked.user.id)).toMatchObject({ postedMinor: 2_500, availableMinor: 2_500 });
    const funds = await fundsOf(payer);
    expect(funds.topUps[0]).toMatchObject({ id: topUp.id, status: 'paid', checkoutUrl: null });
    await expectLedgerBalanced();
  });

  it('is credited once under duplicated, reordered and replayed events', async () => {
    const payer = await linkedPerson('dupes');
    const topUp = await startTopUp(payer, 1_000);
    const { deliveries } = await payCheckout(topUp, CARDS.success);
    const completed = deliveries.find((delivery) => delivery.type === 'checkout.session.completed')!;
    // Reversed order, each twice, then the completed event re-signed later (a replay by the provider).
    for (const delivery of [...deliveries].reverse()) {
      expect((await deliver(delivery)).status).toBe(200);
      expect((await deliver(delivery)).status).toBe(200);
    }
    const resigned = await sandboxControl(`/payments/events/${completed.eventId}/delivery`, { body: {} });
    expect((await deliver(await resigned.json())).status).toBe(200);
    const retried = await startTopUpAgain(payer, topUp.id);
    expect(retried).toBe(topUp.id);

    expect(await walletBalance(payer.linked.user.id)).toMatchObject({ postedMinor: 1_000 });
    await expectLedgerBalanced();
  });

  it('refuses forged, tampered and unsigned events with a 400 and changes nothing', async () => {
    const payer = await linkedPerson('forged');
    const topUp = await startTopUp(payer, 4_000);
    const { deliveries } = await payCheckout(topUp, CARDS.success);
    const completed = deliveries.find((delivery) => delivery.type === 'checkout.session.completed')!;
    const tampered = { ...completed, body: completed.body.replace('"amount_total": 4000', '"amount_total": 9000') };
    expect(tampered.body).not.toBe(completed.body);
    const forgedSignature = {
      ...completed,
      headers: { ...completed.headers, 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'ab'.repeat(32)}` },
    };
    const unsigned = { ...completed, headers: { 'content-type': 'application/json' } };
    for (const forged of [tampered, forgedSignature, unsigned]) {
      const res = await deliver(forged);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { type: string }).type).toMatch(/invalid-signature$/);
    }
    expect(await walletBalance(payer.linked.user.id)).toMatchObject({ postedMinor: 0 });
    await expectLedgerBalanced();
  });

  it('credits nothing for a declined card, insufficient funds or a failed authentication', async () => {
    const payer = await linkedPerson('declined');
    const topUp = await startTopUp(payer, 3_000);
    const declined = await payCheckout(topUp, CARDS.declined);
    expect(declined).toMatchObject({ outcome: 'declined', message: 'Your card was declined.' });
    const poor = await payCheckout(topUp, CARDS.insufficientFunds);
    expect(poor).toMatchObject({ outcome: 'declined', message: 'Your card has insufficient funds.' });
    const challenged = await payCheckout(topUp, CARDS.authenticationRequired);
    expect(challenged.outcome).toBe('requires_action');
    const failed = await payCheckout(topUp, CARDS.authenticationRequired, 'fail');
    expect(failed.outcome).toBe('declined');
    await deliverAll([...declined.deliveries, ...poor.deliveries, ...failed.deliveries]);
    expect(await walletBalance(payer.linked.user.id)).toMatchObject({ postedMinor: 0 });
    expect((await fundsOf(payer)).topUps[0]).toMatchObject({ status: 'open' });

    // The same checkout then succeeds after authentication: credited once.
    const authenticated = await payCheckout(topUp, CARDS.authenticationRequired, 'complete');
    expect(authenticated.outcome).toBe('succeeded');
    await deliverAll(authenticated.deliveries);
    expect(await walletBalance(payer.linked.user.id)).toMatchObject({ postedMinor: 3_000 });
    await expectLedgerBalanced();
  });

  it('closes an expired checkout without money', async () => {
    const payer = await linkedPerson('expired');
    const topUp = await startTopUp(payer, 500);
    const res = await sandboxControl(`/payments/checkout/${checkoutIdOf(topUp)}/expire`);
    await deliverAll(((await res.json()) as { deliveries: never[] }).deliveries);
    expect((await fundsOf(payer)).topUps[0]).toMatchObject({ status: 'expired' });
    expect(await walletBalance(payer.linked.user.id)).toMatchObject({ postedMinor: 0 });
  });

  it('keeps an unverified wallet under its cap and refuses bad requests without effect', async () => {
    const payer = await linkedPerson('capped');
    const over = await postJson(
      '/v1/top-ups',
      { clientId: 'over-the-cap-1', currency: 'EUR', amountMinor: 15_001 },
      sessionOf(payer),
    );
    expect(over.status).toBe(422);
    expect(((await over.json()) as { type: string }).type).toMatch(/unverified-limit$/);
    const floaty = await postJson(
      '/v1/top-ups',
      { clientId: 'floaty-amount', currency: 'EUR', amountMinor: 12.5 },
      sessionOf(payer),
    );
    expect(floaty.status).toBe(400);
    const anonymous = await postJson('/v1/top-ups', { clientId: 'no-session-1', currency: 'EUR', amountMinor: 100 });
    expect(anonymous.status).toBe(401);
    expect((await fundsOf(payer)).topUps).toEqual([]);
  });
});

/** The same request again (same clientId) answers the same top-up. */
async function startTopUpAgain(payer: Awaited<ReturnType<typeof linkedPerson>>, topUpId: string): Promise<string> {
  const first = await postJson(
    '/v1/top-ups',
    { clientId: 'retry-of-request', currency: 'EUR', amountMinor: 700 },
    sessionOf(payer),
  );
  const again = await postJson(
    '/v1/top-ups',
    { clientId: 'retry-of-request', currency: 'EUR', amountMinor: 700 },
    sessionOf(payer),
  );
  const a = ((await first.json()) as { topUp: { id: string } }).topUp.id;
  const b = ((await again.json()) as { topUp: { id: string } }).topUp.id;
  expect(a).toBe(b);
  expect(a).not.toBe(topUpId);
  return topUpId;
}
