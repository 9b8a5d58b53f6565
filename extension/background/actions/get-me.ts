import type { ActionResponse } from '../../lib/messages';
import type { BackgroundContext } from '../context';

/** The linked account as the worker knows it, or null when the extension is not linked. */
export async function getMe(_request: unknown, context: BackgroundContext): Promise<ActionResponse<'get-me'>> {
  const session = await context.session.get();
  if (session === null) return { user: null };
  const me = await context.api.me(session.token);
  return { user: me.user };
}
