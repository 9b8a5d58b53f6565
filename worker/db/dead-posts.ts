/** Queue messages that kept failing, kept for an operator (migrations/0018_tweet_reads_dead_posts.sql). */

export interface DeadPost {
  messageId: string;
  tweetId: string | null;
  source: string | null;
  /** The message body as JSON, cut to what the column holds. */
  body: string;
  attempts: number;
  receivedAtMs: number;
}

/** The column's bound, in characters. */
export const DEAD_POST_BODY_LENGTH_MAX = 65_536;

/** Records dead messages once each (a redelivered dead letter is the same row). */
export function insertDeadPost(db: D1Database, post: DeadPost): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO dead_posts (message_id, tweet_id, source, body, attempts, received_at_ms)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (message_id) DO NOTHING`,
    )
    .bind(
      post.messageId,
      post.tweetId,
      post.source,
      post.body.slice(0, DEAD_POST_BODY_LENGTH_MAX),
      post.attempts,
      post.receivedAtMs,
    );
}

export async function countDeadPosts(db: D1Database): Promise<number> {
  const row = await db.prepare('SELECT count(*) AS n FROM dead_posts').first<{ n: number }>();
  return row?.n ?? 0;
}
