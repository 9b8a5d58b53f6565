import type { Env } from '../env';
import { streamClientFor, tweetSourceOf } from '../stream/config';
import { reconcileStreamRules } from '../stream/rules';

/**
 * Keeps X's filtered stream rules in step with D1 (see stream/rules.ts): catches what time alone
 * changes (an offer past its enrol-by date, a pot closed at its deadline) and any change a
 * lifecycle hook could not make (X unreachable then). One rules read a run; writes only on a
 * difference. Nothing to do when tweets come from search.
 */
export async function streamRules(env: Env, nowMs: number): Promise<Record<string, number>> {
  if (tweetSourceOf(env) !== 'stream') return { skipped: 1 };
  return { ...(await reconcileStreamRules(env, streamClientFor(env), nowMs)) };
}
