import * as z from 'zod';
import { AMOUNT_MAX_MINOR, CURRENCY_CODES, type Currency } from '../../shared/money';
import type { Env } from '../env';

/**
 * What a user who has not been verified (no completed payouts onboarding) may top up and hold,
 * in the spirit of unverified e-money wallets: 150.00 in the two-decimal currencies, ¥20 000.
 * `UNVERIFIED_WALLET_LIMITS` overrides them per currency.
 */
export interface UnverifiedLimits {
  /**
   * The wallet's balance (posted and incoming) plus the top-ups still open plus a new one may not
   * go above this; money paid above it anyway is sent back to the card.
   */
  holdMaxMinor: number;
}

/**
 * How long a checkout stays open at the provider before it expires unpaid (Stripe accepts 30
 * minutes to 24 hours). Until then an unverified user's open top-up counts toward the cap.
 */
export const TOP_UP_CHECKOUT_OPEN_MS = 60 * 60 * 1000;
/** Slack on that window for the clocks of the provider and of the worker. */
export const TOP_UP_CHECKOUT_CLOCK_SLACK_MS = 5 * 60 * 1000;

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
