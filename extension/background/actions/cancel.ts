import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';
import { IntentRequestSchema } from './get-intent';

/** Cancels a payment awaiting confirmation: the worker voids the reservation. Idempotent. */
export async function cancel(request: unknown, context: BackgroundContext): Promise<ActionResponse<'cancel'>> {
  const { intentId } = parseRequest(IntentRequestSchema, request);
  const session = await requireSession(context);
  return { intent: await context.api.cancel(session.token, intentId) };
}
