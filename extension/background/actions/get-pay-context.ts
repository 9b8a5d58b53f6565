import * as z from 'zod/mini';
import { HandleSchema } from '../../../shared/contract/money';
import type { ActionResponse } from '../../lib/messages';
import type { BackgroundContext } from '../context';
import { parseRequest } from '../parse-request';

const GetPayContextRequestSchema = z.strictObject({ payeeHandle: z.nullable(HandleSchema) });

/**
 * What the pay sheet checks before drafting: who is linked, what the wallet holds per currency,
 * what is left of today's limits, the recent payees and the currency last used with this payee.
 * Not linked: nothing but that. Limits a worker cannot answer are null; the worker still decides.
 */
export async function getPayContext(
  request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'get-pay-context'>> {
  const { payeeHandle } = parseRequest(GetPayContextRequestSchema, request);
  const session = await context.session.get();
  if (session === null) return { user: null, wallet: [], limits: null, recentPayees: [], lastCurrency: null };
  const [balances, limits, recentPayees] = await Promise.all([
    context.api.balances(session.token),
    context.api.limits(session.token).catch(() => null),
    context.recentPayees?.list(session.user.xUserId) ?? Promise.resolve([]),
  ]);
  const wallet = balances
    .filter((balance) => balance.kind === 'wallet')
    .map(({ currency, availableMinor }) => ({ currency, availableMinor }));
  const last =
    payeeHandle === null
      ? undefined
      : recentPayees.find((payee) => payee.handle.toLowerCase() === payeeHandle.toLowerCase());
  return {
    user: { username: session.user.username, xUserId: session.user.xUserId },
    wallet,
    limits,
    recentPayees: recentPayees.map((payee) => payee.handle),
    lastCurrency: last?.currency ?? null,
  };
}
