import { CLAIM_SECRET_LENGTH_MIN } from '../../../shared/contract/identity';
import type { ActionResponse } from '../../lib/messages';
import { WorkerProblem } from '../api';
import { ActionFailure, type BackgroundContext } from '../context';

/**
 * Links the user's X account: asks the worker for a link, opens X's consent page in a tab, then
 * claims the link with a secret only this background knows until the worker hands over the
 * session. Claiming is polled every `LINK_POLL_INTERVAL_MS` and gives up after
 * `LINK_WAIT_MAX_MS` or the link's own expiry, whichever comes first.
 */

export const LINK_POLL_INTERVAL_MS = 1_000;
export const LINK_WAIT_MAX_MS = 5 * 60_000;
const CLAIM_SECRET_BYTES = 32;

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function linkAccount(
  _request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'link-account'>> {
  const claimSecret = base64url(crypto.getRandomValues(new Uint8Array(CLAIM_SECRET_BYTES)));
  if (claimSecret.length < CLAIM_SECRET_LENGTH_MIN) throw new Error('claim secret too short');
  const link = await context.api.startLink(await sha256Hex(claimSecret));
  const tab = await context.browser.tabs.create({ url: link.authorizeUrl, active: true });

  const deadlineMs = Math.min(context.now() + LINK_WAIT_MAX_MS, Date.parse(link.expiresAt));
  while (context.now() < deadlineMs) {
    try {
      const claimed = await context.api.claimLink(link.linkId, claimSecret);
      await context.session.set({ token: claimed.sessionToken, user: claimed.user, expiresAt: claimed.expiresAt });
      // The consent tab has done its job; closing it brings the user back where they were.
      if (tab?.id !== undefined) await context.browser.tabs.remove(tab.id).catch(() => {});
      return { user: claimed.user };
    } catch (error) {
      if (!(error instanceof WorkerProblem && error.code === 'link-pending')) throw error;
    }
    await context.sleep(LINK_POLL_INTERVAL_MS);
  }
  throw new ActionFailure('link-timeout', 'Linking took too long. Start again from the Hashpay button.');
}
