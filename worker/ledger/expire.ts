import {
  expirePendingState,
  selectExpiredPending,
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
