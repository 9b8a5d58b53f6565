import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getTransfer } from '../../worker/ledger';
import {
  cardholder,
  creditsOfOffer,
  deliverOk,
  enrol,
  expectLedgerBalanced,
  fundOf,
  networkPurchase,
  rewardsOf,
  SETTLEMENT_DELAY_MS,
} from './support/cards';
import { createOffer, creditsUsedOf, DAY_MS, newMerchant, offerDetail } from './support/offers';

/**
 * Which purchases earn a credit: on an enrolled card, at one of the offer's merchant ids, within
 * [enrolled at, spend-by], at or above the minimum spend; one credit per enrolment, within budget.
 * Offer: spend 50.00 €, get 10.00 € back.
 */

async function setUp(overrides: Record<string, unknown> = {}) {
  const merchant = await newMerchant('grocer');
  const offer = await createOffer(merchant, overrides);
  const holder = await cardholder('buyer');
  return { merchant, offer, holder };
}

describe('a purchase earns a pending credit', () => {
  it('at the minimum spend: offer fund → rewards, pending, due after the settlement delay', async () => {
    const { merchant, offer, holder } = await setUp();
    const enrolmentId = await enrol(holder.userId, offer.id);
    const fundBefore = await fundOf(offer.id);
    const beforeMs = Date.now();
    const { delivery } = await networkPurchase({
      cardToken: holder.cardToken,
      merchantId: merchant.cardMerchantIds[0]!,
      amountMinor: 50_00,
    });
    expect(await deliverOk(delivery)).toEqual({ outcome: 'applied', creditsCreated: 1, creditsClawedBack: 0 });

    const [credit, ...others] = await creditsOfOffer(offer.id);
    expect(others).toHaveLength(0);
    expect(credit).toMatchObject({ enrolment_id: enrolmentId, status: 'pending', amount_minor: 10_00 });
    expect(credit!.post_after_ms).toBeGreaterThanOrEqual(beforeMs + SETTLEMENT_DELAY_MS);
    expect(credit!.post_after_ms).toBeLessThanOrEqual(Date.now() + SETTLEMENT_DELAY_MS);

    const hold = await getTransfer(env.DB, credit!.pending_transfer_id);
    expect(hold).toMatchObject({
      flags: 'pending',
      amountMinor: 10_00,
      currency: 'EUR',
      code: 'offer_credit',
      timeoutS: 0,
    });
    const rewards = await rewardsOf(holder.userId);
    expect(hold!.creditAccountId).toBe(rewards.account.id);
    expect(rewards.balances).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 10_00 });
    const fundAfter = await fundOf(offer.id);
    expect(fundAfter.pendingDebitsMinor - fundBefore.pendingDebitsMinor).toBe(10_00);
    expect(fundAfter.availableMinor).toBe(fundBefore.availableMinor - 10_00);
    expect(await creditsUsedOf(offer.id)).toBe(1);
    const { stats } = await offerDetail(merchant, offer.id);
    expect(stats).toMatchObject({ creditsPending: 1, creditsPosted: 0 });
    await expectLedgerBalanced();
  });

  it('not below the minimum spend, one minor unit short', async () => {
    const { merchant, offer, holder } = await setUp();
    await enrol(holder.userId, offer.id);
    const { delivery } = await networkPurchase({
      cardToken: holder.cardToken,
      merchantId: merchant.cardMerchantIds[0]!,
      amountMinor: 49_99,
    });
    expect(await deliverOk(delivery)).toMatchObject({ outcome: 'applied', creditsCreated: 0 });
    expect(await creditsOfOffer(offer.id)).toEqual([]);
    expect(await creditsUsedOf(offer.id)).toBe(0);
    expect((await rewardsOf(holder.userId)).balances.pendingCreditsMinor).toBe(0);
  });

  it('not at a merchant id outside the offer, even the same merchant’s other store', async () => {
    const { merchant, offer, holder } = await setUp();
    const other = await newMerchant('rival');
    await enrol(holder.userId, offer.id);
    for (const merchantId of [merchant.cardMerchantIds[1]!, other.cardMerchantIds[0]!]) {
      const { delivery } = await networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor: 90_00 });
      expect(await deliverOk(delivery)).toMatchObject({ creditsCreated: 0 });
    }
    expect(await creditsOfOffer(offer.id)).toEqual([]);
  });

  it('not in another currency than the offer’s', async () => {
    const { merchant, offer, holder } = await setUp();
    await enrol(holder.userId, offer.id);
    const { delivery } = await networkPurchase({
      cardToken: holder.cardToken,
      merchantId: merchant.cardMerchantIds[0]!,
      amountMinor: 90_00,
      currency: 'USD',
    });
    expect(await deliverOk(delivery)).toMatchObject({ creditsCreated: 0 });
    expect(await creditsOfOffer(offer.id)).toEqual([]);
  });

  it('not after spend-by, nor before the card was enrolled', async () => {
    const nowMs = Date.now();
    const { merchant, offer, holder } = await setUp({
      enrolBy: new Date(nowMs + DAY_MS).toISOString(),
      spendBy: new Date(nowMs + 2 * DAY_MS).toISOString(),
    });
    const enrolledAtMs = nowMs - 60_000;
    await enrol(holder.userId, offer.id, enrolledAtMs);
    const merchantId = merchant.cardMerchantIds[0]!;
    for (const atMs of [nowMs + 2 * DAY_MS + 1, enrolledAtMs - 1]) {
      const { delivery } = await networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor: 90_00, atMs });
      expect(await deliverOk(delivery)).toMatchObject({ creditsCreated: 0 });
    }
    expect(await creditsOfOffer(offer.id)).toEqual([]);
    // The edges themselves count: a purchase at the instant of enrolment qualifies.
    const { delivery } = await networkPurchase({
      cardToken: holder.cardToken,
      merchantId,
      amountMinor: 90_00,
      atMs: enrolledAtMs,
    });
    expect(await deliverOk(delivery)).toMatchObject({ creditsCreated: 1 });
  });

  it('not without an enrolment, nor on a card the worker does not know', async () => {
    const { merchant, offer, holder } = await setUp();
    const merchantId = merchant.cardMerchantIds[0]!;
    const { delivery } = await networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor: 90_00 });
    expect(await deliverOk(delivery)).toMatchObject({ outcome: 'applied', creditsCreated: 0 });

    const issued = await (
      await fetch('https://api.x.com/__sandbox/cards', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userRef: `stranger-${crypto.randomUUID()}` }),
      })
    ).json<{ token: string }>();
    const stranger = await networkPurchase({ cardToken: issued.token, merchantId, amountMinor: 90_00 });
    expect(await deliverOk(stranger.delivery)).toMatchObject({ outcome: 'applied', creditsCreated: 0 });
    expect(await creditsOfOffer(offer.id)).toEqual([]);
  });
});

describe('one credit per enrolment, within budget', () => {
  it('a second qualifying purchase earns nothing more', async () => {
    const { merchant, offer, holder } = await setUp();
    await enrol(holder.userId, offer.id);
    const merchantId = merchant.cardMerchantIds[0]!;
    const first = await networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor: 60_00 });
    const second = await networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor: 70_00 });
    expect(await deliverOk(first.delivery)).toMatchObject({ creditsCreated: 1 });
    expect(await deliverOk(second.delivery)).toMatchObject({ creditsCreated: 0 });
    expect(await creditsOfOffer(offer.id)).toHaveLength(1);
    expect(await creditsUsedOf(offer.id)).toBe(1);
    expect((await rewardsOf(holder.userId)).balances.pendingCreditsMinor).toBe(10_00);
  });

  it('qualifying purchases delivered at the same time earn one credit', async () => {
    const { merchant, offer, holder } = await setUp();
    await enrol(holder.userId, offer.id);
    const merchantId = merchant.cardMerchantIds[0]!;
    const purchases = await Promise.all(
      [55_00, 65_00, 75_00, 85_00].map((amountMinor) =>
        networkPurchase({ cardToken: holder.cardToken, merchantId, amountMinor }),
      ),
    );
    const answers = await Promise.all(purchases.map(({ delivery }) => deliverOk(delivery)));
    expect(answers.reduce((sum, answer) => sum + answer.creditsCreated, 0)).toBe(1);
    expect(await creditsOfOffer(offer.id)).toHaveLength(1);
    expect(await creditsUsedOf(offer.id)).toBe(1);
    expect((await rewardsOf(holder.userId)).balances.pendingCreditsMinor).toBe(10_00);
    await expectLedgerBalanced();
  });

  it('never beyond the budget: with one credit left, only one of two cardholders gets it', async () => {
    const { merchant, offer, holder } = await setUp({ budgetCredits: 1 });
    const other = await cardholder('second');
    await enrol(holder.userId, offer.id);
    await enrol(other.userId, offer.id);
    const merchantId = merchant.cardMerchantIds[0]!;
    const purchases = await Promise.all(
      [holder, other].map((person) => networkPurchase({ cardToken: person.cardToken, merchantId, amountMinor: 50_00 })),
    );
    const answers = await Promise.all(purchases.map(({ delivery }) => deliverOk(delivery)));
    expect(answers.map((answer) => answer.creditsCreated).sort()).toEqual([0, 1]);
    expect(await creditsOfOffer(offer.id)).toHaveLength(1);
    expect(await creditsUsedOf(offer.id)).toBe(1);
    const { offer: after } = await offerDetail(merchant, offer.id);
    expect(after.status).toBe('fully_redeemed');
    await expectLedgerBalanced();
  });
});
