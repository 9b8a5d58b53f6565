import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { OPEN_POTS_LISTED_MAX, type OpenPot, OpenPotsResponseSchema, type Pot } from '../../shared/contract/pots';
import { hashtagKeyOf, listOpenPots } from '../../worker/db/pots';
import { potDeadlines } from '../../worker/jobs/pot-deadlines';
import { workerFetch } from './support/link-user';
import { linkedPerson, type Person, sessionOf } from './support/payments';
import { openPot, openProject, potNow, projectOwner, uniqueHashtag } from './support/pots';

// The list of open pots and projects (`GET /v1/pots`): public, by hashtag key, with a strong ETag
// that changes when a pot opens or closes, so the extension knows which hashtags to ask about.

/** Each test links people through the sandbox: generous on a busy machine. */
const SLOW_TEST_TIMEOUT_MS = 30_000;
const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

function listOpen(headers: Record<string, string> = {}): Promise<Response> {
  return workerFetch('/v1/pots', { headers });
}

async function openPotsNow(): Promise<{ pots: OpenPot[]; etag: string }> {
  const res = await listOpen();
  expect(res.status, await res.clone().text()).toBe(200);
  const etag = res.headers.get('etag');
  expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
  return { pots: OpenPotsResponseSchema.parse(await res.json()).pots, etag: etag! };
}

const listed = (pot: Pot): OpenPot => ({ id: pot.id, kind: pot.kind, hashtag: pot.hashtag });

async function closePot(organiser: Person, pot: Pot): Promise<void> {
  const res = await workerFetch(`/v1/pots/${pot.id}/close`, { method: 'POST', headers: sessionOf(organiser) });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('the list of open pots', { timeout: SLOW_TEST_TIMEOUT_MS }, () => {
  it('names the open pots and projects only, by hashtag key, with no session', async () => {
    const organiser = await linkedPerson('lister');
    const owner = await projectOwner('lowner');
    const open = await openPot(organiser, { hashtag: uniqueHashtag('Zebre') });
    const openLower = await openPot(organiser, { hashtag: uniqueHashtag('abeille') });
    const closed = await openPot(organiser, { hashtag: uniqueHashtag('ferme') });
    await closePot(organiser, closed);
    const project = await openProject(owner, 10_000, 2 * DAY_MS);
    const decided = await openProject(owner, 10_000, HOUR_MS);
    // No pledge by the deadline: the job decides the project failed.
    for (let run = 0; run < 5; run += 1) await potDeadlines(env, Date.parse(decided.deadlineAt!));
    expect((await potNow(decided.id)).state).toBe('failed');
    expect((await potNow(project.id)).state).toBe('open');

    const { pots } = await openPotsNow();
    expect(pots).toEqual(expect.arrayContaining([listed(open), listed(openLower), listed(project)]));
    const ids = pots.map((pot) => pot.id);
    expect(ids).not.toContain(closed.id);
    expect(ids).not.toContain(decided.id);
    const keys = pots.map((pot) => hashtagKeyOf(pot.hashtag));
    expect(keys).toEqual([...keys].sort());
    // Upper case sorts as lower case, as hashtags are compared.
    expect(keys.indexOf(hashtagKeyOf(openLower.hashtag))).toBeLessThan(keys.indexOf(hashtagKeyOf(open.hashtag)));
  });

  it('answers 304 with no body to the same ETag, and lets caches keep it a minute', async () => {
    const organiser = await linkedPerson('etagger');
    await openPot(organiser);
    const first = await listOpen();
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    await first.arrayBuffer();

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const again = await listOpen({ 'if-none-match': ifNoneMatch });
      expect(again.status, ifNoneMatch).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
    }
    const stale = await listOpen({ 'if-none-match': '"not-this-one"' });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('etag')).toBe(etag);
    await stale.arrayBuffer();
  });

  it('changes its ETag when a pot opens and when it closes', async () => {
    const organiser = await linkedPerson('opener');
    const before = await openPotsNow();

    const pot = await openPot(organiser);
    const opened = await openPotsNow();
    expect(opened.etag).not.toBe(before.etag);
    expect(opened.pots).toContainEqual(listed(pot));
    const afterOpen = await listOpen({ 'if-none-match': before.etag });
    expect(afterOpen.status).toBe(200);
    await afterOpen.arrayBuffer();

    await closePot(organiser, pot);
    const closed = await openPotsNow();
    expect(closed.etag).not.toBe(opened.etag);
    expect(closed.pots.map((open) => open.id)).not.toContain(pot.id);
    expect(closed.pots).toEqual(before.pots);
    expect(closed.etag).toBe(before.etag);
  });

  it('is bounded: the first ones by hashtag key, never more than asked', async () => {
    const organiser = await linkedPerson('bounded');
    for (const prefix of ['aaa', 'aab', 'aac']) await openPot(organiser, { hashtag: uniqueHashtag(prefix) });
    const all = await listOpenPots(env.DB, OPEN_POTS_LISTED_MAX);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(await listOpenPots(env.DB, 2)).toEqual(all.slice(0, 2));
    await expect(listOpenPots(env.DB, 0)).rejects.toThrow(/limit/);
  });
});
