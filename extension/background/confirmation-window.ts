import type { BackgroundContext } from './context';
import { whenLoaded } from './session-map';

/**
 * The confirmation is the extension's own page in a window of its own, never drawn inside x.com's
 * page, where a script could overlay or imitate it. One window per intent: asking again focuses it.
 */

export const CONFIRMATION_PAGE = '/confirm.html';
export const CONFIRMATION_WINDOW_WIDTH_PX = 400;
export const CONFIRMATION_WINDOW_HEIGHT_PX = 560;

export function confirmationUrl(context: BackgroundContext, intentId: string): string {
  return `${context.browser.runtime.getURL(CONFIRMATION_PAGE)}?intent=${encodeURIComponent(intentId)}`;
}

/** The answer about a refused tweet: the same window, showing why the tweet moved no money. */
export function answerUrl(context: BackgroundContext, tweetId: string): string {
  return `${context.browser.runtime.getURL(CONFIRMATION_PAGE)}?tweet=${encodeURIComponent(tweetId)}`;
}

/** Key of a refused tweet's window among the intents' (`tweet:` never starts an intent id). */
function answerKey(tweetId: string): string {
  return `tweet:${tweetId}`;
}

export async function openConfirmationWindow(context: BackgroundContext, intentId: string): Promise<void> {
  await openWindow(context, intentId, confirmationUrl(context, intentId));
}

/** Opens (or focuses) the window that tells the user why their tweet moved no money. */
export async function openAnswerWindow(context: BackgroundContext, tweetId: string): Promise<void> {
  await openWindow(context, answerKey(tweetId), answerUrl(context, tweetId));
}

async function openWindow(context: BackgroundContext, key: string, url: string): Promise<void> {
  // A restarted service worker still knows the windows an earlier one opened.
  await whenLoaded(context.confirmationWindows);
  const known = context.confirmationWindows.get(key);
  if (known !== undefined) {
    try {
      await context.browser.windows.update(known, { focused: true });
      return;
    } catch {
      // The window was closed without us hearing of it: open a new one.
      context.confirmationWindows.delete(key);
    }
  }
  const created = await context.browser.windows.create({
    type: 'popup',
    url,
    width: CONFIRMATION_WINDOW_WIDTH_PX,
    height: CONFIRMATION_WINDOW_HEIGHT_PX,
    focused: true,
  });
  if (created?.id !== undefined) context.confirmationWindows.set(key, created.id);
}

/** Forgets a closed window, so the next request for its intent opens a new one. */
export async function forgetConfirmationWindow(context: BackgroundContext, windowId: number): Promise<void> {
  await whenLoaded(context.confirmationWindows);
  for (const [intentId, id] of context.confirmationWindows) {
    if (id === windowId) context.confirmationWindows.delete(intentId);
  }
}
