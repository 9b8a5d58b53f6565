import { env, exports } from 'cloudflare:workers';
import type { AuthClaimResponse, AuthStartResponse, UserView } from '../../../shared/contract/identity';

/**
 * Test helpers that go through the real worker and the sandbox X's control API (reached like
 * api.x.com, through the worker project's outbound service). Nothing here touches the database.
 */

export const SANDBOX_CONTROL = 'https://api.x.com/__sandbox';

export interface SandboxUser {
  id: string;
  username: string;
  name: string;
}

export interface LinkedUser {
  sessionToken: string;
  user: UserView;
  /** The session's expiry, ISO 8601. */
  expiresAt: string;
}

/** A request to the worker under test. */
export function workerFetch(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, 'http://127.0.0.1:8787'), init));
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return workerFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** A handle no other test uses: the sandbox is shared by every worker test file. */
export function uniqueHandle(prefix: string): string {
  const suffix = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36);
  return `${prefix}_${suffix}`.slice(0, 15);
}

export async function sandboxControl(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${SANDBOX_CONTROL}${path}`, {
    method: init.method ?? 'POST',
    ...(init.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
  });
}

export async function createSandboxUser(username: string, name?: string): Promise<SandboxUser> {
  const res = await sandboxControl('/users', { body: { username, ...(name ? { name } : {}) } });
  const body = (await res.json()) as SandboxUser | { user: SandboxUser };
  if (!res.ok) throw new Error(`sandbox: creating @${username} failed (${res.status}): ${JSON.stringify(body)}`);
  return 'user' in body ? body.user : body;
}

/**
 * What X's consent page does when `username` clicks Authorize (or Cancel, with `deny`): the
 * callback URL, with state and code (or `error=access_denied`).
 */
export async function sandboxAuthorize(
  authorizeUrl: string,
  username: string,
  decision: 'allow' | 'deny' = 'allow',
): Promise<string> {
  const res = await sandboxControl('/oauth/authorize', { body: { authorizeUrl, username, decision } });
  const body = (await res.json()) as { redirectUrl?: string };
  if (!res.ok || !body.redirectUrl) {
    throw new Error(`sandbox: authorize for @${username} failed (${res.status}): ${JSON.stringify(body)}`);
  }
  return body.redirectUrl;
}

export function randomClaimSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** `POST /v1/auth/start` with a fresh claim secret. */
export async function startLink(): Promise<AuthStartResponse & { claimSecret: string }> {
  const claimSecret = randomClaimSecret();
  const res = await postJson('/v1/auth/start', { claimSecretHash: await sha256Hex(claimSecret) });
  if (res.status !== 201) throw new Error(`/v1/auth/start answered ${res.status}: ${await res.text()}`);
  return { ...((await res.json()) as AuthStartResponse), claimSecret };
}

export function claimLink(linkId: string, claimSecret: string): Promise<Response> {
  return postJson('/v1/auth/claim', { linkId, claimSecret });
}

/**
 * Links the sandbox X user `username` (created if the sandbox does not know it yet) the way the
 * extension does: start → consent on the sandbox X → callback → claim. Returns the session.
 */
export async function linkUser(
  username: string,
  options: { name?: string; create?: boolean } = {},
): Promise<LinkedUser> {
  if (options.create !== false) await createSandboxUser(username, options.name);
  const link = await startLink();
  const redirectUrl = await sandboxAuthorize(link.authorizeUrl, username);
  const callback = await workerFetch(redirectUrl);
  if (callback.status !== 200) throw new Error(`callback answered ${callback.status}: ${await callback.text()}`);
  const claim = await claimLink(link.linkId, link.claimSecret);
  if (claim.status !== 200) throw new Error(`/v1/auth/claim answered ${claim.status}: ${await claim.text()}`);
  return (await claim.json()) as AuthClaimResponse;
}

export function bearer(sessionToken: string): Record<string, string> {
  return { authorization: `Bearer ${sessionToken}` };
}

/**
 * Every row of the identity tables, in a stable order: compared before and after a refused
 * request to prove it changed nothing.
 */
export async function identityTablesSnapshot(): Promise<string> {
  const tables = ['users', 'sessions', 'oauth_links', 'x_cursors'];
  const rows = await env.DB.batch(tables.map((table) => env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1`)));
  return JSON.stringify(Object.fromEntries(tables.map((table, i) => [table, rows[i]?.results ?? []])));
}
