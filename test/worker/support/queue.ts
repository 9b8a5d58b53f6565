import { env } from 'cloudflare:workers';

/**
 * The posts queue's consumer runs on its own after a delivery is acknowledged: tests wait for its
 * result in D1 (readiness), polling, never sleeping a fixed time before looking.
 */

/** Bound of a wait for the consumer, for a busy two-core machine (the queue's batch timeout is 1 s). */
export const QUEUE_SETTLED_WITHIN_MS = 60_000;
const POLL_MS = 50;

/** Waits until `check` answers something other than null or false, and returns it. */
export async function until<T>(
  what: string,
  check: () => Promise<T | null | false>,
  withinMs = QUEUE_SETTLED_WITHIN_MS,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until every given root (or version id) has its decision written by the consumer. */
export async function untilDecided(tweetIds: readonly string[], withinMs?: number): Promise<void> {
  await until(
    `decisions of ${tweetIds.join(', ')}`,
    async () => {
      const row = await env.DB.prepare(
        `SELECT count(DISTINCT value) AS n FROM json_each(?1)
         WHERE value IN (SELECT tweet_id FROM payment_tweet_versions) OR value IN (SELECT root_id FROM payment_tweets)`,
      )
        .bind(JSON.stringify(tweetIds))
        .first<{ n: number }>();
      return row!.n === new Set(tweetIds).size;
    },
    withinMs,
  );
}
