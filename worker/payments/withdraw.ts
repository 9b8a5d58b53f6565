import { assert } from '../../shared/assert';
import { findDecidedRoot, findIntent, type IntentRow, markTweetWithdrawn } from '../db/payments';
import { createTransfer } from '../ledger';
import { withdrawPledge } from '../pots/holds';
import { syncWithLedger, transferIds } from './money';

export type TweetWithdrawalReason = 'tweet-edited' | 'tweet-deleted';

/**
 * What the recorded state of an edit chain says about the payment tied to it: deleted, or its
 * newest version read no longer states it (null: the tweet still stands for it). This alone
 * decides a withdrawal, so a void lost after the state was written is made by the next reader.
 */
export function recordedWithdrawal(decided: {
  latest_states_payment: 0 | 1;
  deleted_at_ms: number | null;
}): TweetWithdrawalReason | null {
  if (decided.deleted_at_ms !== null) return 'tweet-deleted';
  if (decided.latest_states_payment === 0) return 'tweet-edited';
  return null;
}

/**
 * Carries out a withdrawal the recorded state of the intent's tweet calls for (the void of a
 * run that stopped after writing the state, or an exception between the two). Idempotent: the
 * void's id is fixed, and an intent already resolved is left as it is.
 */
export async function applyRecordedWithdrawal(
  env: { DB: D1Database },
  intent: IntentRow,
  nowMs: number,
): Promise<IntentRow> {
  if (intent.tweet_root_id === null) return intent;
  const decided = await findDecidedRoot(env.DB, intent.tweet_root_id);
  if (decided === null || decided.intent_id !== intent.id) return intent;
  const reason = recordedWithdrawal(decided);
  return reason === null ? intent : withdrawUnconfirmed(env, intent.id, reason, nowMs);
}

/**
 * A payment whose public tweet stopped stating it before the payer confirmed (an edit that
 * changed the code, payee, amount, currency or pot, or a deletion) holds no money any more: the
 * hold is voided and the intent fails with the reason, which every answer about it carries.
 *
 * The ledger decides races with the payer's Confirm: the void is attempted first, under the
 * same fixed id a cancellation would use (`pay:<intent>:void`). If the payer's post landed first,
 * the payment stands as confirmed and nothing here changes it (after settlement, an edit changes
 * what is shown, never the money). A pledge is released even once confirmed, until its project is
 * decided (`withdrawPledge`).
 */
export async function withdrawUnconfirmed(
  env: { DB: D1Database },
  intentId: string,
  reason: TweetWithdrawalReason,
  nowMs: number,
): Promise<IntentRow> {
  const db = env.DB;
  let intent = await reread(db, intentId);
  if (intent.status === 'awaiting_tweet' && intent.tweet_root_id !== null) {
    // Matched, not reserved yet: failing the intent first stops the reservation; a reservation
    // made concurrently sees the failure and releases its own hold (see `recordHold`).
    await markTweetWithdrawn(db, intentId, reason, nowMs, { fromCancelled: false }).run();
    intent = await reread(db, intentId);
  }
  // A pledge's confirmation moves no money, so the ledger cannot arbitrate: its status decides.
  if (intent.purpose === 'pledge') return withdrawPledge(db, intent, reason, nowMs);
  if (intent.status !== 'awaiting_confirmation') return intent;
  const voided = await createTransfer(
    db,
    { flags: 'void_pending', id: transferIds.void(intentId), pendingId: transferIds.hold(intentId) },
    nowMs,
  );
  // Only a void made here names the tweet as the reason; a replay is the payer's own cancellation.
  if (voided.ok && voided.status === 'created') {
    await markTweetWithdrawn(db, intentId, reason, nowMs, { fromCancelled: true }).run();
  } else if (!voided.ok) {
    const understood = [
      'pending_transfer_already_posted',
      'pending_transfer_already_voided',
      'pending_transfer_expired',
    ];
    assert(understood.includes(voided.code), `withdrawUnconfirmed: the ledger refused the void: ${voided.code}`);
  }
  return syncWithLedger(db, await reread(db, intentId), nowMs);
}

async function reread(db: D1Database, intentId: string): Promise<IntentRow> {
  const intent = await findIntent(db, intentId);
  assert(intent !== null, `withdrawUnconfirmed: no intent ${intentId}`);
  return intent;
}
