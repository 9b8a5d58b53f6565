import { Hono } from 'hono';
import type { Card } from '../../shared/contract/cards';
import { ensureCard } from '../cards/issue';
import { CardNetworkError } from '../cards/network';
import { type CardRow, findCardOfUser } from '../db/cards';
import type { AppEnv } from '../env';
import { HttpProblem } from '../problem';
import { requireSession } from '../session';

/**
 * The user's card on the card network. `POST` issues it on first call (201) and answers the same
 * card afterwards (200): one card per user. Only the last four digits are shown; the network's
 * token stays in the worker.
 */
export const cards = new Hono<AppEnv>()
  .post('/', requireSession, async (c) => {
    try {
      const { card, created } = await ensureCard(c.env, c.var.session.user.id, Date.now());
      return c.json({ card: cardView(card) }, created ? 201 : 200);
    } catch (error) {
      if (!(error instanceof CardNetworkError)) throw error;
      if (error.reason === 'not_configured') {
        throw new HttpProblem(
          503,
          'card-network-not-configured',
          'Cards are not available: no card network is configured.',
        );
      }
      throw new HttpProblem(502, 'card-network-unavailable', 'The card network could not issue a card; try again.');
    }
  })
  .get('/', requireSession, async (c) => {
    const card = await findCardOfUser(c.env.DB, c.var.session.user.id);
    return c.json({ cards: card === null ? [] : [cardView(card)] });
  });

export function cardView(row: CardRow): Card {
  return { id: row.id, last4: row.last4, createdAt: new Date(row.created_at_ms).toISOString() };
}
