import type { Env } from '../env';
import { XError } from './errors';

/** The sandbox X's fixed credentials: with no X secrets set, sandbox mode uses these. */
export const SANDBOX_X_CLIENT_ID = 'hashpay-sandbox';
export const SANDBOX_X_CLIENT_SECRET = 'sandbox-secret';
export const SANDBOX_X_APP_BEARER = 'sandbox-bearer';

/** Where X's consent page lives; in sandbox mode the browser goes to SANDBOX_WEB_ORIGIN instead. */
export const X_WEB_ORIGIN = 'https://x.com';

export interface XCredentials {
  clientId: string;
  clientSecret: string;
  appBearer: string;
}

/**
 * The X app's credentials: the secrets when set; in sandbox mode, the sandbox's defaults for any
 * that is not. Live mode without secrets is a configuration error, reported as `unauthorized`.
 */
export function xCredentials(env: Env): XCredentials {
  const sandbox = env.X_MODE === 'sandbox';
  const clientId = env.X_CLIENT_ID || (sandbox ? SANDBOX_X_CLIENT_ID : '');
  const clientSecret = env.X_CLIENT_SECRET || (sandbox ? SANDBOX_X_CLIENT_SECRET : '');
  const appBearer = env.X_APP_BEARER || (sandbox ? SANDBOX_X_APP_BEARER : '');
  if (!clientId || !clientSecret || !appBearer) {
    throw new XError(
      'unauthorized',
      'X credentials are not configured: set X_CLIENT_ID, X_CLIENT_SECRET and X_APP_BEARER (wrangler secret put)',
    );
  }
  return { clientId, clientSecret, appBearer };
}

/** The authorize URL the user's browser opens: X's, or in sandbox mode the sandbox's consent page. */
export function authorizeUrlForBrowser(env: Env, xAuthorizeUrl: string): string {
  const url = new URL(xAuthorizeUrl);
  if (env.X_MODE !== 'sandbox') return url.toString();
  if (url.origin !== X_WEB_ORIGIN) throw new Error(`unexpected authorize URL origin: ${url.origin}`);
  const sandbox = new URL(env.SANDBOX_WEB_ORIGIN);
  url.protocol = sandbox.protocol;
  url.host = sandbox.host;
  return url.toString();
}

/** The OAuth redirect URI registered with X: the worker's callback route. */
export function oauthCallbackUrl(env: Env): string {
  return new URL('/v1/auth/callback', env.WORKER_ORIGIN).toString();
}
