import * as z from 'zod/mini';
import { AmountMinorSchema, CurrencySchema } from '../../../shared/contract/money';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';

const WithdrawRequestSchema = z.strictObject({
  currency: CurrencySchema,
  amountMinor: AmountMinorSchema,
  /** Made by the popup per click; a retry of the same click withdraws once. */
  requestId: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,48}$/, '16 to 48 letters, digits, _ or -')),
});

/** Money from the wallet to the user's bank account through the payment provider. */
export async function withdraw(request: unknown, context: BackgroundContext): Promise<ActionResponse<'withdraw'>> {
  const body = parseRequest(WithdrawRequestSchema, request);
  const session = await requireSession(context);
  const withdrawal = await context.api.withdraw(session.token, {
    clientId: `withdrawal-${body.requestId}`,
    currency: body.currency,
    amountMinor: body.amountMinor,
  });
  return { withdrawal };
}
