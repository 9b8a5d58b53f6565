import * as z from './zod';

/**
 * `GET /health` (public): the worker and its database answer (`ok`), which X it talks to, and
 * what an operator watches:
 * - `x`: the last call X answered, the last final refusal (credentials, access level, invalid
 *   request, a body not X's JSON or cut off) and how many of each kind, the last temporary
 *   failure;
 * - `jobs`: each scheduled job's last failure, if any;
 * - `ledger`: Σ per currency of posted and of pending amounts over every account, which double
 *   entry keeps at zero (`balanced`).
 * `ok` stays true while X refuses: the worker itself works and answers those requests with a
 * problem; `x.lastRefusal` is what to alert on.
 */

const LastEventSchema = z.object({ at: z.iso.datetime(), detail: z.nullable(z.string()) });

export const HealthResponseSchema = z.object({
  ok: z.literal(true),
  xMode: z.enum(['sandbox', 'live']),
  x: z.object({
    lastSuccessAt: z.nullable(z.iso.datetime()),
    lastRefusal: z.nullable(z.extend(LastEventSchema, { kind: z.string() })),
    refusalsByKind: z.record(z.string(), z.number().check(z.int(), z.nonnegative())),
    lastUnavailable: z.nullable(z.extend(LastEventSchema, { kind: z.string() })),
  }),
  /**
   * Where posted tweets come from (`X_TWEET_SOURCE`) and the filtered stream's heartbeat: X's last
   * delivery and CRC check, and the last search over a gap in deliveries.
   */
  tweets: z.object({
    source: z.enum(['stream', 'search']),
    lastDeliveryAt: z.nullable(z.iso.datetime()),
    lastCrcAt: z.nullable(z.iso.datetime()),
    lastGapSearchAt: z.nullable(z.iso.datetime()),
  }),
  jobs: z.record(
    z.string(),
    z.object({ failures: z.number().check(z.int(), z.nonnegative()), lastFailure: LastEventSchema }),
  ),
  ledger: z.object({
    balanced: z.boolean(),
    currencies: z.array(
      z.object({
        currency: z.string(),
        accounts: z.number().check(z.int(), z.nonnegative()),
        postedNetMinor: z.number().check(z.int()),
        pendingNetMinor: z.number().check(z.int()),
      }),
    ),
  }),
  /** Settings that must not reach production (sandbox secrets in live mode), by name; empty when sound. */
  configurationProblems: z.array(z.string()),
  /** The latest comparison of the ledger with the payment provider's balance; null before the first. */
  reconciliation: z.nullable(
    z.object({
      ranAtMs: z.number().check(z.int()),
      /** Currencies where the provider's balance and the ledger disagree, in minor units (provider − ledger). */
      differences: z.array(z.object({ currency: z.string(), differenceMinor: z.number().check(z.int()) })),
    }),
  ),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
