import { Hono } from 'hono';
import * as z from 'zod';
import {
  ReportTweetRequestSchema,
  type ReportTweetResponse,
  TWEET_IDS_PER_STATUS_CALL_MAX,
  type TweetRefusal,
  type TweetStatusResponse,
  XIdSchema,
} from '../../shared/contract/payments';
import { intentFromRow, selectSettledVersions } from '../db/payments';
import { findDecisionTimeOfTweet, findRefusalOfTweet, refusalFromRow } from '../db/tweet-refusals';
import type { AppEnv } from '../env';
import { tweetClaimOf } from '../offers/claim';
import { intentOfOutcome, matchTweetIds } from '../payments/match';
import { requireSession } from '../session';
import { validate } from '../validate';

/** When X could not be asked about a reported tweet and said nothing of when, report it again after this long. */
const REPORT_RETRY_AFTER_DEFAULT_S = 30;
/** X's rate-limit reset is followed, but never further away than one of its 15-minute windows. */
export const REPORT_RETRY_AFTER_MAX_S = 15 * 60;

/** Seconds to announce in `retry-after`: X's reset when it gave one (at least 1 s), bounded. */
export function reportRetryAfterS(retryAfterMs: number | undefined): number {
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return REPORT_RETRY_AFTER_DEFAULT_S;
  return Math.min(REPORT_RETRY_AFTER_MAX_S, Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/**
 * Why the reporter's tweet moved none of their money, when it concerns them: the refusal the
 * matcher kept for them, or a hand-typed command their browser posted from an X account that is
 * not linked (nobody's money, but the reporter meant it as theirs: the page posted it).
 */
async function refusalForReporter(
  db: D1Database,
  tweetId: string,
  reason: string,
  userId: string,
): Promise<TweetRefusal | null> {
  const kept = await findRefusalOfTweet(db, tweetId);
  if (kept !== null) return kept.user_id === userId ? refusalFromRow(db, kept) : null;
  if (reason !== 'unlinked-author') return null;
  const decidedAtMs = await findDecisionTimeOfTweet(db, tweetId);
  return {
    tweetId,
    tweetUrl: `https://x.com/i/web/status/${tweetId}`,
    reason: 'other-account',
    text: '',
    intent: null,
    decidedAt: new Date(decidedAtMs ?? Date.now()).toISOString(),
  };
}

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
      const body: ReportTweetResponse = { outcome: 'retry-later', intent: null, reason: outcome.reason };
      return c.json(body, 200, { 'retry-after': String(reportRetryAfterS(outcome.retryAfterMs)) });
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
    const refusal =
      outcome?.kind === 'ignored' ? await refusalForReporter(c.env.DB, tweetId, outcome.reason, user.id) : null;
    const body: ReportTweetResponse = {
      outcome: intent === null ? 'not-a-payment' : 'matched',
      intent: visible ? intentFromRow(intent) : null,
      ...(outcome?.kind === 'ignored' ? { reason: outcome.reason } : {}),
      ...(refusal === null ? {} : { refusal }),
    };
    return c.json(body);
  })

  // Public: whether a tweet's payment settled is shown by its ✓ to anyone who sees the tweet. The
  // ✓ vouches only for a tweet that still states what was paid: one edited since shows what was
  // actually paid instead.
  .get('/status', validate('query', StatusQuerySchema), async (c) => {
    const ids = [...new Set(c.req.valid('query').ids)];
    const rows = await selectSettledVersions(c.env.DB, ids);
    const body: TweetStatusResponse = {
      settledTweetIds: rows.filter((row) => row.latest_states_payment === 1).map((row) => row.tweet_id),
      editedAfterPayment: rows
        .filter((row) => row.latest_states_payment === 0)
        .map((row) => ({
          tweetId: row.tweet_id,
          amountMinor: row.amount_minor,
          currency: row.currency,
          payeeUsername: row.payee_username,
          potHashtag: row.pot_hashtag,
        })),
    };
    return c.json(body, 200, { 'cache-control': 'no-store' });
  });
