import { assert } from '../../shared/assert';
import type { Organisation, RegisterOrganisationRequest } from '../../shared/contract/pots';
import {
  findOrganisation,
  listActiveOrganisations,
  type OrganisationRow,
  revokeOrganisationRow,
  upsertOrganisation,
} from '../db/organisations';
import type { Env } from '../env';
import { resolveXAccount } from '../payments/x';
import { organisationPerPaymentMaxMinor } from './limits';

/**
 * The verified organisations: X accounts an operator registered as a charity or a project owner.
 * Registration names a handle, which X resolves to its user id (handles change; ids do not);
 * intents to that id are donations from then on, until the organisation is revoked.
 */

/** Organisations in the public list at most; the extension keeps all of them in memory. */
export const ORGANISATIONS_LISTED_MAX = 1_000;

export function organisationFromRow(row: OrganisationRow): Organisation {
  return {
    xUserId: row.x_user_id,
    username: row.username,
    displayName: row.display_name,
    kind: row.kind,
    perPaymentMaxMinor: organisationPerPaymentMaxMinor(row),
  };
}

/**
 * Registers the X account of `request.handle` (or registers it again: the given name, kind and
 * limits replace the earlier ones, and a revoked organisation is reinstated). `created` is false
 * when the account was registered before.
 */
export async function registerOrganisation(
  env: Env,
  request: RegisterOrganisationRequest,
  nowMs: number,
): Promise<{ organisation: Organisation; created: boolean }> {
  const account = await resolveXAccount(env, request.handle, {
    field: 'handle',
    role: 'the organisation',
    undone: 'nothing was registered',
    unknownType: 'unknown-handle',
  });
  const before = await findOrganisation(env.DB, account.id);
  await upsertOrganisation(env.DB, {
    x_user_id: account.id,
    // As X spells it, for display and for drafted tweets.
    username: account.username,
    display_name: request.displayName,
    kind: request.kind,
    limits_json: request.perPaymentMaxMinor === undefined ? null : JSON.stringify(request.perPaymentMaxMinor),
    registered_at_ms: nowMs,
  }).run();
  const stored = await findOrganisation(env.DB, account.id);
  assert(stored !== null && stored.revoked_at_ms === null, 'the organisation is registered');
  return { organisation: organisationFromRow(stored), created: before === null };
}

/** Revokes an organisation: new intents to it are payments again. False when it was never registered. */
export async function revokeOrganisation(db: D1Database, xUserId: string, nowMs: number): Promise<boolean> {
  if ((await findOrganisation(db, xUserId)) === null) return false;
  await revokeOrganisationRow(db, xUserId, nowMs).run();
  return true;
}

export async function listOrganisations(db: D1Database): Promise<Organisation[]> {
  return (await listActiveOrganisations(db, ORGANISATIONS_LISTED_MAX)).map(organisationFromRow);
}
