import { Hono } from 'hono';
import type { MeResponse } from '../../shared/contract/identity';
import { revokeUserSessionsStatement } from '../db/sessions';
import { unlinkUserStatement } from '../db/users';
import type { AppEnv } from '../env';
import { requireSession } from '../session';

export const me = new Hono<AppEnv>()
  .get('/', requireSession, (c) => {
    const { user, expiresAtMs } = c.var.session;
    const body: MeResponse = { user, session: { expiresAt: new Date(expiresAtMs).toISOString() } };
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
