import Stripe from 'stripe';
import { assert } from '../../shared/assert';
import {
  type CheckoutRequest,
  InvalidProviderSignature,
  type PaymentsProvider,
  type ProviderEvent,
  ProviderRefusal,
  type SentWithdrawal,
  type WithdrawalRequest,
} from './provider';

export interface StripeProviderOptions {
  secretKey: string;
  webhookSecret: string;
  /** Where the API is: Stripe's own when null, the sandbox provider's in local runs and tests. */
  apiOrigin: string | null;
  /** Bound of each call, so an unreachable provider fails instead of hanging a request. */
  timeoutMs: number;
}

/** Metadata keys by which provider objects name ours. */
const TOP_UP_KEY = 'hashpay_top_up';
const USER_KEY = 'hashpay_user';
const WITHDRAWAL_KEY = 'hashpay_withdrawal';
/** How many balance transactions one page brings (Stripe's maximum). */
const BALANCE_PAGE_SIZE_MAX = 100;

/**
 * Stripe, through its official SDK on the fetch HTTP client (workerd has no node:https server
 * side to speak of). Webhooks are verified by the SDK with Web Crypto, never by hand.
 */
export function stripeProvider(options: StripeProviderOptions): PaymentsProvider {
  assert(options.secretKey.length > 0, 'a Stripe secret key is needed');
  const origin = options.apiOrigin === null ? null : new URL(options.apiOrigin);
  const stripe = new Stripe(options.secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    timeout: options.timeoutMs,
    maxNetworkRetries: 1,
    ...(origin === null
      ? {}
      : {
          host: origin.hostname,
          protocol: origin.protocol === 'http:' ? 'http' : 'https',
          ...(origin.port ? { port: Number(origin.port) } : {}),
        }),
  });
  const crypto = Stripe.createSubtleCryptoProvider();

  return {
    name: 'stripe',

    async createCheckout(request: CheckoutRequest) {
      const session = await call(() =>
        stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: request.currency.toLowerCase(),
                  unit_amount: request.amountMinor,
                  product_data: { name: 'Hashpay wallet top-up' },
                },
              },
            ],
            client_reference_id: request.topUpId,
            metadata: { [TOP_UP_KEY]: request.topUpId, [USER_KEY]: request.userId },
            payment_intent_data: { metadata: { [TOP_UP_KEY]: request.topUpId, [USER_KEY]: request.userId } },
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
            expires_at: Math.floor(request.expiresAtMs / 1000),
          },
          { idempotencyKey: `top-up-${request.topUpId}` },
        ),
      );
      assert(typeof session.url === 'string', 'a hosted checkout session has a URL');
      return { checkoutId: session.id, url: session.url };
    },

    async createPayoutsAccount({ userId }) {
      const account = await call(() =>
        stripe.accounts.create(
          {
            type: 'express',
            capabilities: { transfers: { requested: true } },
            // The worker pays out each withdrawal itself (payouts.create); with Stripe's default
            // automatic schedule Stripe would sweep the balance on its own and our payouts fail.
            settings: { payouts: { schedule: { interval: 'manual' } } },
            metadata: { [USER_KEY]: userId },
          },
          { idempotencyKey: `payouts-account-${userId}` },
        ),
      );
      return { providerAccountId: account.id };
    },

    async onboardingUrl({ providerAccountId, returnUrl, refreshUrl }) {
      const link = await call(() =>
        stripe.accountLinks.create({
          account: providerAccountId,
          type: 'account_onboarding',
          return_url: returnUrl,
          refresh_url: refreshUrl,
        }),
      );
      return link.url;
    },

    async payoutsEnabled(providerAccountId) {
      const account = await call(() => stripe.accounts.retrieve(providerAccountId));
      return account.payouts_enabled === true;
    },

    async sendWithdrawal(request: WithdrawalRequest): Promise<SentWithdrawal> {
      const currency = request.currency.toLowerCase();
      const metadata = { [WITHDRAWAL_KEY]: request.withdrawalId };
      const transfer = await call(() =>
        stripe.transfers.create(
          { amount: request.amountMinor, currency, destination: request.providerAccountId, metadata },
          { idempotencyKey: `withdrawal-${request.withdrawalId}-transfer` },
        ),
      );
      let payout: Stripe.Payout;
      try {
        payout = await call(() =>
          stripe.payouts.create(
            { amount: request.amountMinor, currency, metadata },
            { idempotencyKey: `withdrawal-${request.withdrawalId}-payout`, stripeAccount: request.providerAccountId },
          ),
        );
      } catch (error) {
        // The transfer went through but the payout is refused for good: the money comes back from
        // the payouts account before the caller releases the hold, so it is never both there and
        // in the wallet. A reversal that fails throws something other than a refusal: the hold
        // then stays, and the next try reverses it under the same key.
        if (error instanceof ProviderRefusal) {
          await call(() =>
            stripe.transfers.createReversal(
              transfer.id,
              { amount: request.amountMinor, metadata },
              { idempotencyKey: `withdrawal-${request.withdrawalId}-reversal` },
            ),
          );
        }
        throw error;
      }
      return {
        transferId: transfer.id,
        payoutId: payout.id,
        arrivalAtMs: typeof payout.arrival_date === 'number' ? payout.arrival_date * 1000 : null,
      };
    },

    async refundTopUpExcess({ topUpId, paymentId, amountMinor }) {
      const refund = await call(() =>
        stripe.refunds.create(
          {
            payment_intent: paymentId,
            amount: amountMinor,
            reason: 'requested_by_customer',
            metadata: { [TOP_UP_KEY]: topUpId },
          },
          { idempotencyKey: `top-up-${topUpId}-excess` },
        ),
      );
      return { refundId: refund.id };
    },

    async reverseWithdrawal({ withdrawalId, transferId, amountMinor }) {
      await call(() =>
        stripe.transfers.createReversal(
          transferId,
          { amount: amountMinor, metadata: { [WITHDRAWAL_KEY]: withdrawalId } },
          { idempotencyKey: `withdrawal-${withdrawalId}-reversal` },
        ),
      );
    },

    async parseEvent(rawBody, signatureHeader) {
      if (!signatureHeader) throw new InvalidProviderSignature('The Stripe-Signature header is missing.');
      let event: Stripe.Event;
      try {
        event = await stripe.webhooks.constructEventAsync(
          rawBody,
          signatureHeader,
          options.webhookSecret,
          undefined,
          crypto,
        );
      } catch (error) {
        throw new InvalidProviderSignature(
          error instanceof Error ? error.message : 'The Stripe-Signature header does not sign this body.',
        );
      }
      return providerEventOf(event);
    },

    async balanceByCurrency(pagesMax) {
      const sums = new Map<string, number>();
      let startingAfter: string | undefined;
      for (let page = 0; page < pagesMax; page++) {
        const list = await call(() =>
          stripe.balanceTransactions.list({
            limit: BALANCE_PAGE_SIZE_MAX,
            ...(startingAfter ? { starting_after: startingAfter } : {}),
          }),
        );
        for (const transaction of list.data) {
          const currency = transaction.currency.toUpperCase();
          const sum = (sums.get(currency) ?? 0) + transaction.amount;
          assert(Number.isSafeInteger(sum), 'balance sums stay exact integers');
          sums.set(currency, sum);
        }
        if (!list.has_more || list.data.length === 0) return sums;
        startingAfter = list.data.at(-1)?.id;
      }
      throw new Error(`the provider's balance has more than ${pagesMax} pages of transactions`);
    },
  };
}

/** Stripe's answer to a request it refused as a ProviderRefusal; anything else is thrown as is. */
async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeCardError || error instanceof Stripe.errors.StripeInvalidRequestError) {
      throw new ProviderRefusal(error.code ?? error.type, error.message);
    }
    throw error;
  }
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/**
 * Whether Stripe has withdrawn a dispute's money from our balance, and put it back. An inquiry
 * (`warning_needs_response`, still refundable) withdraws nothing; a chargeback withdraws the
 * disputed amount, shown by a negative balance transaction on the dispute and by
 * `charge.dispute.funds_withdrawn`; a won one puts it back (a positive balance transaction,
 * `charge.dispute.funds_reinstated`, status `won`). The amounts booked are the dispute's own, in
 * the charge's currency: its balance transactions are in the settlement currency and serve only
 * as evidence. Every event carries the whole dispute, so a late or reordered one never undoes
 * what a newer one said: each movement has its fixed id in the ledger.
 */
function disputeMoneyOf(type: string, dispute: Stripe.Dispute): { withdrawn: boolean; reinstated: boolean } {
  const transactions = dispute.balance_transactions ?? [];
  const withdrawn =
    type === 'charge.dispute.funds_withdrawn' ||
    type === 'charge.dispute.funds_reinstated' ||
    transactions.some((transaction) => transaction.amount < 0);
  const reinstated =
    type === 'charge.dispute.funds_reinstated' ||
    dispute.status === 'won' ||
    transactions.some((transaction) => transaction.amount > 0);
  return { withdrawn, reinstated };
}

/** Stripe's event as the worker's own, keeping only what the worker acts on. */
export function providerEventOf(event: Stripe.Event): ProviderEvent {
  const eventId = event.id;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      // A completed session whose payment is still on its way (a bank debit) is credited by
      // its async success event, not now.
      if (session.payment_status !== 'paid') return { eventId, kind: 'ignored', type: event.type };
      assert(session.amount_total !== null && session.currency !== null, 'a paid session has an amount');
      return {
        eventId,
        kind: 'top_up_paid',
        topUpId: session.metadata?.[TOP_UP_KEY] ?? session.client_reference_id ?? null,
        checkoutId: session.id,
        paymentId: idOf(session.payment_intent),
        amountMinor: session.amount_total,
        currency: session.currency.toUpperCase(),
      };
    }
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const session = event.data.object;
      return {
        eventId,
        kind: event.type === 'checkout.session.expired' ? 'top_up_expired' : 'top_up_failed',
        topUpId: session.metadata?.[TOP_UP_KEY] ?? session.client_reference_id ?? null,
        checkoutId: session.id,
      };
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed': {
      const refund = event.data.object;
      const paymentId = idOf(refund.payment_intent);
      if (paymentId === null) return { eventId, kind: 'ignored', type: event.type };
      return {
        eventId,
        kind: 'refund',
        refundId: refund.id,
        paymentId,
        amountMinor: refund.amount,
        currency: refund.currency.toUpperCase(),
        // A failed or cancelled refund's money is back in our balance (its failure balance
        // transaction reverses the refund's): the wallet gets it back.
        failed: event.type === 'refund.failed' || refund.status === 'failed' || refund.status === 'canceled',
      };
    }
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed':
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated': {
      const dispute = event.data.object;
      const paymentId = idOf(dispute.payment_intent);
      if (paymentId === null) return { eventId, kind: 'ignored', type: event.type };
      const { withdrawn, reinstated } = disputeMoneyOf(event.type, dispute);
      return {
        eventId,
        kind: 'dispute',
        disputeId: dispute.id,
        paymentId,
        currency: dispute.currency.toUpperCase(),
        withdrawnMinor: withdrawn ? dispute.amount : 0,
        reinstatedMinor: withdrawn && reinstated ? dispute.amount : 0,
      };
    }
    case 'payout.paid':
    case 'payout.failed':
    case 'payout.canceled': {
      const payout = event.data.object;
      return {
        eventId,
        kind: event.type === 'payout.paid' ? 'payout_paid' : 'payout_failed',
        payoutId: payout.id,
        withdrawalId: payout.metadata?.[WITHDRAWAL_KEY] ?? null,
        failureMessage: event.type === 'payout.paid' ? null : (payout.failure_message ?? 'The payout was cancelled.'),
      };
    }
    default:
      return { eventId, kind: 'ignored', type: event.type };
  }
}
