import { Hono } from 'hono';
import { BalancesQuerySchema, type BalancesResponse } from '../../shared/contract/balances';
import { selectUserBalances } from '../db/balances';
import type { AppEnv } from '../env';
import { requireSession } from '../session';
import { validate } from '../validate';

/** The signed-in user's balances per kind and currency: available, reserved and posted. */
export const balances = new Hono<AppEnv>().get(
  '/',
  requireSession,
  validate('query', BalancesQuerySchema),
  async (c) => {
    const { currency } = c.req.valid('query');
    const body: BalancesResponse = {
      balances: await selectUserBalances(c.env.DB, c.var.session.user.id, currency ?? null),
    };
    return c.json(body);
  },
);
