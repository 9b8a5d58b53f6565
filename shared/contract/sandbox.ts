import { AmountMinorSchema, CurrencySchema, HandleSchema } from './money';
import * as z from './zod';

/** Top-ups per demo user: one per currency. */
export const DEMO_TOP_UPS_MAX = 6;

/**
 * `POST /v1/sandbox/demo-users` (sandbox mode only): makes a sandbox X user a Hashpay user with
 * money to play with. Idempotent: each top-up has a fixed id per X user and currency, so a second
 * call changes nothing.
 */
export const DemoUserRequestSchema = z.strictObject({
  username: HandleSchema,
  topUps: z.array(z.strictObject({ currency: CurrencySchema, amountMinor: AmountMinorSchema })).check(
    z.maxLength(DEMO_TOP_UPS_MAX),
    z.refine((topUps) => new Set(topUps.map((topUp) => topUp.currency)).size === topUps.length, {
      message: 'one top-up per currency',
    }),
  ),
});

export const DemoUserResponseSchema = z.object({
  user: z.object({ id: z.string(), xUserId: z.string(), username: z.string(), name: z.string() }),
  wallets: z.array(
    z.object({ accountId: z.string(), currency: CurrencySchema, availableMinor: z.number().check(z.int()) }),
  ),
});

export type DemoUserRequest = z.infer<typeof DemoUserRequestSchema>;
export type DemoUserResponse = z.infer<typeof DemoUserResponseSchema>;
