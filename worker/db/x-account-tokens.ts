/** The Hashpay account's sealed OAuth 2.0 token pair (see migrations/0011_operations.sql). */

export interface XAccountTokenRow {
  account: 'hashpay';
  x_user_id: string;
  access_token_sealed: string;
  refresh_token_sealed: string;
  access_expires_at_ms: number;
  version: number;
  updated_at_ms: number;
}

export async function findXAccountToken(db: D1Database): Promise<XAccountTokenRow | null> {
  return db.prepare("SELECT * FROM x_account_tokens WHERE account = 'hashpay'").first<XAccountTokenRow>();
}

/** Links (or links again) the account: the pair replaces any earlier one. */
export async function saveLinkedXAccountToken(
  db: D1Database,
  row: Omit<XAccountTokenRow, 'account' | 'version'>,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO x_account_tokens (account, x_user_id, access_token_sealed, refresh_token_sealed, access_expires_at_ms, version, updated_at_ms)
       VALUES ('hashpay', ?1, ?2, ?3, ?4, 1, ?5)
       ON CONFLICT (account) DO UPDATE SET x_user_id = ?1, access_token_sealed = ?2, refresh_token_sealed = ?3,
         access_expires_at_ms = ?4, version = version + 1, updated_at_ms = ?5`,
    )
    .bind(row.x_user_id, row.access_token_sealed, row.refresh_token_sealed, row.access_expires_at_ms, row.updated_at_ms)
    .run();
}

/**
 * Stores a refreshed pair only if nobody refreshed since `version` was read (a refresh token is
 * single use: the loser of two refreshes at once reads the winner's pair). Returns whether it won.
 */
export async function saveRefreshedXAccountToken(
  db: D1Database,
  version: number,
  row: Pick<
    XAccountTokenRow,
    'access_token_sealed' | 'refresh_token_sealed' | 'access_expires_at_ms' | 'updated_at_ms'
  >,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE x_account_tokens SET access_token_sealed = ?1, refresh_token_sealed = ?2, access_expires_at_ms = ?3,
         version = version + 1, updated_at_ms = ?4
       WHERE account = 'hashpay' AND version = ?5`,
    )
    .bind(row.access_token_sealed, row.refresh_token_sealed, row.access_expires_at_ms, row.updated_at_ms, version)
    .run();
  return result.meta.changes === 1;
}
