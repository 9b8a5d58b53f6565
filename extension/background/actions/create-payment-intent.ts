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
  // A person paid is offered again; a pot's organiser is not someone the user chose.
  if (draft.payeeHandle !== undefined) {
    await context.recentPayees
      ?.remember(session.user.xUserId, { handle: draft.payeeHandle, currency: draft.currency })
      .catch(() => {});
  }
  return { intentId: intent.id, tweetText: intent.tweetText };
}
