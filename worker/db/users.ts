/** Users: one row per X account ever linked, keyed by X user id (handles change on X). */

import { PROFILE_IMAGE_URL_LENGTH_MAX } from '../../shared/contract/identity';

export interface UserRow {
  id: string;
  x_user_id: string;
  username: string | null;
  name: string | null;
  profile_image_url: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  unlinked_at_ms: number | null;
}

/** A linked user, as the rest of the worker sees one. */
export interface User {
  id: string;
  xUserId: string;
  username: string;
  name: string;
  /** The X profile picture at the last link (https), or null. */
  profileImageUrl: string | null;
}

export interface XAccount {
  xUserId: string;
  username: string;
  name: string;
  /** As X gave it; anything but a short https address is stored as null. Absent: unknown, a relink keeps the stored one. */
  profileImageUrl?: string | null;
}

/** Display names longer than this are cut (X allows 50; the column allows 100). */
export const USER_NAME_LENGTH_MAX = 100;

/**
 * The profile picture address worth keeping: an https URL within the length limit, or null. The
 * extension loads it in its popup, so nothing else (http, data:, javascript:) is ever stored.
 */
export function usableProfileImageUrl(text: string | null | undefined): string | null {
  if (typeof text !== 'string' || text.length > PROFILE_IMAGE_URL_LENGTH_MAX) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return null;
  // The parsed form is what the column's CHECK and the extension see; it may differ only in escaping.
  return url.href.length <= PROFILE_IMAGE_URL_LENGTH_MAX ? url.href : null;
}

export function userFromRow(row: UserRow): User {
  if (row.username === null || row.name === null) throw new Error('users: an unlinked user has no public identity');
  return {
    id: row.id,
    xUserId: row.x_user_id,
    username: row.username,
    name: row.name,
    profileImageUrl: row.profile_image_url ?? null,
  };
}

/**
 * The statement that records a proven X account: a first link creates the user with `newUserId`,
 * a later link (even after an unlink) keeps the user's id and refreshes handle, name and picture.
 */
export function upsertUserStatement(db: D1Database, account: XAccount, newUserId: string, nowMs: number) {
  return db
    .prepare(
      `INSERT INTO users (id, x_user_id, username, name, profile_image_url, created_at_ms, updated_at_ms)
       VALUES (?1, ?2, ?3, ?4, ?6, ?5, ?5)
       ON CONFLICT (x_user_id) DO UPDATE SET
         username = excluded.username,
         name = excluded.name,
         profile_image_url = CASE WHEN ?7 THEN excluded.profile_image_url ELSE users.profile_image_url END,
         updated_at_ms = max(users.updated_at_ms, excluded.updated_at_ms),
         unlinked_at_ms = NULL
       RETURNING *`,
    )
    .bind(
      newUserId,
      account.xUserId,
      account.username,
      account.name.slice(0, USER_NAME_LENGTH_MAX),
      nowMs,
      usableProfileImageUrl(account.profileImageUrl),
      account.profileImageUrl === undefined ? 0 : 1,
    );
}

export async function upsertUser(db: D1Database, account: XAccount, newUserId: string, nowMs: number): Promise<User> {
  const row = await upsertUserStatement(db, account, newUserId, nowMs).first<UserRow>();
  if (!row) throw new Error('users: upsert returned no row');
  return userFromRow(row);
}

/** The linked user with this id, or null (unknown or unlinked). */
export async function findLinkedUser(db: D1Database, userId: string): Promise<User | null> {
  const row = await db
    .prepare('SELECT * FROM users WHERE id = ? AND unlinked_at_ms IS NULL')
    .bind(userId)
    .first<UserRow>();
  return row ? userFromRow(row) : null;
}

/** The linked user behind an X account, or null. Payees are resolved this way, never by handle. */
export async function findLinkedUserByXUserId(db: D1Database, xUserId: string): Promise<User | null> {
  const row = await db
    .prepare('SELECT * FROM users WHERE x_user_id = ? AND unlinked_at_ms IS NULL')
    .bind(xUserId)
    .first<UserRow>();
  return row ? userFromRow(row) : null;
}

/** The linked users of these X user ids (one round trip for a batch of tweets). */
export async function findLinkedUsersByXUserIds(db: D1Database, xUserIds: readonly string[]): Promise<User[]> {
  if (xUserIds.length === 0) return [];
  const { results } = await db
    .prepare('SELECT * FROM users WHERE x_user_id IN (SELECT value FROM json_each(?1)) AND unlinked_at_ms IS NULL')
    .bind(JSON.stringify(xUserIds))
    .all<UserRow>();
  return results.map(userFromRow);
}

/**
 * The statement that unlinks a user: display data erased, row and X user id kept so the
 * ledger's accounts stay owned and money held for this X account is found again on relink.
 */
export function unlinkUserStatement(db: D1Database, userId: string, nowMs: number) {
  return db
    .prepare(
      `UPDATE users SET username = NULL, name = NULL, profile_image_url = NULL, unlinked_at_ms = ?2,
         updated_at_ms = max(updated_at_ms, ?2)
       WHERE id = ?1 AND unlinked_at_ms IS NULL`,
    )
    .bind(userId, nowMs);
}
