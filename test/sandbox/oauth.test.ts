import { TwitterApi } from 'twitter-api-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, type Sandbox } from './index.js';
import { authorizeUrlFor, basicAuth, TEST_REDIRECT_URI, tokenRequest } from './oauth-flow.js';
import { apiRequest, body, keysOf, xFixture } from './support.js';

const SCOPE = 'tweet.read users.read offline.access';
let clockMs: number;
let sandbox: Sandbox;

beforeEach(() => {
  clockMs = Date.UTC(2026, 10, 25, 12, 0, 0);
  sandbox = createSandbox({ now: () => clockMs, authorizationCodeLifetimeMs: 30_000 });
  sandbox.seedDemo();
});

/** The link the worker builds with twitter-api-v2, and the verifier it keeps server-side. */
function workerAuthLink() {
  const client = new TwitterApi({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
  return client.generateOAuth2AuthLink(TEST_REDIRECT_URI, { scope: SCOPE.split(' ') });
}

function codeFrom(redirectUrl: string): string {
  const code = new URL(redirectUrl).searchParams.get('code');
  expect(code).toBeTruthy();
  return code!;
}

describe('OAuth 2.0 with PKCE', () => {
  it('links a user: consent, code exchange with the verifier, then users/me', async () => {
    const link = workerAuthLink();
    const redirect = new URL(sandbox.authorize({ authorizeUrl: link.url, username: 'alice' }));
    expect(`${redirect.origin}${redirect.pathname}`).toBe(TEST_REDIRECT_URI);
    expect(redirect.searchParams.get('state')).toBe(link.state);

    const response = await sandbox.fetch(
      tokenRequest({
        grant_type: 'authorization_code',
        code: codeFrom(redirect.toString()),
        code_verifier: link.codeVerifier,
        redirect_uri: TEST_REDIRECT_URI,
      }),
    );
    expect(response.status).toBe(200);
    const token = await body(response);
    expect(keysOf(token)).toEqual(keysOf(xFixture('oauth2-token-response.json')));
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 7200, scope: SCOPE });

    const me = await body(await sandbox.fetch(apiRequest('/2/users/me', { bearer: String(token.access_token) })));
    expect(keysOf(me.data)).toEqual(keysOf(xFixture('users-me.json').data));
    expect(me.data).toMatchObject({ username: 'alice' });
  });

  it('accepts a form-encoded exchange from a public client naming itself in the body', async () => {
    const verifier = 'v'.repeat(43);
    const code = codeFrom(sandbox.authorize({ authorizeUrl: authorizeUrlFor(SCOPE, verifier), username: 'bob' }));
    const response = await sandbox.fetch(
      new Request('https://api.x.com/2/oauth2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          code_verifier: verifier,
          redirect_uri: TEST_REDIRECT_URI,
          client_id: SANDBOX_CLIENT_ID,
        }).toString(),
      }),
    );
    expect(response.status).toBe(200);
  });

  it('refuses a wrong verifier, and the code is spent afterwards', async () => {
    const link = workerAuthLink();
    const code = codeFrom(sandbox.authorize({ authorizeUrl: link.url, username: 'alice' }));
    const exchange = (verifier: string) =>
      sandbox.fetch(
        tokenRequest({
          grant_type: 'authorization_code',
          code,
          code_verifier: verifier,
          redirect_uri: TEST_REDIRECT_URI,
        }),
      );
    const wrong = await exchange(`${link.codeVerifier}x`);
    expect(wrong.status).toBe(400);
    expect(await body(wrong)).toEqual({
      error: 'invalid_request',
      error_description: 'Value passed for the code verifier did not match the code challenge.',
    });
    expect((await exchange(link.codeVerifier)).status).toBe(400);
  });

  it('refuses a reused code and revokes the token it gave', async () => {
    const link = workerAuthLink();
    const code = codeFrom(sandbox.authorize({ authorizeUrl: link.url, username: 'alice' }));
    const fields = {
      grant_type: 'authorization_code',
      code,
      code_verifier: link.codeVerifier,
      redirect_uri: TEST_REDIRECT_URI,
    };
    const first = await body(await sandbox.fetch(tokenRequest(fields)));
    const again = await sandbox.fetch(tokenRequest(fields));
    expect(again.status).toBe(400);
    expect((await body(again)).error).toBe('invalid_request');
    const me = await sandbox.fetch(apiRequest('/2/users/me', { bearer: String(first.access_token) }));
    expect(me.status).toBe(401);
  });

  it('refuses an expired code, a wrong redirect_uri and a wrong client secret', async () => {
    const link = workerAuthLink();
    const exchange = (code: string, redirectUri = TEST_REDIRECT_URI, authorization = basicAuth()) =>
      sandbox.fetch(
        tokenRequest(
          { grant_type: 'authorization_code', code, code_verifier: link.codeVerifier, redirect_uri: redirectUri },
          authorization,
        ),
      );
    const late = codeFrom(sandbox.authorize({ authorizeUrl: link.url, username: 'alice' }));
    clockMs += 31_000;
    expect((await exchange(late)).status).toBe(400);
    const elsewhere = codeFrom(sandbox.authorize({ authorizeUrl: link.url, username: 'alice' }));
    expect((await exchange(elsewhere, 'https://evil.example/callback')).status).toBe(400);
    const badSecret = codeFrom(sandbox.authorize({ authorizeUrl: link.url, username: 'alice' }));
    const unauthorized = await exchange(badSecret, TEST_REDIRECT_URI, basicAuth(SANDBOX_CLIENT_ID, 'guess'));
    expect(unauthorized.status).toBe(401);
    expect((await body(unauthorized)).error).toBe('unauthorized_client');
  });

  it('refreshes with rotation, expires access tokens after two hours, and revokes', async () => {
    const link = workerAuthLink();
    const code = codeFrom(sandbox.authorize({ authorizeUrl: link.url, username: 'carol' }));
    const first = await body(
      await sandbox.fetch(
        tokenRequest({
          grant_type: 'authorization_code',
          code,
          code_verifier: link.codeVerifier,
          redirect_uri: TEST_REDIRECT_URI,
        }),
      ),
    );
    clockMs += 7200 * 1000;
    expect((await sandbox.fetch(apiRequest('/2/users/me', { bearer: String(first.access_token) }))).status).toBe(401);

    const refreshed = await body(
      await sandbox.fetch(tokenRequest({ grant_type: 'refresh_token', refresh_token: String(first.refresh_token) })),
    );
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);
    const me = await sandbox.fetch(apiRequest('/2/users/me', { bearer: String(refreshed.access_token) }));
    expect(me.status).toBe(200);
    const stale = await sandbox.fetch(
      tokenRequest({ grant_type: 'refresh_token', refresh_token: String(first.refresh_token) }),
    );
    expect(stale.status).toBe(400);

    const revoke = await sandbox.fetch(
      new Request('https://api.x.com/2/oauth2/revoke', {
        method: 'POST',
        headers: { authorization: basicAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({ token: refreshed.access_token, token_type_hint: 'access_token' }),
      }),
    );
    expect(await body(revoke)).toEqual({ revoked: true });
    expect((await sandbox.fetch(apiRequest('/2/users/me', { bearer: String(refreshed.access_token) }))).status).toBe(
      401,
    );
  });

  it('redirects with error=access_denied when the user cancels, and checks the authorize URL', () => {
    const link = workerAuthLink();
    const denied = new URL(sandbox.authorize({ authorizeUrl: link.url, username: 'alice', decision: 'deny' }));
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('code')).toBeNull();
    const unknownClient = link.url.replace(`client_id=${SANDBOX_CLIENT_ID}`, 'client_id=someone-else');
    expect(() => sandbox.authorize({ authorizeUrl: unknownClient, username: 'alice' })).toThrow(/client_id/);
    expect(() => sandbox.authorize({ authorizeUrl: link.url, username: 'nobody' })).toThrow(/no sandbox user/);
  });

  it('is driven the same way through the control API', async () => {
    const link = workerAuthLink();
    const response = await sandbox.fetch(
      new Request('https://api.x.com/__sandbox/oauth/authorize', {
        method: 'POST',
        body: JSON.stringify({ authorizeUrl: link.url, username: 'bob' }),
      }),
    );
    expect(response.status).toBe(200);
    expect(codeFrom(String((await body(response)).redirectUrl))).toBeTruthy();
    const bad = await sandbox.fetch(
      new Request('https://api.x.com/__sandbox/oauth/authorize', { method: 'POST', body: '{"authorizeUrl":1}' }),
    );
    expect(bad.status).toBe(400);
  });
});
