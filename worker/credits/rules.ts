/**
 * The credit rules, without a database: whether one purchase earns the credit of one enrolment,
 * and whether what is left of it after refunds still does.
 */

import type { PurchaseEnrolment } from '../offers/enrolments';

/** An enrolment as the offers module reports it for a purchase. */
export type EnrolmentForPurchase = PurchaseEnrolment;

export interface PurchaseFacts {
  /** What the purchase still amounts to, its refunds so far taken off. */
  netAmountMinor: number;
  currency: string;
  occurredAtMs: number;
}

export type CreditRefusal = 'currency' | 'before_enrolment' | 'after_spend_by' | 'below_minimum_spend';

/**
 * Why the purchase earns no credit, or null when it does. The merchant id was matched when the
 * enrolments were looked up; the rest is checked here again so that the rules hold whatever the
 * lookup returned.
 */
export function creditRefusal(purchase: PurchaseFacts, enrolment: EnrolmentForPurchase): CreditRefusal | null {
  if (purchase.currency !== enrolment.currency) return 'currency';
  if (purchase.occurredAtMs < enrolment.enrolledAtMs) return 'before_enrolment';
  if (purchase.occurredAtMs > enrolment.spendByMs) return 'after_spend_by';
  if (purchase.netAmountMinor < enrolment.minimumSpendMinor) return 'below_minimum_spend';
  return null;
}

/** A refund claws the credit back once the purchase is worth less than the minimum spend. */
export function refundClawsBack(netAmountMinor: number, minimumSpendMinor: number): boolean {
  return netAmountMinor < minimumSpendMinor;
}
