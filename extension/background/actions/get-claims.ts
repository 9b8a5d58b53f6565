import { z } from 'zod';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { requireOffers } from '../offer-catalogue';
import { parseRequest } from '../parse-request';

const GetClaimsRequestSchema = z.strictObject({ refresh: z.boolean().optional() });

/** The linked user's offer claims, so every tweet of a claimed offer says so. Needs the session. */
export async function getClaims(request: unknown, context: BackgroundContext): Promise<ActionResponse<'get-claims'>> {
  const { refresh } = parseRequest(GetClaimsRequestSchema, request);
  const offers = requireOffers(context);
  const session = await requireSession(context);
  const owner = { token: session.token, xUserId: session.user.xUserId };
  return { claims: await offers.claims(owner, { refresh: refresh === true }) };
}
