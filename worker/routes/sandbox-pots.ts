import { Hono } from 'hono';
import * as z from 'zod';
import { HandleSchema } from '../../shared/contract/money';
import { CreatePotRequestSchema } from '../../shared/contract/pots';
import { potFromRow } from '../db/pots';
import { findLinkedUserByXUserId } from '../db/users';
import type { AppEnv } from '../env';
import { createPot } from '../pots/create';
import { HttpProblem } from '../problem';
import { validate } from '../validate';
import { XClient } from '../x/client';
import { xCredentials } from '../x/config';
import { sandboxOnly } from './sandbox-ledger';

const SandboxPotRequestSchema = z.strictObject({ ...CreatePotRequestSchema.shape, organiserUsername: HandleSchema });

/**
 * Pots and projects for `npm start` (sandbox mode only): the same creation as `POST /v1/pots`, on
 * behalf of a demo user named by handle (resolved through the X API) instead of a session.
 */
export const sandboxPots = new Hono<AppEnv>()
  .use(sandboxOnly)
  .post('/', validate('json', SandboxPotRequestSchema), async (c) => {
    const { organiserUsername, ...request } = c.req.valid('json');
    const xUser = await new XClient({ appBearer: xCredentials(c.env).appBearer }).userByUsername(organiserUsername);
    const organiser = xUser === null ? null : await findLinkedUserByXUserId(c.env.DB, xUser.id);
    if (organiser === null) {
      throw new HttpProblem(404, 'unknown-organiser', `@${organiserUsername} is not a Hashpay user.`);
    }
    const { pot, created } = await createPot(c.env, organiser, request, Date.now());
    return c.json({ pot: potFromRow(pot) }, created ? 201 : 200);
  });
