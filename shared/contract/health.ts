import { z } from 'zod';

/** `GET /health`: the worker and its database answer; `xMode` says which X it talks to. */
export const HealthResponseSchema = z
  .object({
    ok: z.literal(true),
    xMode: z.enum(['sandbox', 'live']),
    /** The latest comparison of the ledger with the payment provider's balance; null before the first. */
    reconciliation: z
      .object({
        ranAtMs: z.number().int(),
        /** Currencies where the provider's balance and the ledger disagree, in minor units (provider − ledger). */
        differences: z.array(z.object({ currency: z.string(), differenceMinor: z.number().int() })),
      })
      .nullable(),
  })
  .strict();
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
