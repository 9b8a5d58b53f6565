import { AmountMinorSchema, CurrencySchema } from './money';
import * as z from './zod';

/**
 * Money in and out of a wallet through the payment provider: card top-ups, withdrawals to a bank
 * account, and what the provider took back (refunds, disputes). Amounts are integers in minor
 * units. `clientId` is the caller's id for a request, so a retry answers the first result.
 */

export const ClientIdSchema = z
  .string()
  .check(
    z.minLength(8, 'clientId must be 8 to 64 characters'),
    z.maxLength(64, 'clientId must be 8 to 64 characters'),
    z.regex(/^[A-Za-z0-9_-]+$/, 'clientId: letters, digits, _ and - only'),
  );

export const TopUpIdSchema = z.string().check(z.regex(/^tu_[A-Za-z0-9]{22}$/, 'a top-up id starts with tu_'));
export const WithdrawalIdSchema = z.string().check(z.regex(/^wd_[A-Za-z0-9]{22}$/, 'a withdrawal id starts with wd_'));

export const TopUpRequestSchema = z.strictObject({
  clientId: ClientIdSchema,
  currency: CurrencySchema,
  amountMinor: AmountMinorSchema,
});
export type TopUpRequest = z.infer<typeof TopUpRequestSchema>;

export const TOP_UP_STATUSES = ['open', 'paid', 'failed', 'expired'] as const;
export const TopUpSchema = z.object({
  id: TopUpIdSchema,
  currency: CurrencySchema,
  amountMinor: z.number().check(z.int()),
  /** `open` until the provider's signed event says paid, failed or expired. */
  status: z.enum(TOP_UP_STATUSES),
  /** The provider's hosted checkout page, while the top-up is open. */
  checkoutUrl: z.nullable(z.string()),
  createdAtMs: z.number().check(z.int()),
  settledAtMs: z.nullable(z.number().check(z.int())),
});
export type TopUp = z.infer<typeof TopUpSchema>;
export const TopUpResponseSchema = z.object({ topUp: TopUpSchema });
export type TopUpResponse = z.infer<typeof TopUpResponseSchema>;

/** `POST /v1/payouts-account`: ready for withdrawals, or where to finish the provider's onboarding. */
export const PayoutsAccountResponseSchema = z.object({
  ready: z.boolean(),
  onboardingUrl: z.nullable(z.string()),
});
export type PayoutsAccountResponse = z.infer<typeof PayoutsAccountResponseSchema>;

export const WithdrawalRequestSchema = z.strictObject({
  clientId: ClientIdSchema,
  currency: CurrencySchema,
  amountMinor: AmountMinorSchema,
});
export type WithdrawalRequest = z.infer<typeof WithdrawalRequestSchema>;

export const WITHDRAWAL_STATUSES = ['reserved', 'in_flight', 'paid', 'failed'] as const;
export const WithdrawalSchema = z.object({
  id: WithdrawalIdSchema,
  currency: CurrencySchema,
  amountMinor: z.number().check(z.int()),
  /** What the withdrawal costs on top of the amount; the bank receives `amountMinor`. */
  feeMinor: z.number().check(z.int(), z.gte(0)),
  status: z.enum(WITHDRAWAL_STATUSES),
  /** When the provider expects the money on the bank account. */
  arrivalAtMs: z.nullable(z.number().check(z.int())),
  failureMessage: z.nullable(z.string()),
  createdAtMs: z.number().check(z.int()),
  settledAtMs: z.nullable(z.number().check(z.int())),
});
export type Withdrawal = z.infer<typeof WithdrawalSchema>;
export const WithdrawalResponseSchema = z.object({ withdrawal: WithdrawalSchema });
export type WithdrawalResponse = z.infer<typeof WithdrawalResponseSchema>;

export const MONEY_BACK_KINDS = ['refund', 'refund_failed', 'dispute', 'dispute_won'] as const;
export const MoneyBackSchema = z.object({
  id: z.string(),
  kind: z.enum(MONEY_BACK_KINDS),
  topUpId: TopUpIdSchema,
  currency: CurrencySchema,
  amountMinor: z.number().check(z.int()),
  createdAtMs: z.number().check(z.int()),
});
export type MoneyBack = z.infer<typeof MoneyBackSchema>;

/** `GET /v1/funds`: the user's money in and out, newest first, and what they owe per currency. */
export const FundsResponseSchema = z.object({
  topUps: z.array(TopUpSchema),
  withdrawals: z.array(WithdrawalSchema),
  moneyBacks: z.array(MoneyBackSchema),
  /** Money taken back after it was spent: repaid by the next incoming money; payments out wait. */
  debts: z.array(z.object({ currency: CurrencySchema, owedMinor: z.number().check(z.int(), z.gte(1)) })),
  /** Verified users (payouts onboarding completed) have no top-up and holding cap. */
  verified: z.boolean(),
});
export type FundsResponse = z.infer<typeof FundsResponseSchema>;

/** How many rows of each kind `GET /v1/funds` answers. */
export const FUNDS_HISTORY_ROWS_MAX = 20;
