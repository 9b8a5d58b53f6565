import { Hono } from 'hono';
import { CREDITS_PER_PAGE_MAX, type Credit } from '../../shared/contract/cards';
import { type CreditRow, creditsOfUser } from '../db/credits';
import type { AppEnv } from '../env';
import { requireSession } from '../session';

/** The user's offer credits, newest first: pending, posted, or taken back by a refund. */
export const credits = new Hono<AppEnv>().get('/', requireSession, async (c) => {
  const rows = await creditsOfUser(c.env.DB, c.var.session.user.id, CREDITS_PER_PAGE_MAX);
  return c.json({ credits: rows.map(creditView) });
});

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function creditView(row: CreditRow): Credit {
  return {
    id: row.id,
    offerId: row.offer_id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    status: row.status,
    createdAt: new Date(row.created_at_ms).toISOString(),
    postAfter: new Date(row.post_after_ms).toISOString(),
    postedAt: iso(row.posted_at_ms),
    closedAt: iso(row.closed_at_ms),
  };
}
