import { recordOpsEvent } from '../db/ops-events';
import type { Env } from '../env';
import { log } from '../log';
import { expirePayments } from './expire-payments';
import { expirePending } from './expire-pending';
import { matchSearch } from './match-search';
import { postCredits } from './post-credits';
import { potDeadlines } from './pot-deadlines';
import { pruneExpiredIdentity } from './prune-expired-identity';
import { pruneTweetReadsJob } from './prune-tweet-reads';
import { pruneWebhookDeliveries } from './prune-webhook-deliveries';
import { reconcileProviderJob } from './reconcile-provider';
import { refundEscrow } from './refund-escrow';
import { retryWithdrawals } from './retry-withdrawals';
import { streamRules } from './stream-rules';

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
  streamRules,
  matchSearch,
  expirePayments,
  refundEscrow,
  pruneWebhookDeliveries,
  pruneTweetReads: pruneTweetReadsJob,
  pruneExpiredIdentity,
  postCredits,
  potDeadlines,
  reconcileProvider: reconcileProviderJob,
  retryWithdrawals,
};

/** A job's failures are counted in ops_events under this prefix and reported by /health. */
export const JOB_FAILURE_EVENT_PREFIX = 'job:';

export async function runScheduledJobs(
  env: Env,
  nowMs: number,
): Promise<Record<string, Record<string, number> | { error: string }>> {
  const reports: Record<string, Record<string, number> | { error: string }> = {};
  for (const [name, job] of Object.entries(jobs)) {
    const startedMs = Date.now();
    try {
      reports[name] = await job(env, nowMs);
      log('info', 'job', { job: name, durationMs: Date.now() - startedMs, report: reports[name] });
    } catch (error) {
      reports[name] = { error: String(error) };
      log('error', 'job-failed', { job: name, durationMs: Date.now() - startedMs, error: String(error) });
      await recordOpsEvent(env.DB, `${JOB_FAILURE_EVENT_PREFIX}${name}`, nowMs, String(error)).catch((failure) =>
        log('warn', 'ops-event-not-recorded', { job: name, error: String(failure) }),
      );
    }
  }
  return reports;
}
