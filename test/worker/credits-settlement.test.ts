import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CreditListResponseSchema } from '../../shared/contract/cards';
import { creditStatsOfOffer } from '../../worker/credits/stats';
import { createTransfer, ensureAccount, getTransfer } from '../../worker/ledger';
import {
  cardholder,
  creditsOfOffer,
  deliverOk,
  enrol,
  expectLedgerBalanced,
  fundOf,
  networkPurchase,
  networkRefund,
  postCreditsAt,
  rewardsOf,
  SETTLEMENT_DELAY_MS,
} from './support/cards';
import { workerFetch } from './support/link-user';
import { createOffer, creditsUsedOf, newMerchant, offerDetail } from './support/offers';

/**
 * A credit's life after its purchase: posted by the scheduled job once the settlement delay has
 * passed, clawed back by a refund that takes the purchase below the minimum spend (voided while
 * pending, reversed once posted). Offer: spend 50.00 €, get 10.00 € back.
 */

async function creditedPurchase(amountMinor = 60_00) {
  const merchant = await newMerchant('electro');
  const offer = await createOffer(merchant);
  const holder = await cardholder('saver');
  await enrol(holder.userId, offer.id);
  const { purchase, delivery } = await networkPurchase({
    cardToken: holder.cardToken,
    merchantId: merchant.cardMerchantIds[0]!,
    amountMinor,
  });
  expect(await deliverOk(delivery)).toMatchObject({ creditsCreated: 1 });
  const [credit] = await creditsOfOffer(offer.id);
  return { merchant, offer, holder, purchase, credit: credit! };
}

async function statusOf(offerId: string): Promise<string> {
  const [credit] = await creditsOfOffer(offerId);
  return credit!.status;
}

describe('the post-credits job', () => {
  it('leaves a credit pending before the settlement delay and posts it after, once', async () => {
    const { merchant, offer, holder, credit } = await creditedPurchase();
    const fundBefore = await fundOf(offer.id);

    await postCreditsAt(credit.post_after_ms - 1);
    expect(await statusOf(offer.id)).toBe('pending');

    expect(await postCreditsAt(credit.post_after_ms)).toMatchObject({ posted: 1 });
    expect(await statusOf(offer.id)).toBe('posted');
    const rewards = await rewardsOf(holder.userId);
    expect(rewards.balances).toMatchObject({ postedMinor: 10_00, pendingCreditsMinor: 0, availableMinor: 10_00 });
    const fundAfter = await fundOf(offer.id);
    expect(fundAfter.postedMinor).toBe(fundBefore.postedMinor - 10_00);
    expect(fundAfter.pendingDebitsMinor).toBe(fundBefore.pendingDebitsMinor - 10_00);
    const { stats } = await offerDetail(merchant, offer.id);
    expect(stats).toMatchObject({ creditsPending: 0, creditsPosted: 1 });
    const listed = CreditListResponseSchema.parse(
      await (await workerFetch('/v1/credits', { headers: holder.headers })).json(),
    );
    expect(listed.credits).toEqual([
      expect.objectContaining({
        id: credit.id,
        offerId: offer.id,
        status: 'posted',
        amountMinor: 10_00,
        currency: 'EUR',
      }),
    ]);

    // Running again (or late) changes nothing.
    const again = await postCreditsAt(credit.post_after_ms + SETTLEMENT_DELAY_MS);
    expect((await rewardsOf(holder.userId)).balances.postedMinor).toBe(10_00);
    expect(again.posted).toBe(0);
    await expectLedgerBalanced();
  });
});

describe('a refund before the credit is posted', () => {
  it('that takes the purchase below the minimum voids the credit and gives its budget place back', async () => {
    const { offer, holder, purchase, credit } = await creditedPurchase();
    expect(await creditsUsedOf(offer.id)).toBe(1);
    const { delivery } = await networkRefund(purchase.purchaseId, 60_00);
    expect(await deliverOk(delivery)).toMatchObject({ outcome: 'applied', creditsClawedBack: 1 });

    expect(await statusOf(offer.id)).toBe('voided');
    expect(await creditStatsOfOffer(env.DB, offer.id)).toMatchObject({ qualifyingPurchases: 1, creditsVoided: 1 });
    expect(await getTransfer(env.DB, `credit:${credit.id}:void`)).toMatchObject({ flags: 'void_pending' });
    expect((await rewardsOf(holder.userId)).balances).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 0 });
    expect(await creditsUsedOf(offer.id)).toBe(0);

    // The job finds nothing to post.
    expect(await postCreditsAt(credit.post_after_ms)).toMatchObject({ posted: 0 });
    expect(await statusOf(offer.id)).toBe('voided');
    await expectLedgerBalanced();
  });

  it('that leaves the purchase at or above the minimum changes nothing; a further one below does', async () => {
    const { offer, holder, purchase } = await creditedPurchase(80_00);
    const first = await networkRefund(purchase.purchaseId, 30_00);
    expect(await deliverOk(first.delivery)).toMatchObject({ creditsClawedBack: 0 });
    expect(await statusOf(offer.id)).toBe('pending');
    expect((await rewardsOf(holder.userId)).balances.pendingCreditsMinor).toBe(10_00);

    const second = await networkRefund(purchase.purchaseId, 1);
    expect(await deliverOk(second.delivery)).toMatchObject({ creditsClawedBack: 1 });
    expect(await statusOf(offer.id)).toBe('voided');
    expect((await rewardsOf(holder.userId)).balances.pendingCreditsMinor).toBe(0);
  });
});

describe('a refund after the credit is posted', () => {
  it('reverses it with a new transfer rewards → offer fund; the budget place stays used', async () => {
    const { offer, holder, purchase, credit } = await creditedPurchase();
    await postCreditsAt(credit.post_after_ms);
    const fundBefore = await fundOf(offer.id);

    const { delivery } = await networkRefund(purchase.purchaseId, 60_00);
    expect(await deliverOk(delivery)).toMatchObject({ creditsClawedBack: 1 });
    expect(await statusOf(offer.id)).toBe('reversed');
    expect(await creditStatsOfOffer(env.DB, offer.id)).toEqual({
      qualifyingPurchases: 1,
      creditsPending: 0,
      creditsPosted: 0,
      creditsVoided: 0,
      creditsReversed: 1,
    });
    const reversal = await getTransfer(env.DB, `credit:${credit.id}:reverse`);
    const rewards = await rewardsOf(holder.userId);
    expect(reversal).toMatchObject({ flags: 'plain', amountMinor: 10_00, debitAccountId: rewards.account.id });
    expect(rewards.balances.postedMinor).toBe(0);
    expect((await fundOf(offer.id)).postedMinor).toBe(fundBefore.postedMinor + 10_00);
    expect(await creditsUsedOf(offer.id)).toBe(1);
    await expectLedgerBalanced();
  });

  it('takes the rewards balance below zero when the credit was already spent', async () => {
    const { holder, purchase, credit } = await creditedPurchase();
    await postCreditsAt(credit.post_after_ms);
    // The cardholder moves the credit out of their rewards (as spending it would).
    const rewards = await rewardsOf(holder.userId);
    const world = await ensureAccount(env.DB, { kind: 'world', owner: null, currency: 'EUR' }, Date.now());
    const spent = await createTransfer(
      env.DB,
      {
        flags: 'plain',
        id: `spend:${credit.id}`,
        debitAccountId: rewards.account.id,
        creditAccountId: world.id,
        amountMinor: 10_00,
        currency: 'EUR',
        code: 'test_spend',
      },
      Date.now(),
    );
    expect(spent.ok).toBe(true);

    const { delivery } = await networkRefund(purchase.purchaseId, 20_00);
    expect(await deliverOk(delivery)).toMatchObject({ creditsClawedBack: 1 });
    expect((await rewardsOf(holder.userId)).balances.postedMinor).toBe(-10_00);
    await expectLedgerBalanced();
  });
});

describe('a refund racing the job', () => {
  it('ends voided or reversed, never both and never neither, with the ledger balanced', async () => {
    const { offer, holder, purchase, credit } = await creditedPurchase();
    const { delivery } = await networkRefund(purchase.purchaseId, 60_00);
    await Promise.all([postCreditsAt(credit.post_after_ms), deliverOk(delivery)]);

    const status = await statusOf(offer.id);
    expect(['voided', 'reversed']).toContain(status);
    const rewards = await rewardsOf(holder.userId);
    expect(rewards.balances).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 0 });
    expect(await creditsUsedOf(offer.id)).toBe(status === 'voided' ? 0 : 1);
    await expectLedgerBalanced();
  });
});
