/**
 * What the rest of the worker asks of a payment provider, in its own words: top-ups by card,
 * payouts accounts and withdrawals to a bank, the provider's signed events, and its balance for
 * reconciliation. One implementation today (Stripe, in `stripe.ts`); a second provider (an
 * e-money wallet, say) implements this interface and nothing else changes.
 *
 * Every call that creates something at the provider carries an idempotency key derived from our
 * own id, so a retried request never creates a second checkout, transfer or payout.
 */

export interface CheckoutRequest {
  topUpId: string;
  userId: string;
  amountMinor: number;
  currency: string;
  successUrl: string;
  cancelUrl: string;
  /** When the checkout closes unpaid; derived from the top-up, so a retried request asks the same. */
  expiresAtMs: number;
}

export interface WithdrawalRequest {
  withdrawalId: string;
  providerAccountId: string;
  amountMinor: number;
  currency: string;
}

export interface SentWithdrawal {
  transferId: string;
  payoutId: string;
  /** When the provider expects the money on the bank account. */
  arrivalAtMs: number | null;
}

/** A provider event, once verified, as the worker acts on it. */
export type ProviderEvent =
  | {
      eventId: string;
      kind: 'top_up_paid';
      topUpId: string | null;
      checkoutId: string;
      paymentId: string | null;
      amountMinor: number;
      currency: string;
    }
  | { eventId: string; kind: 'top_up_failed' | 'top_up_expired'; topUpId: string | null; checkoutId: string }
  | {
      eventId: string;
      kind: 'refund';
      refundId: string;
      paymentId: string;
      amountMinor: number;
      currency: string;
      /** The refund failed or was cancelled: the provider put its money back in our balance. */
      failed: boolean;
    }
  | {
      eventId: string;
      kind: 'dispute';
      disputeId: string;
      paymentId: string;
      currency: string;
      /** What the provider has withdrawn from our balance for this dispute so far (0 for an inquiry). */
      withdrawnMinor: number;
      /** What it has put back since (the dispute won); never more than was withdrawn. */
      reinstatedMinor: number;
    }
  | {
      eventId: string;
      kind: 'payout_paid' | 'payout_failed';
      payoutId: string;
      withdrawalId: string | null;
      failureMessage: string | null;
    }
  | { eventId: string; kind: 'ignored'; type: string };

/** A call the provider refused for a reason the user can act on (a declined card, a bad amount). */
export class ProviderRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderRefusal';
  }
}

/** A webhook delivery that is not signed by the provider with our secret. */
export class InvalidProviderSignature extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidProviderSignature';
  }
}

export interface PaymentsProvider {
  readonly name: string;
  createCheckout(request: CheckoutRequest): Promise<{ checkoutId: string; url: string }>;
  createPayoutsAccount(input: { userId: string }): Promise<{ providerAccountId: string }>;
  onboardingUrl(input: { providerAccountId: string; returnUrl: string; refreshUrl: string }): Promise<string>;
  payoutsEnabled(providerAccountId: string): Promise<boolean>;
  sendWithdrawal(request: WithdrawalRequest): Promise<SentWithdrawal>;
  /** Refunds part of a paid top-up to its card (what arrived above the cap); once per top-up. */
  refundTopUpExcess(input: { topUpId: string; paymentId: string; amountMinor: number }): Promise<{ refundId: string }>;
  /** Takes a withdrawal's transfer back from the payouts account after its payout failed. */
  reverseWithdrawal(input: { withdrawalId: string; transferId: string; amountMinor: number }): Promise<void>;
  /** Verifies the signature over the raw body; throws InvalidProviderSignature when it is not ours. */
  parseEvent(rawBody: string, signatureHeader: string | undefined): Promise<ProviderEvent>;
  /** Σ of the provider's balance transactions per currency (ours only, not connected accounts'). */
  balanceByCurrency(pagesMax: number): Promise<Map<string, number>>;
}
