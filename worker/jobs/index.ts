import type { Env } from '../env';
import { expirePayments } from './expire-payments';
import { expirePending } from './expire-pending';
import { matchSearch } from './match-search';
import { postCredits } from './post-credits';
import { potDeadlines } from './pot-deadlines';
import { pruneWebhookDeliveries } from './prune-webhook-deliveries';
import { reconcileProviderJob } from './reconcile-provider';
import { refundEscrow } from './refund-escrow';

/** A scheduled job: does one bounded round of work as of `nowMs` and says what it did. */
export type Job = (env: Env, nowMs: number) => Promise<Record<string, number>>;

/**
 * Every scheduled job by name. The cron trigger runs them all; tests run one by name with a
 * controlled clock. A failing job is logged and does not stop the others. They share one
 * invocation's D1 query budget (1000 on Workers Paid), so each job's per-run maximum is kept
 * small: a backlog drains over the following minutes instead of failing the run.
 */
export const jobs: Record<string, Job> = {
  expirePending,
  matchSearch,
  expirePayments,
  refundEscrow,
  pruneWebhookDeliveries,
  postCredits,
  potDeadlines,
  reconcileProvider: reconcileProviderJob,
};

export async function runScheduledJobs(
  env: Env,
  nowMs: number,
): Promise<Record<string, Record<string, number> | { error: string }>> {
  const reports: Record<string, Record<string, number> | { error: string }> = {};
  for (const [name, job] of Object.entries(jobs)) {
    try {
      reports[name] = await job(env, nowMs);
    } catch (error) {
      reports[name] = { error: String(error) };
      console.error(JSON.stringify({ job: name, error: String(error) }));
    }
  }
  console.log(JSON.stringify({ scheduled: new Date(nowMs).toISOString(), reports }));
  return reports;
}
