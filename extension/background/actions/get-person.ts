import * as z from 'zod/mini';
import { HandleSchema } from '../../../shared/contract/money';
import { PERSON_MAX_AGE_S, type PersonResponse } from '../../../shared/contract/people';
import type { ActionResponse, PersonCard } from '../../lib/messages';
import type { BackgroundContext } from '../context';
import { parseRequest } from '../parse-request';

const GetPersonRequestSchema = z.strictObject({ handle: HandleSchema });

/** X's picture hosts: `pbs` for uploaded pictures, `abs` for the default one (the sandbox X answers it too). */
export const AVATAR_HOSTS: ReadonlySet<string> = new Set(['pbs.twimg.com', 'abs.twimg.com']);

/** How many people the background remembers; the oldest is forgotten first. */
export const PEOPLE_CACHED_MAX = 200;

/** The picture's address if it is https on X's own image hosts, else null (no picture shown). */
export function trustedAvatarUrl(text: string | null): string | null {
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null;
  return AVATAR_HOSTS.has(url.hostname) ? url.href : null;
}

function cardOf(person: PersonResponse): PersonCard {
  return {
    handle: person.handle,
    name: person.name,
    avatarUrl: trustedAvatarUrl(person.avatarUrl),
    verifiedOrganisation: person.verifiedOrganisation,
  };
}

/**
 * The sheet's payee card: who a handle names on X, asked of the worker (which asks X), kept for
 * as long as the worker allows (PERSON_MAX_AGE_S) so opening the sheet again does not read X again.
 */
export async function getPerson(request: unknown, context: BackgroundContext): Promise<ActionResponse<'get-person'>> {
  const { handle } = parseRequest(GetPersonRequestSchema, request);
  const session = await context.session.get();
  if (session === null) return { person: null };
  context.people ??= new Map();
  const key = handle.toLowerCase();
  const kept = context.people.get(key);
  if (kept !== undefined && kept.expiresAtMs > context.now()) return { person: kept.person };
  const person = cardOf(await context.api.person(session.token, handle));
  context.people.delete(key);
  context.people.set(key, { person, expiresAtMs: context.now() + PERSON_MAX_AGE_S * 1000 });
  while (context.people.size > PEOPLE_CACHED_MAX) {
    const oldest = context.people.keys().next().value;
    if (oldest === undefined) break;
    context.people.delete(oldest);
  }
  return { person };
}
