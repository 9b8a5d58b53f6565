import * as z from 'zod/mini';
import { XIdSchema } from '../../../shared/contract/payments';
import type { ActionResponse } from '../../lib/messages';
import { WorkerProblem } from '../api';
import { openAnswerWindow, openConfirmationWindow } from '../confirmation-window';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';
import { rememberFailedTweet, rememberRefusal } from '../refused-tweets';
import { whenLoaded } from '../session-map';

/**
 * Tells the worker the user just posted this tweet. When the worker answers that it matched a
 * payment awaiting confirmation, the confirmation window opens at once. When it enrolled the user in an
 * offer (the tweet carried a live offer's hashtag), the claim is answered to the page, which
 * tells the user, and kept with the user's claims. When the tweet moved none of the user's money
 * (the worker refused it, or its payment failed at once: above the balance, a limit), the same
 * window opens with why and what to do next, and the page marks the tweet "not paid".
 * `retry-later` (X could
 * not be asked yet) and network failures are retried a bounded number of times; the worker's own
 * search still finds the tweet if every try fails.
 */

/** Waits before each retry; their count bounds the retries. */
export const REPORT_RETRY_DELAYS_MS = [1_000, 3_000, 10_000] as const;
/** Reported tweet ids remembered, so the page-world script and the toast fallback report once. */
export const REPORTED_TWEET_IDS_MAX = 200;

const ReportRequestSchema = z.strictObject({ tweetId: XIdSchema });

export async function reportTweet(
  request: unknown,
  context: BackgroundContext,
): Promise<ActionResponse<'report-tweet'>> {
  const { tweetId } = parseRequest(ReportRequestSchema, request);
  const session = await requireSession(context);
  await whenLoaded(context.reportedTweets);
  const known = context.reportedTweets.get(tweetId);
  if (known !== undefined) return { outcome: known };

  for (let attempt = 0; ; attempt += 1) {
    let outcome: ActionResponse<'report-tweet'>['outcome'];
    try {
      const answer = await context.api.reportTweet(session.token, tweetId);
      outcome = answer.outcome;
      if (outcome === 'matched') {
        remember(context, tweetId, outcome);
        // Only the payer confirms: a reported tweet paying this user opens nothing.
        const intent = answer.intent;
        const byPayer = intent?.payer.xUserId === session.user.xUserId;
        if (intent?.status === 'awaiting_confirmation' && byPayer) {
          await openConfirmationWindow(context, intent.id);
        }
        // Failed at its match: the window shows why (its intent says), and what to do next.
        if (intent?.status === 'failed' && byPayer) {
          rememberFailedTweet(context, tweetId, intent.id);
          await openConfirmationWindow(context, intent.id);
          return { outcome, failedIntent: intent };
        }
        return { outcome };
      }
      if (outcome === 'not-a-payment') {
        remember(context, tweetId, outcome);
        const refusal = answer.refusal;
        if (refusal === undefined) return { outcome };
        rememberRefusal(context, { ...refusal, tweetId });
        await openAnswerWindow(context, tweetId);
        return { outcome, refusal };
      }
      if (outcome === 'offer-claimed' || outcome === 'offer-refused') {
        remember(context, tweetId, outcome);
        const claim = answer.claim;
        if (claim === undefined) return { outcome };
        if (outcome === 'offer-claimed') {
          context.offers?.recordClaim({ token: session.token, xUserId: session.user.xUserId }, claim, tweetId);
        }
        return { outcome, claim };
      }
    } catch (error) {
      const transient = error instanceof WorkerProblem && (error.status === 0 || error.status >= 500);
      if (!transient) throw error;
      outcome = 'retry-later';
    }
    const delayMs = REPORT_RETRY_DELAYS_MS[attempt];
    if (delayMs === undefined) return { outcome };
    await context.sleep(delayMs);
  }
}

function remember(
  context: BackgroundContext,
  tweetId: string,
  outcome: 'matched' | 'not-a-payment' | 'offer-claimed' | 'offer-refused',
): void {
  context.reportedTweets.set(tweetId, outcome);
  if (context.reportedTweets.size > REPORTED_TWEET_IDS_MAX) {
    const oldest = context.reportedTweets.keys().next().value;
    if (oldest !== undefined) context.reportedTweets.delete(oldest);
  }
}
