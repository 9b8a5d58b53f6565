import { selectEscrowedWithLinkedPayee, selectIntentsDue } from '../db/payments';
import { findLinkedUserByXUserId } from '../db/users';
import type { Env } from '../env';
import { paymentsConfig } from '../payments/config';
import { resolveEscrow } from '../payments/escrow';
import { forEachRow } from './each-row';

/** Bounds one run; a backlog drains over the next runs. */
export const ESCROW_RESOLUTIONS_PER_RUN_MAX = 25;

/**
 * Escrowed money whose payee never linked goes back to the payer once the escrow delay has
 * passed; money whose payee has linked meanwhile (and whose claim at link time did not happen)
 * goes to the payee.
 */
export async function refundEscrow(env: Env, nowMs: number): Promise<Record<string, number>> {
  const db = env.DB;
  const { escrowRefundAfterS } = paymentsConfig(env);
  const report = { claimed: 0, refunded: 0, failed: 0 };
  const linkedMeanwhile = await selectEscrowedWithLinkedPayee(db, ESCROW_RESOLUTIONS_PER_RUN_MAX);
  const claims = await forEachRow('refundEscrow', linkedMeanwhile, async (intent) => {
    if ((await resolveEscrow(env, intent.id, 'claim', nowMs)).status === 'settled') report.claimed += 1;
  });
  const overdue = await selectIntentsDue(
    db,
    'escrow-overdue',
    nowMs - escrowRefundAfterS * 1000,
    ESCROW_RESOLUTIONS_PER_RUN_MAX,
  );
  const refunds = await forEachRow('refundEscrow', overdue, async (intent) => {
    const linked = (await findLinkedUserByXUserId(db, intent.payee_x_user_id)) !== null;
    const after = await resolveEscrow(env, intent.id, linked ? 'claim' : 'refund', nowMs);
    if (after.status === 'refunded') report.refunded += 1;
    if (after.status === 'settled') report.claimed += 1;
  });
  report.failed = claims.failed + refunds.failed;
  return report;
}
