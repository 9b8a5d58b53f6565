import * as z from 'zod/mini';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireOffers } from '../context';
import { parseRequest } from '../parse-request';

const GetOffersRequestSchema = z.strictObject({ refresh: z.optional(z.boolean()) });

/**
 * The live offers, for the Claim offer buttons: the kept catalogue, refreshed when stale or when
 * the page asks (`refresh`). Needs no session: the catalogue is public.
 */
export async function getOffers(request: unknown, context: BackgroundContext): Promise<ActionResponse<'get-offers'>> {
  const { refresh } = parseRequest(GetOffersRequestSchema, request);
  return { offers: await requireOffers(context).offers({ refresh: refresh === true }) };
}
