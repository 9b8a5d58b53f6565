import { Hono } from 'hono';
import { CreateMerchantRequestSchema } from '../../shared/contract/offers';
import type { AppEnv } from '../env';
import { createMerchant } from '../offers/merchants';
import { validate } from '../validate';
import { sandboxOnly } from './sandbox-ledger';

/**
 * Merchants for `npm start` and tests (sandbox mode only). Asking again for a merchant of the same
 * name, X account and merchant ids answers it with a new API key (the old one stops working), so
 * a restarted demo can seed its offers again; other differences are a 409.
 */
export const sandboxMerchants = new Hono<AppEnv>()
  .use(sandboxOnly)
  .post('/', validate('json', CreateMerchantRequestSchema), async (c) => {
    const made = await createMerchant(c.env.DB, c.req.valid('json'), Date.now(), 'new-key');
    return c.json(made.response, made.created ? 201 : 200);
  });
