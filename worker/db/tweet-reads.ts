/**
 * Leases and brief memories of tweet reads by id (migrations/0018_tweet_reads_dead_posts.sql): one
 * arrival reads a tweet from X while a simultaneous one waits, and X's "not found" is remembered
 * for a short while. Ids are X ids (digits), checked by the callers.
 */

export interface TweetReadClaim {
  /** Ids this caller may read now: its lease runs until the given time. */
  leased: string[];
  /** Ids X answered as not found a moment ago: not read again yet. */
  notFound: string[];
  /** Ids another arrival is reading, or the queue holds in full: wait for its decision. */
  busy: string[];
}

/**
 * Leases the ids not leased by someone else and not remembered as not found, in one statement:
 * an id leased here is returned by the upsert, an id whose lease or memory still runs is not.
 */
export async function leaseTweetReads(
  db: D1Database,
  tweetIds: readonly string[],
  nowMs: number,
  leasedUntilMs: number,
): Promise<TweetReadClaim> {
  const ids = [...new Set(tweetIds)];
  if (ids.length === 0) return { leased: [], notFound: [], busy: [] };
  const [leasedRows, notFoundRows] = await db.batch<{ tweet_id: string }>([
    db
      .prepare(
        `INSERT INTO tweet_reads (tweet_id, leased_until_ms) SELECT value, ?2 FROM json_each(?1) WHERE true
         ON CONFLICT (tweet_id) DO UPDATE SET leased_until_ms = excluded.leased_until_ms
         WHERE tweet_reads.leased_until_ms <= ?3 AND tweet_reads.not_found_until_ms <= ?3
         RETURNING tweet_id`,
      )
      .bind(JSON.stringify(ids), leasedUntilMs, nowMs),
    db
      .prepare(
        `SELECT tweet_id FROM tweet_reads
         WHERE tweet_id IN (SELECT value FROM json_each(?1)) AND not_found_until_ms > ?2`,
      )
      .bind(JSON.stringify(ids), nowMs),
  ]);
  const leased = new Set((leasedRows?.results ?? []).map((row) => row.tweet_id));
  const notFound = new Set((notFoundRows?.results ?? []).map((row) => row.tweet_id));
  return {
    leased: ids.filter((id) => leased.has(id)),
    notFound: ids.filter((id) => notFound.has(id) && !leased.has(id)),
    busy: ids.filter((id) => !leased.has(id) && !notFound.has(id)),
  };
}

/**
 * Posts delivered in full and put on the queue: their ids are held until the consumer decides them
 * (or the hold runs out), so a report of one of them meanwhile reads nothing from X.
 */
export function holdDeliveredPosts(
  db: D1Database,
  tweetIds: readonly string[],
  heldUntilMs: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO tweet_reads (tweet_id, leased_until_ms) SELECT value, ?2 FROM json_each(?1) WHERE true
       ON CONFLICT (tweet_id) DO UPDATE SET leased_until_ms = max(tweet_reads.leased_until_ms, excluded.leased_until_ms),
         not_found_until_ms = 0`,
    )
    .bind(JSON.stringify(tweetIds), heldUntilMs);
}

/** Ends the leases of ids read (or given up on): their decision, if any, is in D1 now. */
export function releaseTweetReads(db: D1Database, tweetIds: readonly string[]): D1PreparedStatement {
  return db
    .prepare('UPDATE tweet_reads SET leased_until_ms = 0 WHERE tweet_id IN (SELECT value FROM json_each(?1))')
    .bind(JSON.stringify(tweetIds));
}

/** Ends the leases of ids X answered as not found, and remembers that answer until `untilMs`. */
export function rememberNotFound(db: D1Database, tweetIds: readonly string[], untilMs: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE tweet_reads SET leased_until_ms = 0, not_found_until_ms = ?2
       WHERE tweet_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(tweetIds), untilMs);
}

/** Ids among these that are neither leased nor remembered any more (a waiting arrival may go on). */
export async function findUnheldTweetReads(
  db: D1Database,
  tweetIds: readonly string[],
  nowMs: number,
): Promise<string[]> {
  if (tweetIds.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT value AS tweet_id FROM json_each(?1) WHERE value NOT IN (
         SELECT tweet_id FROM tweet_reads WHERE leased_until_ms > ?2 OR not_found_until_ms > ?2)`,
    )
    .bind(JSON.stringify(tweetIds), nowMs)
    .all<{ tweet_id: string }>();
  return results.map((row) => row.tweet_id);
}

/** Deletes rows whose lease and memory are both over; at most `limit` a call. */
export async function pruneTweetReads(db: D1Database, nowMs: number, limit: number): Promise<number> {
  const result = await db
    .prepare(
      `DELETE FROM tweet_reads WHERE tweet_id IN (
         SELECT tweet_id FROM tweet_reads WHERE max(leased_until_ms, not_found_until_ms) <= ?1 LIMIT ?2)`,
    )
    .bind(nowMs, limit)
    .run();
  return result.meta.changes ?? 0;
}
