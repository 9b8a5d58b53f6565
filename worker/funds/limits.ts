import * as z from 'zod';
import { AMOUNT_MAX_MINOR, CURRENCY_CODES, type Currency } from '../../shared/money';
import type { Env } from '../env';

/**
 * What a user who has not been verified (no completed payouts onboarding) may top up and hold,
 * in the spirit of unverified e-money wallets: 150.00 in the two-decimal currencies, ¥20 000.
 * `UNVERIFIED_WALLET_LIMITS` overrides them per currency.
 */
export interface UnverifiedLimits {
  /** The wallet's posted balance plus a new top-up may not go above this. */
  holdMaxMinor: number;
}

export const UNVERIFIED_LIMITS_DEFAULT: Readonly<Record<Currency, UnverifiedLimits>> = {
  EUR: { holdMaxMinor: 15_000 },
  USD: { holdMaxMinor: 15_000 },
  GBP: { holdMaxMinor: 15_000 },
  CHF: { holdMaxMinor: 15_000 },
  CAD: { holdMaxMinor: 20_000 },
  JPY: { holdMaxMinor: 20_000 },
};

const OverridesSchema = z.partialRecord(
  z.enum(CURRENCY_CODES),
  z.strictObject({ holdMaxMinor: z.number().int().min(1).max(AMOUNT_MAX_MINOR) }),
);

export function unverifiedLimitsOf(env: Env): Readonly<Record<Currency, UnverifiedLimits>> {
  const text = env.UNVERIFIED_WALLET_LIMITS?.trim() ?? '';
  if (text === '') return UNVERIFIED_LIMITS_DEFAULT;
  const overrides = OverridesSchema.parse(JSON.parse(text));
  return { ...UNVERIFIED_LIMITS_DEFAULT, ...overrides };
}
