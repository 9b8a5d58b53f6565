/**
 * What the credits need from the offers: the enrolments a purchase may earn a credit for, and
 * the budget statements batched with a credit's creation and with its void.
 */
import {
  findEnrolmentsForPurchase,
  isBudgetExhausted,
  releaseCreditBudgetStatement,
  reserveCreditBudgetStatement,
} from '../offers/enrolments';
import type { EnrolmentForPurchase } from './rules';

export async function enrolmentsForPurchase(
  db: D1Database,
  purchase: { userId: string; merchantId: string; currency: string; purchasedAtMs: number },
): Promise<EnrolmentForPurchase[]> {
  return findEnrolmentsForPurchase(db, purchase);
}

/** Takes one credit from the offer's budget; aborts its batch when the budget is spent. */
export function reserveCreditBudget(db: D1Database, offerId: string): D1PreparedStatement {
  return reserveCreditBudgetStatement(db, offerId);
}

/** Gives one credit back to the offer's budget (a credit voided while pending). */
export function releaseCreditBudget(db: D1Database, offerId: string): D1PreparedStatement {
  return releaseCreditBudgetStatement(db, offerId);
}

/** True when a batch failed because the offer's budget is used up. */
export function budgetExhausted(error: unknown): boolean {
  return isBudgetExhausted(error);
}
