import { TextSchema } from './text';
import * as z from './zod';

/**
 * The ledger's vocabulary and the sandbox ledger routes' requests and answers. Amounts are
 * integers in minor units (cents for EUR, yen for JPY); no float ever crosses this contract.
 */

/** Balances and amounts stay within the integers JavaScript and D1 carry exactly. */
export const LEDGER_AMOUNT_MAX_MINOR = Number.MAX_SAFE_INTEGER;
/** Transfer ids are chosen by the client, so a retry carries the same id. */
export const TRANSFER_ID_LENGTH_MAX = 64;
/** A pending transfer reserves money for at most this long (90 days) before it expires. */
export const PENDING_TIMEOUT_MAX_S = 90 * 24 * 60 * 60;
export const TRANSFERS_PER_PAGE_MAX = 100;
export const TRANSFER_CODE_LENGTH_MAX = 32;
export const TRANSFER_REFERENCE_LENGTH_MAX = 256;
export const ACCOUNT_OWNER_LENGTH_MAX = 128;

export const ACCOUNT_KINDS = [
  'wallet',
  'escrow',
  'offer_fund',
  'rewards',
  'world',
  'pot',
  'provider_clearing',
  'payouts_in_flight',
  'debt',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/**
 * Kinds keyed by nobody: one account per currency. The others belong to a user (wallet, rewards),
 * an X user (escrow), an offer (offer fund) or a pot or crowdfunding project (pot).
 */
export const UNOWNED_ACCOUNT_KINDS: ReadonlySet<AccountKind> = new Set([
  'world',
  'provider_clearing',
  'payouts_in_flight',
]);

/**
 * Kinds that hold someone's money and so can never go below zero, pending debits included.
 * The world account (money entering and leaving) runs a debit balance by design, and a user's
 * rewards may go below zero when a refund claws back a credit already spent, as card-linked
 * offers allow.
 */
export const NEVER_NEGATIVE_ACCOUNT_KINDS: ReadonlySet<AccountKind> = new Set([
  'wallet',
  'escrow',
  'offer_fund',
  'pot',
]);

/**
 * Kinds that can never be credited beyond their debits: a user's debt account (one per currency)
 * is debited by a refund or dispute that found the wallet already spent, and only repaid up to
 * what is owed, never into a credit.
 */
export const NEVER_POSITIVE_ACCOUNT_KINDS: ReadonlySet<AccountKind> = new Set(['debt']);

export const TRANSFER_FLAGS = ['plain', 'pending', 'post_pending', 'void_pending'] as const;
export type TransferFlags = (typeof TRANSFER_FLAGS)[number];

export const PENDING_STATUSES = ['pending', 'posted', 'voided', 'expired'] as const;
export type PendingStatus = (typeof PENDING_STATUSES)[number];

export const AccountKindSchema = z.enum(ACCOUNT_KINDS);
/** An ISO 4217 alphabetic code; whether the product supports it is the money module's business. */
export const CurrencySchema = z.string().check(z.regex(/^[A-Z]{3}$/, 'a currency is three capital letters, e.g. EUR'));
export const AmountMinorSchema = z.number().check(z.int(), z.gte(1), z.lte(LEDGER_AMOUNT_MAX_MINOR));
export const TransferIdSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(TRANSFER_ID_LENGTH_MAX),
    z.regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'),
  );
export const AccountIdSchema = z
  .string()
  .check(z.maxLength(64), z.regex(/^acc_[A-Za-z0-9_-]+$/, 'an account id starts with acc_'));
export const AccountOwnerSchema = TextSchema({ lengthMax: ACCOUNT_OWNER_LENGTH_MAX, keepWhitespace: true });

export const BalancesSchema = z.object({
  /** Credits minus debits, posted only: negative for the world account. */
  postedMinor: z.number().check(z.int()),
  pendingDebitsMinor: z.number().check(z.int(), z.gte(0)),
  pendingCreditsMinor: z.number().check(z.int(), z.gte(0)),
  /** What the owner can spend: posted minus pending debits. */
  availableMinor: z.number().check(z.int()),
});
export type Balances = z.infer<typeof BalancesSchema>;

export const AccountSchema = z.object({
  id: AccountIdSchema,
  kind: AccountKindSchema,
  owner: z.nullable(z.string()),
  currency: CurrencySchema,
  balances: BalancesSchema,
});

export const TransferSchema = z.object({
  seq: z.number().check(z.int()),
  id: z.string(),
  flags: z.enum(TRANSFER_FLAGS),
  debitAccountId: z.string(),
  creditAccountId: z.string(),
  amountMinor: z.number().check(z.int()),
  currency: z.string(),
  code: z.string(),
  reference: z.nullable(z.string()),
  pendingId: z.nullable(z.string()),
  timeoutS: z.number().check(z.int()),
  createdAtMs: z.number().check(z.int()),
  expiresAtMs: z.nullable(z.number().check(z.int())),
});

/** `created` the first time, `exists` for a replay of the same id and the same fields. */
export const TransferAnswerSchema = z.object({
  status: z.enum(['created', 'exists']),
  transfer: TransferSchema,
});
export type TransferAnswer = z.infer<typeof TransferAnswerSchema>;

// Sandbox routes: money for demos and tests, never served outside the sandbox.

/** World → wallet. The wallet is named by its owner (created if need be) or by its account id. */
export const TopUpRequestSchema = z
  .strictObject({
    clientId: TransferIdSchema,
    owner: z.optional(AccountOwnerSchema),
    accountId: z.optional(AccountIdSchema),
    currency: CurrencySchema,
    amountMinor: AmountMinorSchema,
  })
  .check(
    z.refine((body) => (body.owner === undefined) !== (body.accountId === undefined), {
      message: 'name the wallet by exactly one of owner or accountId',
      path: ['owner'],
    }),
  );
export type TopUpRequest = z.infer<typeof TopUpRequestSchema>;

export const EnsureAccountRequestSchema = z.strictObject({
  kind: AccountKindSchema,
  owner: z.nullable(AccountOwnerSchema),
  currency: CurrencySchema,
});

const NewTransferFields = {
  id: TransferIdSchema,
  debitAccountId: AccountIdSchema,
  creditAccountId: AccountIdSchema,
  currency: CurrencySchema,
  amountMinor: AmountMinorSchema,
};

export const TransferRequestSchema = z.discriminatedUnion('flags', [
  z.strictObject({ flags: z.literal('plain'), ...NewTransferFields }),
  z.strictObject({
    flags: z.literal('pending'),
    ...NewTransferFields,
    timeoutS: z.number().check(z.int(), z.gte(0), z.lte(PENDING_TIMEOUT_MAX_S)),
  }),
  z.strictObject({
    flags: z.literal('post_pending'),
    id: TransferIdSchema,
    pendingId: TransferIdSchema,
    /** Omitted: the whole pending amount. Less posts part of it and releases the rest. */
    amountMinor: z.optional(AmountMinorSchema),
  }),
  z.strictObject({ flags: z.literal('void_pending'), id: TransferIdSchema, pendingId: TransferIdSchema }),
]);
export type TransferRequest = z.infer<typeof TransferRequestSchema>;
