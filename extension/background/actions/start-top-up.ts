import * as z from 'zod/mini';
import { AmountMinorSchema, CurrencySchema } from '../../../shared/contract/money';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';

const StartTopUpRequestSchema = z.strictObject({
  currency: CurrencySchema,
  amountMinor: AmountMinorSchema,
  /** Made by the popup per click; a retry of the same click answers the same checkout. */
  requestId: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,48}$/, '16 to 48 letters, digits, _ or -')),
});

/**
 * Asks the worker for a card top-up and opens the provider's hosted checkout in a tab. The card
 * is typed there, on the provider's page, never in the extension; the wallet moves when the
 * provider's signed event reaches the worker.
 */
export async function startTopUp(
  request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'start-top-up'>> {
  const body = parseRequest(StartTopUpRequestSchema, request);
  const session = await requireSession(context);
  const topUp = await context.api.startTopUp(session.token, {
    clientId: `top-up-${body.requestId}`,
    currency: body.currency,
    amountMinor: body.amountMinor,
  });
  if (topUp.checkoutUrl !== null && /^https?:\/\//.test(topUp.checkoutUrl)) {
    await context.browser.tabs.create({ url: topUp.checkoutUrl });
  }
  return { topUp };
}
