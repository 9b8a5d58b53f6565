import { findIntent, type IntentRow, markClosed } from '../db/payments';
import { findLinkedUserByXUserId, type User } from '../db/users';
import type { Env } from '../env';
import { cancelPledge, cancelUnconfirmedPledge, confirmPotIntent } from '../pots/holds';
import { HttpProblem } from '../problem';
import { XError } from '../x/errors';
import { resolveEscrow } from './escrow';
import { applyDeletions, matchTweets } from './match';
import { reserve, resolveHold, syncWithLedger } from './money';
import { replyWithReceipt } from './receipt-reply';
import { applyRecordedWithdrawal } from './withdraw';
import { xClientFor } from './x';

/**
 * The payer's answer to a matched payment. Only the payer may give it; giving it twice is the
 * same as once; a confirm and a cancel racing each other end as whichever the ledger let
 * through first, and the loser is told so.
 */

async function payersIntent(env: Env, payer: User, intentId: string, nowMs: number): Promise<IntentRow> {
  let intent = await findIntent(env.DB, intentId);
  if (intent === null) throw new HttpProblem(404, 'intent-not-found', 'There is no payment intent with this id.');
  if (intent.payer_user_id !== payer.id) {
    throw new HttpProblem(403, 'not-the-payer', 'Only the payer of this payment can confirm or cancel it.');
  }
  // A match interrupted before its reservation is completed first, so the answer applies to it.
  if (intent.status === 'awaiting_tweet' && intent.tweet_root_id !== null) intent = await reserve(env, intentId, nowMs);
  return syncWithLedger(env.DB, intent, nowMs);
}

function closedProblem(intent: IntentRow, asked: 'confirm' | 'cancel'): HttpProblem {
  switch (intent.status) {
    case 'awaiting_tweet':
      return asked === 'confirm'
        ? new HttpProblem(409, 'intent-not-matched', 'The tweet of this payment has not been matched yet.')
        : new HttpProblem(409, 'intent-open', 'This payment cannot be cancelled right now; try again.');
    case 'cancelled':
      return new HttpProblem(409, 'intent-cancelled', 'This payment was cancelled; nothing was sent.');
    case 'expired':
      return new HttpProblem(409, 'intent-expired', 'This payment expired before it was confirmed; nothing was sent.');
    case 'failed':
      if (intent.failure_reason === 'tweet-edited') {
        return new HttpProblem(
          409,
          'tweet-edited',
          'The tweet was edited and no longer states this payment; your reservation was released and nothing was sent.',
        );
      }
      if (intent.failure_reason === 'tweet-deleted') {
        return new HttpProblem(
          409,
          'tweet-deleted',
          'The tweet was deleted; your reservation was released and nothing was sent.',
        );
      }
      if (intent.failure_reason === 'pot-closed') {
        return new HttpProblem(
          409,
          'pot-closed',
          'The pot or project stopped taking money before this was confirmed; your reservation was released and nothing was sent.',
        );
      }
      return new HttpProblem(409, 'intent-failed', `This payment failed (${intent.failure_reason}); nothing was sent.`);
    case 'pledged':
      return new HttpProblem(
        409,
        'pledge-locked',
        'The project’s deadline has come: this pledge can no longer be cancelled; it is collected if the goal was reached and released otherwise.',
      );
    case 'released':
      return new HttpProblem(
        409,
        'intent-released',
        'This pledge was released: the project did not reach its goal, and nothing was collected.',
      );
    case 'settled':
    case 'escrowed':
    case 'refunded':
      return new HttpProblem(
        409,
        'intent-confirmed',
        'This payment was already confirmed; it can no longer be cancelled.',
      );
    case 'awaiting_confirmation':
      return new HttpProblem(409, 'intent-open', 'This payment is still awaiting confirmation; try again.');
  }
}

/** When X cannot be asked about the tweet at confirmation, the payer may try again after this long. */
const CONFIRM_RETRY_AFTER_S = 30;

/**
 * Before money moves, the tweet is read from X once more: a payment whose tweet was deleted, or
 * edited so that it no longer states the payment, must not be confirmed (the webhook and the
 * search job may not have told us yet). This is the one deliberate second read of a tweet. When
 * X cannot be asked, nothing moves and the payer is asked to try again.
 */
async function recheckTweet(env: Env, given: IntentRow, nowMs: number): Promise<IntentRow> {
  // What is already recorded decides first, with no read: a deletion or an edit written down by
  // a run that stopped before voiding the hold.
  const intent = await applyRecordedWithdrawal(env, given, nowMs);
  if (intent.status !== 'awaiting_confirmation' || intent.tweet_id === null) return intent;
  const client = xClientFor(env);
  const unreachable = () =>
    new HttpProblem(
      503,
      'x-unavailable',
      'X could not be asked whether the tweet still states this payment; nothing was sent. Try again shortly.',
      undefined,
      { 'retry-after': String(CONFIRM_RETRY_AFTER_S) },
    );
  let lookup: Awaited<ReturnType<typeof client.lookupTweets>>;
  try {
    lookup = await client.lookupTweets([intent.tweet_id]);
  } catch (error) {
    if (error instanceof XError && error.retryable) throw unreachable();
    throw error;
  }
  const [tweet] = lookup.tweets;
  if (tweet === undefined) {
    // Deleted (X answers 200 with only `errors`). A protected account's tweet is not public
    // either: it is not confirmed until X shows it again.
    if (lookup.unavailable[intent.tweet_id] === 'protected') throw unreachable();
    await applyDeletions(env, [intent.tweet_id], nowMs);
  } else if (tweet.editHistoryTweetIds.at(-1) !== tweet.id) {
    // Edited since: the matcher reads the latest version and decides what the edit means.
    const report = await matchTweets(env, [tweet], 'report', nowMs, client);
    if (report.retryLater.length > 0) throw unreachable();
  }
  const after = await findIntent(env.DB, intent.id);
  if (after === null) throw new HttpProblem(404, 'intent-not-found', 'There is no payment intent with this id.');
  // The last word before any money moves (a contribution's post or a payment's): the recorded
  // state, read again after what the read above may have written.
  return applyRecordedWithdrawal(env, after, nowMs);
}

export async function confirmIntent(env: Env, payer: User, intentId: string, nowMs: number): Promise<IntentRow> {
  let intent = await recheckTweet(env, await payersIntent(env, payer, intentId, nowMs), nowMs);
  // A contribution is posted into its pot's account unless the pot closed; a pledge stays held.
  if (intent.pot_id !== null) intent = await confirmPotIntent(env.DB, intent, nowMs);
  if (intent.status === 'awaiting_confirmation') intent = await resolveHold(env.DB, intent, 'post', nowMs);
  if (intent.status === 'escrowed' && (await findLinkedUserByXUserId(env.DB, intent.payee_x_user_id)) !== null) {
    // The payee linked after the match: the money is theirs at once.
    intent = await resolveEscrow(env, intent.id, 'claim', nowMs);
  }
  if (intent.status === 'settled') await replyWithReceipt(env, intent);
  if (['settled', 'escrowed', 'refunded', 'pledged'].includes(intent.status)) return intent;
  throw closedProblem(intent, 'confirm');
}

export async function cancelIntent(env: Env, payer: User, intentId: string, nowMs: number): Promise<IntentRow> {
  let intent = await payersIntent(env, payer, intentId, nowMs);
  if (intent.status === 'awaiting_tweet' && intent.tweet_root_id === null) {
    await markClosed(env.DB, intentId, 'cancelled', nowMs, 'awaiting_tweet').run();
    // Read again: if it was matched meanwhile, the answer is for the matched payment.
    intent = await payersIntent(env, payer, intentId, nowMs);
  }
  if (intent.status === 'awaiting_confirmation' && intent.purpose === 'pledge') {
    intent = await cancelUnconfirmedPledge(env.DB, intent, nowMs);
  } else if (intent.status === 'awaiting_confirmation') {
    intent = await resolveHold(env.DB, intent, 'void', nowMs);
  }
  // A confirmed pledge may be withdrawn until the project's deadline.
  if (intent.status === 'pledged' && (await cancelPledge(env.DB, intent, nowMs))) {
    intent = await payersIntent(env, payer, intentId, nowMs);
  }
  if (intent.status === 'cancelled') return intent;
  throw closedProblem(intent, 'cancel');
}
