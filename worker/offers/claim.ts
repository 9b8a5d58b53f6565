import { assert } from '../../shared/assert';
import type { ClaimRefusalReason, TweetClaim } from '../../shared/contract/payments';
import { findHashtags, HASHPAY_HASHTAG } from '../../shared/hashtag';
import {
  type ClaimTweetOutcome,
  type ClaimTweetRow,
  findClaimTweet,
  findEnrolment,
  findOffersByHashtagKeys,
  hashtagKeyOf,
  insertClaimTweetStatement,
  insertEnrolmentStatement,
  insertRefusedClaimTweetStatement,
  type OfferRow,
  offersOfUsersMerchant,
} from '../db/offers';
import { randomBase64Url } from '../session';

/**
 * Claiming an offer by tweeting its hashtag, as the tweet matcher decides it. The matcher writes
 * the tweet's decision, the enrolment and the claim tweet's outcome in one batch; the database
 * decides between enrolling and each refusal at that instant (see `insertClaimTweetStatement`),
 * so concurrent claims, pauses and credits cannot enrol anyone they should not.
 *
 * One tweet claims one offer: the first of its hashtags whose offer takes claims, or else the
 * first offer it names (to tell the author why not). Claims are timed when the tweet is matched.
 *
 * A merchant's own tweet announcing its offer carries the hashtag too; it must not enrol the
 * merchant's account in its own offer (the offer would fund a credit to its own merchant), so
 * such a claim is refused with `merchant-own-offer`.
 */

/** Hashtags of one tweet looked up as offers; X allows far fewer in 280 characters anyway. */
export const HASHTAGS_PER_TWEET_MAX = 50;
const ENROLMENT_ID_RANDOM_BYTES = 16;

/** The outcome the matcher records on `payment_tweets` for a tweet that claimed an offer. */
export const CLAIM_DECISION_OUTCOME = 'offer-claim';

/** The funded offers this text names by hashtag, in the order the text names them. */
export async function offersNamedIn(
  db: D1Database,
  text: string,
  /** Offers already read for the batch, by hashtag key (undefined: read them here). */
  readFor: (keys: readonly string[]) => OfferRow[] | undefined = () => undefined,
): Promise<OfferRow[]> {
  // #Hashpay, on every payment tweet, is never an offer's (creation refuses it): no need to look it up.
  const hashpayKey = hashtagKeyOf(HASHPAY_HASHTAG);
  const named = findHashtags(text).map((match) => hashtagKeyOf(match.hashtag));
  const keys = [...new Set(named.filter((key) => key !== hashpayKey))].slice(0, HASHTAGS_PER_TWEET_MAX);
  if (keys.length === 0) return [];
  const offers = readFor(keys) ?? (await findOffersByHashtagKeys(db, keys));
  const byKey = new Map(offers.map((offer) => [hashtagKeyOf(offer.hashtag), offer]));
  return keys.flatMap((key) => byKey.get(key) ?? []);
}

/** Why the offer refuses claims at `nowMs`, or null if it takes them. */
export function offerRefusalAt(offer: OfferRow, nowMs: number): ClaimRefusalReason | null {
  if (nowMs > offer.spend_by_ms) return 'offer-ended';
  if (nowMs > offer.enrol_by_ms) return 'enrol-by-passed';
  if (offer.paused === 1 || offer.funded_at_ms === null) return 'offer-paused';
  if (offer.credits_used >= offer.budget_credits) return 'fully-redeemed';
  return null;
}

export interface ClaimPlan {
  offerId: string;
  /** The statements to run after the tweet's decision, in the same batch. */
  statements: D1PreparedStatement[];
}

/** Chooses which offer the tweet claims and makes the statements that claim it. */
export async function planClaim(
  db: D1Database,
  claim: {
    rootId: string;
    userId: string | null;
    offers: readonly OfferRow[];
    nowMs: number;
    /** The offers among these that are the author's own merchant's, when read for a batch. */
    ownOfferIds?: ReadonlySet<string>;
  },
): Promise<ClaimPlan> {
  assert(claim.offers.length > 0, 'a claim names at least one offer');
  const ownOfferIds =
    claim.userId === null
      ? new Set<string>()
      : (claim.ownOfferIds ??
        (await offersOfUsersMerchant(
          db,
          claim.userId,
          claim.offers.map((offer) => offer.id),
        )));
  let chosen = claim.offers[0]!;
  // With one offer there is nothing to choose: it is the one claimed or refused.
  if (claim.userId !== null && claim.offers.length > 1) {
    for (const offer of claim.offers) {
      if (ownOfferIds.has(offer.id)) continue;
      if (offerRefusalAt(offer, claim.nowMs) !== null) continue;
      if ((await findEnrolment(db, claim.userId, offer.id)) !== null) continue;
      chosen = offer;
      break;
    }
  }
  if (claim.userId !== null && ownOfferIds.has(chosen.id)) {
    const refusal = {
      rootId: claim.rootId,
      offerId: chosen.id,
      userId: claim.userId,
      outcome: 'merchant-own-offer' as const,
    };
    return { offerId: chosen.id, statements: [insertRefusedClaimTweetStatement(db, refusal, claim.nowMs)] };
  }
  const enrolmentId = `enr_${randomBase64Url(ENROLMENT_ID_RANDOM_BYTES)}`;
  const statements: D1PreparedStatement[] = [];
  if (claim.userId !== null) {
    statements.push(
      insertEnrolmentStatement(db, {
        id: enrolmentId,
        offer_id: chosen.id,
        user_id: claim.userId,
        tweet_root_id: claim.rootId,
        enrolled_at_ms: claim.nowMs,
      }),
    );
  }
  statements.push(
    insertClaimTweetStatement(
      db,
      { rootId: claim.rootId, offerId: chosen.id, userId: claim.userId, enrolmentId },
      claim.nowMs,
    ),
  );
  return { offerId: chosen.id, statements };
}

export interface DecidedClaim {
  offerId: string;
  userId: string | null;
  outcome: ClaimTweetOutcome;
}

export async function findDecidedClaim(db: D1Database, rootId: string): Promise<DecidedClaim | null> {
  const row: ClaimTweetRow | null = await findClaimTweet(db, rootId);
  return row === null ? null : { offerId: row.offer_id, userId: row.user_id, outcome: row.outcome };
}

/** A decided claim as the report route answers it to the tweet's author. */
export async function tweetClaimOf(db: D1Database, claim: DecidedClaim): Promise<TweetClaim> {
  const offer = await db.prepare('SELECT hashtag FROM offers WHERE id = ?').bind(claim.offerId).first<{
    hashtag: string;
  }>();
  assert(offer !== null, 'a claimed offer exists');
  const enrolment = claim.userId === null ? null : await findEnrolment(db, claim.userId, claim.offerId);
  return {
    offerId: claim.offerId,
    hashtag: offer.hashtag,
    status: claim.outcome === 'enrolled' ? 'enrolled' : 'refused',
    refusalReason: claim.outcome === 'enrolled' ? null : claim.outcome,
    claimedAt: enrolment === null ? null : new Date(enrolment.enrolled_at_ms).toISOString(),
  };
}
