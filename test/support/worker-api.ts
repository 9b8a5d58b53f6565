import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { AuthStartResponseSchema } from '../../shared/contract/identity';
import { DEMO_TOP_UPS } from '../dev/demo-wallets';
import type { E2eStack } from './e2e-stack';

/** Calls to the worker's HTTP API as a browser test makes them, around the extension. */

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** A GET with a session that must answer 200; answers the body. */
export async function getJson(url: string, token: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status, url).toBe(200);
  return response.json();
}

/**
 * Gives `username` the demo wallets and their money, and answers the wallets. Seeding is
 * idempotent: asking again answers the wallets without crediting them twice.
 */
export async function seedDemoUser(
  workerOrigin: string,
  username: string,
): Promise<Array<{ accountId: string; currency: string }>> {
  const response = await postJson(`${workerOrigin}/v1/sandbox/demo-users`, { username, topUps: DEMO_TOP_UPS });
  expect(response.status).toBe(200);
  return ((await response.json()) as { wallets: Array<{ accountId: string; currency: string }> }).wallets;
}

/**
 * A session of `username`'s own for API calls, made the way the extension makes one: the sandbox
 * site's viewer becomes `username`, a link starts with a claim secret, the browser consents on
 * the sandbox X's page, and the link is claimed.
 */
export async function apiSessionOf(e2e: E2eStack, username: string): Promise<string> {
  const { context } = e2e;
  const { workerOrigin, sandboxOrigin } = e2e.stack;
  const switched = await context.newPage();
  await switched.goto(`${sandboxOrigin}/__sandbox/switch?user=${username}&next=/home`);
  await switched.close();
  const claimSecret = randomBytes(32).toString('base64url');
  const claimSecretHash = createHash('sha256').update(claimSecret).digest('hex');
  const started = await postJson(`${workerOrigin}/v1/auth/start`, { claimSecretHash });
  expect(started.status).toBe(201);
  const { linkId, authorizeUrl } = AuthStartResponseSchema.parse(await started.json());
  const consent = await context.newPage();
  await consent.goto(authorizeUrl);
  await consent.getByRole('button', { name: 'Authorize app' }).click();
  let token: string | null = null;
  await expect
    .poll(
      async () => {
        const claimed = await postJson(`${workerOrigin}/v1/auth/claim`, { linkId, claimSecret });
        if (claimed.status === 200) token = ((await claimed.json()) as { sessionToken: string }).sessionToken;
        return claimed.status;
      },
      { timeout: e2e.stepTimeoutMs },
    )
    .toBe(200);
  await consent.close();
  return token!;
}
