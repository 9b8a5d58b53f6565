import * as z from 'zod/mini';
import { XIdSchema } from '../../../shared/contract/payments';
import type { ActionResponse } from '../../lib/messages';
import type { BackgroundContext } from '../context';
import { parseRequest } from '../parse-request';
import { refusedTweetIdsAmong } from '../refused-tweets';

/** Tweet ids one message may ask about: a screenful of timeline is far fewer. */
export const TWEET_IDS_PER_STATUS_REQUEST_MAX = 500;

const TweetStatusRequestSchema = z.strictObject({
  tweetIds: z.array(XIdSchema).check(z.maxLength(TWEET_IDS_PER_STATUS_REQUEST_MAX)),
  /** Those the page shows as edited posts: their remembered status is not trusted. */
  editedTweetIds: z.optional(z.array(XIdSchema).check(z.maxLength(TWEET_IDS_PER_STATUS_REQUEST_MAX))),
});

/**
 * Which of these tweets carry a settled payment (the ✓ mark) and which were edited after their
 * payment (shown with what was paid), through the cache, and which are the user's own tweets the
 * worker answered as moving none of their money (kept from their reports). Needs no session.
 */
export async function tweetStatus(
  request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'tweet-status'>> {
  const { tweetIds, editedTweetIds } = parseRequest(TweetStatusRequestSchema, request);
  const status = await context.tweetStatus.statusAmong(tweetIds, (ids) => context.api.tweetStatus(ids), editedTweetIds);
  const notPaidTweetIds = await refusedTweetIdsAmong(context, tweetIds);
  return notPaidTweetIds.length === 0 ? status : { ...status, notPaidTweetIds };
}
