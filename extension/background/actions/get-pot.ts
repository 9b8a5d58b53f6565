import * as z from 'zod/mini';
import { HashtagSchema } from '../../../shared/contract/money';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requirePots } from '../context';
import { parseRequest } from '../parse-request';

const GetPotRequestSchema = z.strictObject({ hashtag: HashtagSchema, refresh: z.optional(z.boolean()) });

/**
 * The pot or project a hashtag names (null when none does), for the progress bar and the Chip in
 * button under tweets. Needs no session: totals are public.
 */
export async function getPot(request: unknown, context: BackgroundContext): Promise<ActionResponse<'get-pot'>> {
  const { hashtag, refresh } = parseRequest(GetPotRequestSchema, request);
  return { pot: await requirePots(context).pot(hashtag, { refresh: refresh === true }) };
}
