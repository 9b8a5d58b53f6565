import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { setUpStream } from '../stream/setup';
import { requireOperator } from './operator-merchants';

/**
 * `POST /v1/operator/x-stream/setup` (operator token): registers the filtered stream webhook,
 * links the stream to it and reconciles its rules (stream/setup.ts). Safe to run again: what is
 * already set up at X is kept.
 */
export const operatorXStream = new Hono<AppEnv>().use(requireOperator).post('/setup', async (c) => {
  return c.json(await setUpStream(c.env, Date.now()));
});
