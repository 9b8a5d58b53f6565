import { assert } from '../../shared/assert';
import type { CreatePaymentIntentRequest } from '../../shared/contract/payments';
import { sameHashtag } from '../../shared/hashtag';
import { formatPotContributionTweet } from '../../shared/tweet-format';
import { findIntentByRequest, type IntentRow, type NewIntentRow } from '../db/payments';
import { findPotByHashtag, type PotRow } from '../db/pots';
import type { User } from '../db/users';
import type { Env } from '../env';
import { settleDebtsBeforeSpending } from '../funds/spending';
import { paymentsConfig } from '../payments/config';
import { insertDraftedIntentOnce, limitExceeded, newIntentId } from '../payments/intents';
import { limitProblem } from '../payments/money';
import { HttpProblem } from '../problem';

/**
 * Creates a contribution to an open pot, or a pledge to an open project, named by its hashtag:
 * an intent whose payee is the pot's organiser and whose money goes to the pot's own account
 * (the drafted tweet carries the pot's hashtag and the code). The same request id again returns
 * the same intent; with other fields it is a 409 naming the first that differs.
 */
export async function createPotIntent(
  env: Env,
  payer: User,
  request: CreatePaymentIntentRequest,
  nowMs: number,
): Promise<{ intent: IntentRow; created: boolean }> {
  assert(request.potHashtag !== undefined, 'createPotIntent: the request names a pot');
  const db = env.DB;
  const replay = await findIntentByRequest(db, payer.id, request.requestId);
  if (replay !== null) return { intent: sameRequestOrConflict(replay, request), created: false };

  // A wallet that owes after a refund or dispute can pay nothing: say so now, not at reservation.
  await settleDebtsBeforeSpending(db, payer.id, nowMs);
  const pot = await findPotByHashtag(db, request.potHashtag);
  if (pot === null) {
    throw new HttpProblem(404, 'pot-not-found', `No pot or project uses #${request.potHashtag}.`, [
      { path: 'potHashtag', message: 'no pot or project has this hashtag' },
    ]);
  }
  refuseUnlessPotTakes(pot, payer, request, nowMs);

  // Contributions and pledges are payments to a person (the organiser) as far as limits go.
  const config = paymentsConfig(env);
  const limit = await limitProblem(
    db,
    config,
    { payerUserId: payer.id, currency: request.currency, amountMinor: request.amountMinor, intentId: null },
    nowMs,
  );
  if (limit !== null) throw limitExceeded(limit, config.limits[request.currency]);

  const memo = request.memo === undefined || request.memo.trim() === '' ? null : request.memo;
  const { stored, created } = await insertDraftedIntentOnce(db, payer.id, request.requestId, (code) => ({
    ...potIntentFields(pot, payer),
    id: newIntentId(),
    code,
    source: 'drafted',
    request_id: request.requestId,
    amount_minor: request.amountMinor,
    currency: request.currency,
    memo,
    language: request.language,
    // The pot's hashtag as its organiser spelled it, so the tweet shows under that hashtag.
    tweet_text: formatPotContributionTweet({
      potHashtag: pot.hashtag,
      amountMinor: request.amountMinor,
      currency: request.currency,
      memo,
      code,
      language: request.language,
    }),
    in_reply_to_tweet_id: request.inReplyToTweetId ?? null,
    created_at_ms: nowMs,
    expires_at_ms: nowMs + config.intentTtlS * 1000,
  }));
  return created ? { intent: stored, created } : { intent: sameRequestOrConflict(stored, request), created };
}

/** The fields of a contribution or pledge that come from its pot and its payer. */
export function potIntentFields(
  pot: PotRow,
  payer: User,
): Pick<
  NewIntentRow,
  | 'payer_user_id'
  | 'payer_x_user_id'
  | 'payer_username'
  | 'payer_name'
  | 'payee_x_user_id'
  | 'payee_username'
  | 'payee_name'
  | 'payee_handle_requested'
  | 'purpose'
  | 'pot_id'
  | 'public_mention'
> {
  return {
    payer_user_id: payer.id,
    payer_x_user_id: payer.xUserId,
    payer_username: payer.username,
    payer_name: payer.name,
    payee_x_user_id: pot.organiser_x_user_id,
    payee_username: pot.organiser_username,
    payee_name: pot.organiser_name,
    payee_handle_requested: pot.organiser_username,
    purpose: pot.kind === 'project' ? 'pledge' : 'contribution',
    pot_id: pot.id,
    public_mention: 0,
  };
}

/** Why this pot cannot take this payer's money now, if it cannot; null when it can. */
export function potRefusal(
  pot: PotRow,
  payer: { xUserId: string },
  currency: string,
  nowMs: number,
): 'pot-closed' | 'organiser-cannot-contribute' | 'pot-currency' | null {
  if (pot.state !== 'open' || (pot.deadline_at_ms !== null && pot.deadline_at_ms <= nowMs)) return 'pot-closed';
  if (pot.organiser_x_user_id === payer.xUserId) return 'organiser-cannot-contribute';
  if (pot.currency !== currency) return 'pot-currency';
  return null;
}

function refuseUnlessPotTakes(pot: PotRow, payer: User, request: CreatePaymentIntentRequest, nowMs: number): void {
  switch (potRefusal(pot, payer, request.currency, nowMs)) {
    case null:
      return;
    case 'pot-closed':
      throw new HttpProblem(409, 'pot-closed', `#${pot.hashtag} no longer takes contributions: it is ${pot.state}.`, [
        { path: 'potHashtag', message: 'closed' },
      ]);
    case 'organiser-cannot-contribute':
      throw new HttpProblem(
        422,
        'organiser-cannot-contribute',
        'You organise this pot: its money is already yours to collect, so you cannot chip in.',
        [{ path: 'potHashtag', message: 'your own pot' }],
      );
    case 'pot-currency':
      throw new HttpProblem(422, 'pot-currency', `#${pot.hashtag} collects ${pot.currency} only.`, [
        { path: 'currency', message: `must be ${pot.currency}` },
      ]);
  }
}

/** The stored intent if the request repeats it exactly, else a 409 naming the first field that differs. */
function sameRequestOrConflict(intent: IntentRow, request: CreatePaymentIntentRequest): IntentRow {
  const memo = request.memo === undefined || request.memo.trim() === '' ? null : request.memo;
  const differences: [field: string, differs: boolean][] = [
    ['potHashtag', !(intent.pot_hashtag && request.potHashtag && sameHashtag(intent.pot_hashtag, request.potHashtag))],
    ['amountMinor', intent.amount_minor !== request.amountMinor],
    ['currency', intent.currency !== request.currency],
    ['memo', intent.memo !== memo],
    ['inReplyToTweetId', intent.in_reply_to_tweet_id !== (request.inReplyToTweetId ?? null)],
    ['language', intent.language !== request.language],
  ];
  const field = differences.find(([, differs]) => differs)?.[0];
  if (field === undefined) return intent;
  throw new HttpProblem(
    409,
    'request-id-reused',
    `This requestId already created an intent with a different ${field}; a retry must repeat the original request, a new payment needs a new requestId.`,
    [{ path: field, message: 'differs from the request that first used this requestId' }],
  );
}
