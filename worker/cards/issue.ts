import { type CardRow, findCardOfUser, insertCardIfAbsent } from '../db/cards';
import type { Env } from '../env';
import { randomBase64Url } from '../session';
import { requestCard } from './network';

const CARD_ID_RANDOM_BYTES = 16;

/**
 * The user's card: the stored one, or one issued by the network and stored now. One card per
 * user however many times (or how concurrently) this is called.
 */
export async function ensureCard(
  env: Env,
  userId: string,
  nowMs: number,
): Promise<{ card: CardRow; created: boolean }> {
  const existing = await findCardOfUser(env.DB, userId);
  if (existing !== null) return { card: existing, created: false };
  const issued = await requestCard(env, userId);
  return insertCardIfAbsent(env.DB, {
    id: `card_${randomBase64Url(CARD_ID_RANDOM_BYTES)}`,
    user_id: userId,
    network_token: issued.token,
    last4: issued.last4,
    created_at_ms: nowMs,
  });
}
