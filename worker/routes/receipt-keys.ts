import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { receiptPublicKeys } from '../receipts/signing';

/**
 * `GET /v1/receipts/keys`: the public keys that receipts are signed with, as a JWK Set (RFC 7517),
 * so that anyone can verify a receipt without asking the worker whether it is genuine. Public and
 * cacheable: keys change only when the signing secret is rotated.
 */
export const KEYS_CACHE_MAX_AGE_S = 300;

export const receiptKeys = new Hono<AppEnv>().get('/', async (c) => {
  const keys = await receiptPublicKeys(c.env);
  return c.json({ keys }, 200, { 'cache-control': `public, max-age=${KEYS_CACHE_MAX_AGE_S}` });
});
