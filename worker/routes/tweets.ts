import { Hono } from 'hono';
import { z } from 'zod';
import {
  ReportTweetRequestSchema,
  type ReportTweetResponse,
  TWEET_IDS_PER_STATUS_CALL_MAX,
  XIdSchema,
} from '../../shared/contract/payments';
import { intentFromRow, selectSettledTweetIds } from '../db/payments';
import type { AppEnv } from '../env';
import { tweetClaimOf } from '../offers/claim';
import { intentOfOutcome, matchTweetIds } from '../payments/match';
import { requireSession } from '../session';
import { validate } from '../validate';

/** When X could not be asked about a reported tweet, the extension may report it again after this long. */
const REPORT_RETRY_AFTER_S = 30;

const StatusQuerySchema = z.strictObject({
  ids: z
    .string()
    .transform((ids) => ids.split(','))
    .pipe(
      z
        .array(XIdSchema)
        .min(1)
        .max(TWEET_IDS_PER_STATUS_CALL_MAX, `at most ${TWEET_IDS_PER_STATUS_CALL_MAX} tweet ids per call`),
    ),
});

export const tweets = new Hono<AppEnv>()
  // The extension saw its user post a tweet. It is only a hint: the tweet is read from X and
  // verified like any other, and the answer shows the intent only to its payer or payee.
  .post('/report', requireSession, validate('json', ReportTweetRequestSchema), async (c) => {
    const { tweetId } = c.req.valid('json');
    const report = await matchTweetIds(c.env, [tweetId], 'report', Date.now());
    const outcome = report.outcomes[tweetId];
    if (outcome?.kind === 'retry-later') {
      const body: ReportTweetResponse = { outcome: 'retry-later', intent: null };
      return c.json(body, 200, { 'retry-after': String(REPORT_RETRY_AFTER_S) });
    }
    const { user } = c.var.session;
    if (outcome?.kind === 'claim') {
      // The claim's result is the author's business only.
      const byReporter = outcome.userId === user.id;
      const body: ReportTweetResponse = {
        outcome: outcome.outcome === 'enrolled' ? 'offer-claimed' : 'offer-refused',
        intent: null,
        ...(byReporter ? { claim: await tweetClaimOf(c.env.DB, outcome) } : {}),
      };
      return c.json(body);
    }
    const intent = await intentOfOutcome(c.env, outcome);
    const visible = intent !== null && (intent.payer_user_id === user.id || intent.payee_x_user_id === user.xUserId);
    const body: ReportTweetResponse = {
      outcome: intent === null ? 'not-a-payment' : 'matched',
      intent: visible ? intentFromRow(intent) : null,
    };
    return c.json(body);
  })

  // Public: whether a tweet's payment settled is shown by its ✓ to anyone who sees the tweet.
  .get('/status', validate('query', StatusQuerySchema), async (c) => {
    const ids = [...new Set(c.req.valid('query').ids)];
    const settledTweetIds = await selectSettledTweetIds(c.env.DB, ids);
    return c.json({ settledTweetIds }, 200, { 'cache-control': 'no-store' });
  });
