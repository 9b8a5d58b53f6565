import { markClosed, selectIntentsDue, selectIntentsMidMatch } from '../db/payments';
import type { Env } from '../env';
import { reserve, syncWithLedger } from '../payments/money';

/** Bounds one run; a backlog drains over the next runs. */
export const PAYMENT_EXPIRIES_PER_RUN_MAX = 200;
/** A match left unreserved for this long was interrupted (a normal one takes milliseconds). */
export const MID_MATCH_RESUME_AFTER_MS = 60_000;

/**
 * Closes what waited too long: drafted intents whose tweet never came (nothing was reserved),
 * and matched payments the payer did not confirm in time (the ledger's own expiry releases the
 * reservation; this writes it onto the intent). Also completes matches a stopped run left
 * between the match and the reservation.
 */
export async function expirePayments(env: Env, nowMs: number): Promise<Record<string, number>> {
  const db = env.DB;
  const report = { draftsExpired: 0, confirmationsExpired: 0, resumed: 0 };
  for (const intent of await selectIntentsDue(db, 'draft-expired', nowMs, PAYMENT_EXPIRIES_PER_RUN_MAX)) {
    const result = await markClosed(db, intent.id, 'expired', nowMs, 'awaiting_tweet').run();
    report.draftsExpired += result.meta.changes;
  }
  for (const intent of await selectIntentsDue(db, 'confirmation-overdue', nowMs, PAYMENT_EXPIRIES_PER_RUN_MAX)) {
    const after = await syncWithLedger(db, intent, nowMs);
    if (after.status === 'expired') report.confirmationsExpired += 1;
  }
  const stuck = await selectIntentsMidMatch(db, nowMs - MID_MATCH_RESUME_AFTER_MS, PAYMENT_EXPIRIES_PER_RUN_MAX);
  for (const intent of stuck) {
    await reserve(env, intent.id, nowMs);
    report.resumed += 1;
  }
  return report;
}
