import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { OrganisationListResponseSchema, OrganisationResponseSchema } from '../../shared/contract/pots';
import { app } from '../../worker/index';
import { postJson, uniqueHandle, workerFetch } from './support/link-user';
import { operatorFetch, organisationTablesSnapshot } from './support/organisations';
import { problemTypeOf, unlinkedPerson } from './support/payments';

/**
 * Verified organisations: the operator registers (by handle, resolved through X) and revokes
 * them with OPERATOR_TOKEN; anyone reads the list, cheaply with its ETag. Every refused request
 * changes nothing.
 */

function register(body: unknown, authorization?: string | null) {
  return operatorFetch('/v1/operator/organisations', {
    method: 'POST',
    body,
    ...(authorization === undefined ? {} : { authorization }),
  });
}

async function publicList() {
  const res = await workerFetch('/v1/organisations');
  expect(res.status).toBe(200);
  return { etag: res.headers.get('etag'), ...OrganisationListResponseSchema.parse(await res.json()) };
}

describe('operator authentication', () => {
  it('answers 401 without the operator token or with a wrong one, and registers nothing', async () => {
    const charity = await unlinkedPerson('authcharity');
    const body = { handle: charity.username, kind: 'charity', displayName: 'Auth Charity' };
    const before = await organisationTablesSnapshot();
    for (const authorization of [null, 'Bearer wrong-token', `Basic ${btoa('operator:x')}`]) {
      const res = await register(body, authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(await problemTypeOf(res)).toBe('unauthorized');
    }
    const revoke = await operatorFetch(`/v1/operator/organisations/${charity.xUserId}`, {
      method: 'DELETE',
      authorization: 'Bearer wrong-token',
    });
    expect(revoke.status).toBe(401);
    expect(await organisationTablesSnapshot()).toBe(before);
  });

  it('has no operator route while OPERATOR_TOKEN is not configured', async () => {
    const res = await postJson(
      '/v1/operator/organisations',
      { handle: 'restosducoeur', kind: 'charity', displayName: 'Restos' },
      { authorization: 'Bearer anything' },
    );
    expect(res.status).toBe(404);
  });
});

describe('registering an organisation', () => {
  it('refuses invalid bodies with the field at fault, and registers nothing', async () => {
    const charity = await unlinkedPerson('badcharity');
    const valid = { handle: charity.username, kind: 'charity', displayName: 'Bad Charity' };
    const before = await organisationTablesSnapshot();
    const cases: [string, unknown, string][] = [
      ['handle with @', { ...valid, handle: `@${charity.username}` }, 'handle'],
      ['unknown kind', { ...valid, kind: 'church' }, 'kind'],
      ['empty name', { ...valid, displayName: '   ' }, 'displayName'],
      ['negative limit', { ...valid, perPaymentMaxMinor: { EUR: -1 } }, 'perPaymentMaxMinor.EUR'],
      ['fractional limit', { ...valid, perPaymentMaxMinor: { EUR: 10.5 } }, 'perPaymentMaxMinor.EUR'],
      ['unknown currency', { ...valid, perPaymentMaxMinor: { XYZ: 100 } }, 'perPaymentMaxMinor'],
      ['unknown field', { ...valid, verified: true }, ''],
    ];
    for (const [name, body, path] of cases) {
      const res = await register(body);
      expect(res.status, name).toBe(400);
      const problem = (await res.json()) as { type: string; errors: { path: string }[] };
      expect(problem.type, name).toMatch(/invalid-request$/);
      expect(
        problem.errors.some((error) => error.path.startsWith(path)),
        `${name}: ${JSON.stringify(problem.errors)}`,
      ).toBe(true);
    }
    expect(await organisationTablesSnapshot()).toBe(before);
  });

  it('answers 404 for a handle X does not know, and registers nothing', async () => {
    const before = await organisationTablesSnapshot();
    const res = await register({ handle: uniqueHandle('nobody'), kind: 'charity', displayName: 'Nobody' });
    expect(res.status).toBe(404);
    expect(await problemTypeOf(res)).toBe('unknown-handle');
    expect(await organisationTablesSnapshot()).toBe(before);
  });

  it('keys the organisation by the X user id X answers, with the default limits', async () => {
    const charity = await unlinkedPerson('idcharity');
    const res = await register({ handle: charity.username.toUpperCase(), kind: 'charity', displayName: 'Id Charity' });
    expect(res.status).toBe(201);
    const { organisation } = OrganisationResponseSchema.parse(await res.json());
    expect(organisation).toMatchObject({
      xUserId: charity.xUserId,
      // As X spells it, not as the operator typed it.
      username: charity.username,
      displayName: 'Id Charity',
      kind: 'charity',
    });
    expect(organisation.perPaymentMaxMinor).toMatchObject({ EUR: 50_000, USD: 50_000, JPY: 70_000 });
  });

  it('registers again idempotently: name, kind and limits are updated, still one organisation', async () => {
    const owner = await unlinkedPerson('again');
    const first = await register({ handle: owner.username, kind: 'charity', displayName: 'First name' });
    expect(first.status).toBe(201);
    const repeat = await register({ handle: owner.username, kind: 'charity', displayName: 'First name' });
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual(await first.json());

    const updated = await register({
      handle: owner.username,
      kind: 'project_owner',
      displayName: 'Second name',
      perPaymentMaxMinor: { EUR: 100_000 },
    });
    expect(updated.status).toBe(200);
    const { organisation } = OrganisationResponseSchema.parse(await updated.json());
    expect(organisation).toMatchObject({ displayName: 'Second name', kind: 'project_owner' });
    expect(organisation.perPaymentMaxMinor.EUR).toBe(100_000);
    expect(organisation.perPaymentMaxMinor.USD).toBe(50_000);

    const listed = (await publicList()).organisations.filter((item) => item.xUserId === owner.xUserId);
    expect(listed).toEqual([organisation]);
  });
});

describe('revoking an organisation', () => {
  it('takes it off the list, twice safely; 404 for an id never registered; registering again reinstates it', async () => {
    const charity = await unlinkedPerson('revoked');
    expect((await register({ handle: charity.username, kind: 'charity', displayName: 'Revoked' })).status).toBe(201);
    expect((await publicList()).organisations.map((item) => item.xUserId)).toContain(charity.xUserId);

    const revoke = () => operatorFetch(`/v1/operator/organisations/${charity.xUserId}`, { method: 'DELETE' });
    const first = await revoke();
    expect(first.status).toBe(204);
    expect((await publicList()).organisations.map((item) => item.xUserId)).not.toContain(charity.xUserId);
    const snapshot = await organisationTablesSnapshot();
    expect((await revoke()).status).toBe(204);
    // The second revocation keeps the first one's time.
    expect(await organisationTablesSnapshot()).toBe(snapshot);

    const unknown = await operatorFetch('/v1/operator/organisations/1999999999999999999', { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect(await problemTypeOf(unknown)).toBe('organisation-not-found');
    const malformed = await operatorFetch('/v1/operator/organisations/not-an-id', { method: 'DELETE' });
    expect(malformed.status).toBe(400);

    expect((await register({ handle: charity.username, kind: 'charity', displayName: 'Back' })).status).toBe(200);
    expect((await publicList()).organisations.map((item) => item.xUserId)).toContain(charity.xUserId);
  });
});

describe('the public list', () => {
  it('has a strong ETag: 304 with no body while unchanged, a new tag after a change', async () => {
    const first = await publicList();
    expect(first.etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await workerFetch('/v1/organisations', { headers: { 'if-none-match': first.etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(first.etag);

    const charity = await unlinkedPerson('etag');
    expect((await register({ handle: charity.username, kind: 'charity', displayName: 'ETag' })).status).toBe(201);
    const changed = await workerFetch('/v1/organisations', { headers: { 'if-none-match': first.etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(first.etag);
  });

  it('has no sandbox registration route outside sandbox mode', async () => {
    const res = await app.fetch(
      new Request('http://worker/v1/sandbox/organisations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ handle: 'restosducoeur', kind: 'charity', displayName: 'Restos' }),
      }),
      { ...env, X_MODE: 'live' },
    );
    expect(res.status).toBe(404);
  });
});
