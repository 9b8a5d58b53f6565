import { assert } from '../../shared/assert';
import { findIntent, type IntentRow, markClosed, markTweetWithdrawn } from '../db/payments';
import {
  markPledgeCancelled,
  markPledged,
  markPledgeExpired,
  markPledgeWithdrawn,
  markPotClosedFailure,
  potTakesMoney,
} from '../db/pots';
import { createTransfer } from '../ledger';
import { syncWithLedger, transferIds } from '../payments/money';

/**
 * The answers to a reserved contribution or pledge. A contribution is posted into the pot's
 * account like a payment, unless the pot closed meanwhile: then the ledger refuses the credit, the
 * intent ends `failed` with `pot-closed` and its hold is voided. A pledge is not posted when
 * confirmed: it becomes `pledged` and stays held until the deadline, if the project still takes
 * pledges. Each status change is a guarded update written before its void, so a run stopped
 * between the two leaves a hold that the deadline or expiry job then voids.
 */

async function reread(db: D1Database, intentId: string): Promise<IntentRow> {
  const intent = await findIntent(db, intentId);
  assert(intent !== null, 'the intent still exists');
  return intent;
}

/** Voids an intent's hold, once: a hold already voided or expired is left as it is. */
export async function voidHold(db: D1Database, intentId: string, nowMs: number): Promise<void> {
  const released = await createTransfer(
    db,
    { flags: 'void_pending', id: transferIds.void(intentId), pendingId: transferIds.hold(intentId) },
    nowMs,
  );
  assert(
    released.ok ||
      released.code === 'pending_transfer_already_voided' ||
      released.code === 'pending_transfer_expired' ||
      released.code === 'pending_transfer_not_found',
    `voidHold: the ledger refused to release ${intentId}: ${released.ok ? '' : released.code}`,
  );
}

/** The payer's confirmation of a reserved contribution or pledge. */
export async function confirmPotIntent(db: D1Database, intent: IntentRow, nowMs: number): Promise<IntentRow> {
  assert(intent.pot_id !== null, 'confirmPotIntent: the intent goes to a pot');
  if (intent.status !== 'awaiting_confirmation') return intent;
  return intent.purpose === 'pledge' ? confirmPledge(db, intent, nowMs) : confirmContribution(db, intent, nowMs);
}

async function confirmContribution(db: D1Database, intent: IntentRow, nowMs: number): Promise<IntentRow> {
  // Past the pot's deadline it takes nothing, even before the job has closed its account.
  if (!(await potTakesMoney(db, intent.pot_id!, nowMs))) return refuseTooLate(db, intent.id, nowMs);
  const post = await createTransfer(
    db,
    { flags: 'post_pending', id: transferIds.post(intent.id), pendingId: transferIds.hold(intent.id) },
    nowMs,
  );
  if (!post.ok && post.code === 'credit_account_closed') return refuseTooLate(db, intent.id, nowMs);
  if (!post.ok) {
    const understood = [
      'pending_transfer_already_posted',
      'pending_transfer_already_voided',
      'pending_transfer_expired',
    ];
    assert(understood.includes(post.code), `confirmContribution: the ledger refused the post: ${post.code}`);
  }
  return syncWithLedger(db, intent, nowMs);
}

async function confirmPledge(db: D1Database, intent: IntentRow, nowMs: number): Promise<IntentRow> {
  const result = await markPledged(db, intent.id, nowMs).run();
  if (result.meta.changes === 1) return reread(db, intent.id);
  const now = await reread(db, intent.id);
  if (now.status !== 'awaiting_confirmation') return now;
  // Still awaiting confirmation: its window closed, or the project stopped taking pledges.
  if (now.confirm_by_ms !== null && now.confirm_by_ms <= nowMs) return expireUnconfirmedPledge(db, now, nowMs);
  return refuseTooLate(db, intent.id, nowMs);
}

/** The pot closed (or the project's deadline came) before the confirmation: nothing is taken. */
async function refuseTooLate(db: D1Database, intentId: string, nowMs: number): Promise<IntentRow> {
  await markPotClosedFailure(db, intentId, nowMs).run();
  const after = await reread(db, intentId);
  if (after.status === 'failed') await voidHold(db, intentId, nowMs);
  return after;
}

/** A pledge its backer did not confirm in time: expired, and its hold (which lasts longer) voided. */
export async function expireUnconfirmedPledge(db: D1Database, intent: IntentRow, nowMs: number): Promise<IntentRow> {
  assert(intent.purpose === 'pledge', 'expireUnconfirmedPledge: a pledge');
  await markPledgeExpired(db, intent.id, nowMs).run();
  const after = await reread(db, intent.id);
  if (after.status === 'expired') await voidHold(db, intent.id, nowMs);
  return after;
}

/**
 * A backer cancels a pledge they have not confirmed yet. Confirming a pledge changes only its
 * status, not the ledger, so the ledger cannot arbitrate between the two: the status is written
 * first (guarded), and the hold is voided only by the call that wrote it. A confirmation that came
 * first stands (the pledge is then `pledged`, and cancelled as such while the project is open).
 */
export async function cancelUnconfirmedPledge(db: D1Database, intent: IntentRow, nowMs: number): Promise<IntentRow> {
  assert(intent.purpose === 'pledge' && intent.status === 'awaiting_confirmation', 'an unconfirmed pledge');
  const result = await markClosed(db, intent.id, 'cancelled', nowMs, 'awaiting_confirmation').run();
  if (result.meta.changes === 1) await voidHold(db, intent.id, nowMs);
  return reread(db, intent.id);
}

/**
 * A backer withdraws a confirmed pledge: only while the project is open and before its deadline
 * (one guarded update decides), then the hold is voided. False when it is too late.
 */
export async function cancelPledge(db: D1Database, intent: IntentRow, nowMs: number): Promise<boolean> {
  assert(intent.status === 'pledged', 'cancelPledge: a confirmed pledge');
  const result = await markPledgeCancelled(db, intent.id, nowMs).run();
  if (result.meta.changes !== 1) return false;
  await voidHold(db, intent.id, nowMs);
  return true;
}

/**
 * A pledge whose tweet was deleted, or edited so that it no longer states it: a pledge is a
 * promise whose money moves only at the deadline, so the promise gone from X releases it, before
 * confirmation or after, as long as its project is not decided. The status is written first
 * (guarded), then the hold is voided; a pledge already failed for its tweet has its hold voided
 * again, so a run stopped between the two is completed by the next call.
 */
export async function withdrawPledge(
  db: D1Database,
  intent: IntentRow,
  reason: 'tweet-edited' | 'tweet-deleted',
  nowMs: number,
): Promise<IntentRow> {
  assert(intent.purpose === 'pledge', 'withdrawPledge: a pledge');
  if (intent.status === 'awaiting_confirmation') {
    await markTweetWithdrawn(db, intent.id, reason, nowMs, { fromCancelled: false }).run();
  }
  let after = await reread(db, intent.id);
  // Confirmed meanwhile (or before): withdrawn as a confirmed pledge.
  if (after.status === 'pledged') {
    await markPledgeWithdrawn(db, intent.id, reason, nowMs).run();
    after = await reread(db, intent.id);
  }
  if (
    after.status === 'failed' &&
    (after.failure_reason === 'tweet-edited' || after.failure_reason === 'tweet-deleted')
  ) {
    await voidHold(db, intent.id, nowMs);
  }
  return after;
}
