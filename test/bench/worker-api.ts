import { createHash, randomBytes } from 'node:crypto';
import type { AuthClaimResponse, AuthStartResponse } from '../../shared/contract/identity';
import type { Sandbox } from '../sandbox/index';

/**
 * The worker's HTTP API as the benchmarks call it, outside any test runner: an answer other than
 * 2xx throws, with what the worker said.
 */

/** One call: a POST with `body`, else a GET, unless `method` says; with the session `token` when given. */
export async function api<T>(
  origin: string,
  pathname: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<T> {
  const response = await fetch(`${origin}${pathname}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`${pathname} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Links `username` through the worker's OAuth flow and the sandbox's consent, as the extension's sign-in does. */
export async function linkUser(workerOrigin: string, sandbox: Sandbox, username: string): Promise<AuthClaimResponse> {
  const claimSecret = randomBytes(32).toString('base64url');
  const claimSecretHash = createHash('sha256').update(claimSecret).digest('hex');
  const start = await api<AuthStartResponse>(workerOrigin, '/v1/auth/start', { body: { claimSecretHash } });
  const callback = await fetch(sandbox.authorize({ authorizeUrl: start.authorizeUrl, username }));
  if (!callback.ok) throw new Error(`the OAuth callback for @${username} answered ${callback.status}`);
  return api<AuthClaimResponse>(workerOrigin, '/v1/auth/claim', { body: { linkId: start.linkId, claimSecret } });
}
