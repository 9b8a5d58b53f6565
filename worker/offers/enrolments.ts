import { assert } from '../../shared/assert';

/**
 * What the credits side needs from offers: the enrolments a card purchase may earn a credit on,
 * and the statements that book a credit against its offer's budget.
 *
 * Budget: an offer pays at most `budget_credits` credits. `offers.credits_used` counts the
 * credits pending or posted, and a CHECK keeps it within the budget, so the statement that
 * reserves budget makes its whole batch fail once the budget is used up — however many credits
 * are booked at once. A credit voided while still pending gives its place back
 * (`releaseCreditBudgetStatement` in the void's batch); a credit reversed after posting does not:
 * the merchant paid it, and the budget counts credits paid.
 */

/** Enrolments considered for one purchase at most (a user enrols once per offer). */
export const ENROLMENTS_PER_PURCHASE_MAX = 100;

export interface PurchaseEnrolment {
  enrolmentId: string;
  offerId: string;
  userId: string;
  minimumSpendMinor: number;
  creditMinor: number;
  currency: string;
  spendByMs: number;
  enrolledAtMs: number;
}

export interface PurchaseQuery {
  userId: string;
  /** The card network's acceptor id of the purchase. */
  merchantId: string;
  currency: string;
  purchasedAtMs: number;
}

/**
 * The user's enrolments whose offer counts this purchase: the acceptor id is one of the offer's,
 * the currency is the offer's, and the purchase falls within [enrolled at, spend-by]. The
 * minimum spend is the caller's to compare (it knows the amount); paused offers still count
 * purchases of cards enrolled before the pause.
 */
export async function findEnrolmentsForPurchase(db: D1Database, query: PurchaseQuery): Promise<PurchaseEnrolment[]> {
  assert(Number.isSafeInteger(query.purchasedAtMs) && query.purchasedAtMs >= 0, 'purchasedAtMs is a time in ms');
  const { results } = await db
    .prepare(
      `SELECT offer_enrolments.id AS enrolmentId, offers.id AS offerId, offer_enrolments.user_id AS userId,
         offers.minimum_spend_minor AS minimumSpendMinor, offers.credit_minor AS creditMinor, offers.currency AS currency,
         offers.spend_by_ms AS spendByMs, offer_enrolments.enrolled_at_ms AS enrolledAtMs
       FROM offer_enrolments
       JOIN offers ON offers.id = offer_enrolments.offer_id
       JOIN offer_card_merchant_ids ON offer_card_merchant_ids.offer_id = offers.id
       WHERE offer_enrolments.user_id = ?1 AND offer_card_merchant_ids.card_merchant_id = ?2 AND offers.currency = ?3
         AND offer_enrolments.enrolled_at_ms <= ?4 AND ?4 <= offers.spend_by_ms
       ORDER BY offer_enrolments.enrolled_at_ms, offer_enrolments.id
       LIMIT ?5`,
    )
    .bind(query.userId, query.merchantId, query.currency, query.purchasedAtMs, ENROLMENTS_PER_PURCHASE_MAX)
    .all<PurchaseEnrolment>();
  return results;
}

/**
 * Books one credit against the offer's budget. Put it in the batch that creates the credit: when
 * the budget is used up the CHECK `credits_within_budget` fails and the whole batch changes
 * nothing (see `isBudgetExhausted`).
 */
export function reserveCreditBudgetStatement(db: D1Database, offerId: string): D1PreparedStatement {
  return db.prepare('UPDATE offers SET credits_used = credits_used + 1 WHERE id = ?').bind(offerId);
}

/** Gives one credit's place back, for a credit voided while pending. Put it in the void's batch. */
export function releaseCreditBudgetStatement(db: D1Database, offerId: string): D1PreparedStatement {
  return db.prepare('UPDATE offers SET credits_used = credits_used - 1 WHERE id = ?').bind(offerId);
}

/** True when a batch failed because an offer's budget is used up. */
export function isBudgetExhausted(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes('CHECK constraint failed: credits_within_budget');
}

/**
 * Books one credit against the budget on its own: true if booked, false if the budget is used
 * up. The credits side normally uses the statement inside its own batch instead.
 */
export async function reserveCreditBudget(db: D1Database, offerId: string): Promise<boolean> {
  try {
    const result = await reserveCreditBudgetStatement(db, offerId).run();
    assert(result.meta.changes === 1, `offer ${offerId} exists`);
    return true;
  } catch (error) {
    if (isBudgetExhausted(error)) return false;
    throw error;
  }
}
