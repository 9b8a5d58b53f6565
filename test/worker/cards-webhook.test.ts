import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CardEventSchema } from '../../shared/contract/cards';
import { cardEventRowOf } from '../../worker/cards/events';
import { recordCardEvent } from '../../worker/db/card-transactions';
import {
  cardholder,
  cardTablesSnapshot,
  creditsOfOffer,
  deliver,
  deliverOk,
  enrol,
  expectLedgerBalanced,
  networkPurchase,
  networkRefund,
  rewardsOf,
  signCardBody,
} from './support/cards';
import { sandboxControl } from './support/link-user';
import { createOffer, creditsUsedOf, newMerchant } from './support/offers';

/**
 * The card network's webhook: signature and replay window checked on the raw body before anything
 * else, deliveries at least once and in any order with one effect each, and bad events refused
 * with a problem that changes nothing. Offer: spend 50.00 €, get 10.00 € back.
 */

async function enrolledHolder() {
  const merchant = await newMerchant('webhook');
  const offer = await createOffer(merchant);
  const holder = await cardholder('paying');
  await enrol(holder.userId, offer.id);
  return { merchant, offer, holder, merchantId: merchant.cardMerchantIds[0]! };
}

async function expectProblem(res: Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await res.json()) as { type: string; detail: string; errors?: unknown[] };
  expect(problem.type).toBe(`https://hashpay.dev/problems/${type}`);
  expect(problem.detail.length).toBeGreaterThan(0);
  return problem;
}

describe('signatures', () => {
  it('refuses forged, missing, malformed, stale and future signatures with 401, changing nothing', async () => {
    const { holder, merchantId } = await enrolledHolder();
    const { delivery } = await networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor: 50_00 });
    const nowS = Math.floor(Date.now() / 1000);
    const before = await cardTablesSnapshot();
    const headers = (signature: string | null) => ({
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'x-card-signature': signature }),
    });
    const refusals = [
      await signCardBody(delivery.body, nowS, 'not-the-network-secret'),
      await signCardBody(`${delivery.body} `, nowS),
      null,
      'sha256=abc',
      `t=${nowS},v1=${'0'.repeat(63)}`,
      await signCardBody(delivery.body, nowS - 6 * 60),
      await signCardBody(delivery.body, nowS + 6 * 60),
    ];
    for (const signature of refusals) {
      const res = await deliver({ body: delivery.body, headers: headers(signature) });
      await expectProblem(res, 401, 'invalid-signature');
    }
    expect(await cardTablesSnapshot()).toBe(before);

    // Within the window, and with the network's own signature, it is accepted.
    const fresh = await deliver({
      body: delivery.body,
      headers: headers(await signCardBody(delivery.body, nowS - 60)),
    });
    expect(fresh.status).toBe(200);
  });

  it('accepts a redelivery the network signed anew, and refuses a captured one replayed late', async () => {
    const { holder, merchantId } = await enrolledHolder();
    const { delivery } = await networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor: 50_00 });
    const old = await sandboxControl(`/cards/events/${delivery.eventId}/delivery`, {
      body: { signedAtMs: Date.now() - 10 * 60_000 },
    });
    await expectProblem(await deliver(await old.json()), 401, 'invalid-signature');
    const resigned = await sandboxControl(`/cards/events/${delivery.eventId}/delivery`, { body: {} });
    expect(await deliverOk(await resigned.json())).toMatchObject({ outcome: 'applied', creditsCreated: 1 });
  });
});

describe('duplicates and reordering', () => {
  it('the same event delivered again, or several times at once, has one effect', async () => {
    const { offer, holder, merchantId } = await enrolledHolder();
    const { delivery } = await networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor: 50_00 });
    const answers = await Promise.all([deliverOk(delivery), deliverOk(delivery), deliverOk(delivery)]);
    expect(answers.reduce((sum, answer) => sum + answer.creditsCreated, 0)).toBe(1);
    expect(await deliverOk(delivery)).toEqual({ outcome: 'duplicate', creditsCreated: 0, creditsClawedBack: 0 });
    expect(await creditsOfOffer(offer.id)).toHaveLength(1);
    expect((await rewardsOf(holder.userId)).balances.pendingCreditsMinor).toBe(10_00);

    const refund = await networkRefund(
      (JSON.parse(delivery.body) as { data: { purchaseId: string } }).data.purchaseId,
      50_00,
    );
    expect(await deliverOk(refund.delivery)).toMatchObject({ creditsClawedBack: 1 });
    expect(await deliverOk(refund.delivery)).toMatchObject({ outcome: 'duplicate', creditsClawedBack: 0 });
    expect(await creditsUsedOf(offer.id)).toBe(0);
    await expectLedgerBalanced();
  });

  it('a full refund that arrives before its purchase is counted when the purchase arrives: no credit', async () => {
    const { offer, holder, merchantId } = await enrolledHolder();
    const { purchase, delivery } = await networkPurchase({
      cardToken: holder.cardToken,
      merchantId,
      amountMinor: 50_00,
    });
    const refund = await networkRefund(purchase.purchaseId, 50_00);
    expect(await deliverOk(refund.delivery)).toMatchObject({ outcome: 'applied', creditsClawedBack: 0 });
    expect(await deliverOk(delivery)).toMatchObject({ outcome: 'applied', creditsCreated: 0 });
    expect(await creditsOfOffer(offer.id)).toEqual([]);
    expect(await creditsUsedOf(offer.id)).toBe(0);
  });

  it('a partial refund that arrives first and leaves the minimum still earns the credit', async () => {
    const { offer, holder, merchantId } = await enrolledHolder();
    const { purchase, delivery } = await networkPurchase({
      cardToken: holder.cardToken,
      merchantId,
      amountMinor: 70_00,
    });
    const refund = await networkRefund(purchase.purchaseId, 20_00);
    await deliverOk(refund.delivery);
    expect(await deliverOk(delivery)).toMatchObject({ creditsCreated: 1 });
    const [credit] = await creditsOfOffer(offer.id);
    expect(credit!.status).toBe('pending');
  });

  it('the same purchase under a second event id is the same purchase', async () => {
    const { offer, holder, merchantId } = await enrolledHolder();
    const { delivery } = await networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor: 50_00 });
    await deliverOk(delivery);
    const event = JSON.parse(delivery.body) as { id: string };
    const body = JSON.stringify({ ...event, id: `${event.id}-again` });
    const again = await deliver({
      body,
      headers: {
        'content-type': 'application/json',
        'x-card-signature': await signCardBody(body, Math.floor(Date.now() / 1000)),
      },
    });
    expect(await again.json()).toMatchObject({ outcome: 'duplicate' });
    expect(await creditsOfOffer(offer.id)).toHaveLength(1);
  });
});

describe('bad events', () => {
  async function signed(body: string): Promise<{ body: string; headers: Record<string, string> }> {
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-card-signature': await signCardBody(body, Math.floor(Date.now() / 1000)),
      },
    };
  }

  it('an event id reused with other content is refused with 409 and changes nothing', async () => {
    const { holder, merchantId } = await enrolledHolder();
    const { delivery } = await networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor: 50_00 });
    await deliverOk(delivery);
    const event = JSON.parse(delivery.body) as { data: Record<string, unknown> };
    const before = await cardTablesSnapshot();
    const tampered = JSON.stringify({ ...event, data: { ...event.data, amountMinor: 99_00 } });
    await expectProblem(await deliver(await signed(tampered)), 409, 'event-id-reused');
    expect(await cardTablesSnapshot()).toBe(before);
  });

  it('malformed JSON and invalid fields are refused with 400 and the fields named, changing nothing', async () => {
    const { holder, merchantId } = await enrolledHolder();
    const before = await cardTablesSnapshot();
    await expectProblem(await deliver(await signed('{"id":')), 400, 'invalid-json');
    const valid = {
      id: `evt_${crypto.randomUUID()}`,
      type: 'purchase',
      data: {
        purchaseId: `pur_${crypto.randomUUID()}`,
        cardToken: holder.cardToken,
        merchantId,
        amountMinor: 50_00,
        currency: 'EUR',
        occurredAtMs: Date.now(),
      },
    };
    const invalid: [unknown, string][] = [
      [{ ...valid, type: 'chargeback' }, 'type'],
      [{ ...valid, data: { ...valid.data, amountMinor: 50.5 } }, 'data.amountMinor'],
      [{ ...valid, data: { ...valid.data, amountMinor: 0 } }, 'data.amountMinor'],
      [{ ...valid, data: { ...valid.data, currency: 'euro' } }, 'data.currency'],
      [{ ...valid, data: { ...valid.data, cardToken: undefined } }, 'data.cardToken'],
      [{ ...valid, type: 'refund' }, 'data.refundId'],
      [{ ...valid, id: '' }, 'id'],
    ];
    for (const [event, path] of invalid) {
      const problem = await expectProblem(await deliver(await signed(JSON.stringify(event))), 400, 'invalid-request');
      expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
    expect(await cardTablesSnapshot()).toBe(before);
  });

  it('an event recorded but never applied (the worker stopped half-way) is applied when delivered again', async () => {
    const { offer, holder, merchantId } = await enrolledHolder();
    const { delivery } = await networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor: 50_00 });
    const event = CardEventSchema.parse(JSON.parse(delivery.body));
    const recorded = await recordCardEvent(env.DB, await cardEventRowOf(event, Date.now()));
    expect(recorded.kind).toBe('recorded');
    expect(await creditsOfOffer(offer.id)).toEqual([]);

    expect(await deliverOk(delivery)).toMatchObject({ outcome: 'applied', creditsCreated: 1 });
    expect(await deliverOk(delivery)).toMatchObject({ outcome: 'duplicate' });
    expect(await creditsOfOffer(offer.id)).toHaveLength(1);
    expect(await creditsUsedOf(offer.id)).toBe(1);
  });
});
