import * as z from 'zod/mini';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireOffers, requireSession } from '../context';
import { parseRequest } from '../parse-request';

const GetClaimsRequestSchema = z.strictObject({ refresh: z.optional(z.boolean()) });

/** The linked user's offer claims, so every tweet of a claimed offer says so. Needs the session. */
export async function getClaims(request: unknown, context: BackgroundContext): Promise<ActionResponse<'get-claims'>> {
  const { refresh } = parseRequest(GetClaimsRequestSchema, request);
  const offers = requireOffers(context);
  const session = await requireSession(context);
  const owner = { token: session.token, xUserId: session.user.xUserId };
  return { claims: await offers.claims(owner, { refresh: refresh === true }) };
}
