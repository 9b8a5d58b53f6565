import {
  insertTransfer,
  type NewTransferRow,
  type PendingWithStateRow,
  resolvePendingState,
  selectTransfersWithPendingState,
  updateCredits,
  updateDebits,
} from '../db/ledger-queries';
import { assert, assertTimeMs } from './assert';
import { ledgerViolationOf } from './d1-errors';

/**
 * Resolves many pending transfers (each in full: posted or voided) in one D1 batch, with the
 * caller's own statements for each alongside, so a large set of holds is resolved in a few round
 * trips instead of three per transfer. The rows written are exactly those `createTransfer` writes
 * for the same posts and voids; balance changes are summed per account, which the accounts' CHECKs
 * see as the same final values. The schema's triggers (resolve once, match the pending transfer)
 * guard every row as they do one at a time.
 *
 * Only holds still pending and not expired are planned; the others are returned as `skipped`, for
 * the caller to resolve one by one (where a replay or an expiry gets its precise answer). If the
 * database refuses the batch (a concurrent writer resolved one of them first), nothing is written
 * and the answer is `null`: the caller falls back to one at a time.
 */

/** Ids per read and per batch: D1 binds at most 100 parameters per statement. */
export const PENDING_RESOLUTIONS_PER_BATCH_MAX = 100;

export interface PendingResolution {
  id: string;
  pendingId: string;
  flags: 'post_pending' | 'void_pending';
}

export async function resolvePendingTransfers(
  db: D1Database,
  resolutions: readonly PendingResolution[],
  nowMs: number,
  alongside: (resolution: PendingResolution) => D1PreparedStatement[],
): Promise<{ written: PendingResolution[]; skipped: PendingResolution[] } | null> {
  assertTimeMs(nowMs);
  assert(
    resolutions.length >= 1 && resolutions.length <= PENDING_RESOLUTIONS_PER_BATCH_MAX,
    `resolvePendingTransfers: 1 to ${PENDING_RESOLUTIONS_PER_BATCH_MAX} resolutions`,
  );
  const { results } = await selectTransfersWithPendingState(
    db,
    resolutions.map((resolution) => resolution.pendingId),
  ).all<PendingWithStateRow>();
  const pendingById = new Map(results.map((row) => [row.id, row]));

  const written: PendingResolution[] = [];
  const skipped: PendingResolution[] = [];
  const statements: D1PreparedStatement[] = [];
  const deltas = new Map<string, { side: 'debit' | 'credit'; accountId: string; pending: number; posted: number }>();
  const move = (side: 'debit' | 'credit', accountId: string, pending: number, posted: number) => {
    const key = `${side}:${accountId}`;
    const delta = deltas.get(key) ?? { side, accountId, pending: 0, posted: 0 };
    delta.pending += pending;
    delta.posted += posted;
    deltas.set(key, delta);
  };
  for (const resolution of resolutions) {
    const pending = pendingById.get(resolution.pendingId);
    const resolvable =
      pending !== undefined &&
      pending.flags === 'pending' &&
      pending.status === 'pending' &&
      (pending.expires_at_ms === null || nowMs < pending.expires_at_ms);
    if (!resolvable) {
      skipped.push(resolution);
      continue;
    }
    const postedMinor = resolution.flags === 'post_pending' ? pending.amount_minor : 0;
    const row: NewTransferRow = {
      id: resolution.id,
      debit_account_id: pending.debit_account_id,
      credit_account_id: pending.credit_account_id,
      amount_minor: pending.amount_minor,
      currency: pending.currency,
      code: pending.code,
      reference: null,
      flags: resolution.flags,
      pending_id: pending.id,
      timeout_s: 0,
      created_at_ms: nowMs,
      expires_at_ms: null,
    };
    statements.push(
      insertTransfer(db, row),
      resolvePendingState(db, pending.id, resolution.flags === 'post_pending' ? 'posted' : 'voided', row.id, nowMs),
      ...alongside(resolution),
    );
    move('debit', row.debit_account_id, -pending.amount_minor, postedMinor);
    move('credit', row.credit_account_id, -pending.amount_minor, postedMinor);
    written.push(resolution);
  }
  if (written.length === 0) return { written, skipped };
  for (const delta of deltas.values()) {
    statements.push(
      delta.side === 'debit'
        ? updateDebits(db, delta.accountId, delta.pending, delta.posted)
        : updateCredits(db, delta.accountId, delta.pending, delta.posted),
    );
  }
  try {
    await db.batch(statements);
  } catch (error) {
    if (ledgerViolationOf(error) === null) throw error;
    return null;
  }
  return { written, skipped };
}
