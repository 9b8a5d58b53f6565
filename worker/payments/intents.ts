import { assert } from '../../shared/assert';
import type { CreatePaymentIntentRequest, PaymentPurpose } from '../../shared/contract/payments';
import { sameHandle } from '../../shared/handle';
import { generateReferenceCode, REFERENCE_CODE_RANDOM_BYTES } from '../../shared/reference-code';
import { formatDonationTweet, formatPaymentTweet } from '../../shared/tweet-format';
import { findActiveOrganisation } from '../db/organisations';
import {
  findIntentByRequest,
  type IntentRow,
  insertDraftedIntent,
  isCodeTaken,
  type NewIntentRow,
} from '../db/payments';
import type { User } from '../db/users';
import type { Env } from '../env';
import { settleDebtsBeforeSpending } from '../funds/spending';
import { limitsForIntent } from '../organisations/limits';
import { HttpProblem } from '../problem';
import { randomBase64Url } from '../session';
import { paymentsConfig } from './config';
import { limitProblem } from './money';
import { resolveXAccount } from './x';

/** Random bytes of an intent id: 128 bits, 22 base64url characters after `pi_`. */
const INTENT_ID_RANDOM_BYTES = 16;
/** Fresh codes tried when one collides with an existing intent's (at 32^7 codes, once is rare). */
const CODE_ATTEMPTS_MAX = 3;

export function newIntentId(): string {
  return `pi_${randomBase64Url(INTENT_ID_RANDOM_BYTES)}`;
}

export function newReferenceCode(): string {
  return generateReferenceCode(crypto.getRandomValues(new Uint8Array(REFERENCE_CODE_RANDOM_BYTES)));
}

/**
 * Creates the payer's intent for this request (a payee named by handle), or returns the one the
 * same request id already made (`created: false`). The same request id with other fields is a
 * 409 naming the first field that differs: a retry must repeat the request exactly.
 *
 * A payee that is a registered, non-revoked organisation makes a donation: the donation's
 * wording, the organisation's limits, and the donor's choice to be named in its public receipt.
 */
export async function createDraftedIntent(
  env: Env,
  payer: User,
  request: CreatePaymentIntentRequest,
  nowMs: number,
): Promise<{ intent: IntentRow; created: boolean }> {
  const payeeHandle = request.payeeHandle;
  assert(payeeHandle !== undefined, 'createDraftedIntent: the request names a payee (pots have their own intents)');
  const db = env.DB;
  const replay = await findIntentByRequest(db, payer.id, request.requestId);
  if (replay !== null) return { intent: sameRequestOrConflict(replay, request), created: false };

  // A wallet that owes after a refund or dispute can pay nothing: say so now, not at reservation.
  await settleDebtsBeforeSpending(db, payer.id, nowMs);
  const payee = await resolveXAccount(env, payeeHandle, {
    field: 'payeeHandle',
    role: 'the payee',
    undone: 'nothing was created',
    unknownType: 'unknown-payee',
  });
  if (payee.id === payer.xUserId) {
    throw new HttpProblem(422, 'payer-is-payee', 'You cannot pay yourself: choose another payee.');
  }
  const organisation = await findActiveOrganisation(db, payee.id);
  const purpose = organisation === null ? 'payment' : 'donation';
  if (request.publicMention === true && organisation === null) {
    throw new HttpProblem(
      422,
      'public-mention-not-donation',
      `@${payee.username} is not a verified organisation: a public mention is only for donations.`,
      [{ path: 'publicMention', message: 'only for donations to a verified organisation' }],
    );
  }

  const config = paymentsConfig(env);
  const limits = await limitsForIntent(db, config, {
    purpose,
    payeeXUserId: payee.id,
    currency: request.currency,
  });
  const limit = await limitProblem(
    db,
    config,
    {
      payerUserId: payer.id,
      currency: request.currency,
      amountMinor: request.amountMinor,
      intentId: null,
      purpose,
      payeeXUserId: payee.id,
    },
    nowMs,
  );
  if (limit !== null) throw limitExceeded(limit, limits, purpose);

  const memo = request.memo === undefined || request.memo.trim() === '' ? null : request.memo;
  const { stored, created } = await insertDraftedIntentOnce(db, payer.id, request.requestId, (code) => ({
    id: newIntentId(),
    code,
    source: 'drafted',
    request_id: request.requestId,
    payer_user_id: payer.id,
    payer_x_user_id: payer.xUserId,
    payer_username: payer.username,
    payer_name: payer.name,
    payee_x_user_id: payee.id,
    payee_username: payee.username,
    payee_name: payee.name,
    payee_handle_requested: payeeHandle,
    amount_minor: request.amountMinor,
    currency: request.currency,
    memo,
    language: request.language,
    // The payee's handle as X spells it, so the tweet mentions the right account.
    tweet_text: (purpose === 'donation' ? formatDonationTweet : formatPaymentTweet)({
      payeeHandle: payee.username,
      amountMinor: request.amountMinor,
      currency: request.currency,
      memo,
      code,
      language: request.language,
    }),
    in_reply_to_tweet_id: request.inReplyToTweetId ?? null,
    created_at_ms: nowMs,
    expires_at_ms: nowMs + config.intentTtlS * 1000,
    purpose,
    pot_id: null,
    public_mention: request.publicMention === true ? 1 : 0,
  }));
  return created ? { intent: stored, created } : { intent: sameRequestOrConflict(stored, request), created };
}

/**
 * Inserts a drafted intent under a fresh reference code (another one on the rare collision), then
 * answers the intent this request id names: the one just inserted (`created`), or the one a
 * concurrent request with the same id inserted first.
 */
export async function insertDraftedIntentOnce(
  db: D1Database,
  payerUserId: string,
  requestId: string,
  rowWithCode: (code: string) => NewIntentRow,
): Promise<{ stored: IntentRow; created: boolean }> {
  for (let attempt = 1; attempt <= CODE_ATTEMPTS_MAX; attempt += 1) {
    const row = rowWithCode(newReferenceCode());
    assert(row.payer_user_id === payerUserId && row.request_id === requestId, 'the row is this request’s');
    try {
      await insertDraftedIntent(db, row).run();
    } catch (error) {
      if (isCodeTaken(error)) continue;
      throw error;
    }
    // Inserted, or a concurrent request with the same id won: either way, that row is the answer.
    const stored = await findIntentByRequest(db, payerUserId, requestId);
    assert(stored !== null, 'the intent of this request exists');
    return { stored, created: stored.id === row.id };
  }
  throw new Error(`insertDraftedIntentOnce: ${CODE_ATTEMPTS_MAX} reference codes in a row were taken`);
}

/** The stored intent if the request repeats it exactly, else a 409 naming the first field that differs. */
function sameRequestOrConflict(intent: IntentRow, request: CreatePaymentIntentRequest): IntentRow {
  const memo = request.memo === undefined || request.memo.trim() === '' ? null : request.memo;
  const differences: [field: string, differs: boolean][] = [
    [
      'payeeHandle',
      request.payeeHandle === undefined || !sameHandle(intent.payee_handle_requested, request.payeeHandle),
    ],
    ['amountMinor', intent.amount_minor !== request.amountMinor],
    ['currency', intent.currency !== request.currency],
    ['memo', intent.memo !== memo],
    ['inReplyToTweetId', intent.in_reply_to_tweet_id !== (request.inReplyToTweetId ?? null)],
    ['language', intent.language !== request.language],
    ['publicMention', intent.public_mention !== (request.publicMention === true ? 1 : 0)],
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

export function limitExceeded(
  limit: 'limit-per-payment' | 'limit-per-day',
  limits: { perPaymentMaxMinor: number; perDayMaxMinor: number },
  purpose: PaymentPurpose = 'payment',
): HttpProblem {
  const what = purpose === 'donation' ? 'donation' : 'payment';
  const sent = purpose === 'donation' ? 'given to organisations' : 'sent';
  return limit === 'limit-per-payment'
    ? new HttpProblem(
        422,
        'limit-per-payment',
        `A ${what} in this currency can be at most ${limits.perPaymentMaxMinor} minor units.`,
        [{ path: 'amountMinor', message: `at most ${limits.perPaymentMaxMinor}` }],
      )
    : new HttpProblem(
        422,
        'limit-per-day',
        `This ${what} would take you over ${limits.perDayMaxMinor} minor units ${sent} in this currency within 24 hours.`,
        [{ path: 'amountMinor', message: 'over the daily limit' }],
      );
}
