import { AmountMinorSchema, CurrencySchema, HandleSchema, HashtagSchema } from './money';
import { ClaimRefusalReasonSchema, RequestIdSchema, TweetClaimSchema, XIdSchema } from './payments';
import { TextSchema } from './text';
import * as z from './zod';

/**
 * The offers part of the worker's HTTP contract: the public catalogue the extension polls, the
 * user's claims, and the merchant API.
 *
 * - `GET /v1/offers` (public): live offers, answered with a strong `ETag`; send it back as
 *   `If-None-Match` and an unchanged catalogue answers `304` with no body
 *   (`Cache-Control: public, max-age=60`).
 * - `GET /v1/offers/claims` (session): the user's claims and where their credit stands.
 * - Merchant API, `Authorization: Bearer hpm_…`: `POST /v1/merchant/offers`, `GET /v1/merchant/offers`,
 *   `GET /v1/merchant/offers/:id` (with stats), `POST /v1/merchant/offers/:id/pause` and `/resume`.
 *   A merchant sees and changes only its own offers; another merchant's offer answers 404.
 *
 * A claim is a tweet by a linked user carrying a live offer's hashtag; it is matched like a
 * payment tweet (reported by the extension, found by search, pushed by the X webhook), and its
 * result shows in `POST /v1/tweets/report`'s `claim` field.
 */

export type { ClaimRefusalReason, TweetClaim } from './payments';
export { ClaimRefusalReasonSchema, TweetClaimSchema };

export const OFFER_ID_PATTERN = /^of_[A-Za-z0-9_-]{22}$/;
export const MERCHANT_ID_PATTERN = /^mer_[A-Za-z0-9_-]{22}$/;
/** Merchant API keys: `hpm_` and 32 random bytes in base64url; stored only as their SHA-256. */
export const MERCHANT_API_KEY_PATTERN = /^hpm_[A-Za-z0-9_-]{43}$/;

export const OFFER_TITLE_LENGTH_MAX = 80;
export const MERCHANT_NAME_LENGTH_MAX = 80;
/** Card-network acceptor ids one offer (or merchant) counts purchases at. */
export const MERCHANT_IDS_PER_OFFER_MAX = 50;
export const CARD_MERCHANT_ID_LENGTH_MAX = 64;
/** The most credits one offer can fund. */
export const OFFER_BUDGET_CREDITS_MAX = 1_000_000;

export const OfferIdSchema = z.string().check(z.regex(OFFER_ID_PATTERN, 'an offer id (of_…)'));

/** Spend at least `minimumSpendMinor` in one purchase, get `creditMinor` back, in `currency`. */
export const OfferTermsSchema = z
  .strictObject({
    minimumSpendMinor: AmountMinorSchema,
    creditMinor: AmountMinorSchema,
    currency: CurrencySchema,
  })
  .check(
    z.refine((terms) => terms.creditMinor <= terms.minimumSpendMinor, {
      message: 'the minimum spend must be at least the credit',
      path: ['creditMinor'],
    }),
  );

/** A card-network acceptor id, as the network sends it with each transaction. */
export const CardMerchantIdSchema = z
  .string()
  .check(
    z.minLength(1, 'a merchant id must not be empty'),
    z.maxLength(CARD_MERCHANT_ID_LENGTH_MAX, `a merchant id has at most ${CARD_MERCHANT_ID_LENGTH_MAX} characters`),
    z.regex(/^[\x21-\x7e]+$/, 'a merchant id is printable ASCII without spaces'),
  );

export const CardMerchantIdsSchema = z.array(CardMerchantIdSchema).check(
  z.minLength(1, 'at least one merchant id'),
  z.maxLength(MERCHANT_IDS_PER_OFFER_MAX, `at most ${MERCHANT_IDS_PER_OFFER_MAX} merchant ids`),
  z.refine((ids) => new Set(ids).size === ids.length, { message: 'merchant ids must be distinct' }),
);

const TitleSchema = TextSchema({ lengthMax: OFFER_TITLE_LENGTH_MAX });

// ----- Public catalogue ---------------------------------------------------------------------------

/** `live`: claimable now; `fully_redeemed`: its credits reached the budget, claims are refused. */
export const CatalogueOfferStatusSchema = z.enum(['live', 'fully_redeemed']);

export const CatalogueOfferSchema = z.object({
  id: OfferIdSchema,
  hashtag: HashtagSchema,
  title: z.string(),
  merchantName: z.string(),
  /** The merchant's X account, when it has one (its tweets usually carry the hashtag). */
  merchantUsername: z.nullable(HandleSchema),
  terms: OfferTermsSchema,
  /** Claims are accepted until then. */
  enrolBy: z.iso.datetime(),
  /** Purchases count until then. */
  spendBy: z.iso.datetime(),
  status: CatalogueOfferStatusSchema,
  /**
   * The budget left: how many more credits the offer can pay (its budget less the credits
   * booked), each worth `terms.creditMinor`. Absent from workers before it was added.
   */
  budgetLeftCredits: z.optional(z.number().check(z.int(), z.gte(0), z.lte(OFFER_BUDGET_CREDITS_MAX))),
});

export const CatalogueResponseSchema = z.object({ offers: z.array(CatalogueOfferSchema) });

// ----- The user's claims --------------------------------------------------------------------------

/**
 * `enrolled`: no qualifying purchase yet; `credit_pending`: a purchase qualified, the credit waits for
 * settlement; `credited`: the credit is in the user's rewards; `reversed`: a refund took it back.
 */
export const ClaimStatusSchema = z.enum(['enrolled', 'credit_pending', 'credited', 'reversed']);

export const ClaimSchema = z.object({
  offerId: OfferIdSchema,
  hashtag: HashtagSchema,
  status: ClaimStatusSchema,
  claimedAt: z.iso.datetime(),
  /** The root of the claim tweet's edit history. */
  tweetId: XIdSchema,
});

export const ClaimListResponseSchema = z.object({ claims: z.array(ClaimSchema) });

// ----- Merchant API -------------------------------------------------------------------------------

/**
 * `live`: claimable; `paused` by the merchant (claims refused, enrolled cards still earn credits
 * within the spend window); `fully_redeemed`: credits reached the budget; `ended`: past enrol-by.
 */
export const MerchantOfferStatusSchema = z.enum(['live', 'paused', 'fully_redeemed', 'ended']);

export const CreateOfferRequestSchema = z
  .strictObject({
    /** The merchant's idempotency key: a retry with the same key and body returns the same offer. */
    requestId: RequestIdSchema,
    /** Unique among live offers, compared without regard to case. */
    hashtag: HashtagSchema,
    title: TitleSchema,
    terms: OfferTermsSchema,
    /** Both in the future, `enrolBy` ≤ `spendBy`. */
    enrolBy: z.iso.datetime(),
    spendBy: z.iso.datetime(),
    /** The most credits the offer pays; its fund is credited with `budgetCredits × creditMinor`. */
    budgetCredits: z
      .number()
      .check(
        z.int('budget must be a whole number of credits'),
        z.gte(1, 'budget must be at least one credit'),
        z.lte(OFFER_BUDGET_CREDITS_MAX, `budget must be at most ${OFFER_BUDGET_CREDITS_MAX} credits`),
      ),
    /** Purchases at these card-network acceptor ids count. */
    merchantIds: CardMerchantIdsSchema,
  })
  .check(
    z.refine((offer) => Date.parse(offer.enrolBy) <= Date.parse(offer.spendBy), {
      message: 'enrolBy must not be after spendBy',
      path: ['enrolBy'],
    }),
  );

export const MerchantOfferSchema = z.object({
  id: OfferIdSchema,
  hashtag: HashtagSchema,
  title: z.string(),
  terms: OfferTermsSchema,
  enrolBy: z.iso.datetime(),
  spendBy: z.iso.datetime(),
  budgetCredits: z.number().check(z.int()),
  /** Credits pending or posted (a credit voided while pending gives its place back). */
  creditsUsed: z.number().check(z.int()),
  merchantIds: z.array(z.string()),
  status: MerchantOfferStatusSchema,
  createdAt: z.iso.datetime(),
});

export const OfferStatsSchema = z.object({
  enrolments: z.number().check(z.int()),
  /** Purchases by enrolled cards that met the offer's terms (each earns at most one credit). */
  qualifyingPurchases: z.number().check(z.int()),
  creditsPending: z.number().check(z.int()),
  creditsPosted: z.number().check(z.int()),
  /** Clawed back while pending (voided) or after posting (reversed). */
  creditsVoided: z.number().check(z.int()),
  creditsReversed: z.number().check(z.int()),
  budgetLeftCredits: z.number().check(z.int()),
});

export const MerchantOfferResponseSchema = z.object({ offer: MerchantOfferSchema });
export const MerchantOfferListResponseSchema = z.object({ offers: z.array(MerchantOfferSchema) });
export const MerchantOfferDetailResponseSchema = z.object({ offer: MerchantOfferSchema, stats: OfferStatsSchema });

// ----- Creating merchants (sandbox: `POST /v1/sandbox/merchants`; production: `POST /v1/operator/merchants`) -----

export const CreateMerchantRequestSchema = z.strictObject({
  name: TextSchema({ lengthMax: MERCHANT_NAME_LENGTH_MAX }),
  xUsername: z.optional(HandleSchema),
  merchantIds: CardMerchantIdsSchema,
});

export const MerchantSchema = z.object({
  id: z.string().check(z.regex(MERCHANT_ID_PATTERN)),
  name: z.string(),
  xUsername: z.nullable(HandleSchema),
  merchantIds: z.array(z.string()),
  createdAt: z.iso.datetime(),
});

/** The API key is shown in this answer only. */
export const CreateMerchantResponseSchema = z.object({
  merchant: MerchantSchema,
  apiKey: z.string().check(z.regex(MERCHANT_API_KEY_PATTERN)),
});

export type OfferTerms = z.infer<typeof OfferTermsSchema>;
export type CatalogueOffer = z.infer<typeof CatalogueOfferSchema>;
export type CatalogueResponse = z.infer<typeof CatalogueResponseSchema>;
export type ClaimStatus = z.infer<typeof ClaimStatusSchema>;
export type Claim = z.infer<typeof ClaimSchema>;
export type ClaimListResponse = z.infer<typeof ClaimListResponseSchema>;
export type MerchantOfferStatus = z.infer<typeof MerchantOfferStatusSchema>;
export type CreateOfferRequest = z.infer<typeof CreateOfferRequestSchema>;
export type MerchantOffer = z.infer<typeof MerchantOfferSchema>;
export type OfferStats = z.infer<typeof OfferStatsSchema>;
export type CreateMerchantRequest = z.infer<typeof CreateMerchantRequestSchema>;
export type Merchant = z.infer<typeof MerchantSchema>;
export type CreateMerchantResponse = z.infer<typeof CreateMerchantResponseSchema>;
export type MerchantOfferResponse = z.infer<typeof MerchantOfferResponseSchema>;
export type MerchantOfferListResponse = z.infer<typeof MerchantOfferListResponseSchema>;
export type MerchantOfferDetailResponse = z.infer<typeof MerchantOfferDetailResponseSchema>;
