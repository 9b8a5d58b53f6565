import type { ActionResponse } from '../../lib/messages';
import { badgeText } from '../badge';
import { type BackgroundContext, requireSession } from '../context';

/** The payments matched and reserved, waiting for the user's Confirm or Cancel; the badge follows. */
export async function listAwaiting(
  _request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'list-awaiting'>> {
  const session = await requireSession(context);
  const intents = await context.api.listAwaitingConfirmation(session.token);
  await context.browser.action.setBadgeText({ text: badgeText(intents.length) });
  return { intents };
}
