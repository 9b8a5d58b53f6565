import { selectLatestReconciliation } from '../db/funds';
import type { Env } from '../env';
import { reconcileProvider } from '../funds/reconcile';
import { paymentsProviderOf } from '../payments-provider/config';

/** How often the ledger is compared with the provider's balance (the cron runs every minute). */
export const RECONCILIATION_INTERVAL_MS = 60 * 60 * 1000;

/** Compares the ledger's provider accounts with the provider's balance transactions, hourly. */
export async function reconcileProviderJob(env: Env, nowMs: number): Promise<Record<string, number>> {
  const provider = paymentsProviderOf(env);
  if (provider === null) return { skipped: 1 };
  const latest = await selectLatestReconciliation(env.DB);
  const lastRunMs = latest[0]?.ran_at_ms;
  if (lastRunMs !== undefined && nowMs - lastRunMs < RECONCILIATION_INTERVAL_MS && nowMs >= lastRunMs) {
    return { skipped: 1 };
  }
  const rows = await reconcileProvider(env.DB, provider, nowMs);
  return { currencies: rows.length, differences: rows.filter((row) => row.difference_minor !== 0).length };
}
