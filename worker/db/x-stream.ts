/**
 * The filtered stream's heartbeat (migrations/0016_stream_deliveries.sql): when X last delivered
 * or checked the webhook's CRC, the newest post delivered, and how far the gap search went. Ids
 * move only forward, compared inside each statement (length, then digits), so two deliveries at
 * once never move one back.
 */

const STREAM = 'posts';
const POST_ID_PATTERN = /^[1-9][0-9]{0,19}$/;

export interface StreamHeartbeat {
  lastDeliveryAtMs: number | null;
  lastCrcAtMs: number | null;
  newestDeliveredId: string | null;
  gapSearchedThroughId: string | null;
  gapSearchedAtMs: number | null;
}

/** The newer of a stored id column and `?2`, as SQL (null `?2` keeps the column). */
function newerIdSql(column: string, parameter: string): string {
  return `CASE WHEN ${parameter} IS NULL THEN ${column}
    WHEN ${column} IS NULL OR length(${parameter}) > length(${column})
      OR (length(${parameter}) = length(${column}) AND ${parameter} > ${column}) THEN ${parameter}
    ELSE ${column} END`;
}

function assertPostId(id: string | null): void {
  if (id !== null && !POST_ID_PATTERN.test(id)) throw new Error(`x-stream: not a post id: ${JSON.stringify(id)}`);
}

export async function getStreamHeartbeat(db: D1Database): Promise<StreamHeartbeat> {
  const row = await db
    .prepare(
      `SELECT last_delivery_at_ms, last_crc_at_ms, newest_delivered_id, gap_searched_through_id, gap_searched_at_ms
       FROM x_stream_heartbeat WHERE stream = ?`,
    )
    .bind(STREAM)
    .first<{
      last_delivery_at_ms: number | null;
      last_crc_at_ms: number | null;
      newest_delivered_id: string | null;
      gap_searched_through_id: string | null;
      gap_searched_at_ms: number | null;
    }>();
  return {
    lastDeliveryAtMs: row?.last_delivery_at_ms ?? null,
    lastCrcAtMs: row?.last_crc_at_ms ?? null,
    newestDeliveredId: row?.newest_delivered_id ?? null,
    gapSearchedThroughId: row?.gap_searched_through_id ?? null,
    gapSearchedAtMs: row?.gap_searched_at_ms ?? null,
  };
}

/** A signed delivery arrived (its newest post id, when it carried posts). */
export async function recordStreamDelivery(db: D1Database, newestId: string | null, nowMs: number): Promise<void> {
  assertPostId(newestId);
  await db
    .prepare(
      `INSERT INTO x_stream_heartbeat (stream, last_delivery_at_ms, newest_delivered_id, updated_at_ms)
       VALUES (?1, ?3, ?2, ?3)
       ON CONFLICT (stream) DO UPDATE SET
         last_delivery_at_ms = max(coalesce(last_delivery_at_ms, 0), ?3),
         newest_delivered_id = ${newerIdSql('newest_delivered_id', '?2')},
         updated_at_ms = ?3`,
    )
    .bind(STREAM, newestId, nowMs)
    .run();
}

/** X checked the webhook's CRC (on registration, hourly, or when asked to). */
export async function recordStreamCrc(db: D1Database, nowMs: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO x_stream_heartbeat (stream, last_crc_at_ms, updated_at_ms) VALUES (?1, ?2, ?2)
       ON CONFLICT (stream) DO UPDATE SET last_crc_at_ms = max(coalesce(last_crc_at_ms, 0), ?2), updated_at_ms = ?2`,
    )
    .bind(STREAM, nowMs)
    .run();
}

/** The gap search ran at `nowMs` and reached `throughId` (null: it found nothing newer). */
export async function recordGapSearch(db: D1Database, throughId: string | null, nowMs: number): Promise<void> {
  assertPostId(throughId);
  await db
    .prepare(
      `INSERT INTO x_stream_heartbeat (stream, gap_searched_through_id, gap_searched_at_ms, updated_at_ms)
       VALUES (?1, ?2, ?3, ?3)
       ON CONFLICT (stream) DO UPDATE SET
         gap_searched_through_id = ${newerIdSql('gap_searched_through_id', '?2')},
         gap_searched_at_ms = ?3,
         updated_at_ms = ?3`,
    )
    .bind(STREAM, throughId, nowMs)
    .run();
}
