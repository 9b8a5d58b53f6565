import { assert } from '../../shared/assert';
import { findIntent, type IntentRow, markTweetWithdrawn } from '../db/payments';
import { createTransfer } from '../ledger';
import { syncWithLedger, transferIds } from './money';

/**
 * A payment whose public tweet stopped stating it before the payer confirmed (an edit that
 * changed the code, payee, amount, currency or pot, or a deletion) holds no money any more: the
 * hold is voided and the intent fails with the reason, which every answer about it carries.
 *
 * The ledger decides races with the payer's Confirm: the void is attempted first, under the
 * same fixed id a cancellation would use (`pay:<intent>:void`). If the payer's post landed first,
 * the payment stands as confirmed and nothing here changes it (after settlement, an edit changes
 * what is shown, never the money).
 */
export async function withdrawUnconfirmed(
  env: { DB: D1Database },
  intentId: string,
  reason: 'tweet-edited' | 'tweet-deleted',
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
