import { Hono } from 'hono';
import type { HealthResponse } from '../../shared/contract/health';
import { selectLatestReconciliation } from '../db/funds';
import { pingDatabase } from '../db/ping';
import type { AppEnv } from '../env';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  await pingDatabase(c.env.DB);
  const latest = await selectLatestReconciliation(c.env.DB);
  const body: HealthResponse = {
    ok: true,
    xMode: c.env.X_MODE === 'live' ? 'live' : 'sandbox',
    reconciliation:
      latest.length === 0
        ? null
        : {
            ranAtMs: latest[0]!.ran_at_ms,
            differences: latest
              .filter((row) => row.difference_minor !== 0)
              .map((row) => ({ currency: row.currency, differenceMinor: row.difference_minor })),
          },
  };
  return c.json(body);
});
