import { Hono } from 'hono';
import { DemoUserRequestSchema, type DemoUserResponse } from '../../shared/contract/sandbox';
import { upsertUser } from '../db/users';
import type { AppEnv } from '../env';
import { balancesOf, createTransfer, ensureAccount } from '../ledger';
import { HttpProblem } from '../problem';
import { randomBase64Url } from '../session';
import { validate } from '../validate';
import { XClient } from '../x/client';
import { xCredentials } from '../x/config';
import { sandboxOnly, TOP_UP_CODE } from './sandbox-ledger';

/** Random bytes in a user id, as linking makes them. */
const USER_ID_RANDOM_BYTES = 16;

/**
 * Demo users for `npm start` and tests (sandbox mode only): a sandbox X account becomes a Hashpay
 * user, resolved through the X API like any payee, and its wallets get their top-ups once.
 */
export const sandboxDemoUsers = new Hono<AppEnv>()
  .use(sandboxOnly)
  .post('/', validate('json', DemoUserRequestSchema), async (c) => {
    const body = c.req.valid('json');
    const nowMs = Date.now();
    const xUser = await new XClient({ appBearer: xCredentials(c.env).appBearer }).userByUsername(body.username);
    if (xUser === null) {
      throw new HttpProblem(404, 'unknown-x-user', `X has no user @${body.username}.`);
    }
    const user = await upsertUser(
      c.env.DB,
      { xUserId: xUser.id, username: xUser.username, name: xUser.name },
      `usr_${randomBase64Url(USER_ID_RANDOM_BYTES)}`,
      nowMs,
    );
    const wallets: DemoUserResponse['wallets'] = [];
    for (const topUp of body.topUps) {
      const wallet = await ensureAccount(c.env.DB, { kind: 'wallet', owner: user.id, currency: topUp.currency }, nowMs);
      const world = await ensureAccount(c.env.DB, { kind: 'world', owner: null, currency: topUp.currency }, nowMs);
      const result = await createTransfer(
        c.env.DB,
        {
          flags: 'plain',
          // One demo top-up per X user and currency, ever: restarts replay it as `exists`.
          id: `demo-top-up:${xUser.id}:${topUp.currency}`,
          debitAccountId: world.id,
          creditAccountId: wallet.id,
          amountMinor: topUp.amountMinor,
          currency: topUp.currency,
          code: TOP_UP_CODE,
        },
        nowMs,
      );
      // A demo user topped up by an earlier start with other amounts keeps what it got then.
      if (!result.ok && !result.code.startsWith('exists_with_different_')) {
        throw new HttpProblem(409, 'top-up-refused', `The ${topUp.currency} top-up was refused: ${result.code}.`);
      }
      const refreshed = await ensureAccount(
        c.env.DB,
        { kind: 'wallet', owner: user.id, currency: topUp.currency },
        nowMs,
      );
      wallets.push({
        accountId: refreshed.id,
        currency: topUp.currency,
        availableMinor: balancesOf(refreshed).availableMinor,
      });
    }
    const response: DemoUserResponse = { user, wallets };
    return c.json(response);
  });
