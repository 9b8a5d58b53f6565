import type { ActionResponse } from '../../lib/messages';
import type { BackgroundContext } from '../context';

/** Ends the session on the worker and forgets the token here. */
export async function logout(_request: unknown, context: BackgroundContext): Promise<ActionResponse<'logout'>> {
  const session = await context.session.get();
  if (session !== null) await context.api.logout(session.token);
  await context.session.clear();
  return { linked: false };
}
