import { selectStalledWithdrawals } from '../db/funds';
import type { Env } from '../env';
import { sendHeldWithdrawal, withdrawalIsHeld } from '../funds/withdrawals';
import { paymentsProviderOf } from '../payments-provider/config';
import { forEachRow } from './each-row';

/** Bounds one run; a backlog drains over the next runs. */
export const STALLED_WITHDRAWALS_PER_RUN_MAX = 10;
/** A withdrawal younger than this may still be in its first request to the provider. */
export const WITHDRAWAL_STALLED_AFTER_MS = 60_000;

/**
 * A withdrawal held in the ledger whose provider call failed on the network (no payout
 * recorded) is sent again with the same idempotency keys, so the provider makes its transfer and
 * payout at most once, whether the first call reached it or not. A refusal releases the money
 * back to the wallet; another network failure leaves it for the next run.
 */
export async function retryWithdrawals(env: Env, nowMs: number): Promise<Record<string, number>> {
  const provider = paymentsProviderOf(env);
  if (provider === null) return { skipped: 1 };
  const report = { sent: 0, refused: 0, notHeld: 0, failed: 0 };
  const stalled = await selectStalledWithdrawals(
    env.DB,
    nowMs - WITHDRAWAL_STALLED_AFTER_MS,
    STALLED_WITHDRAWALS_PER_RUN_MAX,
  );
  const run = await forEachRow('retryWithdrawals', stalled, async (row) => {
    if (!(await withdrawalIsHeld(env.DB, row, nowMs))) {
      report.notHeld += 1;
      return;
    }
    if ((await sendHeldWithdrawal(env.DB, provider, row, nowMs)) === null) report.sent += 1;
    else report.refused += 1;
  });
  report.failed = run.failed;
  return report;
}
