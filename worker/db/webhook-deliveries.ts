/**
 * Webhook deliveries received, keyed by the SHA-256 (hex) of their raw body (see
 * migrations/0004_webhooks.sql for why the body is the key). The routes answer X without touching
 * D1: the posts queue's consumer writes the rows, once per batch, and a copy is queued again and
 * decided once, since exactly-once rests on the matcher's edit-root keys, not on this table; a
 * copy of a post known by id only is answered from D1 by the matcher, with no second X read.
 */

export type WebhookProvider = 'x';

const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/** How long a processed delivery is remembered; older replays fall back on the matcher's idempotence. */
export const WEBHOOK_DELIVERY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

function assertDigest(bodySha256: string): void {
  if (!SHA256_HEX_PATTERN.test(bodySha256)) {
    throw new Error(`webhook-deliveries: not a SHA-256 hex digest: ${JSON.stringify(bodySha256)}`);
  }
}

export async function isDeliveryProcessed(db: D1Database, bodySha256: string): Promise<boolean> {
  assertDigest(bodySha256);
  const row = await db
    .prepare('SELECT 1 AS found FROM webhook_deliveries WHERE body_sha256 = ?')
    .bind(bodySha256)
    .first<{ found: number }>();
  return row !== null;
}

/**
 * Records a processed delivery. Returns false when it was already recorded (two copies of one
 * delivery processed at the same time): harmless, since each tweet has one effect whatever arrives.
 */
export async function recordDelivery(
  db: D1Database,
  delivery: { provider: WebhookProvider; bodySha256: string; tweetCount: number; receivedAtMs: number },
): Promise<boolean> {
  assertDigest(delivery.bodySha256);
  const result = await db
    .prepare(
      `INSERT INTO webhook_deliveries (body_sha256, provider, tweet_count, received_at_ms) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (body_sha256) DO NOTHING`,
    )
    .bind(delivery.bodySha256, delivery.provider, delivery.tweetCount, delivery.receivedAtMs)
    .run();
  return result.meta.changes > 0;
}

/**
 * Records processed deliveries in one statement (the posts queue's consumer, once per batch): a
 * delivery already recorded is kept as first received. Returns how many were new.
 */
export async function recordDeliveries(
  db: D1Database,
  deliveries: readonly { provider: WebhookProvider; bodySha256: string; tweetCount: number; receivedAtMs: number }[],
): Promise<number> {
  if (deliveries.length === 0) return 0;
  for (const delivery of deliveries) assertDigest(delivery.bodySha256);
  const result = await db
    .prepare(
      `INSERT INTO webhook_deliveries (body_sha256, provider, tweet_count, received_at_ms)
       SELECT value ->> '$.bodySha256', value ->> '$.provider', value ->> '$.tweetCount', value ->> '$.receivedAtMs'
       FROM json_each(?1) WHERE true
       ON CONFLICT (body_sha256) DO NOTHING`,
    )
    .bind(JSON.stringify(deliveries))
    .run();
  return result.meta.changes;
}

/**
 * Forgets at most `limit` deliveries received before `nowMs - WEBHOOK_DELIVERY_RETENTION_MS`
 * (X redelivers for far less long). Returns how many.
 */
export async function pruneDeliveries(db: D1Database, nowMs: number, limit: number): Promise<number> {
  const result = await db
    .prepare(
      `DELETE FROM webhook_deliveries WHERE body_sha256 IN (
         SELECT body_sha256 FROM webhook_deliveries WHERE received_at_ms < ?1 LIMIT ?2)`,
    )
    .bind(nowMs - WEBHOOK_DELIVERY_RETENTION_MS, limit)
    .run();
  return result.meta.changes;
}
