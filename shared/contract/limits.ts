import { AmountMinorSchema, CurrencySchema } from './money';
import * as z from './zod';

/**
 * `GET /v1/me/limits` (session): what the signed-in payer may still send, per currency, so the
 * pay sheet refuses before drafting what the worker would refuse after the tweet. These are the
 * limits of payments to people, pot contributions and pledges; donations keep their
 * organisation's own limits, decided by the worker. Amounts are integers in minor units; the day
 * is any 24 hours, counting what is reserved and sent.
 */

export const LimitRemainingSchema = z.object({
  currency: CurrencySchema,
  perPaymentMaxMinor: AmountMinorSchema,
  perDayMaxMinor: AmountMinorSchema,
  perDayRemainingMinor: z.number().check(z.int(), z.gte(0)),
});

export const LimitsResponseSchema = z.object({
  /** One line per currency, in the order of `CURRENCY_CODES`. */
  limits: z.array(LimitRemainingSchema),
});

export type LimitRemaining = z.infer<typeof LimitRemainingSchema>;
export type LimitsResponse = z.infer<typeof LimitsResponseSchema>;
