import type { Merchant } from '../../shared/contract/offers';

/**
 * Every SQL statement of merchants and their card-network acceptor ids (0005_offers.sql). A
 * merchant is found by the SHA-256 of its API key; the key itself is never stored.
 */

export interface MerchantRow {
  id: string;
  name: string;
  x_username: string | null;
  api_key_hash: string;
  created_at_ms: number;
}

export function merchantFromRow(row: MerchantRow, cardMerchantIds: readonly string[]): Merchant {
  return {
    id: row.id,
    name: row.name,
    xUsername: row.x_username,
    merchantIds: [...cardMerchantIds],
    createdAt: new Date(row.created_at_ms).toISOString(),
  };
}

/** The statements creating a merchant with its acceptor ids, for one batch. */
export function insertMerchantStatements(
  db: D1Database,
  row: MerchantRow,
  cardMerchantIds: readonly string[],
): D1PreparedStatement[] {
  return [
    db
      .prepare(`INSERT INTO merchants (id, name, x_username, api_key_hash, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5)`)
      .bind(row.id, row.name, row.x_username, row.api_key_hash, row.created_at_ms),
    ...cardMerchantIds.map((cardMerchantId) =>
      db
        .prepare('INSERT INTO merchant_card_ids (card_merchant_id, merchant_id) VALUES (?1, ?2)')
        .bind(cardMerchantId, row.id),
    ),
  ];
}

export async function findMerchantByKeyHash(db: D1Database, apiKeyHash: string): Promise<MerchantRow | null> {
  return db.prepare('SELECT * FROM merchants WHERE api_key_hash = ?').bind(apiKeyHash).first<MerchantRow>();
}

export async function findMerchantByName(db: D1Database, name: string): Promise<MerchantRow | null> {
  return db.prepare('SELECT * FROM merchants WHERE name = ?').bind(name).first<MerchantRow>();
}

export async function cardMerchantIdsOf(db: D1Database, merchantId: string): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT card_merchant_id FROM merchant_card_ids WHERE merchant_id = ? ORDER BY card_merchant_id')
    .bind(merchantId)
    .all<{ card_merchant_id: string }>();
  return results.map((row) => row.card_merchant_id);
}

/** Which of these acceptor ids already belong to a merchant, and to which. */
export async function ownersOfCardMerchantIds(
  db: D1Database,
  cardMerchantIds: readonly string[],
): Promise<Map<string, string>> {
  if (cardMerchantIds.length === 0) return new Map();
  const placeholders = cardMerchantIds.map(() => '?').join(', ');
  const { results } = await db
    .prepare(`SELECT card_merchant_id, merchant_id FROM merchant_card_ids WHERE card_merchant_id IN (${placeholders})`)
    .bind(...cardMerchantIds)
    .all<{ card_merchant_id: string; merchant_id: string }>();
  return new Map(results.map((row) => [row.card_merchant_id, row.merchant_id]));
}

/** Replaces a merchant's API key (the sandbox hands a new key to a merchant created again). */
export async function replaceApiKeyHash(db: D1Database, merchantId: string, apiKeyHash: string): Promise<void> {
  await db.prepare('UPDATE merchants SET api_key_hash = ?1 WHERE id = ?2').bind(apiKeyHash, merchantId).run();
}

export function isMerchantsUniqueViolation(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /UNIQUE constraint failed: (merchants|merchant_card_ids)\./.test(message);
}
