import { SANDBOX_CARD_NETWORK_ORIGIN, SANDBOX_CARD_WEBHOOK_SECRET } from '../cards/config';
import type { Env } from '../env';
import {
  SANDBOX_PROVIDER_ORIGIN,
  SANDBOX_PROVIDER_SECRET_KEY,
  SANDBOX_PROVIDER_WEBHOOK_SECRET,
} from '../payments-provider/config';
import { SANDBOX_ONLY_RECEIPT_SIGNING_JWK } from '../receipts/signing';
import { SANDBOX_X_APP_BEARER, SANDBOX_X_CLIENT_ID, SANDBOX_X_CLIENT_SECRET } from '../x/config';
import { SANDBOX_X_TOKEN_ENCRYPTION_KEY } from '../x/token-seal';
import { SANDBOX_X_WEBHOOK_SECRET } from '../x/webhook-signature';

/**
 * Settings that would let the sandbox into production, in live mode: a secret equal to one of the
 * sandbox's published defaults (anyone could sign card webhooks, X deliveries or receipts with it).
 * While any is set, the worker answers every route but /health with 503 `misconfigured` (see
 * worker/index.ts); /health names them.
 */
export function sandboxSecretsInLive(env: Env): string[] {
  if (env.X_MODE === 'sandbox') return [];
  const problems: string[] = [];
  const sandboxValues: [keyof Env, string][] = [
    ['X_CLIENT_ID', SANDBOX_X_CLIENT_ID],
    ['X_CLIENT_SECRET', SANDBOX_X_CLIENT_SECRET],
    ['X_APP_BEARER', SANDBOX_X_APP_BEARER],
    ['X_WEBHOOK_SECRET', SANDBOX_X_WEBHOOK_SECRET],
    ['CARD_WEBHOOK_SECRET', SANDBOX_CARD_WEBHOOK_SECRET],
    ['X_TOKEN_ENCRYPTION_KEY', SANDBOX_X_TOKEN_ENCRYPTION_KEY],
    ['STRIPE_SECRET_KEY', SANDBOX_PROVIDER_SECRET_KEY],
    ['STRIPE_WEBHOOK_SECRET', SANDBOX_PROVIDER_WEBHOOK_SECRET],
  ];
  for (const [name, sandboxValue] of sandboxValues) {
    if (env[name] === sandboxValue) problems.push(`${name} is the sandbox's`);
  }
  if (env.RECEIPT_SIGNING_KEY?.includes(SANDBOX_ONLY_RECEIPT_SIGNING_JWK.d)) {
    problems.push("RECEIPT_SIGNING_KEY is the sandbox's");
  }
  return problems;
}

/**
 * Everything /health reports as misconfigured: the sandbox's secrets in live mode, and settings
 * that only disable a part (the sandbox card network in live mode: its webhooks are refused, since
 * the sandbox's webhook secret is never used outside the sandbox).
 */
export function configurationProblems(env: Env): string[] {
  const problems = sandboxSecretsInLive(env);
  if (env.X_MODE !== 'sandbox' && env.X_MODE !== 'live') problems.push('X_MODE must be "live" or "sandbox"');
  if (env.X_MODE !== 'sandbox' && env.CARD_NETWORK_ORIGIN === SANDBOX_CARD_NETWORK_ORIGIN) {
    problems.push("CARD_NETWORK_ORIGIN is the sandbox's: card webhooks are refused");
  }
  if (env.X_MODE !== 'sandbox' && env.PAYMENTS_API_ORIGIN === SANDBOX_PROVIDER_ORIGIN) {
    problems.push("PAYMENTS_API_ORIGIN is the sandbox provider's: top-ups and withdrawals are off");
  }
  return problems;
}
