import { createMiddleware } from 'hono/factory';
import { SESSION_TOKEN_PATTERN } from '../shared/contract/identity';
import { type ActiveSession, findActiveSession } from './db/sessions';
import type { Env } from './env';
import { HttpProblem } from './problem';

/** How long a session token works after the claim that created it. */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_TOKEN_PREFIX = 'hps_';
const SESSION_TOKEN_BYTES = 32;

/** `size` random bytes in base64url, without padding. */
export function randomBase64Url(size: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(size));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** SHA-256 of a string's UTF-8 bytes, in lowercase hex: how secrets are stored and compared. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function newSessionToken(): string {
  return SESSION_TOKEN_PREFIX + randomBase64Url(SESSION_TOKEN_BYTES);
}

/**
 * The session token of an `Authorization: Bearer …` header, or a 401 problem naming what is
 * wrong with the header. The token's shape is checked before any lookup.
 */
export function bearerTokenOf(header: string | undefined): string {
  if (!header) {
    throw unauthorized('Sign in: send the session token as "Authorization: Bearer hps_…".', 'Bearer realm="hashpay"');
  }
  const match = /^Bearer +(\S+)$/i.exec(header.trim());
  const token = match?.[1];
  if (!token || !SESSION_TOKEN_PATTERN.test(token)) {
    throw unauthorized('The Authorization header does not carry a Hashpay session token.', INVALID_TOKEN_CHALLENGE);
  }
  return token;
}

const INVALID_TOKEN_CHALLENGE = 'Bearer realm="hashpay", error="invalid_token"';

function unauthorized(detail: string, challenge: string): HttpProblem {
  return new HttpProblem(401, 'unauthorized', detail, undefined, { 'www-authenticate': challenge });
}

export interface SessionVariables {
  session: ActiveSession;
}

/**
 * Lets the request through only with a usable session (known, not revoked, not expired, user
 * still linked) and puts it in `c.var.session`. Anything else is a 401 with `WWW-Authenticate`.
 */
export const requireSession = createMiddleware<{ Bindings: Env; Variables: SessionVariables }>(async (c, next) => {
  const token = bearerTokenOf(c.req.header('authorization'));
  const session = await findActiveSession(c.env.DB, await sha256Hex(token), Date.now());
  if (!session) {
    throw unauthorized(
      'This session is unknown, expired or signed out: link your X account again.',
      INVALID_TOKEN_CHALLENGE,
    );
  }
  c.set('session', session);
  await next();
});
