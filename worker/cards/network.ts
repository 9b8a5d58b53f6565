import * as z from 'zod';
import type { Env } from '../env';

/**
 * The card network's API, as the worker calls it: issue a card for a user. The network keeps the
 * card number; the worker gets only its token and last four digits. The same `userRef` gets the
 * same card back, so a retry after a lost answer issues nothing new.
 */

/** Bound of each call to the network: offline, a request can hang rather than fail. */
export const CARD_NETWORK_TIMEOUT_MS = 10_000;

export class CardNetworkError extends Error {
  constructor(
    readonly reason: 'not_configured' | 'unavailable' | 'bad_answer',
    message: string,
  ) {
    super(message);
  }
}

const IssuedCardSchema = z.object({
  token: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_.:-]+$/),
  last4: z.string().regex(/^\d{4}$/),
});
export type IssuedCard = z.infer<typeof IssuedCardSchema>;

export async function requestCard(env: Pick<Env, 'CARD_NETWORK_ORIGIN'>, userRef: string): Promise<IssuedCard> {
  if (env.CARD_NETWORK_ORIGIN === '') {
    throw new CardNetworkError('not_configured', 'no card network is configured (CARD_NETWORK_ORIGIN)');
  }
  let response: Response;
  try {
    response = await fetch(new URL('/v1/cards', env.CARD_NETWORK_ORIGIN), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': userRef },
      body: JSON.stringify({ userRef }),
      signal: AbortSignal.timeout(CARD_NETWORK_TIMEOUT_MS),
    });
  } catch (error) {
    throw new CardNetworkError('unavailable', `the card network did not answer: ${String(error)}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new CardNetworkError('unavailable', `the card network answered ${response.status}`);
  }
  const parsed = IssuedCardSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new CardNetworkError('bad_answer', 'the card network answered an unexpected body');
  return parsed.data;
}
