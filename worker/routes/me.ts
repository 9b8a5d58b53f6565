import { Hono } from 'hono';
import type { MeResponse } from '../../shared/contract/identity';
import type { LimitsResponse } from '../../shared/contract/limits';
import { CURRENCY_CODES } from '../../shared/money';
import { sentSinceByCurrencyMinor } from '../db/payments';
import { revokeUserSessionsStatement } from '../db/sessions';
import { unlinkUserStatement } from '../db/users';
import type { AppEnv } from '../env';
import { paymentsConfig } from '../payments/config';
import { DAY_MS } from '../payments/money';
import { requireSession } from '../session';

export const me = new Hono<AppEnv>()
  .get('/', requireSession, (c) => {
    const { user, expiresAtMs } = c.var.session;
    const body: MeResponse = { user, session: { expiresAt: new Date(expiresAtMs).toISOString() } };
    return c.json(body);
  })

  // What is left of the day's limits, read as the reservation reads them (`limitProblem`): the
  // sheet refuses early, the reservation still decides atomically.
  .get('/limits', requireSession, async (c) => {
    const { limits } = paymentsConfig(c.env);
    const sent = await sentSinceByCurrencyMinor(c.env.DB, c.var.session.user.id, Date.now() - DAY_MS);
    const body: LimitsResponse = {
      limits: CURRENCY_CODES.map((currency) => {
        const { perPaymentMaxMinor, perDayMaxMinor } = limits[currency];
        const sentMinor = sent.find((line) => line.currency === currency && line.group === 'payments')?.sentMinor ?? 0;
        return {
          currency,
          perPaymentMaxMinor,
          perDayMaxMinor,
          perDayRemainingMinor: Math.max(0, perDayMaxMinor - sentMinor),
        };
      }),
    };
    return c.json(body);
  })

  // Unlink: every session ends and the identity's display data is erased. Ledger data stays:
  // money is never deleted, and a later link of the same X account finds its wallet again.
  .delete('/', requireSession, async (c) => {
    const db = c.env.DB;
    const nowMs = Date.now();
    const userId = c.var.session.user.id;
    await db.batch([revokeUserSessionsStatement(db, userId, nowMs), unlinkUserStatement(db, userId, nowMs)]);
    return c.body(null, 204);
  });
