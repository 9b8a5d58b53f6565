import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { jobs } from '../../worker/jobs';
import { bearer, linkUser, startLink, uniqueHandle, workerFetch } from './support/link-user';

const LINK_TTL_MS = 10 * 60 * 1000;
const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

async function countOf(table: 'oauth_links' | 'sessions'): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>();
  return row?.n ?? 0;
}

it('forgets expired OAuth links, then expired sessions, and nothing before its time', async () => {
  const startedMs = Date.now();
  const linked = await linkUser(uniqueHandle('prune'));
  for (let i = 0; i < 3; i += 1) await startLink();
  expect(await countOf('oauth_links')).toBe(4);
  expect(await countOf('sessions')).toBe(1);

  expect(await jobs.pruneExpiredIdentity!(env, startedMs)).toEqual({ links: 0, sessions: 0 });
  expect(await jobs.pruneExpiredIdentity!(env, startedMs + LINK_TTL_MS + 60_000)).toEqual({ links: 4, sessions: 0 });
  expect(await countOf('oauth_links')).toBe(0);
  // The session outlives its link.
  expect((await workerFetch('/v1/me', { headers: bearer(linked.sessionToken) })).status).toBe(200);

  expect(await jobs.pruneExpiredIdentity!(env, startedMs + SESSION_TTL_MS + 60_000)).toEqual({
    links: 0,
    sessions: 1,
  });
  expect(await countOf('sessions')).toBe(0);
  expect(await jobs.pruneExpiredIdentity!(env, startedMs + SESSION_TTL_MS + 60_000)).toEqual({
    links: 0,
    sessions: 0,
  });
});
