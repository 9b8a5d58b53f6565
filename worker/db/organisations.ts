import type { OrganisationKind } from '../../shared/contract/pots';

/**
 * Every SQL statement of verified organisations (`organisations` in 0008_donations_pots.sql).
 * An organisation is keyed by its X user id; revoked ones keep their row, since past donations
 * name them, but are no longer organisations for new intents.
 */

export interface OrganisationRow {
  x_user_id: string;
  username: string;
  display_name: string;
  kind: OrganisationKind;
  /** Per-currency largest single donation, as JSON; null keeps the defaults. */
  limits_json: string | null;
  registered_at_ms: number;
  revoked_at_ms: number | null;
}

export type NewOrganisationRow = Omit<OrganisationRow, 'revoked_at_ms'>;

/** Any organisation with this X user id, revoked or not (a donation's limits stay those of its payee). */
export async function findOrganisation(db: D1Database, xUserId: string): Promise<OrganisationRow | null> {
  return db.prepare('SELECT * FROM organisations WHERE x_user_id = ?').bind(xUserId).first<OrganisationRow>();
}

/** The organisation with this X user id if it is registered and not revoked. */
export async function findActiveOrganisation(db: D1Database, xUserId: string): Promise<OrganisationRow | null> {
  return db
    .prepare('SELECT * FROM organisations WHERE x_user_id = ? AND revoked_at_ms IS NULL')
    .bind(xUserId)
    .first<OrganisationRow>();
}

/**
 * Registers an organisation, or registers it again: name, handle, kind and limits become the
 * given ones and a revoked organisation is reinstated; its first registration time stays.
 */
export function upsertOrganisation(db: D1Database, row: NewOrganisationRow) {
  return db
    .prepare(
      `INSERT INTO organisations (x_user_id, username, display_name, kind, limits_json, registered_at_ms)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6)
       ON CONFLICT (x_user_id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name,
         kind = excluded.kind, limits_json = excluded.limits_json, revoked_at_ms = NULL`,
    )
    .bind(row.x_user_id, row.username, row.display_name, row.kind, row.limits_json, row.registered_at_ms);
}

/** Revokes an organisation once: a second revocation keeps the first time. */
export function revokeOrganisationRow(db: D1Database, xUserId: string, nowMs: number) {
  return db
    .prepare('UPDATE organisations SET revoked_at_ms = ?2 WHERE x_user_id = ?1 AND revoked_at_ms IS NULL')
    .bind(xUserId, nowMs);
}

/** The registered, non-revoked organisations, by handle. */
export async function listActiveOrganisations(db: D1Database, limit: number): Promise<OrganisationRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM organisations WHERE revoked_at_ms IS NULL ORDER BY lower(username), x_user_id LIMIT ?')
    .bind(limit)
    .all<OrganisationRow>();
  return results;
}
