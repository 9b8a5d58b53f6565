import { pruneTweetReads } from '../db/tweet-reads';
import type { Env } from '../env';

/** Bounds one run; a backlog drains over the next minutes. */
export const TWEET_READS_PRUNED_PER_RUN_MAX = 1000;

/** Forgets leases and not-found answers that have run out (they only ever matter for a minute or so). */
export async function pruneTweetReadsJob(env: Env, nowMs: number): Promise<Record<string, number>> {
  return { pruned: await pruneTweetReads(env.DB, nowMs, TWEET_READS_PRUNED_PER_RUN_MAX) };
}
