import * as z from 'zod/mini';
import { AmountMinorSchema, CurrencySchema } from '../../../shared/contract/money';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';

/** A test top-up adds at most this much (1 000.00 in a two-decimal currency): enough to try things. */
export const TOP_UP_AMOUNT_MAX_MINOR = 100_000;

const TopUpRequestSchema = z.strictObject({
  currency: CurrencySchema,
  amountMinor: AmountMinorSchema.check(z.lte(TOP_UP_AMOUNT_MAX_MINOR)),
  /** Made by the popup per click; a retry of the same click adds the money once. */
  requestId: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,48}$/, '16 to 48 letters, digits, _ or -')),
});

/**
 * Adds sandbox money to the linked user's wallet, then answers the new balances. Only a worker
 * running against the sandbox X has the top-up route; any other answers 404 and nothing moves.
 */
export async function topUp(request: unknown, context: BackgroundContext): Promise<ActionResponse<'top-up'>> {
  const body = parseRequest(TopUpRequestSchema, request);
  const session = await requireSession(context);
  await context.api.sandboxTopUp({
    clientId: `top-up-${body.requestId}`,
    owner: session.user.id,
    currency: body.currency,
    amountMinor: body.amountMinor,
  });
  return { balances: await context.api.balances(session.token) };
}
