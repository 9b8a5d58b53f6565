import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { type Organisation, OrganisationResponseSchema } from '../../../shared/contract/pots';
import { app } from '../../../worker/index';
import { postJson } from './link-user';
import { linkedPerson, type Person, unlinkedPerson } from './payments';

/**
 * Verified organisations in the worker tests: registered through the operator route with a test
 * token (or the sandbox route), on X accounts of the sandbox X.
 */

export const OPERATOR_TOKEN = 'operator-token-for-organisation-tests-0123456789';

/** A request to the worker with OPERATOR_TOKEN configured. */
export async function operatorFetch(
  path: string,
  init: { method: string; body?: unknown; authorization?: string | null },
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const authorization = init.authorization === undefined ? `Bearer ${OPERATOR_TOKEN}` : init.authorization;
  if (authorization !== null) headers.authorization = authorization;
  return app.fetch(
    new Request(new URL(path, 'http://127.0.0.1:8787'), {
      method: init.method,
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    }),
    { ...env, OPERATOR_TOKEN },
  );
}

/**
 * A charity on the sandbox X, registered with the sandbox route. Linked by default, so that
 * donations settle in its wallet (an unlinked one's wait in escrow).
 */
export async function registeredCharity(
  options: { prefix?: string; perPaymentMaxMinor?: Record<string, number>; linked?: boolean } = {},
): Promise<Person & { organisation: Organisation }> {
  const prefix = options.prefix ?? 'charity';
  const perPaymentMaxMinor = options.perPaymentMaxMinor;
  const person = options.linked === false ? await unlinkedPerson(prefix) : await linkedPerson(prefix);
  const res = await postJson('/v1/sandbox/organisations', {
    handle: person.username,
    kind: 'charity',
    displayName: `Charity ${person.username}`,
    ...(perPaymentMaxMinor === undefined ? {} : { perPaymentMaxMinor }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return { ...person, organisation: OrganisationResponseSchema.parse(await res.json()).organisation };
}

export async function organisationTablesSnapshot(): Promise<string> {
  const { results } = await env.DB.prepare('SELECT * FROM organisations ORDER BY x_user_id').all();
  return JSON.stringify(results);
}
