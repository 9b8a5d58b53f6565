import {
  expirePendingState,
  selectExpiredPending,
  selectTransferWithPendingState,
  type TransferRow,
  updateCredits,
  updateDebits,
} from '../db/ledger-queries';
import { assert, assertTimeMs } from './assert';
import { ledgerViolationOf } from './d1-errors';

export interface ExpiryReport {
  /** Pending transfers this run expired, releasing their reservations. */
  expired: number;
  /** Found due but resolved by someone else (a post, a void, another run) before this run got to them. */
  resolvedMeanwhile: number;
}

/**
 * Expires up to `limit` pending transfers whose expiry is at or before `nowMs`, oldest first,
 * one batch each: the state moves to `expired` and both reservations are released together.
 * Safe to run twice at once and alongside posts and voids: the state's trigger lets exactly one
 * resolution through, and the loser's batch changes nothing.
 */
export async function expirePendingTransfers(db: D1Database, nowMs: number, limit: number): Promise<ExpiryReport> {
  assertTimeMs(nowMs);
  assert(Number.isSafeInteger(limit) && limit >= 1, `limit must be a positive integer, got ${limit}`);
  const { results: due } = await selectExpiredPending(db, nowMs, limit).all<TransferRow>();
  const report: ExpiryReport = { expired: 0, resolvedMeanwhile: 0 };
  for (const pending of due) {
    try {
      await db.batch([
        expirePendingState(db, pending.id, nowMs),
        updateDebits(db, pending.debit_account_id, -pending.amount_minor, 0),
        updateCredits(db, pending.credit_account_id, -pending.amount_minor, 0),
      ]);
      report.expired += 1;
    } catch (error) {
      const violation = ledgerViolationOf(error);
      if (violation?.kind !== 'pending_state') throw error;
      report.resolvedMeanwhile += 1;
    }
  }
  return report;
}

export type PendingOutcome = 'pending' | 'posted' | 'voided' | 'expired';

/**
 * Expires one pending transfer if its expiry has passed and nothing resolved it first, and says
 * what became of it. For callers that must not guess from the clock: a post stamped just before
 * the expiry may still be on its way, and whichever batch the database takes first stands.
 */
export async function expirePendingTransfer(db: D1Database, pendingId: string, nowMs: number): Promise<PendingOutcome> {
  assertTimeMs(nowMs);
  const read = async () => {
    const row = await selectTransferWithPendingState(db, pendingId).first<TransferRow & { status: string | null }>();
    assert(row !== null && row.status !== null, `expirePendingTransfer: ${pendingId} is not a pending transfer`);
    return row as TransferRow & { status: PendingOutcome };
  };
  const pending = await read();
  if (pending.status !== 'pending') return pending.status;
  if (pending.expires_at_ms === null || pending.expires_at_ms > nowMs) return 'pending';
  try {
    await db.batch([
      expirePendingState(db, pending.id, nowMs),
      updateDebits(db, pending.debit_account_id, -pending.amount_minor, 0),
      updateCredits(db, pending.credit_account_id, -pending.amount_minor, 0),
    ]);
    return 'expired';
  } catch (error) {
    if (ledgerViolationOf(error)?.kind !== 'pending_state') throw error;
    return (await read()).status;
  }
}
