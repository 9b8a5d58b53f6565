import * as z from 'zod/mini';
import { XIdSchema } from '../../../shared/contract/payments';
import type { ActionResponse } from '../../lib/messages';
import { ActionFailure, type BackgroundContext } from '../context';
import { parseRequest } from '../parse-request';
import { refusalOf } from '../refused-tweets';

const RefusalRequestSchema = z.strictObject({ tweetId: XIdSchema });

/** Why one of the user's tweets moved no money, as the worker answered its report (the answer window shows it). */
export async function getRefusal(request: unknown, context: BackgroundContext): Promise<ActionResponse<'get-refusal'>> {
  const { tweetId } = parseRequest(RefusalRequestSchema, request);
  const refusal = await refusalOf(context, tweetId);
  if (refusal === null) throw new ActionFailure('refusal-unknown', 'Hashpay has no answer about this tweet any more.');
  return { refusal };
}
