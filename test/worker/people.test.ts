import { describe, expect, it } from 'vitest';
import { PERSON_MAX_AGE_S, PersonResponseSchema } from '../../shared/contract/people';
import { ProblemSchema } from '../../shared/contract/problem';
import { createSandboxUser, sandboxControl, uniqueHandle, workerFetch } from './support/link-user';
import { registeredCharity } from './support/organisations';
import { linkedPerson, type Person, sessionOf } from './support/payments';

/** `GET /v1/people/:handle`: the pay sheet's payee card, read from X (the sandbox X here). */

function personOf(asker: Person, handle: string): Promise<Response> {
  return workerFetch(`/v1/people/${encodeURIComponent(handle)}`, { headers: sessionOf(asker) });
}

describe('GET /v1/people/:handle', () => {
  it("answers a known handle with X's name, picture and id, kept privately for a while", async () => {
    const asker = await linkedPerson('asker');
    const handle = uniqueHandle('Payee');
    const created = await createSandboxUser(handle, 'Zoë <b>Payee</b>');
    const res = await personOf(asker, handle.toLowerCase());
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('cache-control')).toBe(`private, max-age=${PERSON_MAX_AGE_S}`);
    const person = PersonResponseSchema.parse(await res.json());
    expect(person).toEqual({
      handle: created.username,
      name: 'Zoë <b>Payee</b>',
      avatarUrl: expect.stringMatching(/^https:\/\//),
      xUserId: created.id,
      verifiedOrganisation: false,
    });
  });

  it('says when the handle is a verified organisation', async () => {
    const asker = await linkedPerson('asker');
    const charity = await registeredCharity({ prefix: 'card' });
    const res = await personOf(asker, charity.username);
    expect(res.status).toBe(200);
    const person = PersonResponseSchema.parse(await res.json());
    expect(person.xUserId).toBe(charity.xUserId);
    expect(person.verifiedOrganisation).toBe(true);
  });

  it('answers an unknown or suspended handle with a 404 problem', async () => {
    const asker = await linkedPerson('asker');
    const unknown = await personOf(asker, uniqueHandle('nobody'));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(ProblemSchema.parse(await unknown.json()).type).toMatch(/unknown-payee$/);

    const suspended = await createSandboxUser(uniqueHandle('gone'));
    expect((await sandboxControl(`/users/${suspended.username}/state`, { body: { suspended: true } })).ok).toBe(true);
    const res = await personOf(asker, suspended.username);
    expect(res.status).toBe(404);
    expect(ProblemSchema.parse(await res.json()).type).toMatch(/unknown-payee$/);
  });

  it('refuses a handle that cannot be one with a 400 problem, before asking X', async () => {
    const asker = await linkedPerson('asker');
    for (const bad of ['has space', 'a'.repeat(16), 'bob-1', '%E2%80%AE']) {
      const res = await personOf(asker, bad);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('asks for a session', async () => {
    const res = await workerFetch('/v1/people/bob');
    expect(res.status).toBe(401);
  });
});
