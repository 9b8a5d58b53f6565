import type { TopUpRequest } from '../../shared/contract/funds';
import {
  decideTopUpExcess,
  insertMoneyBackIfAbsent,
  insertTopUpIfAbsent,
  insertTopUpWithinCap,
  type MoneyBackRow,
  markTopUpClosed,
  markTopUpPaid,
  selectProviderAccount,
  selectTopUp,
  selectTopUpByCheckout,
  selectTopUpByClientId,
  selectTopUpByPayment,
  setTopUpCheckout,
  type TopUpRow,
} from '../db/funds';
import type { Env } from '../env';
import { balancesOf, createTransfer } from '../ledger';
import { log } from '../log';
import { type PaymentsProvider, type ProviderEvent, ProviderRefusal } from '../payments-provider/provider';
import { HttpProblem } from '../problem';
import { clearingAccount, FUNDS_CODES, walletAccount } from './accounts';
import { giveBack, repayDebt, takeBack } from './debt';
import { newFundsId, providerTransferId } from './ids';
import { TOP_UP_CHECKOUT_CLOCK_SLACK_MS, TOP_UP_CHECKOUT_OPEN_MS, unverifiedLimitsOf } from './limits';

/**
 * Card top-ups: the user asks for an amount, the provider's hosted checkout takes the card, and
 * only the provider's signed event credits the wallet (clearing → wallet, once per checkout).
 */
export async function startTopUp(
  env: Env,
  provider: PaymentsProvider,
  userId: string,
  request: TopUpRequest,
  nowMs: number,
): Promise<TopUpRow> {
  const fresh = {
    id: newFundsId('tu'),
    user_id: userId,
    client_id: request.clientId,
    currency: request.currency,
    amount_minor: request.amountMinor,
    created_at_ms: nowMs,
  };
  const existing = await selectTopUpByClientId(env.DB, userId, request.clientId);
  if (existing === null) {
    const capMinor = await unverifiedCapMinor(env, userId, request.currency);
    if (capMinor === null) {
      await insertTopUpIfAbsent(env.DB, fresh).run();
    } else {
      const openSinceMs = nowMs - TOP_UP_CHECKOUT_OPEN_MS - TOP_UP_CHECKOUT_CLOCK_SLACK_MS;
      const inserted = await insertTopUpWithinCap(env.DB, fresh, { capMinor, openSinceMs });
      // Not inserted: over the cap, unless a concurrent retry of this request inserted it.
      if (!inserted && (await selectTopUpByClientId(env.DB, userId, request.clientId)) === null) {
        throw new HttpProblem(
          422,
          'unverified-limit',
          `Until your payouts account is verified, your wallet can hold at most ${capMinor} minor units of ${request.currency}, counting the top-ups you have not paid yet.`,
        );
      }
    }
  }
  const row = await selectTopUpByClientId(env.DB, userId, request.clientId);
  if (row === null) throw new Error('a top-up just inserted is readable');
  if (row.currency !== request.currency || row.amount_minor !== request.amountMinor) {
    throw new HttpProblem(409, 'client-id-reused', 'This clientId was already used for another top-up.');
  }
  if (row.checkout_session_id !== null || row.status !== 'open') return row;

  const origin = env.WORKER_ORIGIN.replace(/\/$/, '');
  const checkout = await provider.createCheckout({
    topUpId: row.id,
    userId,
    amountMinor: row.amount_minor,
    currency: row.currency,
    successUrl: `${origin}/v1/top-ups/${row.id}/done`,
    cancelUrl: `${origin}/v1/top-ups/${row.id}/cancelled`,
    expiresAtMs: row.created_at_ms + TOP_UP_CHECKOUT_OPEN_MS,
  });
  await setTopUpCheckout(env.DB, row.id, checkout.checkoutId, checkout.url).run();
  const updated = await selectTopUp(env.DB, row.id);
  if (updated === null) throw new Error('a top-up does not disappear');
  return updated;
}

/** The cap on what an unverified user's wallet holds in this currency; null once verified. */
async function unverifiedCapMinor(env: Env, userId: string, currency: TopUpRequest['currency']) {
  const account = await selectProviderAccount(env.DB, userId);
  if (account?.payouts_enabled === 1) return null;
  return unverifiedLimitsOf(env)[currency].holdMaxMinor;
}

export type TopUpEvent = Extract<ProviderEvent, { kind: 'top_up_paid' | 'top_up_failed' | 'top_up_expired' }>;

/**
 * The provider's word on a checkout. A paid one is credited whatever the cap: the money was paid.
 * If it took an unverified wallet above its cap (a payment received while the checkout was open),
 * the part above goes back to the card at once, as an e-money wallet under simplified due
 * diligence must not hold more: a refund through the provider, decided once per top-up and taken
 * back under the refund's own id, so its later `refund.created` is a replay. Answers what was
 * done, for the webhook's answer.
 */
export async function applyTopUpEvent(
  env: Env,
  provider: PaymentsProvider,
  event: TopUpEvent,
  nowMs: number,
): Promise<string> {
  const db = env.DB;
  const row =
    (event.topUpId !== null ? await selectTopUp(db, event.topUpId) : null) ??
    (await selectTopUpByCheckout(db, event.checkoutId));
  // A checkout of something else on the same provider account: nothing of ours.
  if (row === null) return 'unknown_top_up';
  if (event.kind !== 'top_up_paid') {
    await markTopUpClosed(db, row.id, event.kind === 'top_up_failed' ? 'failed' : 'expired', nowMs).run();
    return 'closed';
  }
  if (event.currency !== row.currency || event.amountMinor !== row.amount_minor) {
    throw new Error(
      `checkout ${event.checkoutId} paid ${event.amountMinor} ${event.currency}, not what top-up ${row.id} asked`,
    );
  }
  const [clearing, wallet] = await Promise.all([
    clearingAccount(db, row.currency, nowMs),
    walletAccount(db, row.user_id, row.currency, nowMs),
  ]);
  const transferId = await providerTransferId('topup', event.checkoutId);
  const credited = await createTransfer(
    db,
    {
      flags: 'plain',
      id: transferId,
      debitAccountId: clearing.id,
      creditAccountId: wallet.id,
      amountMinor: row.amount_minor,
      currency: row.currency,
      code: FUNDS_CODES.cardTopUp,
      reference: row.id,
    },
    nowMs,
  );
  if (!credited.ok) throw new Error(`crediting top-up ${row.id} was refused: ${credited.code}`);
  await markTopUpPaid(db, row.id, event.checkoutId, event.paymentId, nowMs).run();
  await repayDebt(db, { userId: row.user_id, currency: row.currency, transferId: `${transferId}:repay` }, nowMs);
  const sentBack = await sendExcessBack(env, provider, row, event.paymentId, nowMs);
  if (sentBack > 0) return 'credited_excess_refunded';
  return credited.status === 'created' ? 'credited' : 'already_credited';
}

/** Sends back what a paid top-up brought above an unverified wallet's cap; answers the amount. */
async function sendExcessBack(
  env: Env,
  provider: PaymentsProvider,
  row: TopUpRow,
  paymentId: string | null,
  nowMs: number,
): Promise<number> {
  const db = env.DB;
  let excessMinor = row.excess_minor;
  if (excessMinor === null) {
    const capMinor = await unverifiedCapMinor(env, row.user_id, row.currency as TopUpRequest['currency']);
    const held = balancesOf(await walletAccount(db, row.user_id, row.currency, nowMs));
    const overMinor = capMinor === null ? 0 : held.postedMinor + held.pendingCreditsMinor - capMinor;
    excessMinor = await decideTopUpExcess(db, row.id, Math.max(0, Math.min(overMinor, row.amount_minor)));
  }
  if (excessMinor === 0) return 0;
  if (paymentId === null) throw new Error(`top-up ${row.id} is above the cap but names no payment to refund`);
  let refundId: string;
  try {
    ({ refundId } = await provider.refundTopUpExcess({ topUpId: row.id, paymentId, amountMinor: excessMinor }));
  } catch (error) {
    if (!(error instanceof ProviderRefusal)) throw error;
    // Refused for good (the payment was disputed or refunded meanwhile): the money stays credited,
    // the wallet above its cap takes no further top-up, and the operator sees why.
    log('warn', 'top-up-excess-refused', { topUpId: row.id, excessMinor, refusal: error.code });
    return 0;
  }
  await applyMoneyBackEvent(
    db,
    {
      eventId: `excess:${row.id}`,
      kind: 'refund',
      refundId,
      paymentId,
      amountMinor: excessMinor,
      currency: row.currency,
      failed: false,
    },
    nowMs,
  );
  return excessMinor;
}

export type MoneyBackEvent = Extract<ProviderEvent, { kind: 'refund' | 'dispute' }>;

/**
 * A refund or a dispute takes a top-up's money back (as a debt where it was spent); a refund
 * that failed, or a dispute won, gives it back. Each movement has its fixed id (`refund:`,
 * `refund_failed:`, `dispute:`, `dispute_won:` and the provider's object id), and an event that
 * gives back also applies the taking it undoes: a failure or a win that arrives before the event
 * of the refund or dispute itself nets to nothing, and that earlier event, when it comes, is a
 * replay. A dispute the provider withdrew nothing for (an inquiry) moves nothing. The top-up must
 * be known as paid first: an event about a payment not yet credited is refused (409), and the
 * provider delivers it again later.
 */
export async function applyMoneyBackEvent(db: D1Database, event: MoneyBackEvent, nowMs: number): Promise<string> {
  if (event.kind === 'dispute' && event.withdrawnMinor === 0) return 'nothing_withdrawn';
  const topUp = await selectTopUpByPayment(db, event.paymentId);
  if (topUp === null || topUp.status !== 'paid') {
    throw new HttpProblem(
      409,
      'payment-not-credited-yet',
      'This payment is not credited yet; deliver the event again later.',
    );
  }
  if (event.currency !== topUp.currency)
    throw new Error(`money back ${event.kind} in another currency than its top-up`);
  const movement = (kind: MoneyBackRow['kind'], objectId: string, rowId: string, amountMinor: number) => ({
    row: {
      id: rowId,
      kind,
      user_id: topUp.user_id,
      top_up_id: topUp.id,
      currency: topUp.currency,
      amount_minor: amountMinor,
      created_at_ms: nowMs,
    },
    transfer: {
      userId: topUp.user_id,
      currency: topUp.currency,
      amountMinor,
      code: FUNDS_CODES[kind === 'refund_failed' ? 'refundFailed' : kind === 'dispute_won' ? 'disputeWon' : kind],
      reference: topUp.id,
    },
    purpose: kind,
    objectId,
  });
  const [taken, returned] =
    event.kind === 'refund'
      ? [
          movement('refund', event.refundId, event.refundId, event.amountMinor),
          event.failed
            ? movement('refund_failed', event.refundId, `${event.refundId}:failed`, event.amountMinor)
            : null,
        ]
      : [
          movement('dispute', event.disputeId, event.disputeId, event.withdrawnMinor),
          event.reinstatedMinor > 0
            ? movement('dispute_won', event.disputeId, `${event.disputeId}:won`, event.reinstatedMinor)
            : null,
        ];
  await insertMoneyBackIfAbsent(db, taken.row).run();
  await takeBack(db, { ...taken.transfer, transferId: await providerTransferId(taken.purpose, taken.objectId) }, nowMs);
  if (returned === null) return 'taken_back';
  await insertMoneyBackIfAbsent(db, returned.row).run();
  await giveBack(
    db,
    { ...returned.transfer, transferId: await providerTransferId(returned.purpose, returned.objectId) },
    nowMs,
  );
  return 'returned';
}
