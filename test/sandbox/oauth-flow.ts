/** Links a sandbox user through the OAuth flow the way the worker does, for the sandbox's own tests. */
import { createHash, randomBytes } from 'node:crypto';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, type Sandbox } from './index.js';

export const TEST_REDIRECT_URI = 'http://127.0.0.1:8787/v1/auth/callback';

export function authorizeUrlFor(scope: string, verifier: string, state = 'state-1'): string {
  const url = new URL('https://x.com/i/oauth2/authorize');
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: SANDBOX_CLIENT_ID,
    redirect_uri: TEST_REDIRECT_URI,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 's256',
    scope,
  }).toString();
  return url.toString();
}

export function basicAuth(id = SANDBOX_CLIENT_ID, secret = SANDBOX_CLIENT_SECRET): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

export function tokenRequest(fields: Record<string, string>, authorization = basicAuth()): Request {
  return new Request('https://api.x.com/2/oauth2/token', {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: SANDBOX_CLIENT_ID, ...fields }),
  });
}

export async function linkUser(
  sandbox: Sandbox,
  username: string,
  scope: string,
): Promise<{ accessToken: string; refreshToken?: string }> {
  const verifier = randomBytes(32).toString('base64url');
  const redirect = new URL(sandbox.authorize({ authorizeUrl: authorizeUrlFor(scope, verifier), username }));
  const response = await sandbox.fetch(
    tokenRequest({
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code')!,
      code_verifier: verifier,
      redirect_uri: TEST_REDIRECT_URI,
    }),
  );
  const token = (await response.json()) as { access_token: string; refresh_token?: string };
  if (response.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(token)}`);
  return { accessToken: token.access_token, refreshToken: token.refresh_token };
}
