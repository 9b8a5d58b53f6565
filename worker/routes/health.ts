import { Hono } from 'hono';
import type { HealthResponse } from '../../shared/contract/health';
import { pingDatabase } from '../db/ping';
import type { AppEnv } from '../env';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  await pingDatabase(c.env.DB);
  const body: HealthResponse = { ok: true, xMode: c.env.X_MODE === 'live' ? 'live' : 'sandbox' };
  return c.json(body);
});
