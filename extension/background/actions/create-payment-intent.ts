import { CreatePaymentIntentRequestSchema } from '../../../shared/contract/payments';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';

/** Creates the intent for a drafted payment and answers the exact tweet text to post. */
export async function createPaymentIntent(
  request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'create-payment-intent'>> {
  const draft = parseRequest(CreatePaymentIntentRequestSchema, request);
  const session = await requireSession(context);
  const intent = await context.api.createPaymentIntent(session.token, draft);
  return { intentId: intent.id, tweetText: intent.tweetText };
}
