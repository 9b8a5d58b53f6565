import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { CreateMerchantRequestSchema } from '../../shared/contract/offers';
import type { AppEnv, Env } from '../env';
import { createMerchant } from '../offers/merchants';
import { HttpProblem } from '../problem';
import { sha256Hex } from '../session';
import { validate } from '../validate';

/** An operator token shorter than this is not accepted as configured. */
export const OPERATOR_TOKEN_LENGTH_MIN = 32;

/**
 * Hashpay's operators create merchants (after their onboarding) with the `OPERATOR_TOKEN` secret:
 * `Authorization: Bearer <token>`. Without a configured token the address does not exist.
 */
export const requireOperator = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  const configured = c.env.OPERATOR_TOKEN;
  if (configured === undefined || configured.length < OPERATOR_TOKEN_LENGTH_MIN) {
    throw new HttpProblem(404, 'not-found', 'There is nothing at this address.');
  }
  const given = /^Bearer +(\S+)$/i.exec((c.req.header('authorization') ?? '').trim())?.[1] ?? '';
  // Digests of equal length are compared, so the time taken says nothing about the token.
  if ((await sha256Hex(given)) !== (await sha256Hex(configured))) {
    throw new HttpProblem(401, 'unauthorized', 'Send the operator token as "Authorization: Bearer …".', undefined, {
      'www-authenticate': 'Bearer realm="hashpay-operator"',
    });
  }
  await next();
});

export const operatorMerchants = new Hono<AppEnv>()
  .use(requireOperator)
  .post('/', validate('json', CreateMerchantRequestSchema), async (c) => {
    const made = await createMerchant(c.env.DB, c.req.valid('json'), Date.now(), 'conflict');
    return c.json(made.response, 201);
  });
