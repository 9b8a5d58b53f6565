import { assert } from '../../shared/assert';
import type { PaymentFailureReason, PaymentPurpose } from '../../shared/contract/payments';
import { findUserIdByXUserId } from '../db/payment-parties';
import {
  findIntent,
  type IntentRow,
  markAwaitingConfirmation,
  markClosed,
  markConfirmed,
  markFailed,
  sentSinceMinor,
  takeDailyLimitSlot,
} from '../db/payments';
import { findPotAccountId, markPledgeResolved, potTakesMoney } from '../db/pots';
import type { Env } from '../env';
import { hasDebt, repayDebtAfterIncoming } from '../funds/debt';
import { walletInDebt } from '../funds/spending';
import {
  type Account,
  createTransfer,
  ensureAccount,
  expirePendingTransfer,
  getAccount,
  getTransfer,
  type Transfer,
} from '../ledger';
import { limitsForIntent } from '../organisations/limits';
import { pledgeConfirmByMs, pledgeHoldTimeoutS } from '../pots/config';
import { type PaymentsConfig, paymentsConfig } from './config';

/**
 * The money of one payment intent, in the ledger. Every transfer has an id derived from the
 * intent, so a retry (a second report of the tweet, a second click on Confirm, a job run after a
 * crash) finds the transfer already made instead of making another; when two callers race to
 * resolve the reservation, the ledger lets exactly one resolution through and both read it back.
 */

/** The code payments are booked under in the ledger. */
export const PAYMENT_TRANSFER_CODE = 'payment';
/** The window of the daily limit: any 24 hours. */
export const DAY_MS = 24 * 60 * 60 * 1000;

export const transferIds = {
  hold: (intentId: string) => `pay:${intentId}:hold`,
  post: (intentId: string) => `pay:${intentId}:post`,
  void: (intentId: string) => `pay:${intentId}:void`,
  claim: (intentId: string) => `pay:${intentId}:claim`,
  refund: (intentId: string) => `pay:${intentId}:refund`,
};

export async function payerWallet(db: D1Database, intent: IntentRow, nowMs: number): Promise<Account> {
  return ensureAccount(db, { kind: 'wallet', owner: intent.payer_user_id, currency: intent.currency }, nowMs);
}

/**
 * The payee's wallet if they have one (linked once, even if unlinked since), else escrow under
 * their X id; for a contribution or a pledge, the pot's own account.
 */
export async function payeeAccount(
  db: D1Database,
  intent: IntentRow,
  kind: 'wallet' | 'escrow' | 'pot',
  nowMs: number,
): Promise<Account> {
  if (kind === 'pot') {
    assert(intent.pot_id !== null, 'a pot payee names its pot');
    const accountId = await findPotAccountId(db, intent.pot_id);
    assert(accountId !== null, 'a pot has its account');
    const account = await getAccount(db, accountId);
    assert(account !== null, 'the pot account exists');
    return account;
  }
  if (kind === 'escrow') {
    return ensureAccount(db, { kind: 'escrow', owner: intent.payee_x_user_id, currency: intent.currency }, nowMs);
  }
  const userId = await findUserIdByXUserId(db, intent.payee_x_user_id);
  assert(userId !== null, 'a wallet payee has a user row');
  return ensureAccount(db, { kind: 'wallet', owner: userId, currency: intent.currency }, nowMs);
}

/**
 * The limit a new payment would break, if any, as things stand (for refusing a draft early). The
 * reservation itself takes its place under the daily limit atomically (`reserve`).
 */
export async function limitProblem(
  db: D1Database,
  config: PaymentsConfig,
  payment: {
    payerUserId: string;
    currency: IntentRow['currency'];
    amountMinor: number;
    intentId: string | null;
    /** A donation keeps its organisation's limits; absent: a payment to a person. */
    purpose?: PaymentPurpose;
    payeeXUserId?: string;
  },
  nowMs: number,
): Promise<'limit-per-payment' | 'limit-per-day' | null> {
  const limits = await limitsForIntent(db, config, {
    purpose: payment.purpose ?? 'payment',
    payeeXUserId: payment.payeeXUserId ?? '',
    currency: payment.currency,
  });
  if (payment.amountMinor > limits.perPaymentMaxMinor) return 'limit-per-payment';
  const sentMinor = await sentSinceMinor(
    db,
    payment.payerUserId,
    payment.currency,
    nowMs - DAY_MS,
    payment.intentId,
    limits.dailyGroup,
  );
  if (sentMinor + payment.amountMinor > limits.perDayMaxMinor) return 'limit-per-day';
  return null;
}

/**
 * Reserves the amount of an intent tied to its tweet (status `awaiting_tweet` with a root): a
 * pending transfer payer → payee (or escrow) that expires after the confirmation timeout. Ends
 * in `awaiting_confirmation`, or `failed` with the reason when a limit or the balance refuses it
 * (and then nothing stays reserved). Safe to call again and concurrently: the hold's id makes it
 * happen once, a hold made by an earlier try stands, and the daily limit is taken in one guarded
 * statement.
 */
export async function reserve(env: Env, intentId: string, nowMs: number): Promise<IntentRow> {
  const db = env.DB;
  const intent = await findIntent(db, intentId);
  assert(intent !== null, `reserve: no intent ${intentId}`);
  if (intent.status !== 'awaiting_tweet' || intent.tweet_root_id === null) return intent;
  assert(intent.payee_account_kind !== null, 'a matched intent names its payee account kind');

  const earlierHold = await getTransfer(db, transferIds.hold(intentId));
  if (earlierHold !== null) return recordHold(env, intent, earlierHold, nowMs);

  const limits = await limitsForIntent(db, paymentsConfig(env), {
    purpose: intent.purpose,
    payeeXUserId: intent.payee_x_user_id,
    currency: intent.currency,
  });
  let failure: PaymentFailureReason | null = null;
  if (intent.amount_minor > limits.perPaymentMaxMinor) {
    failure = 'limit-per-payment';
  } else {
    const slot = {
      id: intentId,
      payerUserId: intent.payer_user_id,
      currency: intent.currency,
      amountMinor: intent.amount_minor,
    };
    if (!(await takeDailyLimitSlot(db, slot, nowMs - DAY_MS, nowMs, limits.perDayMaxMinor, limits.dailyGroup))) {
      failure = 'limit-per-day';
    }
  }
  // A pot that closed (or a project whose deadline came) since the draft takes no new money.
  if (failure === null && intent.pot_id !== null && !(await potTakesMoney(db, intent.pot_id, nowMs))) {
    failure = 'pot-closed';
  }
  if (failure === null && (await walletInDebt(db, intent.payer_user_id, nowMs))) failure = 'wallet-in-debt';
  if (failure === null) {
    const payer = await payerWallet(db, intent, nowMs);
    const payee = await payeeAccount(db, intent, intent.payee_account_kind, nowMs);
    const hold = await createTransfer(
      db,
      {
        flags: 'pending',
        id: transferIds.hold(intentId),
        debitAccountId: payer.id,
        creditAccountId: payee.id,
        amountMinor: intent.amount_minor,
        currency: intent.currency,
        code: PAYMENT_TRANSFER_CODE,
        reference: intentId,
        // A pledge stays held until its project's deadline is passed and resolved.
        timeoutS: intent.purpose === 'pledge' ? pledgeHoldTimeoutS(intent) : paymentsConfig(env).confirmTimeoutS,
      },
      nowMs,
    );
    if (hold.ok && !(await debtAppearedUnder(db, intent, hold.status, nowMs))) {
      return recordHold(env, intent, hold.transfer, nowMs);
    }
    if (hold.ok) {
      failure = 'wallet-in-debt';
      await markFailed(db, intentId, failure, nowMs).run();
      return reread(db, intentId);
    }
    assert(
      hold.code === 'exceeds_credits' || hold.code === 'credit_account_closed',
      `reserve: the ledger refused the hold: ${hold.code}`,
    );
    // A concurrent try of this same intent may have made the hold just before (after a top-up).
    const concurrentHold = await getTransfer(db, transferIds.hold(intentId));
    if (concurrentHold !== null) return recordHold(env, intent, concurrentHold, nowMs);
    failure = hold.code === 'credit_account_closed' ? 'pot-closed' : 'insufficient-funds';
  }
  await markFailed(db, intentId, failure, nowMs).run();
  return reread(db, intentId);
}

/**
 * A refund or dispute can land between the debt check and the hold, its debt left unrepaid
 * because the hold took the money. Then the hold is voided under its fixed id, and the money it
 * releases repays the debt: nothing leaves a wallet in debt. Answers whether that happened. Only
 * the try that made the hold checks; a replay found the hold as an earlier try left it.
 */
async function debtAppearedUnder(
  db: D1Database,
  intent: IntentRow,
  holdStatus: 'created' | 'exists',
  nowMs: number,
): Promise<boolean> {
  if (holdStatus !== 'created' || !(await hasDebt(db, intent.payer_user_id))) return false;
  const voided = await createTransfer(
    db,
    { flags: 'void_pending', id: transferIds.void(intent.id), pendingId: transferIds.hold(intent.id) },
    nowMs,
  );
  assert(
    voided.ok || voided.code === 'pending_transfer_already_voided' || voided.code === 'pending_transfer_expired',
    `reserve: could not void a hold made under a debt: ${voided.ok ? '' : voided.code}`,
  );
  if (voided.ok) {
    const payer = await payerWallet(db, intent, nowMs);
    await repayDebtAfterIncoming(db, { accountId: payer.id, incomingTransferId: voided.transfer.id }, nowMs);
  }
  return true;
}

/**
 * Writes a hold onto its intent. If the intent was meanwhile marked failed by a concurrent try
 * that saw no money, the hold must not keep the money reserved: it is voided.
 */
async function recordHold(env: Env, intent: IntentRow, hold: Transfer, nowMs: number): Promise<IntentRow> {
  const db = env.DB;
  assert(hold.expiresAtMs !== null, 'a hold has an expiry');
  // A pledge's hold outlasts its confirmation window, which ends at the latest at the deadline.
  const confirmByMs =
    intent.purpose === 'pledge'
      ? pledgeConfirmByMs(hold.createdAtMs, paymentsConfig(env).confirmTimeoutS, intent.pot_deadline_at_ms)
      : hold.expiresAtMs;
  await markAwaitingConfirmation(db, intent.id, hold.createdAtMs, confirmByMs).run();
  const after = await reread(db, intent.id);
  if (after.status === 'failed') {
    const released = await createTransfer(
      db,
      { flags: 'void_pending', id: transferIds.void(intent.id), pendingId: hold.id },
      nowMs,
    );
    assert(
      released.ok ||
        released.code === 'pending_transfer_expired' ||
        released.code === 'pending_transfer_already_voided',
      `reserve: could not release the hold of a failed intent: ${released.ok ? '' : released.code}`,
    );
  }
  return after;
}

async function reread(db: D1Database, intentId: string): Promise<IntentRow> {
  const after = await findIntent(db, intentId);
  assert(after !== null, 'the intent still exists');
  return after;
}

/**
 * What the ledger says became of an intent's hold, written onto the intent if it is still
 * awaiting confirmation: posted → settled or escrowed, voided → cancelled, expired → expired.
 */
export async function syncWithLedger(db: D1Database, intent: IntentRow, nowMs: number): Promise<IntentRow> {
  if (intent.status === 'pledged') return syncPledge(db, intent, nowMs);
  if (intent.status !== 'awaiting_confirmation') return intent;
  const post = await getTransfer(db, transferIds.post(intent.id));
  if (post !== null) {
    const to = intent.payee_account_kind === 'escrow' ? 'escrowed' : 'settled';
    await markConfirmed(db, intent.id, to, post.createdAtMs).run();
  } else if ((await getTransfer(db, transferIds.void(intent.id))) !== null) {
    await markClosed(db, intent.id, 'cancelled', nowMs, 'awaiting_confirmation').run();
  } else {
    // Past the deadline, the ledger decides: a post stamped in time may still land first.
    const outcome = await expirePendingTransfer(db, transferIds.hold(intent.id), nowMs);
    if (outcome === 'expired') {
      await markClosed(db, intent.id, 'expired', nowMs, 'awaiting_confirmation').run();
    } else if (outcome !== 'pending') {
      return syncWithLedger(db, intent, nowMs);
    }
  }
  const after = await findIntent(db, intent.id);
  assert(after !== null, 'the intent still exists');
  return after;
}

/**
 * A confirmed pledge whose hold the ledger already resolved (the deadline job stopped between the
 * transfer and the intent): posted → settled, voided or expired → released.
 */
async function syncPledge(db: D1Database, intent: IntentRow, nowMs: number): Promise<IntentRow> {
  const post = await getTransfer(db, transferIds.post(intent.id));
  if (post !== null) {
    await markPledgeResolved(db, intent.id, 'settled', post.createdAtMs).run();
  } else if ((await getTransfer(db, transferIds.void(intent.id))) !== null) {
    await markPledgeResolved(db, intent.id, 'released', nowMs).run();
  } else if ((await expirePendingTransfer(db, transferIds.hold(intent.id), nowMs)) === 'expired') {
    await markPledgeResolved(db, intent.id, 'released', nowMs).run();
  } else {
    return intent;
  }
  return reread(db, intent.id);
}

export type Resolution = 'post' | 'void';

/**
 * Posts (confirm) or voids (cancel) the hold of an intent awaiting confirmation, then records
 * whatever the ledger decided: if a concurrent call resolved the hold the other way first, that
 * resolution stands and the intent says so.
 */
export async function resolveHold(db: D1Database, intent: IntentRow, how: Resolution, nowMs: number) {
  assert(intent.status === 'awaiting_confirmation', 'only a reserved intent is resolved');
  const result = await createTransfer(
    db,
    how === 'post'
      ? { flags: 'post_pending', id: transferIds.post(intent.id), pendingId: transferIds.hold(intent.id) }
      : { flags: 'void_pending', id: transferIds.void(intent.id), pendingId: transferIds.hold(intent.id) },
    nowMs,
  );
  if (!result.ok) {
    const understood = [
      'pending_transfer_already_posted',
      'pending_transfer_already_voided',
      'pending_transfer_expired',
    ] as const;
    assert(
      (understood as readonly string[]).includes(result.code),
      `resolveHold: the ledger refused the ${how}: ${result.code}`,
    );
  }
  if (how === 'post') {
    // A payee in debt repays it from what just arrived, also when a retry finds the post made.
    const post = await getTransfer(db, transferIds.post(intent.id));
    if (post !== null)
      await repayDebtAfterIncoming(db, { accountId: post.creditAccountId, incomingTransferId: post.id }, nowMs);
  }
  return syncWithLedger(db, intent, nowMs);
}
