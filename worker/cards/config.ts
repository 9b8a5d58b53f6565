import type { Env } from '../env';

/** The sandbox card network's API origin; requests to it are routed to the sandbox in local runs and tests. */
export const SANDBOX_CARD_NETWORK_ORIGIN = 'https://api.cards.sandbox';
/**
 * SANDBOX ONLY: the secret the sandbox card network signs its webhooks with. Used only when the
 * network is the sandbox's and CARD_WEBHOOK_SECRET is unset.
 */
export const SANDBOX_CARD_WEBHOOK_SECRET = 'sandbox-card-webhook-secret';

/** The webhook secret, or null when none is configured (every delivery is then refused). */
export function cardWebhookSecret(
  env: Pick<Env, 'CARD_WEBHOOK_SECRET' | 'CARD_NETWORK_ORIGIN' | 'X_MODE'>,
): string | null {
  // In live mode the sandbox's secret is public knowledge: whoever knows it could forge purchases.
  if (env.X_MODE !== 'sandbox' && env.CARD_WEBHOOK_SECRET === SANDBOX_CARD_WEBHOOK_SECRET) return null;
  if (env.CARD_WEBHOOK_SECRET) return env.CARD_WEBHOOK_SECRET;
  if (env.X_MODE === 'sandbox' && env.CARD_NETWORK_ORIGIN === SANDBOX_CARD_NETWORK_ORIGIN) {
    return SANDBOX_CARD_WEBHOOK_SECRET;
  }
  return null;
}
