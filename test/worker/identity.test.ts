import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { MeResponse } from '../../shared/contract/identity';
import {
  bearer,
  claimLink,
  createSandboxUser,
  identityTablesSnapshot,
  linkUser,
  sandboxAuthorize,
  sandboxControl,
  sha256Hex,
  startLink,
  uniqueHandle,
  workerFetch,
} from './support/link-user';

// The whole linking flow through the worker and the sandbox X: start, consent, callback, claim.

async function me(sessionToken: string): Promise<Response> {
  return workerFetch('/v1/me', { headers: bearer(sessionToken) });
}

async function expectUnauthorized(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
}

async function problemType(res: Response): Promise<string> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return ((await res.json()) as { type: string }).type.split('/').pop()!;
}

function stateOf(authorizeUrl: string): string {
  return new URL(authorizeUrl).searchParams.get('state')!;
}

/** Moves a link's lifetime into the past, as if it had been started 20 minutes ago. */
async function ageLink(linkId: string): Promise<void> {
  const pastMs = 20 * 60 * 1000;
  await env.DB.prepare(
    'UPDATE oauth_links SET created_at_ms = created_at_ms - ?2, expires_at_ms = expires_at_ms - ?2 WHERE id = ?1',
  )
    .bind(linkId, pastMs)
    .run();
}

describe('linking an X account', () => {
  it('links, and the session token opens /v1/me', async () => {
    const username = uniqueHandle('alice');
    const xUser = await createSandboxUser(username, 'Alice Example');
    const linked = await linkUser(username, { create: false });

    expect(linked.sessionToken).toMatch(/^hps_[A-Za-z0-9_-]{43}$/);
    expect(linked.user).toMatchObject({ xUserId: xUser.id, username, name: 'Alice Example' });
    expect(linked.user.id).toMatch(/^usr_/);
    const lifetimeDays = (Date.parse(linked.expiresAt) - Date.now()) / 86_400_000;
    expect(lifetimeDays).toBeGreaterThan(29.9);
    expect(lifetimeDays).toBeLessThanOrEqual(30);

    const res = await me(linked.sessionToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as MeResponse;
    expect(body).toEqual({ user: linked.user, session: { expiresAt: linked.expiresAt } });

    // The token itself is nowhere in the database, only its hash.
    const stored = await identityTablesSnapshot();
    expect(stored).not.toContain(linked.sessionToken);
    expect(stored).toContain(await sha256Hex(linked.sessionToken));
  });

  it('shows a page naming the linked handle, escaped', async () => {
    const username = uniqueHandle('page');
    await createSandboxUser(username, '<script>alert(1)</script>');
    const link = await startLink();
    const res = await workerFetch(await sandboxAuthorize(link.authorizeUrl, username));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(`Linked as @${username}`);
    expect(html).not.toContain('<script>');
  });

  it('hands out a session once per link', async () => {
    const username = uniqueHandle('twice');
    await createSandboxUser(username);
    const link = await startLink();
    await workerFetch(await sandboxAuthorize(link.authorizeUrl, username));
    expect((await claimLink(link.linkId, link.claimSecret)).status).toBe(200);

    const before = await identityTablesSnapshot();
    const again = await claimLink(link.linkId, link.claimSecret);
    expect(again.status).toBe(409);
    expect(await problemType(again)).toBe('link-claimed');
    expect(await identityTablesSnapshot()).toBe(before);
  });

  it('hands out one session when claims race', async () => {
    const username = uniqueHandle('racer');
    await createSandboxUser(username);
    const link = await startLink();
    await workerFetch(await sandboxAuthorize(link.authorizeUrl, username));
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimLink(link.linkId, link.claimSecret)));
    expect(claims.map((res) => res.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const sessions = await env.DB.prepare(
      'SELECT count(*) AS n FROM sessions JOIN oauth_links ON oauth_links.session_id = sessions.id WHERE oauth_links.id = ?',
    )
      .bind(link.linkId)
      .first<{ n: number }>();
    expect(sessions?.n).toBe(1);
  });

  it('completes a link once when callbacks race', async () => {
    const username = uniqueHandle('racecb');
    await createSandboxUser(username);
    const link = await startLink();
    const redirectUrl = await sandboxAuthorize(link.authorizeUrl, username);
    const pages = await Promise.all(Array.from({ length: 4 }, () => workerFetch(redirectUrl)));
    expect(pages.map((res) => res.status).sort()).toEqual([200, 400, 400, 400]);
    const users = await env.DB.prepare('SELECT count(*) AS n FROM users WHERE username = ?')
      .bind(username)
      .first<{ n: number }>();
    expect(users?.n).toBe(1);
  });

  it('refuses a wrong claim secret, and the right one still works', async () => {
    const username = uniqueHandle('secret');
    await createSandboxUser(username);
    const link = await startLink();
    await workerFetch(await sandboxAuthorize(link.authorizeUrl, username));

    const before = await identityTablesSnapshot();
    const wrong = await claimLink(
      link.linkId,
      `${link.claimSecret.slice(0, -1)}${link.claimSecret.endsWith('A') ? 'B' : 'A'}`,
    );
    expect(wrong.status).toBe(403);
    expect(await problemType(wrong)).toBe('claim-secret-mismatch');
    expect(await identityTablesSnapshot()).toBe(before);

    expect((await claimLink(link.linkId, link.claimSecret)).status).toBe(200);
  });

  it('asks to wait while the user has not consented yet', async () => {
    const link = await startLink();
    const res = await claimLink(link.linkId, link.claimSecret);
    expect(res.status).toBe(409);
    expect(await problemType(res)).toBe('link-pending');
  });

  it('refuses an expired link at the callback and at the claim', async () => {
    const username = uniqueHandle('late');
    await createSandboxUser(username);
    const link = await startLink();
    const redirectUrl = await sandboxAuthorize(link.authorizeUrl, username);
    await ageLink(link.linkId);

    const before = await identityTablesSnapshot();
    const callback = await workerFetch(redirectUrl);
    expect(callback.status).toBe(400);
    expect(await callback.text()).toMatch(/expired/);
    const claim = await claimLink(link.linkId, link.claimSecret);
    expect(claim.status).toBe(410);
    expect(await problemType(claim)).toBe('link-expired');
    expect(await identityTablesSnapshot()).toBe(before);
  });

  it('uses a state once: a replayed callback is refused', async () => {
    const username = uniqueHandle('replay');
    await createSandboxUser(username);
    const link = await startLink();
    const redirectUrl = await sandboxAuthorize(link.authorizeUrl, username);
    expect((await workerFetch(redirectUrl)).status).toBe(200);

    const before = await identityTablesSnapshot();
    const replay = await workerFetch(redirectUrl);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toMatch(/already used/);
    expect(await identityTablesSnapshot()).toBe(before);
  });

  it('records a refusal on X (access_denied): nothing linked, the claim says so', async () => {
    const username = uniqueHandle('denier');
    await createSandboxUser(username);
    const link = await startLink();
    const usersBefore = await env.DB.prepare('SELECT count(*) AS n FROM users').first<{ n: number }>();
    const redirectUrl = await sandboxAuthorize(link.authorizeUrl, username, 'deny');
    expect(new URL(redirectUrl).searchParams.get('error')).toBe('access_denied');
    const res = await workerFetch(redirectUrl);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/declined/);
    const usersAfter = await env.DB.prepare('SELECT count(*) AS n FROM users').first<{ n: number }>();
    expect(usersAfter?.n).toBe(usersBefore?.n);

    const claim = await claimLink(link.linkId, link.claimSecret);
    expect(claim.status).toBe(409);
    expect(await problemType(claim)).toBe('link-failed');
  });

  it('fails cleanly when X cannot exchange the code', async () => {
    const username = uniqueHandle('xdown');
    await createSandboxUser(username);
    const link = await startLink();
    const redirectUrl = await sandboxAuthorize(link.authorizeUrl, username);
    // Faults are shared by every test file: a fault used once, on a path only this test calls now.
    await sandboxControl('/faults', { body: { kind: 'server-error', path: '/2/oauth2/token', times: 1 } });
    const res = await workerFetch(redirectUrl);
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/could not be reached/);
    const user = await env.DB.prepare('SELECT * FROM users WHERE username = ?').bind(username).first();
    expect(user).toBeNull();
    expect((await claimLink(link.linkId, link.claimSecret)).status).toBe(409);
  });

  it('refuses a code X does not know', async () => {
    const link = await startLink();
    const state = encodeURIComponent(stateOf(link.authorizeUrl));
    const res = await workerFetch(`/v1/auth/callback?state=${state}&code=forged-code`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/did not accept/);
  });

  it('keeps the user id on relink and saves the new handle', async () => {
    const username = uniqueHandle('bob');
    const first = await linkUser(username);
    // As if the handle had been something else at the first link: the relink must refresh it.
    await env.DB.prepare('UPDATE users SET username = ?, name = ? WHERE id = ?')
      .bind('old_handle', 'Old Name', first.user.id)
      .run();
    const second = await linkUser(username, { create: false });
    expect(second.user.id).toBe(first.user.id);
    expect(second.user.username).toBe(username);
    expect(second.sessionToken).not.toBe(first.sessionToken);
    // Both sessions work: each device keeps its own.
    expect((await me(first.sessionToken)).status).toBe(200);
    expect((await me(second.sessionToken)).status).toBe(200);
  });
});

describe('sessions', () => {
  it('logout revokes this session only, and is idempotent', async () => {
    const username = uniqueHandle('logout');
    const a = await linkUser(username);
    const b = await linkUser(username, { create: false });

    const out = await workerFetch('/v1/auth/logout', { method: 'POST', headers: bearer(a.sessionToken) });
    expect(out.status).toBe(204);
    await expectUnauthorized(await me(a.sessionToken));
    expect((await me(b.sessionToken)).status).toBe(200);

    const before = await identityTablesSnapshot();
    const again = await workerFetch('/v1/auth/logout', { method: 'POST', headers: bearer(a.sessionToken) });
    expect(again.status).toBe(204);
    expect(await identityTablesSnapshot()).toBe(before);
  });

  it('refuses an expired session', async () => {
    const linked = await linkUser(uniqueHandle('expired'));
    const tokenHash = await sha256Hex(linked.sessionToken);
    const pastMs = 31 * 86_400_000;
    await env.DB.prepare(
      'UPDATE sessions SET created_at_ms = created_at_ms - ?2, expires_at_ms = expires_at_ms - ?2 WHERE token_hash = ?1',
    )
      .bind(tokenHash, pastMs)
      .run();
    await expectUnauthorized(await me(linked.sessionToken));
  });

  it('unlink revokes every session and erases the display data, keeping the row', async () => {
    const username = uniqueHandle('unlink');
    const a = await linkUser(username);
    const b = await linkUser(username, { create: false });

    const res = await workerFetch('/v1/me', { method: 'DELETE', headers: bearer(a.sessionToken) });
    expect(res.status).toBe(204);
    await expectUnauthorized(await me(a.sessionToken));
    await expectUnauthorized(await me(b.sessionToken));
    await expectUnauthorized(await workerFetch('/v1/me', { method: 'DELETE', headers: bearer(a.sessionToken) }));

    const row = await env.DB.prepare('SELECT * FROM users WHERE id = ?')
      .bind(a.user.id)
      .first<{ username: string | null; name: string | null; x_user_id: string; unlinked_at_ms: number | null }>();
    expect(row).toMatchObject({ username: null, name: null, x_user_id: a.user.xUserId });
    expect(row?.unlinked_at_ms).toBeGreaterThan(0);
    const open = await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ? AND revoked_at_ms IS NULL')
      .bind(a.user.id)
      .first<{ n: number }>();
    expect(open?.n).toBe(0);

    // Linking again restores the same user (and so the same wallet).
    const again = await linkUser(username, { create: false });
    expect(again.user.id).toBe(a.user.id);
    expect((await me(again.sessionToken)).status).toBe(200);
  });
});
