/** The users a payment names, read by X user id (the only identity a tweet carries). */

/**
 * The user id ever linked to an X account, linked now or not: a payee who unlinked keeps the
 * wallet their money went to, and finds it again on relink.
 */
export async function findUserIdByXUserId(db: D1Database, xUserId: string): Promise<string | null> {
  const row = await db.prepare('SELECT id FROM users WHERE x_user_id = ?').bind(xUserId).first<{ id: string }>();
  return row?.id ?? null;
}
