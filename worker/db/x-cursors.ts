/**
 * Cursors of polled X searches: per named stream, the newest tweet id already seen (`since_id`).
 * A cursor only moves forward, compared as a number (ids exceed 2^53, so never as a JS number).
 */

const TWEET_ID_PATTERN = /^[1-9][0-9]{0,19}$/;

export async function getXCursor(db: D1Database, stream: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT since_id FROM x_cursors WHERE stream = ?')
    .bind(stream)
    .first<{ since_id: string }>();
  return row?.since_id ?? null;
}

/**
 * Moves the stream's cursor to `sinceId` if that is newer than the stored one. Returns whether
 * it moved. The comparison is in the statement itself (length, then digits: exact for decimal
 * strings without leading zeros), so two concurrent pollers can never move it back.
 */
export async function advanceXCursor(db: D1Database, stream: string, sinceId: string, nowMs: number): Promise<boolean> {
  if (!TWEET_ID_PATTERN.test(sinceId)) throw new Error(`x-cursors: not a tweet id: ${JSON.stringify(sinceId)}`);
  const result = await db
    .prepare(
      `INSERT INTO x_cursors (stream, since_id, updated_at_ms) VALUES (?1, ?2, ?3)
       ON CONFLICT (stream) DO UPDATE SET since_id = excluded.since_id, updated_at_ms = excluded.updated_at_ms
       WHERE length(excluded.since_id) > length(x_cursors.since_id)
          OR (length(excluded.since_id) = length(x_cursors.since_id) AND excluded.since_id > x_cursors.since_id)`,
    )
    .bind(stream, sinceId, nowMs)
    .run();
  return result.meta.changes > 0;
}

/** The larger of two tweet ids, compared as integers. */
export function newerTweetId(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** What a truncated round left unread: tweets newer than `sinceId` and older than `untilId`. */
export interface XBacklog {
  sinceId: string;
  untilId: string;
}

export async function getXBacklog(db: D1Database, stream: string): Promise<XBacklog | null> {
  const row = await db
    .prepare('SELECT backlog_since_id, backlog_until_id FROM x_cursors WHERE stream = ?')
    .bind(stream)
    .first<{ backlog_since_id: string | null; backlog_until_id: string | null }>();
  if (!row?.backlog_since_id || !row.backlog_until_id) return null;
  return { sinceId: row.backlog_since_id, untilId: row.backlog_until_id };
}

/**
 * Records (or, with null, forgets) the stream's unread window. The cursor row must exist: a
 * window is only left behind by a round that started from a cursor.
 */
export async function setXBacklog(
  db: D1Database,
  stream: string,
  backlog: XBacklog | null,
  nowMs: number,
): Promise<void> {
  for (const id of backlog ? [backlog.sinceId, backlog.untilId] : []) {
    if (!TWEET_ID_PATTERN.test(id)) throw new Error(`x-cursors: not a tweet id: ${JSON.stringify(id)}`);
  }
  await db
    .prepare('UPDATE x_cursors SET backlog_since_id = ?2, backlog_until_id = ?3, updated_at_ms = ?4 WHERE stream = ?1')
    .bind(stream, backlog?.sinceId ?? null, backlog?.untilId ?? null, nowMs)
    .run();
}
