import type { Env } from '../env';
import { expirePendingTransfers } from '../ledger';

/** Bounds one run so a backlog drains over a few runs instead of overrunning one. */
export const EXPIRIES_PER_RUN_MAX = 100;

/** Releases the reservations of pending transfers whose timeout has passed. */
export async function expirePending(env: Env, nowMs: number): Promise<Record<string, number>> {
  const report = await expirePendingTransfers(env.DB, nowMs, EXPIRIES_PER_RUN_MAX);
  return { ...report };
}
