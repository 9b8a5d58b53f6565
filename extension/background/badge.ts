import type { BackgroundContext } from './context';

/**
 * The toolbar badge counts the payments awaiting the user's confirmation. It is refreshed after
 * every action that can change the count and by an alarm every minute (a payment can be matched
 * by the worker's own search, with no action here).
 */

export const BADGE_ALARM_NAME = 'hashpay-badge';
export const BADGE_PERIOD_MINUTES = 1;
/** Past this the badge shows "99+": the toolbar has room for about four characters. */
export const BADGE_COUNT_SHOWN_MAX = 99;

export function badgeText(count: number): string {
  if (!Number.isSafeInteger(count) || count <= 0) return '';
  return count > BADGE_COUNT_SHOWN_MAX ? `${BADGE_COUNT_SHOWN_MAX}+` : String(count);
}

/** Sets the badge from the worker's count; an unlinked extension shows no badge. */
export async function refreshBadge(context: BackgroundContext): Promise<number> {
  const session = await context.session.get();
  let count = 0;
  if (session !== null) {
    count = (await context.api.listAwaitingConfirmation(session.token)).length;
  }
  await context.browser.action.setBadgeText({ text: badgeText(count) });
  return count;
}
