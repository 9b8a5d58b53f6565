import { browser } from 'wxt/browser';
import type { ActionResult, AskBackground, BackgroundMessage } from './messages';

/**
 * Sends one action to the background and returns its result. A background that cannot answer
 * (the extension was reloaded, the service worker failed) is reported as an error result, so
 * callers handle one shape.
 */
export const askBackground: AskBackground = async (action, request) => {
  const message: BackgroundMessage<typeof action> = { hashpay: action, request };
  try {
    const result = (await browser.runtime.sendMessage(message)) as ActionResult<typeof action> | undefined;
    if (result === undefined || result === null || typeof result.ok !== 'boolean') {
      return { ok: false, error: { code: 'no-answer', message: 'Hashpay did not answer. Reload the page.' } };
    }
    return result;
  } catch {
    return { ok: false, error: { code: 'no-answer', message: 'Hashpay did not answer. Reload the page.' } };
  }
};
