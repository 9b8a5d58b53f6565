/**
 * The sandbox payment provider: the subset of Stripe's API the worker calls, with Stripe's JSON
 * shapes and error objects, its hosted checkout and onboarding pages on the sandbox site, and
 * webhook deliveries signed with Stripe's scheme (`Stripe-Signature: t=<unix s>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<raw body>")>`).
 *
 * - API (host `api.stripe.sandbox`, where the worker's requests are routed; the SDK speaks to it
 *   unchanged): checkout sessions, payment intents, accounts and account links, transfers and
 *   their reversals, payouts (on a connected account: `Stripe-Account`), refunds, disputes,
 *   balance transactions and events. `Idempotency-Key` is honoured as Stripe does: the same key
 *   answers the first response; with other parameters it is an `idempotency_error`.
 * - Cards: Stripe's documented test numbers. 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002
 *   is declined (`card_declined`), 4000 0000 0000 9995 has insufficient funds, 4000 0025 0000
 *   3155 needs authentication (a 3-D Secure step that can be completed or failed).
 * - Control API under `/__sandbox/payments` (every host): pay a checkout with a card, onboard an
 *   account, settle or fail a payout, refund (and fail or cancel the refund), dispute (a
 *   chargeback, or an inquiry that withdraws nothing until escalated; won or lost), plant a
 *   balance transaction, sign again every event about an object, subscribe a
 *   webhook with faults (each delivery twice, held and released in reverse order, delayed).
 *   Every action answers its signed deliveries, so tests inside workerd (which the sandbox cannot
 *   reach) deliver them themselves, as often and in whatever order they like.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { escapeHtml } from './html.js';
import { json, type Route, route } from './route.js';

export const PAYMENTS_PROVIDER_HOST = 'api.stripe.sandbox';
/** The sandbox's keys; the worker defaults to them when its provider API is the sandbox. */
export const SANDBOX_STRIPE_SECRET_KEY = 'sk_test_hashpay_sandbox';
export const SANDBOX_STRIPE_WEBHOOK_SECRET = 'whsec_hashpay_sandbox';
export const STRIPE_SIGNATURE_HEADER = 'stripe-signature';
const CONTROL_PREFIX = '/__sandbox/payments';
const API_VERSION = '2025-01-27.acacia';
/** Waits before each retry of a failed delivery. */
const DELIVERY_RETRY_DELAYS_MS: readonly number[] = [500, 2_000, 10_000];
/** Days from a payout's creation to its expected arrival, as Stripe's standard payouts. */
const PAYOUT_ARRIVAL_DAYS = 2;
const AMOUNT_MAX_MINOR = 99_999_999;

/** Stripe's documented test cards and what each does. */
export const TEST_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  authenticationRequired: '4000002500003155',
} as const;

type StripeObject = Record<string, unknown> & { id: string; object: string };

interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: StripeObject };
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  type: string;
  account?: string;
}

export interface PaymentsDelivery {
  eventId: string;
  type: string;
  body: string;
  headers: Record<string, string>;
}

export interface PaymentsWebhookTarget {
  url?: string;
  deliver?: (delivery: PaymentsDelivery) => Promise<number>;
  /** Every delivery sent twice. */
  deliverTwice?: boolean;
  /** Deliveries wait until `releaseHeld()`. */
  hold?: boolean;
  /** Each delivery waits this long before it is sent. */
  delayMs?: number;
  /** Payouts are paid this long after they are created (for `npm start`); manual when absent. */
  autoPayoutAfterMs?: number;
}

export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; decline_code?: string; param?: string },
  ) {
    super(body.message);
  }
}

export interface CardOutcome {
  outcome: 'succeeded' | 'declined' | 'requires_action';
  message: string | null;
  deliveries: PaymentsDelivery[];
}

function randomId(prefix: string, length = 24): string {
  return `${prefix}_${randomBytes(length).toString('base64url').replace(/[-_]/g, 'x').slice(0, length)}`;
}

export function signStripeBody(secret: string, timestampS: number, body: string): string {
  const hex = createHmac('sha256', secret).update(`${timestampS}.${body}`, 'utf8').digest('hex');
  return `t=${timestampS},v1=${hex}`;
}

/** What a state file keeps: every object and balance, the idempotency keys, the events. */
interface PersistedPaymentsState {
  version: 1;
  sessions: StripeObject[];
  paymentIntents: StripeObject[];
  accounts: StripeObject[];
  transfers: StripeObject[];
  payouts: StripeObject[];
  refunds: StripeObject[];
  disputes: StripeObject[];
  balanceTransactions: StripeObject[];
  connectedBalances: [string, [string, number][]][];
  events: StripeEvent[];
  idempotency: [string, { params: string; status: number; body: unknown }][];
}

export class SandboxPaymentsProvider {
  private readonly now: () => number;
  private readonly stateFile: string | undefined;
  private readonly webOrigin: string;
  private readonly secret: string;
  readonly sessions = new Map<string, StripeObject>();
  readonly paymentIntents = new Map<string, StripeObject>();
  readonly accounts = new Map<string, StripeObject>();
  readonly transfers = new Map<string, StripeObject>();
  readonly payouts = new Map<string, StripeObject>();
  readonly refunds = new Map<string, StripeObject>();
  readonly disputes = new Map<string, StripeObject>();
  /** The platform's balance transactions, oldest first. */
  readonly balanceTransactions: StripeObject[] = [];
  /** Connected accounts' balances per currency. */
  private readonly connectedBalances = new Map<string, Map<string, number>>();
  private readonly events = new Map<string, StripeEvent>();
  private readonly idempotency = new Map<string, { params: string; status: number; body: unknown }>();
  private target: PaymentsWebhookTarget | null = null;
  private held: PaymentsDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  readonly counts = { delivered: 0, failed: 0, retried: 0 };

  /**
   * With a state file, the provider's objects (onboarded payouts accounts, payments, payouts…)
   * are loaded at start and written after every change, so a restarted `npm start` still knows
   * them, as the sandbox X does. Webhook subscriptions and held deliveries are not kept.
   */
  constructor(options: { now?: () => number; webOrigin: string; secret?: string; stateFile?: string }) {
    this.now = options.now ?? Date.now;
    this.webOrigin = options.webOrigin.replace(/\/$/, '');
    this.secret = options.secret ?? SANDBOX_STRIPE_WEBHOOK_SECRET;
    this.stateFile = options.stateFile;
    this.load();
  }

  private load(): void {
    if (!this.stateFile || !existsSync(this.stateFile)) return;
    const state = JSON.parse(readFileSync(this.stateFile, 'utf8')) as PersistedPaymentsState;
    if (state.version !== 1) throw new Error(`sandbox provider state ${this.stateFile} has version ${state.version}`);
    const objects: [Map<string, StripeObject>, StripeObject[]][] = [
      [this.sessions, state.sessions],
      [this.paymentIntents, state.paymentIntents],
      [this.accounts, state.accounts],
      [this.transfers, state.transfers],
      [this.payouts, state.payouts],
      [this.refunds, state.refunds],
      [this.disputes, state.disputes],
    ];
    for (const [map, list] of objects) for (const object of list) map.set(object.id, object);
    this.balanceTransactions.push(...state.balanceTransactions);
    for (const [account, balances] of state.connectedBalances) this.connectedBalances.set(account, new Map(balances));
    for (const event of state.events) this.events.set(event.id, event);
    for (const [scope, answer] of state.idempotency) this.idempotency.set(scope, answer);
  }

  private save(): void {
    if (!this.stateFile) return;
    const state: PersistedPaymentsState = {
      version: 1,
      sessions: [...this.sessions.values()],
      paymentIntents: [...this.paymentIntents.values()],
      accounts: [...this.accounts.values()],
      transfers: [...this.transfers.values()],
      payouts: [...this.payouts.values()],
      refunds: [...this.refunds.values()],
      disputes: [...this.disputes.values()],
      balanceTransactions: this.balanceTransactions,
      connectedBalances: [...this.connectedBalances].map(([account, balances]) => [account, [...balances]]),
      events: [...this.events.values()],
      idempotency: [...this.idempotency],
    };
    mkdirSync(dirname(this.stateFile), { recursive: true });
    // Write then rename, so a crash mid-write never leaves half a file behind.
    const temporary = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state));
    renameSync(temporary, this.stateFile);
  }

  /** The routes as given, each saving the state after it answered (pages and control change it). */
  private savingAfter(routes: Route[]): Route[] {
    return routes.map((each) => ({
      ...each,
      handle: async (context) => {
        const response = await each.handle(context);
        this.save();
        return response;
      },
    }));
  }

  private nowS(): number {
    return Math.floor(this.now() / 1000);
  }

  // ---- The API the worker calls ------------------------------------------------------------

  async fetchApi(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const auth = request.headers.get('authorization') ?? '';
    if (auth !== `Bearer ${SANDBOX_STRIPE_SECRET_KEY}`) {
      return stripeError(
        new StripeError(401, {
          type: 'invalid_request_error',
          message: `Invalid API Key provided: ${auth.replace(/^Bearer /, '').slice(0, 12)}…`,
        }),
      );
    }
    const text = request.method === 'GET' ? url.search.slice(1) : await request.text();
    const params = new URLSearchParams(text);
    const key = request.headers.get('idempotency-key');
    const account = request.headers.get('stripe-account');
    const scope = `${request.method} ${url.pathname} ${account ?? ''} ${key}`;
    if (key && request.method === 'POST') {
      const seen = this.idempotency.get(scope);
      if (seen) {
        if (seen.params !== text) {
          return stripeError(
            new StripeError(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            }),
          );
        }
        return json(seen.body, seen.status, { 'idempotent-replayed': 'true' });
      }
    }
    let status = 200;
    let body: unknown;
    try {
      body = this.handleApi(request.method, url.pathname, params, account);
    } catch (error) {
      if (!(error instanceof StripeError)) throw error;
      status = error.status;
      body = { error: { ...error.body, doc_url: `https://stripe.com/docs/error-codes/${error.body.code ?? ''}` } };
    }
    if (key && request.method === 'POST') this.idempotency.set(scope, { params: text, status, body });
    if (request.method !== 'GET') this.save();
    return json(body, status, { 'request-id': randomId('req', 14) });
  }

  private handleApi(method: string, path: string, params: URLSearchParams, account: string | null): unknown {
    const parts = path.split('/').filter(Boolean);
    const [version, resource, id, sub] = parts;
    if (version !== 'v1') throw notFound(path);
    const key = `${method} ${resource}${id ? '/:id' : ''}${sub ? `/${sub}` : ''}`;
    if (resource === 'checkout' && id === 'sessions') {
      if (method === 'POST' && parts.length === 3) return this.createCheckoutSession(params);
      if (method === 'GET' && parts.length === 4) return this.get(this.sessions, parts[3]!, 'checkout.session');
      throw notFound(path);
    }
    switch (key) {
      case 'GET payment_intents/:id':
        return this.get(this.paymentIntents, id!, 'payment_intent');
      case 'POST accounts':
        return this.createAccount(params);
      case 'GET accounts/:id':
        return this.get(this.accounts, id!, 'account');
      case 'POST account_links':
        return this.createAccountLink(params);
      case 'POST transfers':
        return this.createTransfer(params);
      case 'GET transfers/:id':
        return this.get(this.transfers, id!, 'transfer');
      case 'POST transfers/:id/reversals':
        return this.reverseTransfer(id!, params);
      case 'POST payouts':
        return this.createPayout(params, account);
      case 'GET payouts/:id':
        return this.get(this.payouts, id!, 'payout');
      case 'POST refunds':
        return this.createRefund(params).refund;
      case 'GET refunds/:id':
        return this.get(this.refunds, id!, 'refund');
      case 'GET disputes/:id':
        return this.get(this.disputes, id!, 'dispute');
      case 'GET balance_transactions':
        return this.listBalanceTransactions(params);
      case 'GET events/:id': {
        const event = this.events.get(id!);
        if (!event) throw noSuch('event', id!);
        return event;
      }
      default:
        throw notFound(path);
    }
  }

  private get(map: Map<string, StripeObject>, id: string, name: string): StripeObject {
    const found = map.get(id);
    if (!found) throw noSuch(name, id);
    return found;
  }

  private createCheckoutSession(params: URLSearchParams): StripeObject {
    if (params.get('mode') !== 'payment') throw invalid('mode', 'Only mode=payment is supported by the sandbox.');
    const amount = Number(params.get('line_items[0][price_data][unit_amount]'));
    const quantity = Number(params.get('line_items[0][quantity]') ?? '1');
    const currency = params.get('line_items[0][price_data][currency]') ?? '';
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > AMOUNT_MAX_MINOR) {
      throw invalid(
        'line_items[0][price_data][unit_amount]',
        'Invalid integer: unit_amount must be a positive integer.',
      );
    }
    if (quantity !== 1) throw invalid('line_items[0][quantity]', 'The sandbox takes one item.');
    if (!/^[a-z]{3}$/.test(currency))
      throw invalid('line_items[0][price_data][currency]', `Invalid currency: ${currency}.`);
    const successUrl = params.get('success_url');
    if (!successUrl) throw invalid('success_url', 'Missing required param: success_url.');
    const expiresAt = params.has('expires_at') ? Number(params.get('expires_at')) : this.nowS() + 24 * 3600;
    // Stripe's bounds: from 30 minutes to 24 hours after the session is created.
    if (!Number.isSafeInteger(expiresAt) || expiresAt < this.nowS() + 30 * 60 || expiresAt > this.nowS() + 24 * 3600) {
      throw invalid(
        'expires_at',
        'The `expires_at` timestamp must be less than 24 hours and at least 30 minutes from Checkout Session creation.',
      );
    }
    const id = randomId('cs_test', 58);
    const session: StripeObject = {
      id,
      object: 'checkout.session',
      amount_subtotal: amount,
      amount_total: amount,
      cancel_url: params.get('cancel_url'),
      client_reference_id: params.get('client_reference_id'),
      created: this.nowS(),
      currency,
      expires_at: expiresAt,
      livemode: false,
      metadata: metadataOf(params, 'metadata'),
      mode: 'payment',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: successUrl,
      url: `${this.webOrigin}/checkout/${id}`,
    };
    this.sessions.set(id, session);
    // Kept aside for the payment intent made when the card is paid.
    session._payment_metadata = metadataOf(params, 'payment_intent_data[metadata]');
    return publicObject(session);
  }

  private createAccount(params: URLSearchParams): StripeObject {
    if (params.get('type') !== 'express') throw invalid('type', 'The sandbox makes Express accounts only.');
    const id = randomId('acct', 16);
    const account: StripeObject = {
      id,
      object: 'account',
      type: 'express',
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      capabilities: { transfers: 'inactive' },
      created: this.nowS(),
      metadata: metadataOf(params, 'metadata'),
      // Stripe pays a connected account's balance out on its own (daily) unless the platform
      // asks for manual payouts when it creates the account.
      settings: { payouts: { schedule: { interval: payoutIntervalOf(params) } } },
      requirements: {
        currently_due: ['external_account', 'individual.dob.day'],
        disabled_reason: 'requirements.past_due',
      },
    };
    this.accounts.set(id, account);
    return account;
  }

  private createAccountLink(params: URLSearchParams): StripeObject {
    const accountId = params.get('account') ?? '';
    if (!this.accounts.has(accountId)) throw noSuch('account', accountId);
    const returnUrl = params.get('return_url');
    const refreshUrl = params.get('refresh_url');
    if (!returnUrl || !refreshUrl) throw invalid('return_url', 'Missing required param: return_url.');
    const query = new URLSearchParams({ return_url: returnUrl, refresh_url: refreshUrl });
    return {
      id: randomId('acctlink'),
      object: 'account_link',
      created: this.nowS(),
      expires_at: this.nowS() + 300,
      url: `${this.webOrigin}/onboarding/${accountId}?${query}`,
    };
  }

  private platformAvailable(currency: string): number {
    let sum = 0;
    for (const transaction of this.balanceTransactions) {
      if (transaction.currency === currency) sum += transaction.amount as number;
    }
    return sum;
  }

  private createTransfer(params: URLSearchParams): StripeObject {
    const amount = positiveAmount(params.get('amount'));
    const currency = params.get('currency') ?? '';
    const destination = params.get('destination') ?? '';
    const account = this.accounts.get(destination);
    if (!account) throw noSuch('account', destination);
    if (account.payouts_enabled !== true) {
      throw invalid(
        'destination',
        'Your destination account needs to have at least one of the following capabilities enabled: transfers.',
      );
    }
    if (this.platformAvailable(currency) < amount) {
      throw new StripeError(400, {
        type: 'invalid_request_error',
        code: 'balance_insufficient',
        message: 'You have insufficient available funds in your Stripe account.',
      });
    }
    const id = randomId('tr');
    const transaction = this.addBalanceTransaction({ amount: -amount, currency, type: 'transfer', source: id });
    const transfer: StripeObject = {
      id,
      object: 'transfer',
      amount,
      amount_reversed: 0,
      balance_transaction: transaction.id,
      created: this.nowS(),
      currency,
      destination,
      metadata: metadataOf(params, 'metadata'),
      reversed: false,
    };
    this.transfers.set(id, transfer);
    this.adjustConnected(destination, currency, amount);
    return transfer;
  }

  private reverseTransfer(transferId: string, params: URLSearchParams): StripeObject {
    const transfer = this.transfers.get(transferId);
    if (!transfer) throw noSuch('transfer', transferId);
    const amount = positiveAmount(
      params.get('amount') ?? String((transfer.amount as number) - (transfer.amount_reversed as number)),
    );
    if ((transfer.amount_reversed as number) + amount > (transfer.amount as number)) {
      throw invalid('amount', 'Amount must be no more than the transfer amount not yet reversed.');
    }
    const id = randomId('trr');
    this.addBalanceTransaction({ amount, currency: transfer.currency as string, type: 'transfer_refund', source: id });
    transfer.amount_reversed = (transfer.amount_reversed as number) + amount;
    transfer.reversed = transfer.amount_reversed === transfer.amount;
    this.adjustConnected(transfer.destination as string, transfer.currency as string, -amount);
    return {
      id,
      object: 'transfer_reversal',
      amount,
      currency: transfer.currency,
      transfer: transferId,
      created: this.nowS(),
    };
  }

  private createPayout(params: URLSearchParams, account: string | null): StripeObject {
    if (!account || !this.accounts.has(account)) {
      throw invalid('stripe_account', 'Payouts are made from a connected account: send the Stripe-Account header.');
    }
    if (payoutIntervalOfAccount(this.accounts.get(account)!) !== 'manual') {
      // With automatic payouts Stripe sweeps the balance itself; a payout asked for by API fails.
      throw invalid(
        'settings[payouts][schedule][interval]',
        'You cannot create manual payouts on an account whose payout schedule is automatic: set settings.payouts.schedule.interval to manual.',
      );
    }
    const amount = positiveAmount(params.get('amount'));
    const currency = params.get('currency') ?? '';
    if (this.connectedBalance(account, currency) < amount) {
      throw new StripeError(400, {
        type: 'invalid_request_error',
        code: 'balance_insufficient',
        message: 'You have insufficient funds in your Stripe account for this transfer.',
      });
    }
    this.adjustConnected(account, currency, -amount);
    const id = randomId('po');
    const payout: StripeObject = {
      id,
      object: 'payout',
      amount,
      arrival_date: this.nowS() + PAYOUT_ARRIVAL_DAYS * 86_400,
      created: this.nowS(),
      currency,
      failure_code: null,
      failure_message: null,
      metadata: metadataOf(params, 'metadata'),
      method: 'standard',
      status: 'pending',
      type: 'bank_account',
      _account: account,
    };
    this.payouts.set(id, payout);
    const autoMs = this.target?.autoPayoutAfterMs;
    if (autoMs !== undefined)
      setTimeout(() => {
        this.settlePayout(id, 'paid');
        this.save();
      }, autoMs).unref?.();
    return publicObject(payout);
  }

  private connectedBalance(account: string, currency: string): number {
    return this.connectedBalances.get(account)?.get(currency) ?? 0;
  }

  private adjustConnected(account: string, currency: string, delta: number): void {
    const balances = this.connectedBalances.get(account) ?? new Map<string, number>();
    balances.set(currency, (balances.get(currency) ?? 0) + delta);
    this.connectedBalances.set(account, balances);
  }

  private addBalanceTransaction(input: { amount: number; currency: string; type: string; source: string }) {
    const transaction: StripeObject = {
      id: randomId('txn'),
      object: 'balance_transaction',
      amount: input.amount,
      available_on: this.nowS(),
      created: this.nowS(),
      currency: input.currency,
      fee: 0,
      net: input.amount,
      reporting_category: input.type === 'adjustment' ? 'dispute' : input.type,
      source: input.source,
      status: 'available',
      type: input.type,
    };
    this.balanceTransactions.push(transaction);
    return transaction;
  }

  private listBalanceTransactions(params: URLSearchParams): unknown {
    const limit = Math.min(100, Math.max(1, Number(params.get('limit') ?? '10')));
    const newestFirst = [...this.balanceTransactions].reverse();
    const after = params.get('starting_after');
    const start = after ? newestFirst.findIndex((transaction) => transaction.id === after) + 1 : 0;
    if (after && start === 0) throw noSuch('balance_transaction', after);
    const data = newestFirst.slice(start, start + limit);
    return { object: 'list', data, has_more: start + limit < newestFirst.length, url: '/v1/balance_transactions' };
  }

  private createRefund(
    params: URLSearchParams,
    status: 'succeeded' | 'pending' = 'succeeded',
  ): { refund: StripeObject; deliveries: PaymentsDelivery[] } {
    const paymentIntentId = params.get('payment_intent') ?? '';
    const intent = this.paymentIntents.get(paymentIntentId);
    if (intent?.status !== 'succeeded') throw noSuch('payment_intent', paymentIntentId);
    const refundable = (intent.amount as number) - (intent._refunded as number);
    const amount = positiveAmount(params.get('amount') ?? String(refundable));
    if (amount > refundable) {
      throw new StripeError(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable})`,
      });
    }
    intent._refunded = (intent._refunded as number) + amount;
    const id = randomId('re');
    const transaction = this.addBalanceTransaction({
      amount: -amount,
      currency: intent.currency as string,
      type: 'refund',
      source: id,
    });
    const refund: StripeObject = {
      id,
      object: 'refund',
      amount,
      balance_transaction: transaction.id,
      charge: intent.latest_charge,
      created: this.nowS(),
      currency: intent.currency,
      metadata: metadataOf(params, 'metadata'),
      payment_intent: paymentIntentId,
      reason: params.get('reason'),
      status,
    };
    this.refunds.set(id, refund);
    return { refund, deliveries: [this.emit('refund.created', refund)] };
  }

  // ---- What people (and tests) do ------------------------------------------------------------

  /** A card entered on the hosted checkout page. */
  payCheckout(sessionId: string, input: { card: string; authentication?: 'complete' | 'fail' }): CardOutcome {
    const session = this.sessions.get(sessionId);
    if (!session)
      throw new StripeError(404, {
        type: 'invalid_request_error',
        message: `No such checkout.session: '${sessionId}'`,
      });
    if (session.status === 'open' && this.nowS() >= (session.expires_at as number)) {
      return {
        outcome: 'declined',
        message: 'This checkout session is no longer open.',
        deliveries: this.expireCheckout(sessionId),
      };
    }
    if (session.status !== 'open') {
      return { outcome: 'declined', message: 'This checkout session is no longer open.', deliveries: [] };
    }
    const card = input.card.replace(/\s+/g, '');
    const intent = this.intentOf(session);
    const deliveries: PaymentsDelivery[] = [];
    const decline = (code: string, declineCode: string | null, message: string): CardOutcome => {
      intent.status = 'requires_payment_method';
      intent.last_payment_error = { type: 'card_error', code, decline_code: declineCode, message };
      deliveries.push(this.emit('payment_intent.payment_failed', intent));
      return { outcome: 'declined', message, deliveries };
    };
    if (card === TEST_CARDS.declined) return decline('card_declined', 'generic_decline', 'Your card was declined.');
    if (card === TEST_CARDS.insufficientFunds) {
      return decline('card_declined', 'insufficient_funds', 'Your card has insufficient funds.');
    }
    if (card === TEST_CARDS.authenticationRequired) {
      if (input.authentication === undefined) {
        intent.status = 'requires_action';
        return { outcome: 'requires_action', message: 'Your bank asks you to authenticate this payment.', deliveries };
      }
      if (input.authentication === 'fail') {
        return decline(
          'payment_intent_authentication_failure',
          null,
          'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
        );
      }
    } else if (card !== TEST_CARDS.success) {
      return decline('incorrect_number', null, 'Your card number is incorrect.');
    }
    const chargeId = randomId('ch');
    intent.status = 'succeeded';
    intent.latest_charge = chargeId;
    intent.amount_received = intent.amount;
    intent.last_payment_error = null;
    this.addBalanceTransaction({
      amount: intent.amount as number,
      currency: intent.currency as string,
      type: 'charge',
      source: chargeId,
    });
    session.status = 'complete';
    session.payment_status = 'paid';
    deliveries.push(this.emit('payment_intent.succeeded', intent));
    deliveries.push(this.emit('checkout.session.completed', session));
    return { outcome: 'succeeded', message: null, deliveries };
  }

  private intentOf(session: StripeObject): StripeObject {
    const existing =
      typeof session.payment_intent === 'string' ? this.paymentIntents.get(session.payment_intent) : undefined;
    if (existing) return existing;
    const id = randomId('pi');
    const intent: StripeObject = {
      id,
      object: 'payment_intent',
      amount: session.amount_total,
      amount_received: 0,
      created: this.nowS(),
      currency: session.currency,
      last_payment_error: null,
      latest_charge: null,
      metadata: session._payment_metadata ?? {},
      status: 'requires_payment_method',
      _refunded: 0,
    };
    this.paymentIntents.set(id, intent);
    session.payment_intent = id;
    return intent;
  }

  expireCheckout(sessionId: string): PaymentsDelivery[] {
    const session = this.sessions.get(sessionId);
    if (!session) throw noSuch('checkout.session', sessionId);
    if (session.status !== 'open') return [];
    session.status = 'expired';
    return [this.emit('checkout.session.expired', session)];
  }

  /** The person completes the hosted onboarding. */
  onboard(accountId: string): PaymentsDelivery[] {
    const account = this.accounts.get(accountId);
    if (!account) throw noSuch('account', accountId);
    account.details_submitted = true;
    account.payouts_enabled = true;
    account.charges_enabled = true;
    account.capabilities = { transfers: 'active' };
    account.requirements = { currently_due: [], disabled_reason: null };
    return [this.emit('account.updated', account, accountId)];
  }

  settlePayout(payoutId: string, outcome: 'paid' | 'failed' | 'canceled'): PaymentsDelivery[] {
    const payout = this.payouts.get(payoutId);
    if (!payout) throw noSuch('payout', payoutId);
    // A paid payout can still fail later, when the bank sends it back; nothing else changes a settled one.
    const returnedByBank = payout.status === 'paid' && outcome === 'failed';
    if (payout.status !== 'pending' && payout.status !== 'in_transit' && !returnedByBank) return [];
    payout.status = outcome;
    const account = payout._account as string;
    if (outcome !== 'paid') {
      // The money comes back to the connected account's balance, as at Stripe.
      this.adjustConnected(account, payout.currency as string, payout.amount as number);
      if (outcome === 'failed') {
        payout.failure_code = 'account_closed';
        payout.failure_message = 'The bank account has been closed.';
      }
    }
    return [this.emit(`payout.${outcome}`, payout, account)];
  }

  refund(input: { paymentIntent: string; amountMinor?: number; pending?: boolean }): {
    refund: StripeObject;
    deliveries: PaymentsDelivery[];
  } {
    const params = new URLSearchParams({ payment_intent: input.paymentIntent });
    if (input.amountMinor !== undefined) params.set('amount', String(input.amountMinor));
    // Some refunds wait on the bank (`pending`) and can still be cancelled; the money has left already.
    return this.createRefund(params, input.pending ? 'pending' : 'succeeded');
  }

  /**
   * A refund that fails (the card was closed; it can fail after it succeeded) or a pending one that
   * is cancelled: Stripe puts its money back in the balance with a balance transaction of its own
   * (`failure_balance_transaction`) and says so by `refund.updated`, and `refund.failed` for a failure.
   */
  failRefund(refundId: string, outcome: 'failed' | 'canceled'): PaymentsDelivery[] {
    const refund = this.refunds.get(refundId);
    if (!refund) throw noSuch('refund', refundId);
    if (outcome === 'canceled' && refund.status !== 'pending') {
      throw invalid('refund', `Only a pending refund can be canceled; this one is ${String(refund.status)}.`);
    }
    if (refund.status === 'failed' || refund.status === 'canceled') return [];
    const amount = refund.amount as number;
    const transaction = this.addBalanceTransaction({
      amount,
      currency: refund.currency as string,
      type: 'refund_failure',
      source: refundId,
    });
    const intent = this.paymentIntents.get(refund.payment_intent as string);
    if (intent) intent._refunded = (intent._refunded as number) - amount;
    refund.status = outcome;
    refund.failure_balance_transaction = transaction.id;
    if (outcome === 'failed') refund.failure_reason = 'expired_or_canceled_card';
    const deliveries = [this.emit('refund.updated', refund)];
    if (outcome === 'failed') deliveries.push(this.emit('refund.failed', refund));
    return deliveries;
  }

  /**
   * The cardholder disputes the payment. A chargeback withdraws the disputed amount from the
   * balance at once (a negative balance transaction listed on the dispute,
   * `charge.dispute.created` then `charge.dispute.funds_withdrawn`); an inquiry
   * (`warning_needs_response`, still refundable) withdraws nothing until it is escalated.
   */
  dispute(input: { paymentIntent: string; inquiry?: boolean }): {
    dispute: StripeObject;
    deliveries: PaymentsDelivery[];
  } {
    const intent = this.paymentIntents.get(input.paymentIntent);
    if (intent?.status !== 'succeeded') throw noSuch('payment_intent', input.paymentIntent);
    const id = randomId('dp');
    const dispute: StripeObject = {
      id,
      object: 'dispute',
      amount: intent.amount,
      balance_transactions: [],
      charge: intent.latest_charge,
      created: this.nowS(),
      currency: intent.currency,
      is_charge_refundable: input.inquiry === true,
      payment_intent: intent.id,
      reason: input.inquiry ? 'general' : 'fraudulent',
      status: input.inquiry ? 'warning_needs_response' : 'needs_response',
    };
    this.disputes.set(id, dispute);
    if (input.inquiry) return { dispute, deliveries: [this.emit('charge.dispute.created', dispute)] };
    this.moveDisputeFunds(dispute, -1);
    return {
      dispute,
      deliveries: [this.emit('charge.dispute.created', dispute), this.emit('charge.dispute.funds_withdrawn', dispute)],
    };
  }

  /** An inquiry the issuer turns into a chargeback: the money is withdrawn now. */
  escalateDispute(disputeId: string): PaymentsDelivery[] {
    const dispute = this.disputes.get(disputeId);
    if (!dispute) throw noSuch('dispute', disputeId);
    if (dispute.status !== 'warning_needs_response' && dispute.status !== 'warning_under_review') return [];
    dispute.status = 'needs_response';
    dispute.is_charge_refundable = false;
    this.moveDisputeFunds(dispute, -1);
    return [this.emit('charge.dispute.updated', dispute), this.emit('charge.dispute.funds_withdrawn', dispute)];
  }

  /** Decided for the merchant: a chargeback's money comes back; an inquiry just closes. */
  winDispute(disputeId: string): PaymentsDelivery[] {
    const dispute = this.disputes.get(disputeId);
    if (!dispute) throw noSuch('dispute', disputeId);
    if (dispute.status === 'won' || dispute.status === 'lost' || dispute.status === 'warning_closed') return [];
    if (String(dispute.status).startsWith('warning_')) {
      dispute.status = 'warning_closed';
      return [this.emit('charge.dispute.closed', dispute)];
    }
    dispute.status = 'won';
    this.moveDisputeFunds(dispute, 1);
    return [this.emit('charge.dispute.funds_reinstated', dispute), this.emit('charge.dispute.closed', dispute)];
  }

  /** Decided for the cardholder: what was withdrawn stays withdrawn. */
  loseDispute(disputeId: string): PaymentsDelivery[] {
    const dispute = this.disputes.get(disputeId);
    if (!dispute) throw noSuch('dispute', disputeId);
    if (dispute.status === 'won' || dispute.status === 'lost' || dispute.status === 'warning_closed') return [];
    dispute.status = String(dispute.status).startsWith('warning_') ? 'warning_closed' : 'lost';
    return [this.emit('charge.dispute.closed', dispute)];
  }

  private moveDisputeFunds(dispute: StripeObject, sign: 1 | -1): void {
    const transaction = this.addBalanceTransaction({
      amount: sign * (dispute.amount as number),
      currency: dispute.currency as string,
      type: 'adjustment',
      source: dispute.id,
    });
    dispute.balance_transactions = [...(dispute.balance_transactions as StripeObject[]), transaction];
  }

  /** A balance transaction with no counterpart in the worker's ledger: what reconciliation must find. */
  plantBalanceTransaction(input: { amountMinor: number; currency: string }): StripeObject {
    return this.addBalanceTransaction({
      amount: input.amountMinor,
      currency: input.currency.toLowerCase(),
      type: 'adjustment',
      source: randomId('adj'),
    });
  }

  // ---- Webhooks ------------------------------------------------------------------------------

  setWebhook(target: PaymentsWebhookTarget | null): void {
    this.target = target;
  }

  /** The delivery of an event already emitted, signed now or at `signedAtS`. */
  deliveryOf(eventId: string, signedAtS?: number): PaymentsDelivery {
    const event = this.events.get(eventId);
    if (!event) throw noSuch('event', eventId);
    return this.sign(event, signedAtS ?? this.nowS());
  }

  releaseHeld(order: 'made' | 'reverse' = 'made'): number {
    const held = order === 'reverse' ? [...this.held].reverse() : this.held;
    this.held = [];
    for (const delivery of held) this.send(delivery);
    return held.length;
  }

  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private emit(type: string, object: StripeObject, account?: string): PaymentsDelivery {
    const event: StripeEvent = {
      id: randomId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: this.nowS(),
      // A snapshot: later changes to the object (a dispute's balance transactions) stay out of it.
      data: { object: structuredClone(publicObject(object)) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      ...(account ? { account } : {}),
    };
    this.events.set(event.id, event);
    const delivery = this.sign(event, this.nowS());
    const target = this.target;
    if (target) {
      for (let copy = 0; copy < (target.deliverTwice ? 2 : 1); copy++) {
        if (target.hold) this.held.push(delivery);
        else this.send(delivery);
      }
    }
    return delivery;
  }

  private sign(event: StripeEvent, atS: number): PaymentsDelivery {
    const body = JSON.stringify(event, null, 2);
    return {
      eventId: event.id,
      type: event.type,
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [STRIPE_SIGNATURE_HEADER]: signStripeBody(this.secret, atS, body),
      },
    };
  }

  private send(delivery: PaymentsDelivery): void {
    const attempt = this.deliverWithRetries(delivery);
    this.inFlight.add(attempt);
    void attempt.finally(() => this.inFlight.delete(attempt));
  }

  private async deliverWithRetries(delivery: PaymentsDelivery): Promise<void> {
    const target = this.target;
    if (!target) return;
    if (target.delayMs) await new Promise((resolve) => setTimeout(resolve, target.delayMs));
    for (let attempt = 0; attempt <= DELIVERY_RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) {
        this.counts.retried++;
        await new Promise((resolve) => setTimeout(resolve, DELIVERY_RETRY_DELAYS_MS[attempt - 1]));
      }
      const status = await this.post(target, delivery).catch(() => 0);
      if (status >= 200 && status < 300) {
        this.counts.delivered++;
        return;
      }
    }
    this.counts.failed++;
  }

  private async post(target: PaymentsWebhookTarget, delivery: PaymentsDelivery): Promise<number> {
    // Each attempt is signed afresh, as Stripe does.
    const fresh = this.deliveryOf(delivery.eventId);
    if (target.deliver) return target.deliver(fresh);
    const response = await fetch(target.url!, { method: 'POST', headers: fresh.headers, body: fresh.body });
    await response.body?.cancel();
    return response.status;
  }

  // ---- Pages and control -----------------------------------------------------------------------

  webRoutes(): Route[] {
    return this.savingAfter([
      route('GET', '/checkout/:id', ({ params }) => this.checkoutPage(params.id!, null, false)),
      route('POST', '/checkout/:id', async ({ request, params }) => {
        const form = new URLSearchParams(await request.text());
        const authentication = form.get('authentication');
        const result = this.payCheckout(params.id!, {
          card: form.get('card') ?? '',
          ...(authentication === 'complete' || authentication === 'fail' ? { authentication } : {}),
        });
        if (result.outcome === 'succeeded') {
          const session = this.sessions.get(params.id!)!;
          return new Response(null, { status: 303, headers: { location: session.success_url as string } });
        }
        return this.checkoutPage(
          params.id!,
          result.message,
          result.outcome === 'requires_action',
          form.get('card') ?? '',
        );
      }),
      route('GET', '/onboarding/:account', ({ params, url }) => {
        const account = this.accounts.get(params.account!);
        if (!account) return htmlPage(404, 'Link expired', '<p>This onboarding link is not valid.</p>');
        const returnUrl = url.searchParams.get('return_url') ?? '';
        return htmlPage(
          200,
          'Set up payouts',
          `<p>Hashpay uses Stripe to send money to your bank account.</p>
<form method="post"><input type="hidden" name="return_url" value="${escapeHtml(returnUrl)}">
<label>IBAN <input name="iban" value="DE89370400440532013000" required></label>
<button type="submit" data-testid="onboarding-submit">Agree and submit</button></form>`,
        );
      }),
      route('POST', '/onboarding/:account', async ({ request, params }) => {
        const form = new URLSearchParams(await request.text());
        this.onboard(params.account!);
        const returnUrl = form.get('return_url');
        if (returnUrl && /^https?:\/\//.test(returnUrl)) {
          return new Response(null, { status: 303, headers: { location: returnUrl } });
        }
        return htmlPage(200, 'Payouts set up', '<p>You can close this tab.</p>');
      }),
    ]);
  }

  private checkoutPage(sessionId: string, error: string | null, authenticate: boolean, card = ''): Response {
    const session = this.sessions.get(sessionId);
    if (!session) return htmlPage(404, 'Checkout not found', '<p>This checkout session does not exist.</p>');
    if (session.status !== 'open') return htmlPage(410, 'Checkout closed', '<p>This checkout session is closed.</p>');
    const amount = formatMinor(session.amount_total as number, session.currency as string);
    const cancel = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url as string)}">Cancel</a></p>` : '';
    if (authenticate) {
      return htmlPage(
        200,
        '3D Secure authentication',
        `<p>Authenticate the payment of ${escapeHtml(amount)}.</p>
<form method="post"><input type="hidden" name="card" value="${escapeHtml(card)}">
<button name="authentication" value="complete" data-testid="authenticate-complete">Complete authentication</button>
<button name="authentication" value="fail" data-testid="authenticate-fail">Fail authentication</button></form>`,
      );
    }
    return htmlPage(
      200,
      `Pay ${amount}`,
      `${error ? `<p role="alert" data-testid="checkout-error">${escapeHtml(error)}</p>` : ''}
<form method="post"><label>Card number <input name="card" inputmode="numeric" autocomplete="cc-number" value="${escapeHtml(card)}" data-testid="card-number" required></label>
<label>Expiry <input name="expiry" value="12/34"></label> <label>CVC <input name="cvc" value="123"></label>
<button type="submit" data-testid="checkout-pay">Pay ${escapeHtml(amount)}</button></form>${cancel}`,
    );
  }

  controlRoutes(): Route[] {
    const p = CONTROL_PREFIX;
    return this.savingAfter([
      route(
        'POST',
        `${p}/checkout/:id/pay`,
        control(async (fields, params) =>
          this.payCheckout(params.id!, {
            card: String(fields.card ?? ''),
            ...(fields.authentication === 'complete' || fields.authentication === 'fail'
              ? { authentication: fields.authentication }
              : {}),
          }),
        ),
      ),
      route(
        'POST',
        `${p}/checkout/:id/expire`,
        control(async (_fields, params) => ({ deliveries: this.expireCheckout(params.id!) })),
      ),
      route(
        'GET',
        `${p}/checkout/:id`,
        control(async (_fields, params) => {
          const session = this.sessions.get(params.id!);
          if (!session) throw noSuch('checkout.session', params.id!);
          return publicObject(session);
        }),
      ),
      route(
        'GET',
        `${p}/accounts/:id`,
        control(async (_fields, params) => this.get(this.accounts, params.id!, 'account')),
      ),
      route(
        'POST',
        `${p}/accounts/:id/onboard`,
        control(async (_fields, params) => ({ deliveries: this.onboard(params.id!) })),
      ),
      route(
        'POST',
        `${p}/payouts/:id/:outcome`,
        control(async (_fields, params) => {
          const outcome = params.outcome;
          if (outcome !== 'paid' && outcome !== 'failed' && outcome !== 'canceled')
            throw invalid('outcome', 'paid, failed or canceled');
          return { deliveries: this.settlePayout(params.id!, outcome) };
        }),
      ),
      route(
        'GET',
        `${p}/payouts`,
        control(async () => ({ payouts: [...this.payouts.values()].map(publicObject) })),
      ),
      route(
        'GET',
        `${p}/transfers`,
        control(async () => ({ transfers: [...this.transfers.values()].map(publicObject) })),
      ),
      route(
        'POST',
        `${p}/refunds`,
        control(async (fields) =>
          this.refund({
            paymentIntent: String(fields.paymentIntent ?? ''),
            ...(typeof fields.amountMinor === 'number' ? { amountMinor: fields.amountMinor } : {}),
            pending: fields.pending === true,
          }),
        ),
      ),
      route(
        'POST',
        `${p}/refunds/:id/:outcome`,
        control(async (_fields, params) => {
          const outcome = params.outcome;
          if (outcome !== 'failed' && outcome !== 'canceled') throw invalid('outcome', 'failed or canceled');
          return { deliveries: this.failRefund(params.id!, outcome) };
        }),
      ),
      route(
        'POST',
        `${p}/disputes`,
        control(async (fields) =>
          this.dispute({ paymentIntent: String(fields.paymentIntent ?? ''), inquiry: fields.inquiry === true }),
        ),
      ),
      route(
        'POST',
        `${p}/disputes/:id/:outcome`,
        control(async (_fields, params) => {
          const outcome = params.outcome;
          if (outcome === 'won') return { deliveries: this.winDispute(params.id!) };
          if (outcome === 'lost') return { deliveries: this.loseDispute(params.id!) };
          if (outcome === 'escalated') return { deliveries: this.escalateDispute(params.id!) };
          throw invalid('outcome', 'won, lost or escalated');
        }),
      ),
      route(
        'POST',
        `${p}/balance-transactions`,
        control(async (fields) =>
          this.plantBalanceTransaction({
            amountMinor: Number(fields.amountMinor),
            currency: String(fields.currency ?? ''),
          }),
        ),
      ),
      route(
        'GET',
        `${p}/objects/:id/deliveries`,
        control(async (_fields, params) => ({
          deliveries: [...this.events.values()]
            .filter((event) => event.data.object.id === params.id)
            .map((event) => this.sign(event, this.nowS())),
        })),
      ),
      route(
        'POST',
        `${p}/events/:id/delivery`,
        control(async (fields, params) =>
          this.deliveryOf(params.id!, typeof fields.signedAtS === 'number' ? fields.signedAtS : undefined),
        ),
      ),
      route(
        'POST',
        `${p}/webhook`,
        control(async (fields) => {
          if (typeof fields.url !== 'string') throw invalid('url', 'url is required');
          this.setWebhook({
            url: fields.url,
            deliverTwice: fields.deliverTwice === true,
            hold: fields.hold === true,
            ...(typeof fields.delayMs === 'number' ? { delayMs: fields.delayMs } : {}),
            ...(typeof fields.autoPayoutAfterMs === 'number' ? { autoPayoutAfterMs: fields.autoPayoutAfterMs } : {}),
          });
          return { subscribed: true };
        }),
      ),
      route(
        'POST',
        `${p}/release`,
        control(async (fields) => ({ released: this.releaseHeld(fields.order === 'reverse' ? 'reverse' : 'made') })),
      ),
      route(
        'GET',
        `${p}/stats`,
        control(async () => ({ ...this.counts, held: this.held.length, events: this.events.size })),
      ),
    ]);
  }
}

function control(
  run: (fields: Record<string, unknown>, params: Record<string, string>) => Promise<unknown>,
): Route['handle'] {
  return async ({ request, params }) => {
    let fields: Record<string, unknown> = {};
    if (request.method === 'POST') {
      const text = await request.text();
      try {
        fields = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        return json({ error: { type: 'invalid_request_error', message: 'the body must be JSON' } }, 400);
      }
    }
    try {
      return json(await run(fields, params));
    } catch (error) {
      if (error instanceof StripeError) return stripeError(error);
      throw error;
    }
  };
}

function stripeError(error: StripeError): Response {
  return json({ error: error.body }, error.status);
}

function noSuch(object: string, id: string): StripeError {
  return new StripeError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${object}: '${id}'`,
    param: 'id',
  });
}

function notFound(path: string): StripeError {
  return new StripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${path}).` });
}

function invalid(param: string, message: string): StripeError {
  return new StripeError(400, { type: 'invalid_request_error', code: 'parameter_invalid', message, param });
}

function positiveAmount(value: string | null): number {
  const amount = Number(value);
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > AMOUNT_MAX_MINOR) {
    throw invalid('amount', 'Invalid positive integer: amount.');
  }
  return amount;
}

const PAYOUT_INTERVALS = ['daily', 'weekly', 'monthly', 'manual'] as const;

/** The payout schedule asked for at creation; Stripe's default is daily (automatic). */
function payoutIntervalOf(params: URLSearchParams): string {
  const interval = params.get('settings[payouts][schedule][interval]') ?? 'daily';
  if (!(PAYOUT_INTERVALS as readonly string[]).includes(interval)) {
    throw invalid(
      'settings[payouts][schedule][interval]',
      `Invalid interval: must be one of ${PAYOUT_INTERVALS.join(', ')}.`,
    );
  }
  return interval;
}

/** An account's payout schedule; one saved before the sandbox kept settings was made with the default. */
function payoutIntervalOfAccount(account: StripeObject): string {
  const settings = account.settings as { payouts?: { schedule?: { interval?: string } } } | undefined;
  return settings?.payouts?.schedule?.interval ?? 'daily';
}

/** `prefix[key]=value` form fields as an object. */
function metadataOf(params: URLSearchParams, prefix: string): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key.startsWith(`${prefix}[`) && key.endsWith(']')) metadata[key.slice(prefix.length + 1, -1)] = value;
  }
  return metadata;
}

/** The object as Stripe shows it: without the sandbox's own bookkeeping fields (`_…`). */
function publicObject(object: StripeObject): StripeObject {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !key.startsWith('_'))) as StripeObject;
}

function formatMinor(amountMinor: number, currency: string): string {
  const exponent = currency === 'jpy' ? 0 : 2;
  const units = Math.trunc(amountMinor / 10 ** exponent);
  const cents = String(amountMinor % 10 ** exponent).padStart(exponent, '0');
  return `${currency.toUpperCase()} ${units}${exponent ? `.${cents}` : ''}`;
}

function htmlPage(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Sandbox Stripe</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.5rem 0}
input{font:inherit;padding:.3rem;width:100%}button{font:inherit;padding:.5rem 1rem;margin:.5rem .5rem 0 0}[role=alert]{color:#b00020}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
