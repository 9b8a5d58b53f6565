import type { TweetRefusal, TweetRefusalReason } from '../../shared/contract/payments';
import { findIntent, intentFromRow, rootOfVersion, tweetUrl } from './payments';

/**
 * Refused tweets (0017_tweet_refusals.sql): a posted tweet that meant to move a linked person's
 * money and moved none, kept for that person with why. Written in the matcher's decision batch.
 */

/** Refused tweets one history page carries at most. */
export const REFUSALS_PER_PAGE_MAX = 100;

export interface NewTweetRefusal {
  rootId: string;
  userId: string;
  intentId: string | null;
  reason: TweetRefusalReason;
  tweetId: string;
  text: string;
  /** The decision's outcome this refusal stands on: the row is written only while the root says it. */
  outcome: string;
  nowMs: number;
}

interface RefusalRow {
  root_id: string;
  user_id: string;
  intent_id: string | null;
  reason: TweetRefusalReason;
  tweet_id: string;
  text: string;
  decided_at_ms: number;
  /** The tweet's author's handle when the author is the person (their own tweet). */
  author_username: string | null;
}

/**
 * Records a refusal in the decision's batch, after the decision's statement: only if the root now
 * says this outcome, once (a replay writes nothing).
 */
export function insertTweetRefusal(db: D1Database, refusal: NewTweetRefusal): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO tweet_refusals (root_id, user_id, intent_id, reason, tweet_id, text, decided_at_ms)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 FROM payment_tweets
       WHERE root_id = ?1 AND intent_id IS NULL AND outcome = ?8
       ON CONFLICT (root_id) DO NOTHING`,
    )
    .bind(
      refusal.rootId,
      refusal.userId,
      refusal.intentId,
      refusal.reason,
      refusal.tweetId,
      refusal.text,
      refusal.nowMs,
      refusal.outcome,
    );
}

const REFUSAL_SELECT = `SELECT r.*, CASE WHEN pt.author_x_user_id = u.x_user_id THEN u.username END AS author_username
  FROM tweet_refusals r JOIN users u ON u.id = r.user_id JOIN payment_tweets pt ON pt.root_id = r.root_id`;

/** The refusal of the root this tweet id belongs to, if the matcher recorded one. */
export async function findRefusalOfTweet(db: D1Database, tweetId: string): Promise<RefusalRow | null> {
  return db
    .prepare(`${REFUSAL_SELECT} WHERE r.root_id = ${rootOfVersion('?1')}`)
    .bind(tweetId)
    .first<RefusalRow>();
}

/** When the root this tweet id belongs to was decided, if it was. */
export async function findDecisionTimeOfTweet(db: D1Database, tweetId: string): Promise<number | null> {
  const row = await db
    .prepare(`SELECT decided_at_ms FROM payment_tweets WHERE root_id = ${rootOfVersion('?1')}`)
    .bind(tweetId)
    .first<{ decided_at_ms: number }>();
  return row?.decided_at_ms ?? null;
}

/** A person's refusals decided in [fromMs, beforeMs), newest first. */
export async function listRefusalsOfUser(
  db: D1Database,
  userId: string,
  span: { fromMs: number; beforeMs: number },
): Promise<RefusalRow[]> {
  const { results } = await db
    .prepare(
      `${REFUSAL_SELECT} WHERE r.user_id = ? AND r.decided_at_ms >= ? AND r.decided_at_ms < ?
       ORDER BY r.decided_at_ms DESC, r.root_id DESC LIMIT ?`,
    )
    .bind(userId, span.fromMs, span.beforeMs, REFUSALS_PER_PAGE_MAX)
    .all<RefusalRow>();
  return results;
}

/** The contract's refusal, with the drafted intent it was meant for when there is one. */
export async function refusalFromRow(db: D1Database, row: RefusalRow): Promise<TweetRefusal> {
  const intent = row.intent_id === null ? null : await findIntent(db, row.intent_id);
  return {
    tweetId: row.tweet_id,
    // The author's handle is known when it is the person's own tweet; X also answers `i/web`.
    tweetUrl:
      row.author_username === null
        ? `https://x.com/i/web/status/${row.tweet_id}`
        : tweetUrl(row.author_username, row.tweet_id),
    reason: row.reason,
    text: row.text,
    intent: intent === null ? null : intentFromRow(intent),
    decidedAt: new Date(row.decided_at_ms).toISOString(),
  };
}
