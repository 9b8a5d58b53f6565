import { type Account, ensureAccount } from '../ledger';

/**
 * The ledger accounts money in and out goes through, per currency:
 * - `provider_clearing` (no owner): the provider's side of every card top-up, refund and
 *   dispute. It runs a debit balance: minus what the provider collected for us and still holds.
 * - `payouts_in_flight` (no owner): withdrawals reserved from wallets, then paid out.
 * - `debt` (per user): money taken back after it was spent; it only ever owes (credits never
 *   exceed debits, a constraint), and the next incoming money repays it.
 */
export function clearingAccount(db: D1Database, currency: string, nowMs: number): Promise<Account> {
  return ensureAccount(db, { kind: 'provider_clearing', owner: null, currency }, nowMs);
}

export function payoutsAccount(db: D1Database, currency: string, nowMs: number): Promise<Account> {
  return ensureAccount(db, { kind: 'payouts_in_flight', owner: null, currency }, nowMs);
}

export function walletAccount(db: D1Database, userId: string, currency: string, nowMs: number): Promise<Account> {
  return ensureAccount(db, { kind: 'wallet', owner: userId, currency }, nowMs);
}

export function debtAccount(db: D1Database, userId: string, currency: string, nowMs: number): Promise<Account> {
  return ensureAccount(db, { kind: 'debt', owner: userId, currency }, nowMs);
}

/** Transfer codes of money in and out, as the history reads them. */
export const FUNDS_CODES = {
  cardTopUp: 'card_top_up',
  withdrawal: 'withdrawal',
  refund: 'refund',
  refundFailed: 'refund_failed',
  dispute: 'dispute',
  disputeWon: 'dispute_won',
  debtRepayment: 'debt_repayment',
} as const;
