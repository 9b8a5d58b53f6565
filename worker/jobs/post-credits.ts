import { postCredit } from '../credits/ledger';
import { dueCredits } from '../db/credits';
import type { Env } from '../env';

/** Credits posted per run at most; the rest wait for the next run (every minute). */
export const CREDITS_POSTED_PER_RUN_MAX = 50;

/**
 * Posts the pending credits whose settlement delay has passed as of `nowMs`. Idempotent: a credit
 * posted by an earlier (or concurrent) run is found posted; one a refund voided first stays voided.
 */
export async function postCredits(env: Env, nowMs: number): Promise<Record<string, number>> {
  const due = await dueCredits(env.DB, nowMs, CREDITS_POSTED_PER_RUN_MAX);
  let posted = 0;
  let voided = 0;
  for (const credit of due) {
    const after = await postCredit(env.DB, credit, nowMs);
    if (after.status === 'posted') posted++;
    else if (after.status === 'voided') voided++;
  }
  return { due: due.length, posted, voided };
}
