import * as z from 'zod/mini';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireOrganisations } from '../context';
import { parseRequest } from '../parse-request';

const GetOrganisationsRequestSchema = z.strictObject({ refresh: z.optional(z.boolean()) });

/**
 * The verified organisations, for the Donate label of the Pay button: the kept list, refreshed
 * when stale or when the page asks (`refresh`). Needs no session: the list is public.
 */
export async function getOrganisations(
  request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'get-organisations'>> {
  const { refresh } = parseRequest(GetOrganisationsRequestSchema, request);
  return { organisations: await requireOrganisations(context).organisations({ refresh: refresh === true }) };
}
