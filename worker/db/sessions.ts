/** The extension's sessions: bearer tokens stored only as their SHA-256 hex digest. */

import { type User, type UserRow, userFromRow } from './users';

export interface SessionRow {
  id: string;
  user_id: string;
  token_hash: string;
  created_at_ms: number;
  expires_at_ms: number;
  revoked_at_ms: number | null;
}

/** A usable session with its user. */
export interface ActiveSession {
  sessionId: string;
  expiresAtMs: number;
  user: User;
}

/** The session of a token hash if it is usable at `nowMs`: known, not revoked, not expired, user linked. */
export async function findActiveSession(
  db: D1Database,
  tokenHash: string,
  nowMs: number,
): Promise<ActiveSession | null> {
  const row = await db
    .prepare(
      `SELECT sessions.id AS session_id, sessions.expires_at_ms AS session_expires_at_ms, users.*
       FROM sessions JOIN users ON users.id = sessions.user_id
       WHERE sessions.token_hash = ?1 AND sessions.revoked_at_ms IS NULL AND sessions.expires_at_ms > ?2
         AND users.unlinked_at_ms IS NULL`,
    )
    .bind(tokenHash, nowMs)
    .first<UserRow & { session_id: string; session_expires_at_ms: number }>();
  if (!row) return null;
  return { sessionId: row.session_id, expiresAtMs: row.session_expires_at_ms, user: userFromRow(row) };
}

/**
 * Inserts the session for the user of an OAuth link, only if that link row names this session
 * (`oauth_links.session_id`): batched after the claim's guarded update, a failed claim inserts nothing.
 */
export function insertSessionForClaimedLinkStatement(
  db: D1Database,
  session: { id: string; tokenHash: string; createdAtMs: number; expiresAtMs: number },
  linkId: string,
) {
  return db
    .prepare(
      `INSERT INTO sessions (id, user_id, token_hash, created_at_ms, expires_at_ms)
       SELECT ?1, oauth_links.user_id, ?2, ?3, ?4 FROM oauth_links
       WHERE oauth_links.id = ?5 AND oauth_links.session_id = ?1`,
    )
    .bind(session.id, session.tokenHash, session.createdAtMs, session.expiresAtMs, linkId);
}

/** Revokes one session by its token hash; revoking twice is a no-op. Returns whether a session changed. */
export async function revokeSessionByTokenHash(db: D1Database, tokenHash: string, nowMs: number): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE sessions SET revoked_at_ms = max(created_at_ms, ?2)
       WHERE token_hash = ?1 AND revoked_at_ms IS NULL`,
    )
    .bind(tokenHash, nowMs)
    .run();
  return result.meta.changes > 0;
}

/** The statement that revokes every open session of a user (unlink). */
export function revokeUserSessionsStatement(db: D1Database, userId: string, nowMs: number) {
  return db
    .prepare(
      `UPDATE sessions SET revoked_at_ms = max(created_at_ms, ?2)
       WHERE user_id = ?1 AND revoked_at_ms IS NULL`,
    )
    .bind(userId, nowMs);
}

/** Deletes at most `limit` sessions expired before `nowMs` (revoked ones too, once expired). Returns how many. */
export async function pruneExpiredSessions(db: D1Database, nowMs: number, limit: number): Promise<number> {
  const result = await db
    .prepare('DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at_ms < ?1 LIMIT ?2)')
    .bind(nowMs, limit)
    .run();
  return result.meta.changes;
}
