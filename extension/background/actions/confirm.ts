import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';
import { potChanged } from '../pot-lookup';
import { IntentRequestSchema } from './get-intent';

/**
 * Confirms a payment: the worker posts the reserved transfer. Asked only from the confirmation
 * window (the router refuses it from content scripts). Confirming twice is safe: the worker
 * answers the settled intent again.
 */
export async function confirm(request: unknown, context: BackgroundContext): Promise<ActionResponse<'confirm'>> {
  const { intentId } = parseRequest(IntentRequestSchema, request);
  const session = await requireSession(context);
  const intent = await context.api.confirm(session.token, intentId);
  // The ✓ under the payment's tweet shows at once instead of after the status cache expires.
  if ((intent.status === 'settled' || intent.status === 'escrowed') && intent.tweet !== null) {
    context.tweetStatus.markSettled([...new Set([intent.tweet.id, intent.tweet.rootId])]);
  }
  // The pot's bars show the new total at once, in every open tab.
  if (intent.pot !== null) potChanged(context, intent.pot.hashtag);
  return { intent };
}
