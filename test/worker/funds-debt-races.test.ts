import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { claimIntentForTweet } from '../../worker/db/payments';
import { clearingAccount, debtAccount, FUNDS_CODES } from '../../worker/funds/accounts';
import { providerTransferId } from '../../worker/funds/ids';
import { startWithdrawal } from '../../worker/funds/withdrawals';
import { createTransfer, getTransfer } from '../../worker/ledger';
import { reserve, transferIds } from '../../worker/payments/money';
import { paymentsProviderOf } from '../../worker/payments-provider/config';
import { HttpProblem } from '../../worker/problem';
import {
  clientId,
  type Delivery,
  debtOf,
  deliverAll,
  expectLedgerBalanced,
  fundsOf,
  onboarded,
  paymentIntentOf,
  toppedUp,
  walletBalance,
} from './support/funds';
import { sandboxControl } from './support/link-user';
import { createIntent, linkedPerson, postTweet } from './support/payments';

// A dispute that lands between the debt check and the hold of money going out: the hold is
// voided and its money repays the debt; nothing leaves a wallet in debt.

/**
 * The database as the code under test sees it, with `landing` run just before the next ledger
 * transfer is written (the batch after the transfer insert is prepared): a dispute landing there
 * lands after the debt check and before the hold.
 */
function landingBeforeNextTransfer(db: D1Database, landing: () => Promise<void>): D1Database {
  let armed = false;
  let landed = false;
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          if (!landed && sql.includes('INSERT INTO ledger_transfers')) armed = true;
          return target.prepare(sql);
        };
      }
      if (property === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          if (armed && !landed) {
            landed = true;
            await landing();
          }
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A top-up of 5 000 and a chargeback of it whose deliveries are kept for later. */
async function disputedLater(prefix: string) {
  const person = await linkedPerson(prefix);
  const userId = person.linked.user.id;
  const topUp = await toppedUp(person, 5_000);
  const res = await sandboxControl('/payments/disputes', { body: { paymentIntent: await paymentIntentOf(topUp) } });
  const { dispute, deliveries } = (await res.json()) as { dispute: { id: string }; deliveries: Delivery[] };
  /** The dispute's debt, as the webhook books it first, before it repays anything. */
  const landDebt = async () => {
    const nowMs = Date.now();
    const [debt, clearing] = await Promise.all([
      debtAccount(env.DB, userId, 'EUR', nowMs),
      clearingAccount(env.DB, 'EUR', nowMs),
    ]);
    const taken = await createTransfer(
      env.DB,
      {
        flags: 'plain',
        id: await providerTransferId('dispute', dispute.id),
        debitAccountId: debt.id,
        creditAccountId: clearing.id,
        amountMinor: 5_000,
        currency: 'EUR',
        code: FUNDS_CODES.dispute,
        reference: topUp.id,
      },
      nowMs,
    );
    expect(taken.ok).toBe(true);
  };
  return { person, userId, deliveries, landDebt };
}

async function payoutsCount(): Promise<number> {
  const res = await sandboxControl('/payments/payouts', { method: 'GET' });
  return ((await res.json()) as { payouts: unknown[] }).payouts.length;
}

describe('a debt appearing under a hold', () => {
  it('stops a withdrawal: the hold is voided, its money repays the debt, nothing is paid out', async () => {
    const { person, userId, deliveries, landDebt } = await disputedLater('wdrace');
    await onboarded(person);
    const provider = paymentsProviderOf(env);
    expect(provider).not.toBeNull();
    const payoutsBefore = await payoutsCount();

    const interleaved = { ...env, DB: landingBeforeNextTransfer(env.DB, landDebt) };
    const request = { clientId: clientId(), currency: 'EUR' as const, amountMinor: 4_000 };
    const refused = await startWithdrawal(interleaved, provider!, userId, request, Date.now()).catch((e) => e);
    expect(refused).toBeInstanceOf(HttpProblem);
    expect(refused).toMatchObject({ status: 409, type: 'wallet-in-debt' });

    expect(await payoutsCount()).toBe(payoutsBefore);
    expect((await fundsOf(person)).withdrawals[0]).toMatchObject({ status: 'failed', amountMinor: 4_000 });
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0, availableMinor: 0, pendingDebitsMinor: 0 });
    expect(await debtOf(userId)).toBe(0);
    await expectLedgerBalanced();

    // The dispute's own events then arrive: a replay of what already landed.
    await deliverAll(deliveries);
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0 });
    expect(await debtOf(userId)).toBe(0);
    await expectLedgerBalanced();
  });

  it('stops a payment: the hold is voided under its fixed id and the intent fails with wallet-in-debt', async () => {
    const { person, userId, deliveries, landDebt } = await disputedLater('payrace');
    const payee = await linkedPerson('payee');
    const intent = await createIntent(person, payee, 4_000);
    const tweet = await postTweet(person, intent.tweetText);
    const nowMs = Date.now();
    const match = {
      rootId: tweet.id,
      tweetId: tweet.id,
      text: intent.tweetText,
      payeeAccountKind: 'wallet' as const,
      previousVersionId: null,
    };
    await claimIntentForTweet(env.DB, intent.id, match, nowMs).run();

    const interleaved = { ...env, DB: landingBeforeNextTransfer(env.DB, landDebt) };
    const reserved = await reserve(interleaved, intent.id, nowMs);
    expect(reserved).toMatchObject({ status: 'failed', failure_reason: 'wallet-in-debt' });
    expect(await getTransfer(env.DB, transferIds.hold(intent.id))).not.toBeNull();
    expect(await getTransfer(env.DB, transferIds.void(intent.id))).not.toBeNull();
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 0, availableMinor: 0, pendingDebitsMinor: 0 });
    expect(await debtOf(userId)).toBe(0);
    expect(await walletBalance(payee.linked.user.id)).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 0 });
    await expectLedgerBalanced();

    // Trying again changes nothing: the intent has failed.
    expect(await reserve(env, intent.id, Date.now())).toMatchObject({ status: 'failed' });
    await deliverAll(deliveries);
    expect(await debtOf(userId)).toBe(0);
    await expectLedgerBalanced();
  });
});
