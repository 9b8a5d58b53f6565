import { Hono } from 'hono';
import { RegisterOrganisationRequestSchema } from '../../shared/contract/pots';
import type { AppEnv } from '../env';
import { registerOrganisation } from '../organisations/registry';
import { validate } from '../validate';
import { sandboxOnly } from './sandbox-ledger';

/**
 * Verified organisations for `npm start` and tests (sandbox mode only), without an operator
 * token: the same registration as `POST /v1/operator/organisations`, safe to repeat at every start.
 */
export const sandboxOrganisations = new Hono<AppEnv>()
  .use(sandboxOnly)
  .post('/', validate('json', RegisterOrganisationRequestSchema), async (c) => {
    const { organisation, created } = await registerOrganisation(c.env, c.req.valid('json'), Date.now());
    return c.json({ organisation }, created ? 201 : 200);
  });
