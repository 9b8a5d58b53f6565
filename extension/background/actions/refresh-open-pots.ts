import * as z from 'zod/mini';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requirePotCatalogue } from '../context';
import { parseRequest } from '../parse-request';
import { POT_CATALOGUE_PAGE_FRESH_MS } from '../pot-catalogue';

const RefreshOpenPotsRequestSchema = z.strictObject({});

/**
 * A page starts showing tweets: the list of open pots is brought up to date first (unless a few
 * seconds old), so a pot opened before the page loaded gets its bar. Needs no session, and says
 * nothing about the page: the list is the same for everyone.
 */
export async function refreshOpenPots(
  request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'refresh-open-pots'>> {
  parseRequest(RefreshOpenPotsRequestSchema, request);
  await requirePotCatalogue(context).refreshIfOlderThan(POT_CATALOGUE_PAGE_FRESH_MS);
  return {};
}
