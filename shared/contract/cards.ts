import { CurrencySchema } from './ledger';
import * as z from './zod';

/**
 * The cards part of the worker's HTTP contract, and the card network's webhook events.
 *
 * - `POST /v1/cards` (session): the user's card, issued by the card network on first call; later
 *   calls answer the same card (one card per user). 201 when issued, 200 when it existed.
 * - `GET /v1/cards` (session): the user's cards (zero or one).
 * - `GET /v1/credits` (session): the user's offer credits, newest first.
 * - `POST /webhooks/card-network` (the network): purchases and refunds, signed with
 *   `x-card-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 *
 * The card number never reaches Hashpay: a card is the network's token (kept by the worker, never
 * shown) and its last four digits.
 */

export const CARD_SIGNATURE_HEADER = 'x-card-signature';
/** A signature older (or further in the future) than this is refused, so a captured delivery cannot be replayed later. */
export const CARD_SIGNATURE_TOLERANCE_S = 5 * 60;
export const CARD_EVENT_ID_LENGTH_MAX = 128;
export const CARD_TOKEN_LENGTH_MAX = 128;
export const CARD_TRANSACTION_ID_LENGTH_MAX = 128;
export const CARD_EVENT_MERCHANT_ID_LENGTH_MAX = 64;
export const CREDITS_PER_PAGE_MAX = 100;

export const CardSchema = z.object({
  id: z.string(),
  last4: z.string().check(z.regex(/^\d{4}$/)),
  createdAt: z.iso.datetime(),
});
export type Card = z.infer<typeof CardSchema>;

export const CardResponseSchema = z.object({ card: CardSchema });
export const CardListResponseSchema = z.object({ cards: z.array(CardSchema) });

/** `pending` until the settlement delay passes, then `posted`; `voided` or `reversed` when a refund took it back. */
export const CREDIT_STATUSES = ['pending', 'posted', 'voided', 'reversed'] as const;
export const CreditStatusSchema = z.enum(CREDIT_STATUSES);
export type CreditStatus = z.infer<typeof CreditStatusSchema>;

export const CreditSchema = z.object({
  id: z.string(),
  offerId: z.string(),
  amountMinor: z.number().check(z.int()),
  currency: CurrencySchema,
  status: CreditStatusSchema,
  createdAt: z.iso.datetime(),
  /** When a pending credit is due to be posted. */
  postAfter: z.iso.datetime(),
  postedAt: z.nullable(z.iso.datetime()),
  closedAt: z.nullable(z.iso.datetime()),
});
export type Credit = z.infer<typeof CreditSchema>;

export const CreditListResponseSchema = z.object({ credits: z.array(CreditSchema) });

// ----- Card network webhook -----------------------------------------------------------------------

const NetworkIdSchema = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max), z.regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'));

const TransactionFields = {
  purchaseId: NetworkIdSchema(CARD_TRANSACTION_ID_LENGTH_MAX),
  cardToken: NetworkIdSchema(CARD_TOKEN_LENGTH_MAX),
  merchantId: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(CARD_EVENT_MERCHANT_ID_LENGTH_MAX),
      z.regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
    ),
  amountMinor: z.number().check(z.int(), z.gte(1), z.lte(Number.MAX_SAFE_INTEGER)),
  currency: CurrencySchema,
  /** When the cardholder paid (or was refunded), by the network's clock. */
  occurredAtMs: z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)),
};

/** A purchase or a refund, as the network delivers it; fields the network adds later are ignored. */
export const CardEventSchema = z.discriminatedUnion('type', [
  z.object({
    id: NetworkIdSchema(CARD_EVENT_ID_LENGTH_MAX),
    type: z.literal('purchase'),
    data: z.object(TransactionFields),
  }),
  z.object({
    id: NetworkIdSchema(CARD_EVENT_ID_LENGTH_MAX),
    type: z.literal('refund'),
    data: z.object({ ...TransactionFields, refundId: NetworkIdSchema(CARD_TRANSACTION_ID_LENGTH_MAX) }),
  }),
]);
export type CardEvent = z.infer<typeof CardEventSchema>;

/** What the worker answers the network: `applied` the first time, `duplicate` for an event already applied. */
export const CardWebhookResponseSchema = z.object({
  outcome: z.enum(['applied', 'duplicate']),
  /** Credits created (purchase) or taken back (refund) by this event. */
  creditsCreated: z.number().check(z.int()),
  creditsClawedBack: z.number().check(z.int()),
});
export type CardWebhookResponse = z.infer<typeof CardWebhookResponseSchema>;
