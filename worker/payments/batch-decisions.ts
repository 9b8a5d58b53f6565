import {
  type BatchHold,
  batchHoldStatements,
  type ClaimOutcomeRow,
  findOwnOfferPairs,
  findUsersInDebt,
  type IntentStateRow,
  selectClaimOutcomes,
  selectIntentStates,
} from '../db/batch-holds';
import type { ClaimTweetOutcome, OfferRow } from '../db/offers';
import {
  claimIntentForTweet,
  type IntentRow,
  insertTweetDecision,
  insertTweetVersions,
  type TweetDecision,
} from '../db/payments';
import { insertTweetRefusal, type NewTweetRefusal } from '../db/tweet-refusals';
import type { Env } from '../env';
import { type AccountKey, accountKeyOf, ensureAccounts } from '../ledger';
import { log } from '../log';
import { CLAIM_DECISION_OUTCOME, planClaim } from '../offers/claim';
import { limitsForIntent } from '../organisations/limits';
import type { XTweet } from '../x/schemas';
import type { BatchReads } from './batch-reads';
import { paymentsConfig } from './config';
import {
  draftRefusal,
  editableUntilMs,
  parseVersion,
  type TweetOutcome,
  type TweetSource,
  versionIdsUpTo,
} from './match';
import { PAYMENT_TRANSFER_CODE, reserve, transferIds } from './money';

/**
 * First decisions of a batch of tweets written together: the decisions, their versions and
 * refusals, the intents tied to their tweets with their holds, and the offer claims with their
 * enrolments, in **one** D1 batch (one transaction) for the whole batch of tweets instead of
 * several round trips per tweet. Only the common kinds are planned here — a tweet that decides
 * nothing, a drafted payment or donation to a person, an offer claim naming one offer or by an
 * unlinked author —; the others (commands, pots, later versions) are decided one by one.
 *
 * Every rule of the one-by-one path holds, each kept by the statement that writes it:
 * - one effect per tweet: the decision is a plain INSERT on the root's primary key, so a root
 *   decided meanwhile by another arrival fails the batch, and then every planned tweet is decided
 *   alone (which answers it from D1); a redelivered batch finds its roots decided when read, and
 *   plans nothing;
 * - an intent is tied to one tweet by its guarded UPDATE; a plan whose intent was taken meanwhile
 *   writes nothing and is decided alone after the batch;
 * - a hold never overdraws: each is inserted only if the payer's wallet has the amount available
 *   at that point of the batch, after the holds before it (see worker/db/batch-holds.ts), with the
 *   ledger's balance CHECK behind it; Σ per currency stays 0 since each hold moves both balances.
 */

interface PlannedBase {
  rootId: string;
  tweet: XTweet;
  decision: TweetDecision;
}

export type PlannedDecision =
  | (PlannedBase & { kind: 'ignored'; refusal: NewTweetRefusal | null })
  | (PlannedBase & {
      kind: 'drafted';
      intent: IntentRow;
      payeeAccountKind: 'wallet' | 'escrow';
      /** The payee's user id when paid into their wallet. */
      payeeUserId: string | null;
    })
  | (PlannedBase & { kind: 'claim'; userId: string | null; offers: OfferRow[] });

/**
 * What a tweet never decided before would be decided as, from the batch's reads, or null when it
 * is not one of the kinds written together (it is then decided alone, as before).
 */
export async function planFirstDecision(
  env: Env,
  rootId: string,
  tweet: XTweet,
  source: TweetSource,
  nowMs: number,
  reads: BatchReads,
): Promise<PlannedDecision | null> {
  const decisionOf = (outcome: string): TweetDecision => ({
    rootId,
    authorXUserId: tweet.authorId,
    source,
    outcome,
    nowMs,
    versionId: tweet.id,
    editableUntilMs: editableUntilMs(tweet),
  });
  const ignored = (outcome: string, refusal: NewTweetRefusal | null = null): PlannedDecision => ({
    kind: 'ignored',
    rootId,
    tweet,
    decision: decisionOf(outcome),
    refusal,
  });
  const { parsed, offers } = await parseVersion(env, tweet, reads);
  switch (parsed.kind) {
    case 'drafted-payment':
    case 'drafted-donation': {
      const intent = reads.intentByCode(parsed.code);
      if (intent === undefined) return null;
      if (intent === null) return ignored('unknown-code');
      const refusal = draftRefusal(intent, tweet, parsed, nowMs);
      if (refusal !== null) {
        return ignored(refusal.outcome, {
          rootId,
          userId: intent.payer_user_id,
          intentId: intent.id,
          reason: refusal.reason,
          tweetId: tweet.id,
          text: tweet.text,
          outcome: refusal.outcome,
          nowMs,
        });
      }
      if (intent.pot_id !== null) return null;
      const payee = reads.linkedUser(intent.payee_x_user_id);
      if (payee === undefined) return null;
      return {
        kind: 'drafted',
        rootId,
        tweet,
        decision: decisionOf('drafted'),
        intent,
        payeeAccountKind: payee === null ? 'escrow' : 'wallet',
        payeeUserId: payee?.id ?? null,
      };
    }
    case 'offer-claim': {
      const author = reads.linkedUser(tweet.authorId);
      // Several offers named by a linked author: which one is claimed depends on their enrolments.
      if (author === undefined || (author !== null && offers.length > 1)) return null;
      return {
        kind: 'claim',
        rootId,
        tweet,
        decision: decisionOf(CLAIM_DECISION_OUTCOME),
        userId: author?.id ?? null,
        offers,
      };
    }
    case 'rejected':
      return ignored(`rejected:${parsed.reason}`);
    case 'none':
      return ignored('not-a-payment');
    default:
      return null;
  }
}

/**
 * Writes the planned first decisions in one D1 batch and answers each tweet's outcome; a tweet
 * missing from the answer is to be decided alone (its plan could not be carried out as read).
 */
export async function writeFirstDecisions(
  env: Env,
  plans: readonly PlannedDecision[],
  nowMs: number,
): Promise<Map<string, TweetOutcome>> {
  const db = env.DB;
  const drafted = plans.filter((plan) => plan.kind === 'drafted');
  const claims = plans.filter((plan) => plan.kind === 'claim');

  // What the holds and claims need, read once for the batch.
  const accountKeys = drafted.flatMap((plan) => [payerKey(plan), payeeKey(plan)]);
  const [accounts, inDebt, ownOffers] = await Promise.all([
    // Accounts used for the first time are created first, as `reserve` would.
    ensureAccounts(db, accountKeys, nowMs),
    findUsersInDebt(db, [...new Set(drafted.map((plan) => plan.intent.payer_user_id))]),
    findOwnOfferPairs(
      db,
      claims.flatMap((plan) =>
        plan.userId === null ? [] : plan.offers.map((offer) => ({ userId: plan.userId!, offerId: offer.id })),
      ),
    ),
  ]);
  const accountOf = (key: AccountKey) => accounts.get(accountKeyOf(key))!.id;

  const statements: D1PreparedStatement[] = [];
  /** Per drafted plan: where its intent's claim is in the batch, and whether its hold is in it too. */
  const claimAt = new Map<string, { index: number; heldInBatch: boolean }>();
  const intentsTaken = new Set<string>();
  const unplanned = new Set<string>();
  for (const plan of plans) {
    const versions = insertTweetVersions(db, plan.rootId, versionIdsUpTo(plan.tweet));
    if (plan.kind === 'ignored') {
      statements.push(
        insertTweetDecision(db, plan.decision, null),
        ...versions,
        ...(plan.refusal === null ? [] : [insertTweetRefusal(db, plan.refusal)]),
      );
      continue;
    }
    if (plan.kind === 'claim') {
      const claim = await planClaim(db, {
        rootId: plan.rootId,
        userId: plan.userId,
        offers: plan.offers,
        nowMs,
        ownOfferIds: new Set(
          plan.offers.filter((offer) => ownOffers.has(`${plan.userId} ${offer.id}`)).map((offer) => offer.id),
        ),
      });
      statements.push(insertTweetDecision(db, plan.decision, null), ...claim.statements, ...versions);
      continue;
    }
    const { intent } = plan;
    // Two tweets carrying one code: the first takes the intent, the second is decided alone after.
    if (intentsTaken.has(intent.id)) {
      unplanned.add(plan.rootId);
      continue;
    }
    intentsTaken.add(intent.id);
    const hold = await holdOf(env, plan, inDebt, accountOf);
    if (hold !== null) {
      const held = batchHoldStatements(
        db,
        hold,
        {
          id: plan.tweet.id,
          text: plan.tweet.text,
          authorXUserId: plan.decision.authorXUserId,
          source: plan.decision.source,
          editableUntilMs: plan.decision.editableUntilMs,
        },
        nowMs,
      );
      statements.push(held.decision, ...versions, ...held.hold);
      claimAt.set(plan.rootId, { index: statements.length, heldInBatch: true });
      statements.push(held.intent);
      continue;
    }
    // Matched here, reserved by `reserve` after the batch.
    claimAt.set(plan.rootId, { index: statements.length, heldInBatch: false });
    statements.push(
      claimIntentForTweet(
        db,
        intent.id,
        {
          rootId: plan.rootId,
          tweetId: plan.tweet.id,
          text: plan.tweet.text,
          payeeAccountKind: plan.payeeAccountKind,
          previousVersionId: null,
        },
        nowMs,
      ),
      insertTweetDecision(db, plan.decision, intent.id),
      ...versions,
    );
  }
  const intentIds = [...intentsTaken];
  const claimRootIds = claims.map((plan) => plan.rootId);
  const readBackAt = statements.length;
  statements.push(selectIntentStates(db, intentIds), selectClaimOutcomes(db, claimRootIds));

  let results: D1Result[];
  try {
    results = await db.batch(statements);
  } catch (error) {
    // A root decided or an intent taken by a concurrent arrival, or a constraint: nothing of the
    // batch was written, and each tweet is decided alone.
    log('warn', 'batch-decisions-refused', { tweets: plans.length, error: String(error) });
    return new Map();
  }

  const states = new Map(((results[readBackAt]?.results ?? []) as IntentStateRow[]).map((row) => [row.id, row]));
  const claimed = new Map(
    ((results[readBackAt + 1]?.results ?? []) as ClaimOutcomeRow[]).map((row) => [row.root_id, row]),
  );
  const outcomes = new Map<string, TweetOutcome>();
  for (const plan of plans) {
    if (unplanned.has(plan.rootId)) continue;
    if (plan.kind === 'ignored') {
      outcomes.set(plan.rootId, { kind: 'ignored', reason: plan.decision.outcome });
    } else if (plan.kind === 'claim') {
      const row = claimed.get(plan.rootId);
      if (row === undefined) continue;
      outcomes.set(plan.rootId, {
        kind: 'claim',
        offerId: row.offer_id,
        userId: row.user_id,
        outcome: row.outcome as ClaimTweetOutcome,
        rootId: plan.rootId,
        firstTime: true,
      });
    } else {
      const at = claimAt.get(plan.rootId)!;
      // The intent was taken or closed between the read and the batch: decided alone.
      if ((results[at.index]?.meta.changes ?? 0) !== 1) continue;
      if (!at.heldInBatch) await reserve(env, plan.intent.id, nowMs);
      else logHold(plan.intent, states.get(plan.intent.id));
      outcomes.set(plan.rootId, { kind: 'matched', intentId: plan.intent.id, rootId: plan.rootId, firstTime: true });
    }
  }
  return outcomes;
}

/**
 * The hold of a matched intent as the batch writes it, or null when `reserve` must make it on its
 * own after the batch: a payer in debt (it repays first), an amount above the limit per payment
 * (refused with its own reason).
 */
async function holdOf(
  env: Env,
  plan: Extract<PlannedDecision, { kind: 'drafted' }>,
  inDebt: ReadonlySet<string>,
  accountOf: (key: AccountKey) => string,
): Promise<BatchHold | null> {
  const { intent } = plan;
  if (inDebt.has(intent.payer_user_id)) return null;
  const limits = await limitsForIntent(env.DB, paymentsConfig(env), {
    purpose: intent.purpose,
    payeeXUserId: intent.payee_x_user_id,
    currency: intent.currency,
  });
  if (intent.amount_minor > limits.perPaymentMaxMinor) return null;
  const payerAccountId = accountOf(payerKey(plan));
  const payeeAccountId = accountOf(payeeKey(plan));
  return {
    intentId: intent.id,
    rootId: plan.rootId,
    holdId: transferIds.hold(intent.id),
    payerUserId: intent.payer_user_id,
    payerAccountId,
    payeeAccountId,
    payeeAccountKind: plan.payeeAccountKind,
    currency: intent.currency,
    amountMinor: intent.amount_minor,
    timeoutS: paymentsConfig(env).confirmTimeoutS,
    perDayMaxMinor: limits.perDayMaxMinor,
    dailyGroup: limits.dailyGroup,
    code: PAYMENT_TRANSFER_CODE,
  };
}

function payerKey(plan: Extract<PlannedDecision, { kind: 'drafted' }>): AccountKey {
  return { kind: 'wallet', owner: plan.intent.payer_user_id, currency: plan.intent.currency };
}

/** The payee's wallet if they have one, else escrow under their X user id (as `payeeAccount`). */
function payeeKey(plan: Extract<PlannedDecision, { kind: 'drafted' }>): AccountKey {
  return plan.payeeAccountKind === 'wallet'
    ? { kind: 'wallet', owner: plan.payeeUserId!, currency: plan.intent.currency }
    : { kind: 'escrow', owner: plan.intent.payee_x_user_id, currency: plan.intent.currency };
}

/** The line every money movement leaves (as `createTransfer` logs it), or why nothing moved. */
function logHold(intent: IntentRow, state: IntentStateRow | undefined): void {
  if (state?.status === 'awaiting_confirmation') {
    log('info', 'money', {
      status: 'created',
      transferId: transferIds.hold(intent.id),
      flags: 'pending',
      amountMinor: intent.amount_minor,
      currency: intent.currency,
      code: PAYMENT_TRANSFER_CODE,
    });
  } else {
    log('warn', 'money-refused', {
      transferId: transferIds.hold(intent.id),
      flags: 'pending',
      refusal: state?.failure_reason ?? 'unknown',
    });
  }
}
