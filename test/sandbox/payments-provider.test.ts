import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from './index.js';
import { SANDBOX_STRIPE_SECRET_KEY, SANDBOX_STRIPE_WEBHOOK_SECRET, TEST_CARDS } from './payments-provider.js';

// The sandbox provider spoken to by Stripe's own Node SDK over loopback: its shapes, errors,
// idempotency and signatures are what the SDK expects of Stripe.

const sandbox = createSandbox();
let stripe: Stripe;
let close: () => Promise<void>;
let port: number;

beforeAll(async () => {
  const listening = await sandbox.listen({ host: '127.0.0.1', port: 0 });
  close = listening.close;
  const origin = new URL(listening.origin);
  port = Number(origin.port);
  stripe = new Stripe(SANDBOX_STRIPE_SECRET_KEY, {
    host: origin.hostname,
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
});

afterAll(async () => {
  await close();
});

function checkoutParams(amount: number): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      { quantity: 1, price_data: { currency: 'eur', unit_amount: amount, product_data: { name: 'Top-up' } } },
    ],
    success_url: 'http://127.0.0.1/done',
    cancel_url: 'http://127.0.0.1/cancelled',
    metadata: { hashpay_top_up: 'tu_test' },
  };
}

describe('the sandbox payment provider', () => {
  it('creates checkout sessions idempotently and refuses a reused key with other parameters', async () => {
    const first = await stripe.checkout.sessions.create(checkoutParams(1_500), { idempotencyKey: 'key-one' });
    const again = await stripe.checkout.sessions.create(checkoutParams(1_500), { idempotencyKey: 'key-one' });
    expect(first).toMatchObject({
      object: 'checkout.session',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 1_500,
    });
    expect(again.id).toBe(first.id);
    await expect(
      stripe.checkout.sessions.create(checkoutParams(1_600), { idempotencyKey: 'key-one' }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('answers Stripe error objects the SDK maps to its error classes', async () => {
    const missing = await stripe.checkout.sessions.retrieve('cs_test_nothing').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    const wrongKey = new Stripe('sk_test_wrong', {
      host: '127.0.0.1',
      port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await expect(wrongKey.balanceTransactions.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('signs its events so that the SDK verifies them, and a changed body fails', async () => {
    const session = await stripe.checkout.sessions.create(checkoutParams(2_000));
    const declined = sandbox.payments.payCheckout(session.id, { card: TEST_CARDS.declined });
    expect(declined).toMatchObject({ outcome: 'declined', message: 'Your card was declined.' });
    const paid = sandbox.payments.payCheckout(session.id, { card: TEST_CARDS.success });
    const completed = paid.deliveries.find((delivery) => delivery.type === 'checkout.session.completed')!;
    const event = stripe.webhooks.constructEvent(
      completed.body,
      completed.headers['stripe-signature']!,
      SANDBOX_STRIPE_WEBHOOK_SECRET,
    );
    expect(event.type).toBe('checkout.session.completed');
    expect(event.data.object).toMatchObject({
      id: session.id,
      payment_status: 'paid',
      metadata: { hashpay_top_up: 'tu_test' },
    });
    expect(() =>
      stripe.webhooks.constructEvent(
        completed.body.replace('2000', '9000'),
        completed.headers['stripe-signature']!,
        SANDBOX_STRIPE_WEBHOOK_SECRET,
      ),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('moves money to a connected account and out as a payout, and lists balance transactions by page', async () => {
    const session = await stripe.checkout.sessions.create(checkoutParams(5_000));
    sandbox.payments.payCheckout(session.id, { card: TEST_CARDS.success });
    const automatic = await stripe.accounts.create({ type: 'express' });
    expect(automatic.settings?.payouts?.schedule?.interval).toBe('daily');
    const account = await stripe.accounts.create({
      type: 'express',
      settings: { payouts: { schedule: { interval: 'manual' } } },
    });
    expect(account.settings?.payouts?.schedule?.interval).toBe('manual');
    await expect(
      stripe.transfers.create({ amount: 1_000, currency: 'eur', destination: account.id }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      return_url: 'http://127.0.0.1/back',
      refresh_url: 'http://127.0.0.1/again',
    });
    expect(link.url).toContain(`/onboarding/${account.id}`);
    sandbox.payments.onboard(account.id);
    expect((await stripe.accounts.retrieve(account.id)).payouts_enabled).toBe(true);
    const transfer = await stripe.transfers.create({ amount: 1_000, currency: 'eur', destination: account.id });
    // An account left on automatic payouts refuses a payout asked for by API, as at Stripe.
    sandbox.payments.onboard(automatic.id);
    await stripe.transfers.create({ amount: 500, currency: 'eur', destination: automatic.id });
    await expect(
      stripe.payouts.create({ amount: 500, currency: 'eur' }, { stripeAccount: automatic.id }),
    ).rejects.toThrow(/payout schedule is automatic/);
    const payout = await stripe.payouts.create({ amount: 1_000, currency: 'eur' }, { stripeAccount: account.id });
    expect(payout).toMatchObject({ object: 'payout', status: 'pending', amount: 1_000 });
    const [failed] = sandbox.payments.settlePayout(payout.id, 'failed');
    expect(JSON.parse(failed!.body)).toMatchObject({ type: 'payout.failed', account: account.id });
    await stripe.transfers.createReversal(transfer.id, { amount: 1_000 });

    const seen: Stripe.BalanceTransaction[] = [];
    for await (const transaction of stripe.balanceTransactions.list({ limit: 2 })) seen.push(transaction);
    expect(seen.length).toBe(sandbox.payments.balanceTransactions.length);
    expect(seen.map((transaction) => transaction.type)).toEqual(
      expect.arrayContaining(['charge', 'transfer', 'transfer_refund']),
    );
  });

  it('fails refunds and moves dispute funds as Stripe does: inquiries withdraw nothing until escalated', async () => {
    const paid = async (amount: number) => {
      const session = await stripe.checkout.sessions.create(checkoutParams(amount));
      sandbox.payments.payCheckout(session.id, { card: TEST_CARDS.success });
      return (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    };
    const event = (delivery: { body: string; headers: Record<string, string> }) =>
      stripe.webhooks.constructEvent(
        delivery.body,
        delivery.headers['stripe-signature']!,
        SANDBOX_STRIPE_WEBHOOK_SECRET,
      );

    const refund = await stripe.refunds.create({ payment_intent: await paid(3_000), amount: 1_000 });
    const failed = sandbox.payments.failRefund(refund.id, 'failed').map(event);
    expect(failed.map((each) => each.type)).toEqual(['refund.updated', 'refund.failed']);
    expect(failed[1]!.data.object).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    const failure = await stripe.refunds.retrieve(refund.id);
    expect(failure.failure_balance_transaction).toMatch(/^txn_/);
    expect(sandbox.payments.failRefund(refund.id, 'failed')).toEqual([]);

    const inquiry = sandbox.payments.dispute({ paymentIntent: await paid(2_000), inquiry: true });
    const created = event(inquiry.deliveries[0]!).data.object as Stripe.Dispute;
    expect(created).toMatchObject({
      status: 'warning_needs_response',
      is_charge_refundable: true,
      balance_transactions: [],
    });
    const escalated = sandbox.payments.escalateDispute(inquiry.dispute.id).map(event);
    expect(escalated.map((each) => each.type)).toEqual(['charge.dispute.updated', 'charge.dispute.funds_withdrawn']);
    const withdrawn = escalated[1]!.data.object as Stripe.Dispute;
    expect(withdrawn.balance_transactions.map((transaction) => transaction.amount)).toEqual([-2_000]);
    const won = sandbox.payments.winDispute(inquiry.dispute.id).map(event);
    expect(won.map((each) => each.type)).toEqual(['charge.dispute.funds_reinstated', 'charge.dispute.closed']);
    const reinstated = won[0]!.data.object as Stripe.Dispute;
    expect(reinstated.balance_transactions.map((transaction) => transaction.amount)).toEqual([-2_000, 2_000]);
    // An earlier event keeps the dispute as it was then.
    expect((event(inquiry.deliveries[0]!).data.object as Stripe.Dispute).balance_transactions).toEqual([]);
  });

  it('closes a checkout when Stripe would: expiry within 30 minutes to 24 hours, then no payment', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    await expect(
      stripe.checkout.sessions.create({ ...checkoutParams(1_000), expires_at: nowS + 10 * 60 }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const session = await stripe.checkout.sessions.create({ ...checkoutParams(1_000), expires_at: nowS + 3600 });
    expect(session.expires_at).toBe(nowS + 3600);
  });

  it('delivers signed events with faults: each twice, held and released in reverse, delayed', async () => {
    const received: { type: string; verified: boolean }[] = [];
    const deliver = async (delivery: { body: string; headers: Record<string, string> }) => {
      const event = stripe.webhooks.constructEvent(
        delivery.body,
        delivery.headers['stripe-signature']!,
        SANDBOX_STRIPE_WEBHOOK_SECRET,
      );
      received.push({ type: event.type, verified: true });
      return 200;
    };
    sandbox.payments.setWebhook({ deliver, deliverTwice: true, hold: true, delayMs: 5 });
    const session = await stripe.checkout.sessions.create(checkoutParams(700));
    sandbox.payments.payCheckout(session.id, { card: TEST_CARDS.success });
    expect(received).toEqual([]);
    expect(sandbox.payments.releaseHeld('reverse')).toBe(4);
    await sandbox.payments.flush();
    sandbox.payments.setWebhook(null);
    expect(received.map((event) => event.type)).toEqual([
      'checkout.session.completed',
      'checkout.session.completed',
      'payment_intent.succeeded',
      'payment_intent.succeeded',
    ]);
  });
});
