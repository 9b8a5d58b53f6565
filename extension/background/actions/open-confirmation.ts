import type { ActionResponse } from '../../lib/messages';
import { openConfirmationWindow } from '../confirmation-window';
import type { BackgroundContext } from '../context';
import { parseRequest } from '../parse-request';
import { IntentRequestSchema } from './get-intent';

/** Opens (or focuses) the confirmation window of an intent; the popup's list asks for it. */
export async function openConfirmation(
  request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'open-confirmation'>> {
  const { intentId } = parseRequest(IntentRequestSchema, request);
  await openConfirmationWindow(context, intentId);
  return { opened: true };
}
