import { pruneExpiredOAuthLinks } from '../db/oauth-links';
import { pruneExpiredSessions } from '../db/sessions';
import type { Env } from '../env';

/** Bounds one run per table; a backlog (a flood of unfinished links) drains over the next minutes. */
export const IDENTITY_ROWS_PRUNED_PER_RUN_MAX = 500;

/**
 * Forgets OAuth links past their expiry (10 minutes: started and never finished, or finished and
 * claimed) and sessions past theirs (30 days), so unauthenticated `POST /v1/auth/start` floods
 * and old sessions do not pile up.
 */
export async function pruneExpiredIdentity(env: Env, nowMs: number): Promise<Record<string, number>> {
  const links = await pruneExpiredOAuthLinks(env.DB, nowMs, IDENTITY_ROWS_PRUNED_PER_RUN_MAX);
  const sessions = await pruneExpiredSessions(env.DB, nowMs, IDENTITY_ROWS_PRUNED_PER_RUN_MAX);
  return { links, sessions };
}
