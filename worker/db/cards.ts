/** The cards table: one card per user, known by the network's token and its last four digits. */

export interface CardRow {
  id: string;
  user_id: string;
  network_token: string;
  last4: string;
  created_at_ms: number;
}

export async function findCardOfUser(db: D1Database, userId: string): Promise<CardRow | null> {
  return db.prepare('SELECT * FROM cards WHERE user_id = ?').bind(userId).first<CardRow>();
}

export async function findCardByToken(db: D1Database, networkToken: string): Promise<CardRow | null> {
  return db.prepare('SELECT * FROM cards WHERE network_token = ?').bind(networkToken).first<CardRow>();
}

/**
 * Stores the user's card unless they already have one; answers the card that is stored either
 * way. Two requests racing for the same user keep the first card: the network issues the same
 * token for the same user, so both see one card.
 */
export async function insertCardIfAbsent(db: D1Database, row: CardRow): Promise<{ card: CardRow; created: boolean }> {
  const [inserted, selected] = await db.batch<CardRow>([
    db
      .prepare(
        `INSERT INTO cards (id, user_id, network_token, last4, created_at_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .bind(row.id, row.user_id, row.network_token, row.last4, row.created_at_ms),
    db.prepare('SELECT * FROM cards WHERE user_id = ?').bind(row.user_id),
  ]);
  const card = selected?.results[0];
  if (card === undefined) throw new Error(`cards: the token of user ${row.user_id} belongs to another user`);
  return { card, created: (inserted?.meta.changes ?? 0) === 1 };
}
