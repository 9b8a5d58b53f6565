import { Hono } from 'hono';
import { PERSON_MAX_AGE_S, PERSON_NAME_LENGTH_MAX, type PersonResponse } from '../../shared/contract/people';
import { isHandle } from '../../shared/handle';
import { findActiveOrganisation } from '../db/organisations';
import { usableProfileImageUrl } from '../db/users';
import type { AppEnv } from '../env';
import { xClientFor } from '../payments/x';
import { HttpProblem } from '../problem';
import { requireSession } from '../session';

/**
 * `GET /v1/people/:handle` (session): the pay sheet's payee card, read from the X API (the page
 * is never trusted for who someone is). An unknown or suspended handle is a 404; X unreachable
 * is X's own problem (503). The answer may be kept PERSON_MAX_AGE_S by the caller, so opening
 * the sheet twice on the same person reads X once.
 */
export const people = new Hono<AppEnv>().get('/:handle', requireSession, async (c) => {
  const raw = c.req.param('handle');
  const handle = raw.startsWith('@') ? raw.slice(1) : raw;
  if (!isHandle(handle)) {
    throw new HttpProblem(400, 'invalid-request', 'The handle must be 1 to 15 letters, digits or _.', [
      { path: 'handle', message: 'handle must be 1 to 15 letters, digits or _, without @' },
    ]);
  }
  const account = await xClientFor(c.env).accountByUsername(handle, { withPicture: true });
  // Suspended and unknown alike: nobody to show, nobody to pay.
  if ('absent' in account) {
    throw new HttpProblem(404, 'unknown-payee', `X has no account @${handle} that can be paid.`, [
      { path: 'handle', message: 'no X account has this handle' },
    ]);
  }
  const { user } = account;
  const organisation = await findActiveOrganisation(c.env.DB, user.id);
  const body: PersonResponse = {
    handle: user.username,
    name: user.name.slice(0, PERSON_NAME_LENGTH_MAX),
    avatarUrl: usableProfileImageUrl(user.profile_image_url),
    xUserId: user.id,
    verifiedOrganisation: organisation !== null,
  };
  c.header('cache-control', `private, max-age=${PERSON_MAX_AGE_S}`);
  return c.json(body);
});
