import * as z from 'zod/mini';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';

const GetCreditsRequestSchema = z.strictObject({});

/** The linked user's offer credits (pending, posted, voided or reversed), newest first. Needs the session. */
export async function getCredits(request: unknown, context: BackgroundContext): Promise<ActionResponse<'get-credits'>> {
  parseRequest(GetCreditsRequestSchema, request);
  const session = await requireSession(context);
  return { credits: await context.api.listCredits(session.token) };
}
