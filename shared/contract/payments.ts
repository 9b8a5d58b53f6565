import {
  AmountMinorSchema,
  CurrencySchema,
  HandleSchema,
  HashtagSchema,
  LanguageSchema,
  MemoSchema,
  ReferenceCodeSchema,
} from './money';
import * as z from './zod';

/**
 * The payments part of the worker's HTTP contract: payment intents, tweet reports, confirmation,
 * tweet status marks and receipts. Every route but receipts and tweet status needs a session.
 *
 * An intent's life: `awaiting_tweet` (drafted, nothing reserved) → the posted tweet is matched →
 * `awaiting_confirmation` (the amount is reserved by a pending transfer) → the payer confirms:
 * `settled` (in the payee's wallet) or `escrowed` (payee not linked yet; `settled` when they link,
 * `refunded` after the escrow delay) — or cancels: `cancelled`; an unconfirmed reservation
 * `expired`; a match that could not reserve (insufficient funds, a limit) is `failed` with a reason.
 *
 * An intent's `purpose` says what the money is for: a `payment` to someone, a `donation` to a
 * verified organisation, a `contribution` to a pot, or a `pledge` to an all-or-nothing project.
 * A confirmed pledge is `pledged`: still reserved in the backer's wallet until the project's
 * deadline, then `settled` (collected: the goal was reached) or `released` (it was not). A
 * backer may cancel a pledge before the deadline (`cancelled`).
 */

/**
 * X ids (users, tweets): X's own pattern, 1 to 19 decimal digits (X answers 400 to longer ones),
 * without leading zeros so that one id has one spelling.
 */
export const X_ID_PATTERN = /^[1-9][0-9]{0,18}$/;
export const XIdSchema = z.string().check(z.regex(X_ID_PATTERN, 'an X id: 1 to 19 decimal digits'));
export const PAYMENT_INTENT_ID_PATTERN = /^pi_[A-Za-z0-9_-]{22}$/;
export const PaymentIntentIdSchema = z.string().check(z.regex(PAYMENT_INTENT_ID_PATTERN, 'a payment intent id (pi_…)'));
/** The caller's idempotency key for creating an intent: a retry with the same key returns the same intent. */
export const RequestIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, '16 to 64 letters, digits, _ or -'));
/** Tweet ids per status or report call, as X's lookup takes them. */
export const TWEET_IDS_PER_STATUS_CALL_MAX = 100;

export const PaymentIntentStatusSchema = z.enum([
  'awaiting_tweet',
  'awaiting_confirmation',
  'settled',
  'escrowed',
  'refunded',
  'cancelled',
  'expired',
  'failed',
  'pledged',
  'released',
]);

export const PaymentPurposeSchema = z.enum(['payment', 'donation', 'contribution', 'pledge']);

export const PaymentFailureReasonSchema = z.enum([
  'insufficient-funds',
  'limit-per-payment',
  'limit-per-day',
  'payer-is-payee',
  /**
   * The tweet was deleted before the payment was confirmed (a pledge: before its project was
   * decided): the reservation was released.
   */
  'tweet-deleted',
  /**
   * The tweet was edited before the payment was confirmed (a pledge: before its project was
   * decided) and no longer states it (code, payee, amount, currency or pot): the reservation was
   * released.
   */
  'tweet-edited',
  'tweet-not-by-payer',
  /**
   * The pot stopped taking contributions, or the project's deadline passed, before the reservation
   * or before the confirmation: the intent ends `failed` with this reason and any reservation is
   * released (nothing reaches the pot).
   */
  'pot-closed',
  /** Money taken back after a refund or dispute is still owed: nothing leaves the wallet until it is repaid. */
  'wallet-in-debt',
]);

/**
 * Why a posted tweet that meant to move a linked person's money moved none (no intent was reserved
 * for it): `draft-altered` (a drafted tweet changed before posting: amount, payee or pot),
 * `other-account` (posted from an X account other than the payer's linked one), `unknown-payee`,
 * `payee-suspended` or `payer-is-payee` (a hand-typed command naming no valid payee),
 * `intent-closed` (the draft had expired or was used), `pot-closed`, `pot-currency`,
 * `organiser-cannot-contribute` (the pot could not take it). An intent that was reserved and then
 * failed says why in its own `failureReason` instead.
 */
export const TweetRefusalReasonSchema = z.enum([
  'draft-altered',
  'other-account',
  'unknown-payee',
  'payee-suspended',
  'payer-is-payee',
  'intent-closed',
  'pot-closed',
  'pot-currency',
  'organiser-cannot-contribute',
]);

/** Someone on X as the X API reported them (never as a page showed them). */
export const PartySchema = z.object({
  xUserId: XIdSchema,
  username: z.string(),
  name: z.string(),
});

/** The pot or project a contribution or pledge goes to. */
export const IntentPotSchema = z.object({
  id: z.string(),
  kind: z.enum(['pot', 'project']),
  hashtag: HashtagSchema,
  title: z.string(),
  /** A project's deadline: a pledge is held until then. */
  deadlineAt: z.nullable(z.iso.datetime()),
});

export const MatchedTweetSchema = z.object({
  /** The root of the tweet's edit history: the key of its effects. */
  rootId: XIdSchema,
  /** The latest version's id and text: what the payer confirms. */
  id: XIdSchema,
  text: z.string(),
  url: z.url(),
});

export const PaymentIntentSchema = z.object({
  id: PaymentIntentIdSchema,
  code: ReferenceCodeSchema,
  status: PaymentIntentStatusSchema,
  /** `drafted`: made through the extension; `command`: a hand-typed tweet such as `@hashpay pay @bob 10€`. */
  source: z.enum(['drafted', 'command']),
  purpose: PaymentPurposeSchema,
  payer: PartySchema,
  /** For a contribution or a pledge: the pot's organiser (the pot's account is theirs). */
  payee: PartySchema,
  /** Contributions and pledges: the pot or project; null otherwise. */
  pot: z.nullable(IntentPotSchema),
  /** A donation whose donor agreed to be named in its public receipt. */
  publicMention: z.boolean(),
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
  memo: z.nullable(z.string()),
  /**
   * The exact words of the tweet the amount was read from (`10 € 50`, `vingt euros`), shown next to
   * the amount before money moves; null when no tweet was read yet.
   */
  amountText: z.optional(z.nullable(z.string())),
  language: LanguageSchema,
  /** The exact text to post (drafted intents). */
  tweetText: z.string(),
  inReplyToTweetId: z.nullable(XIdSchema),
  tweet: z.nullable(MatchedTweetSchema),
  failureReason: z.nullable(PaymentFailureReasonSchema),
  createdAt: z.iso.datetime(),
  /** Until then the tweet can be posted and matched. */
  expiresAt: z.iso.datetime(),
  /** While awaiting confirmation: the reservation is voided at this time. */
  confirmBy: z.nullable(z.iso.datetime()),
  /** A pledge: when the backer confirmed it (it is held from then until the deadline). */
  pledgedAt: z.nullable(z.iso.datetime()),
  settledAt: z.nullable(z.iso.datetime()),
  receiptId: z.nullable(z.string()),
  /**
   * The intent's timeline, for the history's detail view: when its tweet was matched (the money
   * reserved), when it went to escrow, and when it ended (settled, failed, cancelled, expired,
   * refunded, released); null until then. Optional: older answers lack them.
   */
  matchedAt: z.optional(z.nullable(z.iso.datetime())),
  escrowedAt: z.optional(z.nullable(z.iso.datetime())),
  closedAt: z.optional(z.nullable(z.iso.datetime())),
});

/**
 * A refused tweet, shown only to the person it concerns (the payer of the drafted intent, or the
 * linked author of a hand-typed command): what happened, on which tweet, for which draft.
 */
export const TweetRefusalSchema = z.object({
  tweetId: XIdSchema,
  tweetUrl: z.url(),
  reason: TweetRefusalReasonSchema,
  /** The tweet's text as X gave it. */
  text: z.string(),
  /** The drafted intent the tweet was meant for (still awaiting its tweet), when there is one. */
  intent: z.nullable(PaymentIntentSchema),
  decidedAt: z.iso.datetime(),
});

/**
 * A new intent names either a payee (a person, or a verified organisation: then it is a donation)
 * or an open pot's or project's hashtag (a contribution or a pledge), never both. What it becomes
 * is decided by the worker from X and its own records, never from the page.
 */
export const CreatePaymentIntentRequestSchema = z
  .strictObject({
    requestId: RequestIdSchema,
    payeeHandle: z.optional(HandleSchema),
    potHashtag: z.optional(HashtagSchema),
    amountMinor: AmountMinorSchema,
    currency: CurrencySchema,
    memo: z.optional(MemoSchema),
    inReplyToTweetId: z.optional(XIdSchema),
    language: LanguageSchema,
    /** Donations only: name the donor in the public receipt. */
    publicMention: z.optional(z.boolean()),
  })
  .check(
    z.superRefine(
      (request, context) => {
        if ((request.payeeHandle === undefined) === (request.potHashtag === undefined)) {
          context.addIssue({
            code: 'custom',
            path: [request.payeeHandle === undefined ? 'payeeHandle' : 'potHashtag'],
            message: 'name either payeeHandle (a person or an organisation) or potHashtag (a pot or project), not both',
          });
        }
        if (request.publicMention === true && request.potHashtag !== undefined) {
          context.addIssue({ code: 'custom', path: ['publicMention'], message: 'publicMention is for donations only' });
        }
        // Also alongside other fields' problems, so that one answer lists every field at fault.
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    ),
  );

export const PaymentIntentResponseSchema = z.object({ intent: PaymentIntentSchema });

export const PaymentIntentListResponseSchema = z.object({
  intents: z.array(PaymentIntentSchema),
  /**
   * `GET /v1/history` (as payer or any): the person's refused tweets decided within this page's
   * span of time (from the last intent's creation to the cursor's; the last page reaches back to
   * the first), newest first; absent from other lists.
   */
  refusals: z.optional(z.array(TweetRefusalSchema)),
  /** Pass as `before` for the next page; null at the end. */
  nextCursor: z.nullable(z.string()),
});

/** `GET /v1/history?role=&limit=&before=`: `payer` (sent), `payee` (received, escrow included) or `any`. */
export const HistoryRoleSchema = z.enum(['payer', 'payee', 'any']);
export const HISTORY_PAGE_SIZE_MAX = 100;
/**
 * `person=`: only the rows whose other party's X handle starts with these letters (any case,
 * without the @): the payee of what the user sent, the payer of what they received.
 */
export const HistoryPersonSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_]{1,15}$/, 'the start of an X handle: 1 to 15 letters, digits or _, without @'));

/** A receipt id shares its random part with its intent's: `pi_X` ↔ `rcp_X`. */
export const RECEIPT_ID_PATTERN = /^rcp_[A-Za-z0-9_-]{22}$/;

/** The extension saw the user post this tweet (from the page's CreateTweet response or the toast). */
export const ReportTweetRequestSchema = z.strictObject({ tweetId: XIdSchema });

/**
 * Why a tweet carrying an offer's hashtag did not enrol its author: the offer's enrol-by date
 * passed (`enrol-by-passed`) or its spend window ended too (`offer-ended`), its budget of credits
 * is used up (`fully-redeemed`), the merchant paused it (`offer-paused`), the author already
 * claimed it (`already-claimed`), the author has not linked their X account (`author-not-linked`),
 * or the author is the merchant's own X account (`merchant-own-offer`).
 */
export const ClaimRefusalReasonSchema = z.enum([
  'offer-ended',
  'enrol-by-passed',
  'fully-redeemed',
  'already-claimed',
  'author-not-linked',
  'offer-paused',
  'merchant-own-offer',
]);

/** What a reported tweet did to an offer (see `shared/contract/offers.ts`). */
export const TweetClaimSchema = z.object({
  offerId: z.string(),
  hashtag: HashtagSchema,
  /** `enrolled`: the author's card is enrolled in the offer (now, or by an earlier arrival of the tweet). */
  status: z.enum(['enrolled', 'refused']),
  refusalReason: z.nullable(ClaimRefusalReasonSchema),
  /** When the author was enrolled (for `already-claimed`, the first enrolment). */
  claimedAt: z.nullable(z.iso.datetime()),
});

export const ReportTweetResponseSchema = z.object({
  /**
   * `matched`: the tweet is now an intent awaiting confirmation (or was already); `offer-claimed` /
   * `offer-refused`: the tweet carried a live offer's hashtag, see `claim`; `not-a-payment`: nothing to do.
   */
  outcome: z.enum(['matched', 'not-a-payment', 'retry-later', 'offer-claimed', 'offer-refused']),
  intent: z.nullable(PaymentIntentSchema),
  /**
   * `not-a-payment` and `retry-later`: why, when known — `payer-protected` (X does not show a
   * protected account's posts, so the payer cannot be verified), `tweet-not-found`,
   * `latest-version-not-returned`, `x-rate-limited`, the parser's `rejected:…`.
   */
  reason: z.optional(z.string()),
  /** Present for `offer-claimed` and `offer-refused`, and only to the tweet's author. */
  claim: z.optional(TweetClaimSchema),
  /**
   * `not-a-payment` of a tweet meant to move the reporter's money: why nothing moved. Present only
   * for the person it concerns (see `TweetRefusalSchema`).
   */
  refusal: z.optional(TweetRefusalSchema),
});

/** A tweet whose payment settled but whose newest version no longer states it: what was paid. */
export const EditedAfterPaymentSchema = z.object({
  tweetId: XIdSchema,
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
  /** The payee's handle as X gave it (for a contribution, the pot's organiser). */
  payeeUsername: z.string(),
  /** A contribution or pledge: its pot's hashtag. */
  potHashtag: z.nullable(z.string()),
});

/**
 * `GET /v1/tweets/status?ids=1,2,…` (≤ 100): which of these tweets carry a settled payment that
 * the tweet still states (the ✓), and which were edited after payment (shown with what was paid).
 */
export const TweetStatusResponseSchema = z.object({
  settledTweetIds: z.array(XIdSchema),
  editedAfterPayment: z._default(z.array(EditedAfterPaymentSchema), []),
});

/**
 * A settled intent's receipt. A payment's receipt has exactly the fields it always had, so
 * receipts signed before donations existed still verify. Other purposes name theirs
 * (`purpose`); a donation also says whether its donor agreed to be named (`publicMention`). The
 * public receipt of a donation whose donor did not agree names neither the donor nor their tweet
 * (`payer`, `tweetId` and `tweetUrl` are null); the donor, signed in, gets theirs in full.
 */
export const ReceiptSchema = z.object({
  id: z.string(),
  intentId: PaymentIntentIdSchema,
  payer: z.nullable(PartySchema),
  payee: PartySchema,
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
  tweetId: z.nullable(XIdSchema),
  tweetUrl: z.nullable(z.url()),
  settledAt: z.iso.datetime(),
  /** Every purpose but `payment`, whose receipts say none. */
  purpose: z.optional(z.enum(['donation', 'contribution', 'pledge'])),
  publicMention: z.optional(z.boolean()),
  /** A contribution or a collected pledge: the pot or project it went to (its payee is the organiser). */
  pot: z.optional(
    z.object({ id: z.string(), kind: z.enum(['pot', 'project']), hashtag: HashtagSchema, title: z.string() }),
  ),
});

/** A receipt and the worker's signature over its canonical JSON (keys sorted, no spaces). */
export const SignedReceiptSchema = z.object({
  receipt: ReceiptSchema,
  signature: z.object({ alg: z.literal('Ed25519'), keyId: z.string(), value: z.string() }),
});

export type PaymentIntentStatus = z.infer<typeof PaymentIntentStatusSchema>;
export type PaymentPurpose = z.infer<typeof PaymentPurposeSchema>;
export type IntentPot = z.infer<typeof IntentPotSchema>;
export type PaymentFailureReason = z.infer<typeof PaymentFailureReasonSchema>;
export type TweetRefusalReason = z.infer<typeof TweetRefusalReasonSchema>;
export type TweetRefusal = z.infer<typeof TweetRefusalSchema>;
export type EditedAfterPayment = z.infer<typeof EditedAfterPaymentSchema>;
export type TweetStatusResponse = z.infer<typeof TweetStatusResponseSchema>;
export type Party = z.infer<typeof PartySchema>;
export type PaymentIntent = z.infer<typeof PaymentIntentSchema>;
export type CreatePaymentIntentRequest = z.infer<typeof CreatePaymentIntentRequestSchema>;
export type ClaimRefusalReason = z.infer<typeof ClaimRefusalReasonSchema>;
export type TweetClaim = z.infer<typeof TweetClaimSchema>;
export type ReportTweetResponse = z.infer<typeof ReportTweetResponseSchema>;
export type Receipt = z.infer<typeof ReceiptSchema>;
export type SignedReceipt = z.infer<typeof SignedReceiptSchema>;
