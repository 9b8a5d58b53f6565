import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';

/** The linked user's balances per kind and currency (available, reserved, posted), in minor units. */
export async function getBalances(
  _request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'get-balances'>> {
  const session = await requireSession(context);
  return { balances: await context.api.balances(session.token) };
}
