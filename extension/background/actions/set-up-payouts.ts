import * as z from 'zod/mini';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';

/** Ready for withdrawals, or the provider's hosted onboarding opened in a tab (once per user). */
export async function setUpPayouts(
  request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'set-up-payouts'>> {
  parseRequest(z.strictObject({}), request);
  const session = await requireSession(context);
  const account = await context.api.payoutsAccount(session.token);
  if (!account.ready && account.onboardingUrl !== null && /^https?:\/\//.test(account.onboardingUrl)) {
    await context.browser.tabs.create({ url: account.onboardingUrl });
  }
  return { ready: account.ready };
}
