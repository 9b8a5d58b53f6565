import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';
import { potChanged } from '../pot-lookup';
import { IntentRequestSchema } from './get-intent';

/**
 * Cancels a payment awaiting confirmation, or a pledge before its project's deadline: the worker
 * voids the reservation. Idempotent.
 */
export async function cancel(request: unknown, context: BackgroundContext): Promise<ActionResponse<'cancel'>> {
  const { intentId } = parseRequest(IntentRequestSchema, request);
  const session = await requireSession(context);
  const intent = await context.api.cancel(session.token, intentId);
  // A pledge cancelled before the deadline leaves its project's total.
  if (intent.pot !== null) potChanged(context, intent.pot.hashtag);
  return { intent };
}
