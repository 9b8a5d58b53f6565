import { TwitterApi } from 'twitter-api-v2';
import { findXAccountToken, saveLinkedXAccountToken, saveRefreshedXAccountToken } from '../db/x-account-tokens';
import type { Env } from '../env';
import { log } from '../log';
import { authorizeUrlForBrowser, xCredentials } from './config';
import { toXError, XError } from './errors';
import { abortAfterPlugin, withTimeout } from './timeout';
import { seal, unseal } from './token-seal';

/**
 * The Hashpay account's own OAuth 2.0 tokens (receipt replies post as that account). X's access
 * tokens last two hours; with `offline.access` X also gives a refresh token, single use, each
 * refresh answering a new pair. An operator links the account once
 * (`POST /v1/operator/x-account/link`, then X's consent as the Hashpay account); from then on
 * `hashpayAccessToken` refreshes the pair before it expires, rotating the refresh token. Both
 * tokens are stored sealed (worker/x/token-seal.ts); the PKCE verifier travels sealed in `state`,
 * so linking needs no table of its own.
 */

export const X_ACCOUNT_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'offline.access'];
/** Refresh when the access token has less than this left, so a request never carries a dying one. */
export const ACCESS_TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** How long the operator has to consent on X. */
export const X_ACCOUNT_LINK_TTL_MS = 10 * 60 * 1000;
const X_ACCOUNT_TIMEOUT_MS = 10_000;

export function xAccountCallbackUrl(env: Env): string {
  return new URL('/v1/operator/x-account/callback', env.WORKER_ORIGIN).toString();
}

function appClient(env: Env): TwitterApi {
  const { clientId, clientSecret } = xCredentials(env);
  return new TwitterApi({ clientId, clientSecret }, { plugins: [abortAfterPlugin(X_ACCOUNT_TIMEOUT_MS)] });
}

/** The consent page's address for the operator, its `state` carrying the sealed PKCE verifier. */
export async function startXAccountLink(env: Env, nowMs: number): Promise<string> {
  const link = appClient(env).generateOAuth2AuthLink(xAccountCallbackUrl(env), { scope: X_ACCOUNT_SCOPES });
  const url = new URL(link.url);
  url.searchParams.set(
    'state',
    await seal(env, JSON.stringify({ verifier: link.codeVerifier, expiresAtMs: nowMs + X_ACCOUNT_LINK_TTL_MS })),
  );
  return authorizeUrlForBrowser(env, url.toString());
}

/** Exchanges the consent's code; stores the pair. Returns the linked account's handle. */
export async function finishXAccountLink(env: Env, state: string, code: string, nowMs: number): Promise<string> {
  const opened = await unseal(env, state);
  const parsed = opened === null ? null : (JSON.parse(opened) as { verifier: string; expiresAtMs: number });
  if (parsed === null || parsed.expiresAtMs < nowMs)
    throw new XError('rejected', 'x-account link: unknown or expired state');
  let login: Awaited<ReturnType<TwitterApi['loginWithOAuth2']>>;
  try {
    login = await withTimeout(
      appClient(env).loginWithOAuth2({ code, codeVerifier: parsed.verifier, redirectUri: xAccountCallbackUrl(env) }),
      X_ACCOUNT_TIMEOUT_MS,
      'x-account token',
    );
  } catch (error) {
    const mapped = toXError(error, 'x-account token', nowMs);
    throw mapped instanceof XError ? mapped : new XError('malformed', 'x-account token: X answered no usable token');
  }
  if (!login.refreshToken) throw new XError('rejected', 'x-account token: X gave no refresh token (offline.access)');
  const me = await withTimeout(login.client.v2.me(), X_ACCOUNT_TIMEOUT_MS, 'x-account users/me');
  await saveLinkedXAccountToken(env.DB, {
    x_user_id: me.data.id,
    access_token_sealed: await seal(env, login.accessToken),
    refresh_token_sealed: await seal(env, login.refreshToken),
    access_expires_at_ms: nowMs + login.expiresIn * 1000,
    updated_at_ms: nowMs,
  });
  log('info', 'x-account-linked', { xUserId: me.data.id, username: me.data.username });
  return me.data.username;
}

/**
 * A usable access token of the Hashpay account, refreshed first when it expires within
 * ACCESS_TOKEN_REFRESH_MARGIN_MS; null when no account is linked or X refuses the refresh.
 */
export async function hashpayAccessToken(env: Env, nowMs: number): Promise<string | null> {
  const row = await findXAccountToken(env.DB);
  if (row === null) return null;
  if (row.access_expires_at_ms - nowMs > ACCESS_TOKEN_REFRESH_MARGIN_MS) return unseal(env, row.access_token_sealed);
  const refreshToken = await unseal(env, row.refresh_token_sealed);
  if (refreshToken === null) return null;
  let refreshed: Awaited<ReturnType<TwitterApi['refreshOAuth2Token']>>;
  try {
    refreshed = await withTimeout(
      appClient(env).refreshOAuth2Token(refreshToken),
      X_ACCOUNT_TIMEOUT_MS,
      'x-account refresh',
    );
  } catch (error) {
    log('error', 'x-account-refresh-failed', { error: String(toXError(error, 'x-account refresh', nowMs)) });
    // Another run may have rotated the pair meanwhile: its token is the one to use.
    const current = await findXAccountToken(env.DB);
    return current !== null && current.version !== row.version ? unseal(env, current.access_token_sealed) : null;
  }
  const won = await saveRefreshedXAccountToken(env.DB, row.version, {
    access_token_sealed: await seal(env, refreshed.accessToken),
    refresh_token_sealed: await seal(env, refreshed.refreshToken ?? refreshToken),
    access_expires_at_ms: nowMs + refreshed.expiresIn * 1000,
    updated_at_ms: nowMs,
  });
  log('info', 'x-account-refreshed', { won, version: row.version + 1 });
  if (won) return refreshed.accessToken;
  const current = await findXAccountToken(env.DB);
  return current === null ? null : unseal(env, current.access_token_sealed);
}
