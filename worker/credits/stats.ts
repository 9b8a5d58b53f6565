import { creditCountsOfOffer } from '../db/credits';

/** The credit figures of a merchant's offer. */
export interface OfferCreditStats {
  /** Purchases that earned a credit (one per enrolment), whatever became of the credit since. */
  qualifyingPurchases: number;
  creditsPending: number;
  creditsPosted: number;
  /** Taken back by a refund before settlement. */
  creditsVoided: number;
  /** Taken back by a refund after settlement. */
  creditsReversed: number;
}

export async function creditStatsOfOffer(db: D1Database, offerId: string): Promise<OfferCreditStats> {
  const counts = await creditCountsOfOffer(db, offerId);
  return {
    qualifyingPurchases: counts.qualifying_purchases,
    creditsPending: counts.pending,
    creditsPosted: counts.posted,
    creditsVoided: counts.voided,
    creditsReversed: counts.reversed,
  };
}
