import { assert } from '../../shared/assert';
import { type CardEventRow, findPurchase, refundedMinorOf } from '../db/card-transactions';
import { findCardByToken } from '../db/cards';
import {
  type CreditRow,
  creditsOfPurchase,
  findCreditOfEnrolment,
  insertCredit,
  type NewCreditRow,
} from '../db/credits';
import type { Env } from '../env';
import { randomBase64Url } from '../session';
import { creditSettlementDelayS } from './config';
import { budgetExhausted, enrolmentsForPurchase, reserveCreditBudget } from './enrolments';
import { clawBackCredit, creditTransferIds, holdCredit } from './ledger';
import { creditRefusal, type EnrolmentForPurchase, refundClawsBack } from './rules';

/**
 * What a card transaction does to credits. Both entry points are idempotent: the webhook calls
 * them again for an event received but not marked applied, and every step finds what an earlier
 * run already wrote (the credit by its enrolment, transfers by their ids, statuses by the trigger).
 */

const CREDIT_ID_RANDOM_BYTES = 16;

export interface PurchaseOutcome {
  creditsCreated: number;
}

export interface RefundOutcome {
  creditsClawedBack: number;
}

/**
 * A purchase on a Hashpay card: a pending credit for each enrolment it qualifies for, one per
 * enrolment ever. Refunds already received for it (delivered before the purchase) count first.
 * A card the worker does not know earns nothing.
 */
export async function applyPurchase(env: Env, purchase: CardEventRow, nowMs: number): Promise<PurchaseOutcome> {
  assert(purchase.type === 'purchase', 'applyPurchase takes a purchase');
  const db = env.DB;
  const card = await findCardByToken(db, purchase.card_token);
  if (card === null) return { creditsCreated: 0 };
  const enrolments = await enrolmentsForPurchase(db, {
    userId: card.user_id,
    merchantId: purchase.merchant_id,
    currency: purchase.currency,
    purchasedAtMs: purchase.occurred_at_ms,
  });
  const netAmountMinor = purchase.amount_minor - (await refundedMinorOf(db, purchase.purchase_id));
  const facts = { netAmountMinor, currency: purchase.currency, occurredAtMs: purchase.occurred_at_ms };
  let creditsCreated = 0;
  for (const enrolment of enrolments) {
    assert(enrolment.userId === card.user_id, 'an enrolment found for a card belongs to its holder');
    if (creditRefusal(facts, enrolment) !== null) continue;
    if ((await openCredit(env, enrolment, purchase, nowMs)) === 'created') creditsCreated++;
  }
  return { creditsCreated };
}

/**
 * The credit of one enrolment, created pending with its place in the budget taken in the same
 * batch; then its reservation in the ledger. `exists` when the enrolment already has a credit
 * (another purchase earned it, or this one earlier), `budget` when the offer's budget is spent.
 */
async function openCredit(
  env: Env,
  enrolment: EnrolmentForPurchase,
  purchase: CardEventRow,
  nowMs: number,
): Promise<'created' | 'exists' | 'budget'> {
  const db = env.DB;
  const creditId = `crd_${randomBase64Url(CREDIT_ID_RANDOM_BYTES)}`;
  const row: NewCreditRow = {
    id: creditId,
    enrolment_id: enrolment.enrolmentId,
    offer_id: enrolment.offerId,
    user_id: enrolment.userId,
    purchase_id: purchase.purchase_id,
    amount_minor: enrolment.creditMinor,
    minimum_spend_minor: enrolment.minimumSpendMinor,
    currency: enrolment.currency,
    pending_transfer_id: creditTransferIds.hold(creditId),
    post_after_ms: nowMs + creditSettlementDelayS(env) * 1000,
    created_at_ms: nowMs,
  };
  try {
    await db.batch([insertCredit(db, row), reserveCreditBudget(db, enrolment.offerId)]);
  } catch (error) {
    const existing = await findCreditOfEnrolment(db, enrolment.enrolmentId);
    if (existing !== null) {
      // Finish what a run stopped half-way may have left: a pending credit without its reservation.
      if (existing.status === 'pending' && existing.purchase_id === purchase.purchase_id) {
        await holdCredit(db, existing, nowMs);
      }
      return 'exists';
    }
    if (budgetExhausted(error)) return 'budget';
    throw error;
  }
  await holdCredit(
    db,
    { ...row, status: 'pending', posted_at_ms: null, closed_at_ms: null, closed_reason: null },
    nowMs,
  );
  return 'created';
}

/**
 * A refund: every credit its purchase earned whose purchase is now worth less than the minimum
 * spend is clawed back. A refund whose purchase has not arrived yet waits in card_events and is
 * counted when the purchase arrives.
 */
export async function applyRefund(env: Env, refund: CardEventRow, nowMs: number): Promise<RefundOutcome> {
  assert(refund.type === 'refund', 'applyRefund takes a refund');
  const db = env.DB;
  const purchase = await findPurchase(db, refund.purchase_id);
  if (purchase === null) return { creditsClawedBack: 0 };
  const netAmountMinor = purchase.amount_minor - (await refundedMinorOf(db, purchase.purchase_id));
  let creditsClawedBack = 0;
  for (const credit of await creditsOfPurchase(db, purchase.purchase_id)) {
    if (!isOpen(credit) || !refundClawsBack(netAmountMinor, credit.minimum_spend_minor)) continue;
    const after = await clawBackCredit(db, credit, nowMs);
    if (after.status === 'voided' || after.status === 'reversed') creditsClawedBack++;
  }
  return { creditsClawedBack };
}

function isOpen(credit: CreditRow): boolean {
  return credit.status === 'pending' || credit.status === 'posted';
}
