import * as z from 'zod/mini';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';

const UnlinkRequestSchema = z.strictObject({});

/**
 * Unlinks the X account: the worker ends every session of the user, on every browser, and erases
 * the handle and name it kept; balances and history stay, found again by a later link of the same
 * X account. The token here is forgotten only once the worker has done it, so a failed unlink
 * (network, worker error) leaves the extension linked and the user can try again. Only Hashpay's
 * own pages may ask: the router refuses it to content scripts.
 */
export async function unlink(request: unknown, context: BackgroundContext): Promise<ActionResponse<'unlink'>> {
  parseRequest(UnlinkRequestSchema, request);
  const session = await requireSession(context);
  await context.api.unlink(session.token);
  await context.session.clear();
  return { linked: false };
}
