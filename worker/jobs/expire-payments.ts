import {
  markClosed,
  selectIntentsDue,
  selectIntentsMidMatch,
  selectUnconfirmedWithWithdrawnTweet,
} from '../db/payments';
import type { Env } from '../env';
import { reserve, syncWithLedger } from '../payments/money';
import { applyRecordedWithdrawal } from '../payments/withdraw';
import { expireUnconfirmedPledge } from '../pots/holds';
import { forEachRow } from './each-row';

/** Bounds one run; a backlog drains over the next runs. */
export const PAYMENT_EXPIRIES_PER_RUN_MAX = 40;
/** A match left unreserved for this long was interrupted (a normal one takes milliseconds). */
export const MID_MATCH_RESUME_AFTER_MS = 60_000;

/**
 * Closes what waited too long: drafted intents whose tweet never came (nothing was reserved),
 * and matched payments the payer did not confirm in time (the ledger's own expiry releases the
 * reservation; this writes it onto the intent). Also completes matches a stopped run left
 * between the match and the reservation, and withdrawals a stopped run left between writing that
 * a tweet was deleted or edited and voiding the hold (first, so no such match is reserved).
 */
export async function expirePayments(env: Env, nowMs: number): Promise<Record<string, number>> {
  const db = env.DB;
  const report = { draftsExpired: 0, confirmationsExpired: 0, tweetsWithdrawn: 0, resumed: 0, failed: 0 };
  const withdrawn = await selectUnconfirmedWithWithdrawnTweet(db, PAYMENT_EXPIRIES_PER_RUN_MAX);
  const drafts = await selectIntentsDue(db, 'draft-expired', nowMs, PAYMENT_EXPIRIES_PER_RUN_MAX);
  const overdue = await selectIntentsDue(db, 'confirmation-overdue', nowMs, PAYMENT_EXPIRIES_PER_RUN_MAX);
  const stuck = await selectIntentsMidMatch(db, nowMs - MID_MATCH_RESUME_AFTER_MS, PAYMENT_EXPIRIES_PER_RUN_MAX);
  const runs = [
    await forEachRow('expirePayments', drafts, async (intent) => {
      const result = await markClosed(db, intent.id, 'expired', nowMs, 'awaiting_tweet').run();
      report.draftsExpired += result.meta.changes;
    }),
    await forEachRow('expirePayments', overdue, async (intent) => {
      // A pledge's hold lasts until its project's deadline, past its confirmation window: the
      // ledger will not expire it in time, so it is voided here.
      const after =
        intent.purpose === 'pledge'
          ? await expireUnconfirmedPledge(db, intent, nowMs)
          : await syncWithLedger(db, intent, nowMs);
      if (after.status === 'expired') report.confirmationsExpired += 1;
    }),
    await forEachRow('expirePayments', withdrawn, async (intent) => {
      if ((await applyRecordedWithdrawal(env, intent, nowMs)).status === 'failed') report.tweetsWithdrawn += 1;
    }),
    await forEachRow('expirePayments', stuck, async (intent) => {
      await reserve(env, intent.id, nowMs);
      report.resumed += 1;
    }),
  ];
  report.failed = runs.reduce((sum, run) => sum + run.failed, 0);
  return report;
}
