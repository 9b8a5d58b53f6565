import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { claimIntentForTweet } from '../../worker/db/payments';
import { reserve } from '../../worker/payments/money';
import {
  deliverAll,
  expectLedgerBalanced,
  fundsOf,
  latestPayoutId,
  onboarded,
  settleLatestPayout,
  toppedUp,
  walletBalance,
  withdraw,
  withdrawn,
} from './support/funds';
import { sandboxControl } from './support/link-user';
import { createIntent, linkedPerson, postTweet } from './support/payments';

// Withdrawals to a bank: reserved at once, posted when the payout is paid, released when it fails.

describe('a withdrawal', () => {
  it('needs a completed payouts onboarding, and changes nothing without it', async () => {
    const person = await linkedPerson('early');
    await toppedUp(person, 5_000);
    const res = await withdraw(person, 1_000);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { type: string }).type).toMatch(/payouts-account-not-ready$/);
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 5_000, availableMinor: 5_000 });
    expect((await fundsOf(person)).withdrawals).toEqual([]);
  });

  it('makes the payouts account with manual payouts, so that only the withdrawals pay out', async () => {
    const person = await linkedPerson('manual');
    await toppedUp(person, 2_000);
    await onboarded(person);
    const account = await env.DB.prepare('SELECT provider_account_id FROM provider_accounts WHERE user_id = ?')
      .bind(person.linked.user.id)
      .first<{ provider_account_id: string }>();
    const res = await sandboxControl(`/payments/accounts/${account!.provider_account_id}`, { method: 'GET' });
    expect(res.status).toBe(200);
    const stripeAccount = (await res.json()) as { settings: { payouts: { schedule: { interval: string } } } };
    expect(stripeAccount.settings.payouts.schedule.interval).toBe('manual');
    // The sandbox refuses API payouts on an automatic schedule: this one goes through.
    expect(await withdrawn(person, 1_000)).toMatchObject({ status: 'in_flight' });
    await expectLedgerBalanced();
  });

  it('reserves at once and is posted when the payout is paid', async () => {
    const person = await linkedPerson('paid');
    await toppedUp(person, 5_000);
    await onboarded(person);
    const withdrawal = await withdrawn(person, 3_000);
    expect(withdrawal).toMatchObject({ status: 'in_flight', amountMinor: 3_000, feeMinor: 0 });
    expect(withdrawal.arrivalAtMs).toBeGreaterThan(Date.now());
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 5_000, availableMinor: 2_000 });

    const deliveries = await settleLatestPayout('paid');
    await deliverAll([...deliveries, ...deliveries]);
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 2_000, availableMinor: 2_000 });
    expect((await fundsOf(person)).withdrawals[0]).toMatchObject({ id: withdrawal.id, status: 'paid' });
    await expectLedgerBalanced();
  });

  it('gives the money back when the payout fails, once', async () => {
    const person = await linkedPerson('failed');
    await toppedUp(person, 5_000);
    await onboarded(person);
    const withdrawal = await withdrawn(person, 4_000);
    const deliveries = await settleLatestPayout('failed');
    await deliverAll([...deliveries, ...deliveries]);
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 5_000, availableMinor: 5_000 });
    const row = (await fundsOf(person)).withdrawals[0];
    expect(row).toMatchObject({ id: withdrawal.id, status: 'failed' });
    expect(row?.failureMessage).toMatch(/closed/);
    await expectLedgerBalanced();
  });

  it('gives the money back once when the bank returns a payout already paid', async () => {
    const person = await linkedPerson('returned');
    await toppedUp(person, 5_000);
    await onboarded(person);
    await withdrawn(person, 2_000);
    const payoutId = await latestPayoutId();
    await deliverAll(await settleLatestPayout('paid', payoutId));
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 3_000 });
    const returned = await settleLatestPayout('failed', payoutId);
    expect(returned).toHaveLength(1);
    await deliverAll([...returned, ...returned]);
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 5_000, availableMinor: 5_000 });
    await expectLedgerBalanced();
  });

  it('refuses more than is available, reserving nothing', async () => {
    const person = await linkedPerson('greedy');
    await toppedUp(person, 1_000);
    await onboarded(person);
    const res = await withdraw(person, 1_001);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { type: string }).type).toMatch(/insufficient-funds$/);
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 1_000, availableMinor: 1_000 });
    await expectLedgerBalanced();
  });

  it('raced with a payment of the same money: one of them, never both', async () => {
    const payer = await linkedPerson('racer');
    const payee = await linkedPerson('bob');
    await toppedUp(payer, 3_000);
    await onboarded(payer);
    const intent = await createIntent(payer, payee, 3_000);
    const tweet = await postTweet(payer, intent.tweetText);
    const nowMs = Date.now();
    const match = {
      rootId: tweet.id,
      tweetId: tweet.id,
      text: intent.tweetText,
      payeeAccountKind: 'wallet' as const,
      previousVersionId: null,
    };
    await claimIntentForTweet(env.DB, intent.id, match, nowMs).run();

    const [reserved, withdrawal] = await Promise.all([reserve(env, intent.id, nowMs), withdraw(payer, 3_000)]);
    const paymentHeld = reserved.status === 'awaiting_confirmation';
    const withdrawalHeld = withdrawal.status === 201;
    expect([paymentHeld, withdrawalHeld].filter(Boolean)).toHaveLength(1);
    if (!paymentHeld) expect(reserved.failure_reason).toBe('insufficient-funds');
    if (!withdrawalHeld) expect(withdrawal.status).toBe(422);
    expect(await walletBalance(payer.linked.user.id)).toMatchObject({ postedMinor: 3_000, availableMinor: 0 });
    await expectLedgerBalanced();
  });
});
