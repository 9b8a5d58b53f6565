import { selectPotsWithDeadlineWork } from '../db/pots';
import type { Env } from '../env';
import { advancePot, type DeadlineBudget, emptyDeadlineReport } from '../pots/deadlines';
import { forEachRow } from './each-row';

/** Pots and projects looked at per run. */
export const DEADLINE_POTS_PER_RUN_MAX = 20;
/**
 * Confirmed pledges resolved per run, over all projects. They are resolved by batches of
 * PLEDGES_PER_BATCH_MAX (three D1 calls per batch), so a run stays well inside one invocation's
 * query budget; a larger project drains over the next runs.
 */
export const PLEDGES_RESOLVED_PER_RUN_MAX = 1_000;
/** Holds of pledges that will never count (unconfirmed, cancelled) voided per run. */
export const STALE_HOLDS_RELEASED_PER_RUN_MAX = 50;

export interface DeadlineMaxima {
  potsPerRun: number;
  pledgesPerRun: number;
  holdsPerRun: number;
}

export const DEADLINE_MAXIMA: DeadlineMaxima = {
  potsPerRun: DEADLINE_POTS_PER_RUN_MAX,
  pledgesPerRun: PLEDGES_RESOLVED_PER_RUN_MAX,
  holdsPerRun: STALE_HOLDS_RELEASED_PER_RUN_MAX,
};

/**
 * Closes and pays out pots at their deadline, and decides all-or-nothing projects at theirs:
 * every confirmed pledge collected if the goal is reached, every one released otherwise. Each
 * run does a bounded part; whatever is left (a large project, a run that stopped) is picked up
 * by the next run from what D1 and the ledger say, never from memory.
 */
export async function potDeadlines(
  env: Env,
  nowMs: number,
  maxima: DeadlineMaxima = DEADLINE_MAXIMA,
): Promise<Record<string, number>> {
  const db = env.DB;
  const report = emptyDeadlineReport();
  const budget: DeadlineBudget = { pledges: maxima.pledgesPerRun, holds: maxima.holdsPerRun };
  const pots = await selectPotsWithDeadlineWork(db, nowMs, maxima.potsPerRun);
  const run = await forEachRow('potDeadlines', pots, (pot) => advancePot(db, pot, nowMs, budget, report));
  return { ...report, failed: run.failed };
}
