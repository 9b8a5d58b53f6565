import type { Env } from '../env';
import { log } from '../log';
import { streamClientFor, tweetSourceOf } from './config';
import { reconcileStreamRules } from './rules';

/**
 * Called after a change to the hashtags the stream must follow (an offer created, paused or
 * resumed; a pot or project opened or closed): X's rules are brought in step after the answer is
 * sent, so the request never waits on X. If X cannot be reached, the scheduled `streamRules` job
 * makes the change within a minute or two.
 */
export function followHashtagChange(c: { env: Env; executionCtx: ExecutionContext }): void {
  if (tweetSourceOf(c.env) !== 'stream') return;
  const work = reconcileStreamRules(c.env, streamClientFor(c.env), Date.now()).then(
    (report) => log('info', 'stream-rules', { ...report }),
    (error: unknown) => log('warn', 'stream-rules-not-updated', { error: String(error) }),
  );
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (a direct call in a test): the work goes on unawaited.
  }
}
