import { CurrencySchema } from './money';
import * as z from './zod';

/**
 * `GET /v1/balances` (session): the signed-in user's own accounts, one line per kind and
 * currency. Amounts are integers in minor units. `reservedMinor` is what pending debits hold
 * (payments awaiting confirmation); `availableMinor` is what can be spent now, so
 * `availableMinor = postedMinor - reservedMinor`.
 */

/** The kinds of account a user owns: their wallet, and offer credits when they earned some. */
export const USER_BALANCE_KINDS = ['wallet', 'rewards'] as const;
export const UserBalanceKindSchema = z.enum(USER_BALANCE_KINDS);

export const BalancesQuerySchema = z.strictObject({
  /** Only this currency's lines. */
  currency: z.optional(CurrencySchema),
});

export const BalanceSchema = z.object({
  kind: UserBalanceKindSchema,
  currency: CurrencySchema,
  availableMinor: z.number().check(z.int()),
  reservedMinor: z.number().check(z.int(), z.gte(0)),
  postedMinor: z.number().check(z.int()),
});

export const BalancesResponseSchema = z.object({
  /** Sorted by kind (wallet first), then currency. Empty for a user who never held money. */
  balances: z.array(BalanceSchema),
});

export type UserBalanceKind = z.infer<typeof UserBalanceKindSchema>;
export type Balance = z.infer<typeof BalanceSchema>;
export type BalancesResponse = z.infer<typeof BalancesResponseSchema>;
