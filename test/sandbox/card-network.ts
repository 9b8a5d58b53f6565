/**
 * The sandbox card network: issues cards to sandbox users, lets a person (or a test) pay or refund
 * at a merchant id, and delivers each purchase and refund to the worker as a signed webhook, like a
 * card-linked-offers network does.
 *
 * - API (host `api.cards.sandbox`, where the worker's requests are routed): `POST /v1/cards
 *   {userRef}` → `{token, last4}`; the same `userRef` always gets the same card. The card number
 *   stays here: only the token and the last four digits leave the network.
 * - Webhooks: `POST <url>` with `{id, type: 'purchase' | 'refund', data}` and
 *   `x-card-signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. Every event has
 *   a unique id; a failed delivery is retried (same id, fresh signature); for tests, deliveries can
 *   be sent twice or held and released in reverse order.
 * - Control API under `/__sandbox/cards` (every host); each purchase and refund also answers its
 *   signed delivery, so tests that cannot be reached by the network (inside workerd) deliver it
 *   themselves, in any order and as often as they like.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { json, type Route, readFields, route } from './route.js';
import { SandboxError } from './store.js';

/** The sandbox network's webhook secret; the worker uses the same default when its network is the sandbox. */
export const SANDBOX_CARD_WEBHOOK_SECRET = 'sandbox-card-webhook-secret';
export const CARD_NETWORK_HOST = 'api.cards.sandbox';
export const CARD_SIGNATURE_HEADER = 'x-card-signature';
/** Retries of a failed delivery after the first attempt, and the waits before them. */
export const DELIVERY_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000];
/** What one purchase can be, in minor units: far above any test, far below 2^53. */
export const PURCHASE_AMOUNT_MAX_MINOR = 100_000_000_00;
const USER_REF_LENGTH_MAX = 128;
const MERCHANT_ID_LENGTH_MAX = 64;
const CONTROL_PREFIX = '/__sandbox/cards';

export interface SandboxCard {
  token: string;
  last4: string;
  userRef: string;
}

interface StoredCard extends SandboxCard {
  /** The full card number: never leaves the network. */
  number: string;
}

export interface CardPurchase {
  purchaseId: string;
  cardToken: string;
  merchantId: string;
  amountMinor: number;
  currency: string;
  occurredAtMs: number;
  refundedMinor: number;
}

export interface CardRefund {
  refundId: string;
  purchaseId: string;
  amountMinor: number;
  occurredAtMs: number;
}

export interface CardEventBody {
  id: string;
  type: 'purchase' | 'refund';
  data: Record<string, unknown>;
}

/** A signed delivery, ready to POST: the exact body and the headers that go with it. */
export interface CardDelivery {
  eventId: string;
  body: string;
  headers: Record<string, string>;
}

export interface CardWebhookTarget {
  /** Where deliveries are POSTed; or `deliver`, which answers the HTTP status. */
  url?: string;
  deliver?: (delivery: CardDelivery) => Promise<number>;
  /** At least once, made visible: every delivery is sent twice. */
  deliverTwice?: boolean;
  /** Deliveries wait until `releaseHeld()`, which can send them in reverse order. */
  hold?: boolean;
}

export interface CardNetworkStats {
  cards: number;
  purchases: number;
  refunds: number;
  delivered: number;
  failed: number;
  retried: number;
  held: number;
}

export interface CardNetworkOptions {
  now?: () => number;
  secret?: string;
  /** Waits before each retry of a failed delivery; `[]` for no retries. */
  retryDelaysMs?: readonly number[];
  /** Where cards, purchases and refunds are kept across restarts; in memory only when absent. */
  stateFile?: string;
}

interface State {
  cards: StoredCard[];
  purchases: CardPurchase[];
  refunds: CardRefund[];
}

function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** A 16-digit test number on the 4000 00 range with a valid Luhn check digit. */
function newCardNumber(): string {
  let digits = '400000';
  while (digits.length < 15) digits += String(randomInt(10));
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    let digit = Number(digits[14 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits + String((10 - (sum % 10)) % 10);
}

export function signCardBody(secret: string, timestampS: number, body: string): string {
  const hex = createHmac('sha256', secret).update(`${timestampS}.${body}`, 'utf8').digest('hex');
  return `t=${timestampS},v1=${hex}`;
}

export class SandboxCardNetwork {
  private readonly now: () => number;
  private readonly secret: string;
  private readonly retryDelaysMs: readonly number[];
  private readonly stateFile: string | undefined;
  private readonly cards = new Map<string, StoredCard>();
  private readonly cardByUserRef = new Map<string, StoredCard>();
  private readonly purchases = new Map<string, CardPurchase>();
  private readonly refunds = new Map<string, CardRefund>();
  private readonly events = new Map<string, CardEventBody>();
  private target: CardWebhookTarget | null = null;
  private held: CardDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly counts = { delivered: 0, failed: 0, retried: 0 };

  constructor(options: CardNetworkOptions = {}) {
    this.now = options.now ?? Date.now;
    this.secret = options.secret ?? SANDBOX_CARD_WEBHOOK_SECRET;
    this.retryDelaysMs = options.retryDelaysMs ?? DELIVERY_RETRY_DELAYS_MS;
    this.stateFile = options.stateFile;
    this.load();
  }

  /** The card of `userRef`, issued on first request. */
  issueCard(input: { userRef: string }): SandboxCard {
    const userRef = input.userRef;
    if (typeof userRef !== 'string' || userRef.length < 1 || userRef.length > USER_REF_LENGTH_MAX) {
      throw new SandboxError(400, `userRef must be 1 to ${USER_REF_LENGTH_MAX} characters`);
    }
    const existing = this.cardByUserRef.get(userRef);
    if (existing) return publicCard(existing);
    const number = newCardNumber();
    const card: StoredCard = { token: randomId('tok'), last4: number.slice(-4), userRef, number };
    this.cards.set(card.token, card);
    this.cardByUserRef.set(userRef, card);
    this.save();
    return publicCard(card);
  }

  cardOfUser(userRef: string): SandboxCard | undefined {
    const card = this.cardByUserRef.get(userRef);
    return card ? publicCard(card) : undefined;
  }

  /** The cardholder pays `amountMinor` at `merchantId`; the purchase is delivered to the webhook. */
  purchase(input: { cardToken: string; merchantId: string; amountMinor: number; currency: string; atMs?: number }): {
    purchase: CardPurchase;
    delivery: CardDelivery;
  } {
    if (!this.cards.has(input.cardToken)) throw new SandboxError(404, 'no card with this token');
    if (
      typeof input.merchantId !== 'string' ||
      input.merchantId.length < 1 ||
      input.merchantId.length > MERCHANT_ID_LENGTH_MAX ||
      !/^[\x21-\x7e]+$/.test(input.merchantId)
    ) {
      throw new SandboxError(400, `merchantId must be 1 to ${MERCHANT_ID_LENGTH_MAX} printable characters`);
    }
    assertAmount(input.amountMinor, PURCHASE_AMOUNT_MAX_MINOR);
    if (typeof input.currency !== 'string' || !/^[A-Z]{3}$/.test(input.currency)) {
      throw new SandboxError(400, 'currency must be three capital letters, e.g. EUR');
    }
    const purchase: CardPurchase = {
      purchaseId: randomId('pur'),
      cardToken: input.cardToken,
      merchantId: input.merchantId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      occurredAtMs: this.timeOf(input.atMs),
      refundedMinor: 0,
    };
    this.purchases.set(purchase.purchaseId, purchase);
    this.save();
    const { refundedMinor: _, ...data } = purchase;
    const delivery = this.emit({ id: randomId('evt'), type: 'purchase', data });
    return { purchase: { ...purchase }, delivery };
  }

  /** A refund of part or all of what is left of a purchase; delivered to the webhook. */
  refund(input: { purchaseId: string; amountMinor: number; atMs?: number }): {
    refund: CardRefund;
    delivery: CardDelivery;
  } {
    const purchase = this.purchases.get(input.purchaseId);
    if (!purchase) throw new SandboxError(404, 'no purchase with this id');
    const refundableMinor = purchase.amountMinor - purchase.refundedMinor;
    if (refundableMinor === 0) throw new SandboxError(409, 'this purchase is already fully refunded');
    assertAmount(input.amountMinor, refundableMinor);
    const refund: CardRefund = {
      refundId: randomId('ref'),
      purchaseId: purchase.purchaseId,
      amountMinor: input.amountMinor,
      occurredAtMs: this.timeOf(input.atMs),
    };
    purchase.refundedMinor += refund.amountMinor;
    this.refunds.set(refund.refundId, refund);
    this.save();
    const delivery = this.emit({
      id: randomId('evt'),
      type: 'refund',
      data: {
        refundId: refund.refundId,
        purchaseId: purchase.purchaseId,
        cardToken: purchase.cardToken,
        merchantId: purchase.merchantId,
        amountMinor: refund.amountMinor,
        currency: purchase.currency,
        occurredAtMs: refund.occurredAtMs,
      },
    });
    return { refund: { ...refund }, delivery };
  }

  /** The delivery of an event already emitted, signed now (or at `signedAtMs`, for stale-signature tests). */
  deliveryOf(eventId: string, signedAtMs?: number): CardDelivery {
    const event = this.events.get(eventId);
    if (!event) throw new SandboxError(404, 'no event with this id');
    return this.sign(event, signedAtMs ?? this.now());
  }

  setWebhook(target: CardWebhookTarget | null): void {
    if (target !== null && !target.url && !target.deliver) {
      throw new SandboxError(400, 'a webhook needs a url or a deliver function');
    }
    this.target = target;
  }

  /** Sends the held deliveries, in the order they were made or reversed. */
  releaseHeld(order: 'made' | 'reverse' = 'made'): number {
    const held = order === 'reverse' ? [...this.held].reverse() : this.held;
    this.held = [];
    for (const delivery of held) this.send(delivery);
    return held.length;
  }

  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  stats(): CardNetworkStats {
    return {
      cards: this.cards.size,
      purchases: this.purchases.size,
      refunds: this.refunds.size,
      ...this.counts,
      held: this.held.length,
    };
  }

  /** The network's API, on its own host: what the worker calls. */
  async fetchApi(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/v1/cards') {
      return json({ error: 'not_found', message: `no route ${request.method} ${url.pathname}` }, 404);
    }
    const fields = await readFields(request);
    const userRef = fields?.userRef;
    if (typeof userRef !== 'string') return json({ error: 'invalid_request', message: 'userRef is required' }, 400);
    try {
      const existed = this.cardByUserRef.has(userRef);
      const card = this.issueCard({ userRef });
      return json({ token: card.token, last4: card.last4 }, existed ? 200 : 201);
    } catch (error) {
      if (error instanceof SandboxError)
        return json({ error: 'invalid_request', message: error.message }, error.status);
      throw error;
    }
  }

  controlRoutes(): Route[] {
    return [
      route(
        'POST',
        CONTROL_PREFIX,
        control(async (fields) => ({ status: 201, body: this.issueCard({ userRef: fields.userRef as string }) })),
      ),
      route(
        'GET',
        `${CONTROL_PREFIX}/users/:userRef`,
        control(async (_fields, params) => {
          const card = this.cardOfUser(params.userRef!);
          if (!card) throw new SandboxError(404, 'this user has no card');
          return { body: card };
        }),
      ),
      route(
        'POST',
        `${CONTROL_PREFIX}/purchases`,
        control(async (fields) => ({
          status: 201,
          body: this.purchase({
            cardToken: fields.cardToken as string,
            merchantId: fields.merchantId as string,
            amountMinor: fields.amountMinor as number,
            currency: fields.currency as string,
            atMs: optionalTime(fields.atMs),
          }),
        })),
      ),
      route(
        'POST',
        `${CONTROL_PREFIX}/refunds`,
        control(async (fields) => ({
          status: 201,
          body: this.refund({
            purchaseId: fields.purchaseId as string,
            amountMinor: fields.amountMinor as number,
            atMs: optionalTime(fields.atMs),
          }),
        })),
      ),
      route(
        'POST',
        `${CONTROL_PREFIX}/events/:eventId/delivery`,
        control(async (fields, params) => ({
          body: this.deliveryOf(params.eventId!, optionalTime(fields.signedAtMs)),
        })),
      ),
      route(
        'POST',
        `${CONTROL_PREFIX}/webhook`,
        control(async (fields) => {
          if (typeof fields.url !== 'string') throw new SandboxError(400, 'url is required');
          this.setWebhook({ url: fields.url, deliverTwice: fields.deliverTwice === true, hold: fields.hold === true });
          return { status: 201, body: { subscribed: true } };
        }),
      ),
      route(
        'DELETE',
        `${CONTROL_PREFIX}/webhook`,
        control(async () => {
          this.setWebhook(null);
          return { body: { unsubscribed: true } };
        }),
      ),
      route(
        'POST',
        `${CONTROL_PREFIX}/release`,
        control(async (fields) => ({
          body: { released: this.releaseHeld(fields.order === 'reverse' ? 'reverse' : 'made') },
        })),
      ),
      route(
        'GET',
        `${CONTROL_PREFIX}/stats`,
        control(async () => ({ body: this.stats() })),
      ),
    ];
  }

  private timeOf(atMs: number | undefined): number {
    if (atMs === undefined) return this.now();
    if (!Number.isSafeInteger(atMs) || atMs < 0) throw new SandboxError(400, 'atMs must be a time in milliseconds');
    return atMs;
  }

  private emit(event: CardEventBody): CardDelivery {
    this.events.set(event.id, event);
    const delivery = this.sign(event, this.now());
    const target = this.target;
    if (target) {
      const copies = target.deliverTwice ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) {
        if (target.hold) this.held.push(delivery);
        else this.send(delivery);
      }
    }
    return delivery;
  }

  private sign(event: CardEventBody, atMs: number): CardDelivery {
    const body = JSON.stringify(event);
    return {
      eventId: event.id,
      body,
      headers: {
        'content-type': 'application/json',
        [CARD_SIGNATURE_HEADER]: signCardBody(this.secret, Math.floor(atMs / 1000), body),
      },
    };
  }

  private send(delivery: CardDelivery): void {
    const attempt = this.deliverWithRetries(delivery);
    this.inFlight.add(attempt);
    void attempt.finally(() => this.inFlight.delete(attempt));
  }

  private async deliverWithRetries(first: CardDelivery): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      // Every attempt is signed anew, so a retry after a long wait is not refused as stale.
      const delivery = attempt === 0 ? first : this.deliveryOf(first.eventId);
      if (await this.attempt(delivery)) {
        this.counts.delivered++;
        return;
      }
      const delayMs = this.retryDelaysMs[attempt];
      if (delayMs === undefined) {
        this.counts.failed++;
        return;
      }
      this.counts.retried++;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  private async attempt(delivery: CardDelivery): Promise<boolean> {
    const target = this.target;
    if (!target) return false;
    try {
      if (target.deliver) {
        const status = await target.deliver(delivery);
        return status >= 200 && status < 300;
      }
      const response = await fetch(target.url!, { method: 'POST', headers: delivery.headers, body: delivery.body });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }

  private load(): void {
    if (!this.stateFile || !existsSync(this.stateFile)) return;
    const state = JSON.parse(readFileSync(this.stateFile, 'utf8')) as State;
    for (const card of state.cards) {
      this.cards.set(card.token, card);
      this.cardByUserRef.set(card.userRef, card);
    }
    for (const purchase of state.purchases) this.purchases.set(purchase.purchaseId, purchase);
    for (const refund of state.refunds) this.refunds.set(refund.refundId, refund);
  }

  private save(): void {
    if (!this.stateFile) return;
    const state: State = {
      cards: [...this.cards.values()],
      purchases: [...this.purchases.values()],
      refunds: [...this.refunds.values()],
    };
    mkdirSync(dirname(this.stateFile), { recursive: true });
    const temporary = `${this.stateFile}.tmp`;
    writeFileSync(temporary, JSON.stringify(state));
    renameSync(temporary, this.stateFile);
  }
}

function publicCard(card: StoredCard): SandboxCard {
  return { token: card.token, last4: card.last4, userRef: card.userRef };
}

function assertAmount(amountMinor: unknown, maxMinor: number): void {
  if (!Number.isSafeInteger(amountMinor) || (amountMinor as number) < 1 || (amountMinor as number) > maxMinor) {
    throw new SandboxError(400, `amountMinor must be a whole number of minor units from 1 to ${maxMinor}`);
  }
}

function optionalTime(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new SandboxError(400, 'times are numbers of milliseconds');
  return value;
}

function control(
  run: (fields: Record<string, unknown>, params: Record<string, string>) => Promise<{ status?: number; body: unknown }>,
): Route['handle'] {
  return async ({ request, params }) => {
    const fields = request.method === 'GET' || request.method === 'DELETE' ? {} : await readFields(request);
    if (!fields) return problem(400, 'the body must be a JSON object');
    try {
      const result = await run(fields, params);
      return json(result.body, result.status ?? 200);
    } catch (error) {
      if (error instanceof SandboxError) return problem(error.status, error.message);
      throw error;
    }
  };
}

function problem(status: number, detail: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Sandbox card network error', status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}
