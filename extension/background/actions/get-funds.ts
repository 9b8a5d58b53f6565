import * as z from 'zod/mini';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';

/** The user's top-ups, withdrawals, refunds and disputes, and what they owe. */
export async function getFunds(request: unknown, context: BackgroundContext): Promise<ActionResponse<'get-funds'>> {
  parseRequest(z.strictObject({}), request);
  const session = await requireSession(context);
  return context.api.funds(session.token);
}
