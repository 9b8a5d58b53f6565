import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { HealthResponseSchema } from '../../shared/contract/health';
import { SANDBOX_CARD_NETWORK_ORIGIN, SANDBOX_CARD_WEBHOOK_SECRET } from '../../worker/cards/config';
import { cardSignatureHeader } from '../../worker/cards/signature';
import type { Env } from '../../worker/env';
import { app } from '../../worker/index';
import {
  paymentsProviderOf,
  SANDBOX_PROVIDER_ORIGIN,
  SANDBOX_PROVIDER_SECRET_KEY,
  SANDBOX_PROVIDER_WEBHOOK_SECRET,
} from '../../worker/payments-provider/config';
import { SANDBOX_ONLY_RECEIPT_SIGNING_JWK } from '../../worker/receipts/signing';
import { SANDBOX_X_APP_BEARER } from '../../worker/x/config';

// Production (X_MODE "live") refuses the sandbox's published secrets: a worker deployed with one
// of them answers nothing but /health, which names the setting to fix.

const live: Env = { ...env, X_MODE: 'live', CARD_NETWORK_ORIGIN: '', PAYMENTS_API_ORIGIN: '' };

function call(path: string, overrides: Partial<Env>, init?: RequestInit): Promise<Response> {
  return Promise.resolve(app.fetch(new Request(`http://worker${path}`, init), { ...live, ...overrides }));
}

async function problemOf(res: Response): Promise<string> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return ((await res.json()) as { type: string }).type.split('/').pop()!;
}

async function purchaseDelivery(secret: string) {
  const body = JSON.stringify({
    id: `evt_${crypto.randomUUID()}`,
    type: 'purchase',
    data: {
      purchaseId: `p_${crypto.randomUUID()}`,
      cardToken: 'tok_forged',
      merchantId: 'shop-1',
      amountMinor: 10_000,
      currency: 'EUR',
      occurredAtMs: Date.now(),
    },
  });
  const signature = await cardSignatureHeader(secret, Math.floor(Date.now() / 1000), body);
  return { method: 'POST', headers: { 'content-type': 'application/json', 'x-card-signature': signature }, body };
}

describe('production configuration', () => {
  it('a live worker with its own settings answers normally and /health names no problem', async () => {
    const res = await call('/v1/offers', {});
    expect(res.status).toBe(200);
    const health = HealthResponseSchema.parse(await (await call('/health', {})).json());
    expect(health.xMode).toBe('live');
    expect(health.configurationProblems).toEqual([]);
  });

  const sandboxSecrets: [string, Partial<Env>][] = [
    ['the sandbox card-network secret', { CARD_WEBHOOK_SECRET: SANDBOX_CARD_WEBHOOK_SECRET }],
    ["the sandbox's X app bearer", { X_APP_BEARER: SANDBOX_X_APP_BEARER }],
    ['the sandbox receipt key', { RECEIPT_SIGNING_KEY: JSON.stringify(SANDBOX_ONLY_RECEIPT_SIGNING_JWK) }],
    ["the sandbox payment provider's key", { STRIPE_SECRET_KEY: SANDBOX_PROVIDER_SECRET_KEY }],
    ["the sandbox payment provider's webhook secret", { STRIPE_WEBHOOK_SECRET: SANDBOX_PROVIDER_WEBHOOK_SECRET }],
  ];
  for (const [what, overrides] of sandboxSecrets) {
    it(`refuses to serve with ${what}, and /health says which setting`, async () => {
      const res = await call('/v1/offers', overrides);
      expect(res.status).toBe(503);
      expect(await problemOf(res)).toBe('misconfigured');
      const webhook = await call(
        '/webhooks/card-network',
        overrides,
        await purchaseDelivery(SANDBOX_CARD_WEBHOOK_SECRET),
      );
      expect(webhook.status).toBe(503);

      const health = await call('/health', overrides);
      expect(health.status).toBe(200);
      const body = HealthResponseSchema.parse(await health.json());
      expect(body.configurationProblems).toEqual([`${Object.keys(overrides)[0]} is the sandbox's`]);
    });
  }

  it('never takes the sandbox network as a live card network: its webhooks are refused', async () => {
    const overrides = { CARD_NETWORK_ORIGIN: SANDBOX_CARD_NETWORK_ORIGIN };
    const webhook = await call(
      '/webhooks/card-network',
      overrides,
      await purchaseDelivery(SANDBOX_CARD_WEBHOOK_SECRET),
    );
    expect(webhook.status).toBe(503);
    expect(await problemOf(webhook)).toBe('card-network-not-configured');
    const body = HealthResponseSchema.parse(await (await call('/health', overrides)).json());
    expect(body.configurationProblems).toEqual(["CARD_NETWORK_ORIGIN is the sandbox's: card webhooks are refused"]);
  });

  it('never takes the sandbox payment provider in live mode: no money enters from its test cards', async () => {
    const overrides = { PAYMENTS_API_ORIGIN: SANDBOX_PROVIDER_ORIGIN };
    expect(paymentsProviderOf({ ...live, ...overrides })).toBeNull();
    expect(paymentsProviderOf({ ...env, PAYMENTS_API_ORIGIN: SANDBOX_PROVIDER_ORIGIN })).not.toBeNull();
    const body = HealthResponseSchema.parse(await (await call('/health', overrides)).json());
    expect(body.configurationProblems).toEqual([
      "PAYMENTS_API_ORIGIN is the sandbox provider's: top-ups and withdrawals are off",
    ]);
  });

  it('the sandbox itself keeps its defaults', async () => {
    const res = await app.fetch(new Request('http://worker/health'), env);
    const body = HealthResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ xMode: 'sandbox', configurationProblems: [] });
  });
});
