/**
 * OAuth links: one row per "link my X account" attempt (see the status list in
 * migrations/0002_identity.sql). Every transition is one guarded UPDATE, so a state is used once
 * and a link is claimed once even when requests race.
 */

export type OAuthLinkStatus = 'pending' | 'authorizing' | 'completed' | 'failed' | 'claimed';

export interface OAuthLinkRow {
  id: string;
  state_hash: string;
  code_verifier: string;
  claim_secret_hash: string;
  status: OAuthLinkStatus;
  failure: string | null;
  user_id: string | null;
  session_id: string | null;
  created_at_ms: number;
  expires_at_ms: number;
  completed_at_ms: number | null;
  claimed_at_ms: number | null;
}

export interface NewOAuthLink {
  id: string;
  stateHash: string;
  codeVerifier: string;
  claimSecretHash: string;
  createdAtMs: number;
  expiresAtMs: number;
}

export async function insertOAuthLink(db: D1Database, link: NewOAuthLink): Promise<void> {
  await db
    .prepare(
      `INSERT INTO oauth_links (id, state_hash, code_verifier, claim_secret_hash, status, created_at_ms, expires_at_ms)
       VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
    )
    .bind(link.id, link.stateHash, link.codeVerifier, link.claimSecretHash, link.createdAtMs, link.expiresAtMs)
    .run();
}

export async function findOAuthLink(db: D1Database, linkId: string): Promise<OAuthLinkRow | null> {
  return db.prepare('SELECT * FROM oauth_links WHERE id = ?').bind(linkId).first<OAuthLinkRow>();
}

export async function findOAuthLinkByStateHash(db: D1Database, stateHash: string): Promise<OAuthLinkRow | null> {
  return db.prepare('SELECT * FROM oauth_links WHERE state_hash = ?').bind(stateHash).first<OAuthLinkRow>();
}

/**
 * Uses the state of a pending, unexpired link: pending → authorizing. Returns the link (with the
 * PKCE verifier) to the one caller that made the transition, null to everyone else.
 */
export async function consumeOAuthState(
  db: D1Database,
  stateHash: string,
  nowMs: number,
): Promise<OAuthLinkRow | null> {
  return db
    .prepare(
      `UPDATE oauth_links SET status = 'authorizing'
       WHERE state_hash = ?1 AND status = 'pending' AND expires_at_ms > ?2
       RETURNING *`,
    )
    .bind(stateHash, nowMs)
    .first<OAuthLinkRow>();
}

/**
 * authorizing → completed, naming the user of `xUserId` (batched right after the user's upsert,
 * so both happen or neither). The verifier is erased: it has served its only purpose.
 */
export function completeOAuthLinkStatement(db: D1Database, linkId: string, xUserId: string, nowMs: number) {
  return db
    .prepare(
      `UPDATE oauth_links
       SET status = 'completed', code_verifier = '', completed_at_ms = ?3,
           user_id = (SELECT id FROM users WHERE x_user_id = ?2)
       WHERE id = ?1 AND status = 'authorizing'`,
    )
    .bind(linkId, xUserId, nowMs);
}

/** authorizing → failed, with a short machine-readable reason (`access_denied`, `x-unavailable`…). */
export async function failOAuthLink(db: D1Database, linkId: string, failure: string): Promise<void> {
  await db
    .prepare(
      `UPDATE oauth_links SET status = 'failed', code_verifier = '', failure = ?2
       WHERE id = ?1 AND status = 'authorizing'`,
    )
    .bind(linkId, failure.slice(0, 64))
    .run();
}

/**
 * completed → claimed, only with the right claim secret and before expiry; records the session
 * id the claim hands out. Batch it before the session's insert, which checks that id.
 */
export function claimOAuthLinkStatement(
  db: D1Database,
  claim: { linkId: string; claimSecretHash: string; sessionId: string; nowMs: number },
) {
  return db
    .prepare(
      `UPDATE oauth_links SET status = 'claimed', session_id = ?3, claimed_at_ms = ?4
       WHERE id = ?1 AND status = 'completed' AND claim_secret_hash = ?2 AND expires_at_ms > ?4
       RETURNING user_id`,
    )
    .bind(claim.linkId, claim.claimSecretHash, claim.sessionId, claim.nowMs);
}

/**
 * Deletes at most `limit` links that expired before `nowMs` (claimed or not: a claimed link's
 * session lives on in `sessions`). Returns how many.
 */
export async function pruneExpiredOAuthLinks(db: D1Database, nowMs: number, limit: number): Promise<number> {
  const result = await db
    .prepare('DELETE FROM oauth_links WHERE id IN (SELECT id FROM oauth_links WHERE expires_at_ms < ?1 LIMIT ?2)')
    .bind(nowMs, limit)
    .run();
  return result.meta.changes;
}
