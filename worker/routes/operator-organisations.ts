import { Hono } from 'hono';
import * as z from 'zod';
import { XIdSchema } from '../../shared/contract/payments';
import { RegisterOrganisationRequestSchema } from '../../shared/contract/pots';
import type { AppEnv } from '../env';
import { registerOrganisation, revokeOrganisation } from '../organisations/registry';
import { HttpProblem } from '../problem';
import { validate } from '../validate';
import { requireOperator } from './operator-merchants';

const OrganisationParamSchema = z.strictObject({ xUserId: XIdSchema });

/**
 * Hashpay's operators register verified organisations (after checking who they are) and revoke
 * them, with the `OPERATOR_TOKEN` secret. Registering again is safe: it updates the name, kind
 * and limits (201 the first time, 200 after); revoking twice is too (204 both times).
 */
export const operatorOrganisations = new Hono<AppEnv>()
  .use(requireOperator)
  .post('/', validate('json', RegisterOrganisationRequestSchema), async (c) => {
    const { organisation, created } = await registerOrganisation(c.env, c.req.valid('json'), Date.now());
    return c.json({ organisation }, created ? 201 : 200);
  })
  .delete('/:xUserId', validate('param', OrganisationParamSchema), async (c) => {
    const { xUserId } = c.req.valid('param');
    if (!(await revokeOrganisation(c.env.DB, xUserId, Date.now()))) {
      throw new HttpProblem(
        404,
        'organisation-not-found',
        `No organisation was ever registered for X user ${xUserId}.`,
      );
    }
    return c.body(null, 204);
  });
