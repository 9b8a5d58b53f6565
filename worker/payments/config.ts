import * as z from 'zod';
import { assert } from '../../shared/assert';
import { PENDING_TIMEOUT_MAX_S } from '../../shared/contract/ledger';
import { AMOUNT_MAX_MINOR, CURRENCY_CODES, type Currency } from '../../shared/money';
import type { Env } from '../env';

/** The limits a payer's payments in one currency must keep. */
export interface CurrencyLimits {
  perPaymentMaxMinor: number;
  /** Over any 24 hours, counting reserved and sent payments. */
  perDayMaxMinor: number;
}

/**
 * Defaults in the spirit of S-Money's €250 a day to people: 250.00 in the two-decimal
 * currencies, ¥35 000 for the yen.
 */
export const PAYMENT_LIMITS_DEFAULT: Readonly<Record<Currency, CurrencyLimits>> = {
  EUR: { perPaymentMaxMinor: 25_000, perDayMaxMinor: 25_000 },
  USD: { perPaymentMaxMinor: 25_000, perDayMaxMinor: 25_000 },
  GBP: { perPaymentMaxMinor: 25_000, perDayMaxMinor: 25_000 },
  CHF: { perPaymentMaxMinor: 25_000, perDayMaxMinor: 25_000 },
  CAD: { perPaymentMaxMinor: 35_000, perDayMaxMinor: 35_000 },
  JPY: { perPaymentMaxMinor: 35_000, perDayMaxMinor: 35_000 },
};

export interface PaymentsConfig {
  hashpayUsername: string;
  confirmTimeoutS: number;
  intentTtlS: number;
  escrowRefundAfterS: number;
  limits: Readonly<Record<Currency, CurrencyLimits>>;
  receiptReplies: boolean;
  /** Bound of each call to X made while matching; the X client's default when absent. */
  xRequestTimeoutMs?: number;
}

const SECONDS_MAX = PENDING_TIMEOUT_MAX_S;
const LimitSchema = z.number().int().min(1).max(AMOUNT_MAX_MINOR);
const LimitsSchema = z.partialRecord(
  z.enum(CURRENCY_CODES),
  z.strictObject({ perPaymentMaxMinor: LimitSchema, perDayMaxMinor: LimitSchema }),
);

/**
 * The payment settings from the worker's vars. A wrong value is a deployment mistake, so it
 * stops the request loudly instead of running with a guess.
 */
export function paymentsConfig(env: Env): PaymentsConfig {
  const limits: Record<Currency, CurrencyLimits> = { ...PAYMENT_LIMITS_DEFAULT };
  if (env.PAYMENT_LIMITS && env.PAYMENT_LIMITS.trim() !== '') {
    const parsed = LimitsSchema.safeParse(JSON.parse(env.PAYMENT_LIMITS));
    assert(parsed.success, `PAYMENT_LIMITS is not valid: ${parsed.error?.message}`);
    Object.assign(limits, parsed.data);
  }
  const hashpayUsername = env.HASHPAY_X_USERNAME || 'hashpay';
  assert(/^[A-Za-z0-9_]{1,15}$/.test(hashpayUsername), 'HASHPAY_X_USERNAME must be an X handle without @');
  return {
    hashpayUsername,
    confirmTimeoutS: seconds(env.PAYMENT_CONFIRM_TIMEOUT_S, 'PAYMENT_CONFIRM_TIMEOUT_S', 900),
    intentTtlS: seconds(env.INTENT_TTL_S, 'INTENT_TTL_S', 86_400),
    escrowRefundAfterS: seconds(env.ESCROW_REFUND_AFTER_S, 'ESCROW_REFUND_AFTER_S', 30 * 86_400),
    limits,
    receiptReplies: env.RECEIPT_REPLIES === 'on',
    ...(env.X_REQUEST_TIMEOUT_MS ? { xRequestTimeoutMs: milliseconds(env.X_REQUEST_TIMEOUT_MS) } : {}),
  };
}

function seconds(value: string | undefined, name: string, fallbackS: number): number {
  if (value === undefined || value === '') return fallbackS;
  const parsed = Number(value);
  assert(
    Number.isSafeInteger(parsed) && parsed >= 1 && parsed <= SECONDS_MAX,
    `${name} must be whole seconds from 1 to ${SECONDS_MAX}, got ${JSON.stringify(value)}`,
  );
  return parsed;
}

function milliseconds(value: string): number {
  const parsed = Number(value);
  assert(Number.isSafeInteger(parsed) && parsed >= 1, `X_REQUEST_TIMEOUT_MS must be a positive integer, got ${value}`);
  return parsed;
}
