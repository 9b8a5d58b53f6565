import * as z from 'zod/mini';
import { PaymentIntentIdSchema } from '../../../shared/contract/payments';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';

export const IntentRequestSchema = z.strictObject({ intentId: PaymentIntentIdSchema });

/** One intent as the worker has it now (the confirmation window shows it). */
export async function getIntent(request: unknown, context: BackgroundContext): Promise<ActionResponse<'get-intent'>> {
  const { intentId } = parseRequest(IntentRequestSchema, request);
  const session = await requireSession(context);
  return { intent: await context.api.getIntent(session.token, intentId) };
}
