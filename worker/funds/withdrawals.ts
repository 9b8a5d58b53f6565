import type { WithdrawalRequest } from '../../shared/contract/funds';
import {
  insertProviderAccountIfAbsent,
  insertWithdrawalIfAbsent,
  markWithdrawalInFlight,
  markWithdrawalSettled,
  selectProviderAccount,
  selectWithdrawal,
  selectWithdrawalByClientId,
  selectWithdrawalByPayout,
  updatePayoutsEnabled,
  type WithdrawalRow,
} from '../db/funds';
import type { Env } from '../env';
import { createTransfer, expirePendingTransfer, getTransfer } from '../ledger';
import { type PaymentsProvider, type ProviderEvent, ProviderRefusal } from '../payments-provider/provider';
import { HttpProblem } from '../problem';
import { FUNDS_CODES, payoutsAccount, walletAccount } from './accounts';
import { hasDebt, repayDebtAfterIncoming } from './debt';
import { newFundsId } from './ids';
import { settleDebtsBeforeSpending } from './spending';

/** Hashpay charges nothing for a withdrawal; the field exists so the popup can say so. */
export const WITHDRAWAL_FEE_MINOR = 0;

/**
 * The user's payouts account: created at the provider once, then ready when the provider says
 * payouts are enabled (hosted onboarding done). Answers the onboarding link while it is not.
 */
export async function payoutsAccountStatus(
  env: Env,
  provider: PaymentsProvider,
  userId: string,
  nowMs: number,
): Promise<{ ready: boolean; onboardingUrl: string | null }> {
  let account = await selectProviderAccount(env.DB, userId);
  if (account === null) {
    const created = await provider.createPayoutsAccount({ userId });
    await insertProviderAccountIfAbsent(env.DB, {
      user_id: userId,
      provider_account_id: created.providerAccountId,
      now_ms: nowMs,
    }).run();
    account = await selectProviderAccount(env.DB, userId);
    if (account === null) throw new Error('a payouts account just recorded is readable');
  }
  if (account.payouts_enabled === 1) return { ready: true, onboardingUrl: null };
  if (await provider.payoutsEnabled(account.provider_account_id)) {
    await updatePayoutsEnabled(env.DB, userId, true, nowMs).run();
    return { ready: true, onboardingUrl: null };
  }
  const origin = env.WORKER_ORIGIN.replace(/\/$/, '');
  const onboardingUrl = await provider.onboardingUrl({
    providerAccountId: account.provider_account_id,
    returnUrl: `${origin}/v1/payouts-account/done`,
    refreshUrl: `${origin}/v1/payouts-account/expired`,
  });
  return { ready: false, onboardingUrl };
}

function holdId(withdrawalId: string): string {
  return `${withdrawalId}:hold`;
}

/**
 * A withdrawal: reserved at once (wallet → payouts in flight, pending), then sent to the
 * provider with idempotency keys derived from its id. A retry of the same request (same
 * clientId) continues where the first stopped; the pending transfer is posted or voided only on
 * the provider's word about the payout.
 */
export async function startWithdrawal(
  env: Env,
  provider: PaymentsProvider,
  userId: string,
  request: WithdrawalRequest,
  nowMs: number,
): Promise<WithdrawalRow> {
  const account = await selectProviderAccount(env.DB, userId);
  if (account === null || account.payouts_enabled !== 1) {
    throw new HttpProblem(409, 'payouts-account-not-ready', 'Set up your payouts account before withdrawing.');
  }
  await settleDebtsBeforeSpending(env.DB, userId, nowMs);

  await insertWithdrawalIfAbsent(env.DB, {
    id: newFundsId('wd'),
    user_id: userId,
    client_id: request.clientId,
    currency: request.currency,
    amount_minor: request.amountMinor,
    fee_minor: WITHDRAWAL_FEE_MINOR,
    provider_account_id: account.provider_account_id,
    created_at_ms: nowMs,
  }).run();
  const row = await selectWithdrawalByClientId(env.DB, userId, request.clientId);
  if (row === null) throw new Error('a withdrawal just inserted is readable');
  if (row.currency !== request.currency || row.amount_minor !== request.amountMinor) {
    throw new HttpProblem(409, 'client-id-reused', 'This clientId was already used for another withdrawal.');
  }
  if (row.status !== 'reserved') return row;

  const [wallet, inFlight] = await Promise.all([
    walletAccount(env.DB, userId, row.currency, nowMs),
    payoutsAccount(env.DB, row.currency, nowMs),
  ]);
  // No timeout: only the provider's outcome of the payout may release or post this money.
  const held = await createTransfer(
    env.DB,
    {
      flags: 'pending',
      id: holdId(row.id),
      debitAccountId: wallet.id,
      creditAccountId: inFlight.id,
      amountMinor: row.amount_minor,
      currency: row.currency,
      code: FUNDS_CODES.withdrawal,
      reference: row.id,
      timeoutS: 0,
    },
    nowMs,
  );
  if (!held.ok) {
    await markWithdrawalSettled(env.DB, row.id, {
      status: 'failed',
      failureMessage: 'Not enough available money in the wallet.',
      nowMs,
    }).run();
    if (held.code === 'exceeds_credits') {
      throw new HttpProblem(422, 'insufficient-funds', 'Your wallet does not have this much available.');
    }
    throw new Error(`reserving withdrawal ${row.id} was refused: ${held.code}`);
  }
  // A refund or dispute may have landed between the debt check above and the hold: its debt
  // could not be repaid from the money the hold took. Nothing leaves a wallet in debt, so the
  // hold is released (its fixed void id) and that money repays the debt instead.
  if (held.status === 'created' && (await hasDebt(env.DB, userId))) {
    await release(env.DB, row, 'Money was taken back by a refund or dispute while this withdrawal was made.', nowMs);
    throw new HttpProblem(
      409,
      'wallet-in-debt',
      'Money was taken back after a refund or dispute while this withdrawal was made; nothing leaves the wallet until it is repaid.',
    );
  }

  const refusal = await sendHeldWithdrawal(env.DB, provider, row, nowMs);
  if (refusal !== null) {
    throw new HttpProblem(422, 'withdrawal-refused', `The provider refused the withdrawal: ${refusal}`);
  }
  const updated = await selectWithdrawal(env.DB, row.id);
  if (updated === null) throw new Error('a withdrawal does not disappear');
  return updated;
}

/**
 * Asks the provider for the transfer and payout of a held withdrawal, under idempotency keys
 * derived from its id, so a second call (the user's retry, the stalled-withdrawals job) finds what
 * the first made instead of paying twice. A refusal for good releases the hold and is answered;
 * a network failure throws and leaves the withdrawal held for the next try.
 */
export async function sendHeldWithdrawal(
  db: D1Database,
  provider: PaymentsProvider,
  row: WithdrawalRow,
  nowMs: number,
): Promise<string | null> {
  try {
    const sent = await provider.sendWithdrawal({
      withdrawalId: row.id,
      providerAccountId: row.provider_account_id,
      amountMinor: row.amount_minor,
      currency: row.currency,
    });
    await markWithdrawalInFlight(db, row.id, sent).run();
    return null;
  } catch (error) {
    if (!(error instanceof ProviderRefusal)) throw error;
    // The provider refused for good: the reservation goes back to the wallet.
    await release(db, row, `The provider refused the withdrawal: ${error.message}`, nowMs);
    return error.message;
  }
}

/**
 * Whether a withdrawal's money is held in the ledger, neither posted nor released: only then may
 * it be sent. A hold has no timeout, so asking the ledger what became of it changes nothing.
 */
export async function withdrawalIsHeld(db: D1Database, row: WithdrawalRow, nowMs: number): Promise<boolean> {
  if ((await getTransfer(db, holdId(row.id))) === null) return false;
  return (await expirePendingTransfer(db, holdId(row.id), nowMs)) === 'pending';
}

export type PayoutEvent = Extract<ProviderEvent, { kind: 'payout_paid' | 'payout_failed' }>;

/** The provider's word on a payout: the reservation is posted (paid) or released (failed, cancelled). */
export async function applyPayoutEvent(
  db: D1Database,
  provider: PaymentsProvider,
  event: PayoutEvent,
  nowMs: number,
): Promise<string> {
  const row =
    (await selectWithdrawalByPayout(db, event.payoutId)) ??
    (event.withdrawalId !== null ? await selectWithdrawal(db, event.withdrawalId) : null);
  if (row === null) return 'unknown_payout';
  if (event.kind === 'payout_paid') {
    const posted = await createTransfer(
      db,
      { flags: 'post_pending', id: `${row.id}:post`, pendingId: holdId(row.id) },
      nowMs,
    );
    if (!posted.ok) throw new Error(`posting withdrawal ${row.id} was refused: ${posted.code}`);
    await markWithdrawalSettled(db, row.id, { status: 'paid', failureMessage: null, nowMs }).run();
    return posted.status === 'created' ? 'paid' : 'already_paid';
  }
  if (row.provider_transfer_id === null && row.status === 'reserved') {
    // The payout exists but its transfer is not recorded yet (the request that made it has not
    // finished): releasing now would leave the transferred money at the provider as well.
    throw new HttpProblem(
      409,
      'payout-not-recorded-yet',
      'This payout is not recorded yet; deliver the event again later.',
    );
  }
  if (row.provider_transfer_id !== null) {
    // The money came back to the payouts account at the provider: bring it back to ours first.
    await provider.reverseWithdrawal({
      withdrawalId: row.id,
      transferId: row.provider_transfer_id,
      amountMinor: row.amount_minor,
    });
  }
  if (row.status === 'paid') return returnAfterPaid(db, row, nowMs);
  return (await release(db, row, event.failureMessage ?? 'The payout failed.', nowMs))
    ? 'released'
    : 'already_released';
}

async function release(db: D1Database, row: WithdrawalRow, failureMessage: string, nowMs: number): Promise<boolean> {
  const voided = await createTransfer(
    db,
    { flags: 'void_pending', id: `${row.id}:void`, pendingId: holdId(row.id) },
    nowMs,
  );
  if (!voided.ok) throw new Error(`releasing withdrawal ${row.id} was refused: ${voided.code}`);
  const wallet = await walletAccount(db, row.user_id, row.currency, nowMs);
  await repayDebtAfterIncoming(db, { accountId: wallet.id, incomingTransferId: voided.transfer.id }, nowMs);
  await markWithdrawalSettled(db, row.id, { status: 'failed', failureMessage, nowMs }).run();
  return voided.status === 'created';
}

/**
 * A payout can fail after the provider said it was paid (the bank sends it back days later): the
 * posted withdrawal cannot be voided, so the money comes back by a transfer of its own, once.
 */
async function returnAfterPaid(db: D1Database, row: WithdrawalRow, nowMs: number): Promise<string> {
  const [wallet, inFlight] = await Promise.all([
    walletAccount(db, row.user_id, row.currency, nowMs),
    payoutsAccount(db, row.currency, nowMs),
  ]);
  const returned = await createTransfer(
    db,
    {
      flags: 'plain',
      id: `${row.id}:returned`,
      debitAccountId: inFlight.id,
      creditAccountId: wallet.id,
      amountMinor: row.amount_minor,
      currency: row.currency,
      code: FUNDS_CODES.withdrawal,
      reference: row.id,
    },
    nowMs,
  );
  if (!returned.ok) throw new Error(`returning withdrawal ${row.id} was refused: ${returned.code}`);
  await repayDebtAfterIncoming(db, { accountId: wallet.id, incomingTransferId: returned.transfer.id }, nowMs);
  return returned.status === 'created' ? 'returned_after_paid' : 'already_returned';
}
