import { z } from 'zod';

/** `GET /health`: the worker and its database answer; `xMode` says which X it talks to. */
export const HealthResponseSchema = z
  .object({
    ok: z.literal(true),
    xMode: z.enum(['sandbox', 'live']),
  })
  .strict();
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
