import type { Env } from '../env';
import type { PaymentsProvider } from './provider';
import { stripeProvider } from './stripe';

/** The sandbox provider's API host: in local runs and tests the worker's requests there are routed to it. */
export const SANDBOX_PROVIDER_ORIGIN = 'https://api.stripe.sandbox';
/** The sandbox provider's keys; never accepted against any other API origin. */
export const SANDBOX_PROVIDER_SECRET_KEY = 'sk_test_hashpay_sandbox';
export const SANDBOX_PROVIDER_WEBHOOK_SECRET = 'whsec_hashpay_sandbox';
/** Bound of each call to the provider. */
export const PROVIDER_REQUEST_TIMEOUT_MS = 10_000;

/**
 * The configured payment provider, or null when none is (then top-ups and withdrawals answer
 * 503). Real keys are secrets; the sandbox's keys are defaults only when the API is the sandbox.
 */
export function paymentsProviderOf(env: Env): PaymentsProvider | null {
  if (env.PAYMENTS_PROVIDER !== 'stripe') return null;
  const apiOrigin = env.PAYMENTS_API_ORIGIN ? env.PAYMENTS_API_ORIGIN : null;
  const isSandbox = apiOrigin === SANDBOX_PROVIDER_ORIGIN;
  // The sandbox provider creates money from test cards: never in live mode.
  if (isSandbox && env.X_MODE !== 'sandbox') return null;
  const secretKey = env.STRIPE_SECRET_KEY ?? (isSandbox ? SANDBOX_PROVIDER_SECRET_KEY : undefined);
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? (isSandbox ? SANDBOX_PROVIDER_WEBHOOK_SECRET : undefined);
  if (!secretKey || !webhookSecret) return null;
  return stripeProvider({ secretKey, webhookSecret, apiOrigin, timeoutMs: PROVIDER_REQUEST_TIMEOUT_MS });
}
