import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createWorkerApi, WorkerProblem } from '../../extension/background/api';
import type { BackgroundContext } from '../../extension/background/context';
import {
  createOrganisationCatalogue,
  ORGANISATION_CATALOGUE_FRESH_MS,
  ORGANISATION_CATALOGUE_STORAGE_KEY,
} from '../../extension/background/organisation-catalogue';
import {
  createPotCatalogue,
  POT_CATALOGUE_FRESH_MS,
  POT_CATALOGUE_PAGE_FRESH_MS,
  POT_CATALOGUE_STORAGE_KEY,
} from '../../extension/background/pot-catalogue';
import { createPotLookup, POT_FRESH_MS, POT_LOOKUP_ENTRIES_MAX } from '../../extension/background/pot-lookup';
import { createRouter, type MessageSender, type Router } from '../../extension/background/router';
import { createSessionStore } from '../../extension/background/session';
import { createTweetStatusCache } from '../../extension/background/tweet-status-cache';
import type { ActionName, ActionRequest, ActionResult } from '../../extension/lib/messages';
import { isPotChangedMessage, potChangedMessage } from '../../extension/lib/pot-events';
import type { PaymentIntent } from '../../shared/contract/payments';
import type { Organisation, Pot } from '../../shared/contract/pots';
import { ALICE, makeIntent, TOKEN } from './support/fake-worker';
import { makeOrganisation, makePot } from './support/pots';

/**
 * The verified organisations, the catalogue of open pots and the pot lookup in the background,
 * against a worker stand-in that answers `GET /v1/organisations`, `GET /v1/pots` and
 * `GET /v1/pots/:ref` with ETags and honours `If-None-Match` like the real one.
 */

const EXTENSION_BASE = 'chrome-extension://test-extension-id/';
const CONTENT_SCRIPT: MessageSender = { id: 'test-extension-id', url: 'https://x.com/home' };
const CONFIRM_WINDOW: MessageSender = { id: 'test-extension-id', url: `${EXTENSION_BASE}confirm.html` };
const ACF = makeOrganisation();

interface PotWorker {
  fetch: typeof fetch;
  organisations: Organisation[];
  organisationsVersion: number;
  /** Hashtag key → the pot it names; the open ones make `GET /v1/pots`. */
  pots: Map<string, Pot>;
  /** Bumped whenever a pot changes, as the worker's ETag is. */
  potVersion: number;
  confirmAnswer: PaymentIntent | null;
  offline: boolean;
  requests: Array<{ method: string; path: string; ifNoneMatch: string | null }>;
}

function createPotWorker(): PotWorker {
  const worker: PotWorker = {
    organisations: [ACF],
    organisationsVersion: 1,
    pots: new Map([['potjulie', makePot()]]),
    potVersion: 1,
    confirmAnswer: null,
    offline: false,
    requests: [],
    fetch: async (input, init) => {
      if (worker.offline) throw new TypeError('Failed to fetch');
      const url = new URL(String(input));
      const headers = new Headers(init?.headers);
      const method = init?.method ?? 'GET';
      const ifNoneMatch = headers.get('if-none-match');
      worker.requests.push({ method, path: decodeURIComponent(url.pathname), ifNoneMatch });
      const json = (status: number, body: unknown, extra: Record<string, string> = {}) =>
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...extra } });
      const notFound = () =>
        new Response(
          JSON.stringify({ type: 'https://hashpay.example/problems/not-found', title: 'x', status: 404, detail: 'x' }),
          { status: 404, headers: { 'content-type': 'application/problem+json' } },
        );
      if (url.pathname === '/v1/organisations') {
        const etag = `"organisations-${worker.organisationsVersion}"`;
        if (ifNoneMatch === etag) return new Response(null, { status: 304, headers: { etag } });
        return json(200, { organisations: worker.organisations }, { etag });
      }
      if (url.pathname === '/v1/pots') {
        const open = [...worker.pots.entries()]
          .filter(([, pot]) => pot.state === 'open')
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([, pot]) => ({ id: pot.id, kind: pot.kind, hashtag: pot.hashtag }));
        const body = JSON.stringify({ pots: open });
        const etag = `"pots-${digestOf(body)}"`;
        if (ifNoneMatch === etag) return new Response(null, { status: 304, headers: { etag } });
        return new Response(body, { status: 200, headers: { 'content-type': 'application/json', etag } });
      }
      const potPath = /^\/v1\/pots\/([^/]+)$/.exec(url.pathname);
      if (potPath !== null) {
        const pot = worker.pots.get(decodeURIComponent(potPath[1]!).normalize('NFC').toLowerCase());
        if (pot === undefined) return notFound();
        const etag = `"pot-${worker.potVersion}"`;
        if (ifNoneMatch === etag) return new Response(null, { status: 304, headers: { etag } });
        return json(200, { pot }, { etag });
      }
      if (url.pathname.endsWith('/confirm') && worker.confirmAnswer !== null) {
        return json(200, { intent: worker.confirmAnswer });
      }
      // The badge's count, refreshed after each confirmation.
      if (url.pathname === '/v1/payment-intents') return json(200, { intents: [], nextCursor: null });
      return notFound();
    },
  };
  return worker;
}

/** A short digest standing for the worker's ETag over a body (FNV-1a, 32 bits). */
function digestOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

/** A pot id for the `index`th pot a test opens. */
function potIdOf(index: number): string {
  return `pot_${String(index).padStart(22, '0')}`;
}

let worker: PotWorker;
let clockMs: number;

beforeEach(() => {
  fakeBrowser.reset();
  worker = createPotWorker();
  clockMs = Date.parse('2026-11-25T10:00:00.000Z');
});

function api() {
  return createWorkerApi({ origin: 'http://worker.test', fetch: worker.fetch });
}

function requestsTo(prefix: string) {
  return worker.requests.filter((request) => request.path.startsWith(prefix));
}

describe('the organisation catalogue', () => {
  const catalogue = () =>
    createOrganisationCatalogue({ api: api(), storage: fakeBrowser.storage.local, now: () => clockMs });

  it('fetches once, keeps the list with its ETag in storage, and answers from it while fresh', async () => {
    const organisations = catalogue();
    expect(await organisations.organisations()).toEqual([ACF]);
    clockMs += ORGANISATION_CATALOGUE_FRESH_MS - 1;
    expect(await organisations.organisations()).toEqual([ACF]);
    expect(requestsTo('/v1/organisations')).toEqual([{ method: 'GET', path: '/v1/organisations', ifNoneMatch: null }]);
    const kept = (await fakeBrowser.storage.local.get(ORGANISATION_CATALOGUE_STORAGE_KEY))[
      ORGANISATION_CATALOGUE_STORAGE_KEY
    ];
    expect(kept).toMatchObject({ etag: '"organisations-1"', organisations: [ACF] });
  });

  it('revalidates once stale: a 304 keeps the list, a change replaces it; a restart asks conditionally', async () => {
    const organisations = catalogue();
    await organisations.organisations();
    clockMs += ORGANISATION_CATALOGUE_FRESH_MS;
    expect(await organisations.organisations()).toEqual([ACF]);
    expect(requestsTo('/v1/organisations').at(-1)?.ifNoneMatch).toBe('"organisations-1"');

    const fundovino = makeOrganisation({ xUserId: '1004', username: 'fundovino', kind: 'project_owner' });
    worker.organisations = [ACF, fundovino];
    worker.organisationsVersion = 2;
    expect(await organisations.organisations({ refresh: true })).toEqual([ACF, fundovino]);

    clockMs += ORGANISATION_CATALOGUE_FRESH_MS;
    const restarted = catalogue();
    expect(await restarted.organisations()).toEqual([ACF, fundovino]);
    expect(requestsTo('/v1/organisations').map((request) => request.ifNoneMatch)).toEqual([
      null,
      '"organisations-1"',
      '"organisations-1"',
      '"organisations-2"',
    ]);
  });

  it('drops a damaged kept copy, answers a kept copy when offline, and fails only with none', async () => {
    await fakeBrowser.storage.local.set({
      [ORGANISATION_CATALOGUE_STORAGE_KEY]: { etag: '"x"', fetchedAtMs: clockMs, organisations: [{ id: 'nope' }] },
    });
    worker.offline = true;
    await expect(catalogue().organisations()).rejects.toBeInstanceOf(WorkerProblem);
    worker.offline = false;
    const organisations = catalogue();
    expect(await organisations.organisations()).toEqual([ACF]);
    worker.offline = true;
    clockMs += ORGANISATION_CATALOGUE_FRESH_MS;
    expect(await organisations.organisations()).toEqual([ACF]);
  });
});

function potCatalogue() {
  return createPotCatalogue({ api: api(), storage: fakeBrowser.storage.local, now: () => clockMs });
}

/** Requests about one pot (`GET /v1/pots/:ref`), apart from the list of open pots. */
function potRequests() {
  return requestsTo('/v1/pots/');
}

function listRequests() {
  return worker.requests.filter((request) => request.path === '/v1/pots');
}

describe('the catalogue of open pots', () => {
  it('fetches once, keeps the list with its ETag in storage, and answers from it while fresh', async () => {
    const catalogue = potCatalogue();
    expect(await catalogue.openPotId('POTJULIE')).toBe(makePot().id);
    clockMs += POT_CATALOGUE_FRESH_MS - 1;
    expect(await catalogue.openPotId('weekend')).toBeNull();
    expect(listRequests()).toEqual([{ method: 'GET', path: '/v1/pots', ifNoneMatch: null }]);
    const kept = (await fakeBrowser.storage.local.get(POT_CATALOGUE_STORAGE_KEY))[POT_CATALOGUE_STORAGE_KEY];
    expect(kept).toMatchObject({ pots: [{ id: makePot().id, kind: 'pot', hashtag: 'potJulie' }] });
    expect((kept as { etag: string }).etag).toMatch(/^"pots-/);
  });

  it('revalidates once a minute old; a restart asks conditionally; a stale mark asks at the next look', async () => {
    const catalogue = potCatalogue();
    await catalogue.openPotId('potJulie');
    const firstEtag = await keptPotsEtag();
    clockMs += POT_CATALOGUE_FRESH_MS;
    worker.pots.set('weekend', makePot({ id: potIdOf(1), hashtag: 'Weekend' }));
    expect(await catalogue.openPotId('weekend')).toBe(potIdOf(1));
    const secondEtag = await keptPotsEtag();
    expect(secondEtag).not.toBe(firstEtag);
    expect(listRequests().map((request) => request.ifNoneMatch)).toEqual([null, firstEtag]);

    const restarted = potCatalogue();
    expect(await restarted.openPotId('WEEKEND')).toBe(potIdOf(1));
    expect(listRequests()).toHaveLength(2);
    restarted.markStale();
    expect(await restarted.openPotId('weekend')).toBe(potIdOf(1));
    expect(listRequests().map((request) => request.ifNoneMatch)).toEqual([null, firstEtag, secondEtag]);
    expect(restarted.requestCount).toBe(1);
  });

  it('drops a damaged kept copy, uses a kept copy when offline, and fails only with none', async () => {
    await fakeBrowser.storage.local.set({
      [POT_CATALOGUE_STORAGE_KEY]: { etag: '"x"', fetchedAtMs: clockMs, pots: [{ id: 'nope', hashtag: '#' }] },
    });
    worker.offline = true;
    await expect(potCatalogue().openPotId('potJulie')).rejects.toBeInstanceOf(WorkerProblem);
    worker.offline = false;
    const catalogue = potCatalogue();
    expect(await catalogue.openPotId('potJulie')).toBe(makePot().id);
    worker.offline = true;
    clockMs += POT_CATALOGUE_FRESH_MS;
    expect(await catalogue.openPotId('potJulie')).toBe(makePot().id);
  });
});

/** The ETag the kept list was answered with. */
async function keptPotsEtag(): Promise<string> {
  const kept = (await fakeBrowser.storage.local.get(POT_CATALOGUE_STORAGE_KEY))[POT_CATALOGUE_STORAGE_KEY];
  const etag = (kept as { etag?: unknown } | undefined)?.etag;
  expect(etag).toMatch(/^"pots-[0-9a-f]+"$/);
  return etag as string;
}

describe('the pot lookup', () => {
  const lookup = (catalogue = potCatalogue()) => createPotLookup({ api: api(), catalogue, now: () => clockMs });

  it('answers a pot by hashtag whatever its case, kept for a while, then revalidated with its ETag', async () => {
    const pots = lookup();
    expect(await pots.pot('potJulie')).toEqual(makePot());
    expect(await pots.pot('POTJULIE')).toEqual(makePot());
    clockMs += POT_FRESH_MS - 1;
    await pots.pot('potjulie');
    expect(potRequests()).toHaveLength(1);
    clockMs += 1;
    expect(await pots.pot('potJulie')).toEqual(makePot());
    expect(potRequests().map((request) => request.ifNoneMatch)).toEqual([null, '"pot-1"']);
  });

  it('asks the worker nothing about a hashtag the list does not name, and about one it names', async () => {
    const pots = lookup();
    for (const hashtag of ['weekend', 'Caturday', 'été2026', 'potJulie2']) expect(await pots.pot(hashtag)).toBeNull();
    expect(potRequests()).toEqual([]);
    expect(listRequests()).toHaveLength(1);
    expect(await pots.pot('potJulie')).toEqual(makePot());
    expect(potRequests()).toEqual([{ method: 'GET', path: '/v1/pots/potJulie', ifNoneMatch: null }]);
    expect(pots.requestCount).toBe(1);
  });

  it('shows a pot opened after the last refresh from the next refresh on', async () => {
    const pots = lookup();
    expect(await pots.pot('weekend')).toBeNull();
    worker.pots.set('weekend', makePot({ id: potIdOf(1), hashtag: 'weekend' }));
    clockMs += POT_CATALOGUE_FRESH_MS - 1;
    expect(await pots.pot('Weekend')).toBeNull();
    expect(potRequests()).toEqual([]);
    clockMs += 1;
    expect(await pots.pot('weekend')).toMatchObject({ id: potIdOf(1), hashtag: 'weekend' });
    expect(listRequests()).toHaveLength(2);
    expect(potRequests()).toHaveLength(1);
  });

  it('keeps the bar of a pot that closes, and brings the list up to date at the next look', async () => {
    const catalogue = potCatalogue();
    const pots = lookup(catalogue);
    await pots.pot('potJulie');
    worker.pots.set('potjulie', makePot({ state: 'closed', closedAt: '2026-11-25T10:00:05.000Z' }));
    worker.potVersion = 2;
    expect(await pots.pot('potJulie', { refresh: true })).toMatchObject({ state: 'closed' });
    expect(listRequests()).toHaveLength(1);
    expect(await pots.pot('weekend')).toBeNull();
    expect(listRequests()).toHaveLength(2);
    expect(await catalogue.openPotId('potJulie')).toBeNull();
    // Already answered, the closed pot is still asked about with its ETag while it is shown.
    clockMs += POT_FRESH_MS;
    expect(await pots.pot('potJulie')).toMatchObject({ state: 'closed' });
    expect(potRequests().map((request) => request.ifNoneMatch)).toEqual([null, '"pot-1"', '"pot-2"']);
    // A background that never answered it asks nothing.
    const restarted = lookup();
    expect(await restarted.pot('potJulie')).toBeNull();
    expect(potRequests()).toHaveLength(3);
  });

  it('marks the list stale when the worker knows no pot it names, and believes the list over a kept "none"', async () => {
    const catalogue = potCatalogue();
    const pots = lookup(catalogue);
    await catalogue.refresh();
    const julie = worker.pots.get('potjulie')!;
    // The list names a pot the worker then knows nothing of (the options named another worker, say).
    worker.pots.delete('potjulie');
    expect(await pots.pot('potJulie')).toBeNull();
    expect(potRequests()).toHaveLength(1);
    // Marked stale, the list is asked again at the next look; it no longer names the hashtag.
    expect(await pots.pot('potJulie')).toBeNull();
    expect(listRequests()).toHaveLength(2);
    expect(potRequests()).toHaveLength(1);
    // Listed again at a later refresh: the worker is asked, unconditionally.
    worker.pots.set('potjulie', julie);
    clockMs += POT_CATALOGUE_FRESH_MS;
    expect(await pots.pot('potJulie')).toEqual(makePot());
    expect(potRequests().map((request) => request.ifNoneMatch)).toEqual([null, null]);
  });

  it('asks again at once for a pot made stale by a contribution, and sees the new total', async () => {
    const pots = lookup();
    await pots.pot('potJulie');
    worker.pots.set('potjulie', makePot({ totalMinor: 4500, contributionCount: 2 }));
    worker.potVersion = 2;
    pots.forget('POTJULIE');
    expect(await pots.pot('potJulie')).toMatchObject({ totalMinor: 4500, contributionCount: 2 });
    expect(potRequests().map((request) => request.ifNoneMatch)).toEqual([null, '"pot-1"']);
  });

  it('sends one request for lookups asked together, and answers the kept pot when offline', async () => {
    const pots = lookup();
    const answers = await Promise.all([pots.pot('potJulie'), pots.pot('potjulie'), pots.pot('PotJulie')]);
    expect(answers.map((pot) => pot?.id)).toEqual([makePot().id, makePot().id, makePot().id]);
    expect(pots.requestCount).toBe(1);
    expect(listRequests()).toHaveLength(1);
    worker.offline = true;
    clockMs += POT_CATALOGUE_FRESH_MS;
    expect(await pots.pot('potJulie')).toEqual(makePot());
    expect(await pots.pot('neverSeen')).toBeNull();
    await fakeBrowser.storage.local.clear();
    await expect(lookup().pot('potJulie')).rejects.toBeInstanceOf(WorkerProblem);
  });

  it('forgets the oldest hashtags beyond its bound', async () => {
    for (let index = 0; index <= POT_LOOKUP_ENTRIES_MAX; index += 1) {
      worker.pots.set(`tag${index}`, makePot({ id: potIdOf(index), hashtag: `tag${index}` }));
    }
    const pots = lookup();
    for (let index = 0; index <= POT_LOOKUP_ENTRIES_MAX; index += 1) await pots.pot(`tag${index}`);
    const before = pots.requestCount;
    await pots.pot(`tag${POT_LOOKUP_ENTRIES_MAX}`);
    expect(pots.requestCount).toBe(before);
    await pots.pot('tag0');
    expect(pots.requestCount).toBe(before + 1);
  });
});

describe('the organisation and pot actions', () => {
  let context: BackgroundContext;
  let router: Router;

  beforeEach(() => {
    context = {
      api: api(),
      session: createSessionStore(fakeBrowser.storage.local),
      browser: fakeBrowser,
      tweetStatus: createTweetStatusCache(() => clockMs),
      confirmationWindows: new Map(),
      reportedTweets: new Map(),
      sleep: async (ms) => {
        clockMs += ms;
      },
      now: () => clockMs,
    };
    context.organisations = createOrganisationCatalogue({
      api: context.api,
      storage: fakeBrowser.storage.local,
      now: () => clockMs,
    });
    context.potCatalogue = potCatalogue();
    context.pots = createPotLookup({ api: context.api, catalogue: context.potCatalogue, now: () => clockMs });
    router = createRouter(context, {
      extensionId: 'test-extension-id',
      extensionBaseUrl: EXTENSION_BASE,
      onUnexpectedError: (error) => {
        throw error;
      },
    });
  });

  function send<Name extends ActionName>(
    action: Name,
    request: ActionRequest<Name>,
    sender = CONTENT_SCRIPT,
  ): Promise<ActionResult<Name>> {
    return router({ hashpay: action, request }, sender) as Promise<ActionResult<Name>>;
  }

  it('answer the organisations and pots to content scripts, with no session', async () => {
    expect(await send('get-organisations', {})).toEqual({ ok: true, value: { organisations: [ACF] } });
    expect(await send('get-pot', { hashtag: 'potJulie' })).toEqual({ ok: true, value: { pot: makePot() } });
    expect(await send('get-pot', { hashtag: 'weekend' })).toEqual({ ok: true, value: { pot: null } });
    // Only the open pot's hashtag reached the worker; the other was answered from the list.
    expect(potRequests().map((request) => request.path)).toEqual(['/v1/pots/potJulie']);
  });

  it('bring the open pots up to date when a page starts, so a pot opened just before shows', async () => {
    expect(await send('get-pot', { hashtag: 'weekend' })).toEqual({ ok: true, value: { pot: null } });
    worker.pots.set('weekend', makePot({ id: potIdOf(1), hashtag: 'weekend' }));
    clockMs += POT_CATALOGUE_PAGE_FRESH_MS;
    expect(await send('refresh-open-pots', {})).toEqual({ ok: true, value: {} });
    expect(await send('get-pot', { hashtag: 'weekend' })).toMatchObject({
      ok: true,
      value: { pot: { id: potIdOf(1) } },
    });
    // Pages starting together share the request; a list this young is not asked again.
    const before = listRequests().length;
    clockMs += POT_CATALOGUE_PAGE_FRESH_MS - 1;
    await Promise.all([send('refresh-open-pots', {}), send('refresh-open-pots', {})]);
    expect(listRequests()).toHaveLength(before);
    const extra = await send('refresh-open-pots', { hashtag: 'weekend' } as never);
    expect(!extra.ok && extra.error.code).toBe('invalid-request');
  });

  it('refuse a request that is not a hashtag, asking the worker nothing', async () => {
    for (const hashtag of ['', '#potJulie', '../me', '123', 'a'.repeat(41)]) {
      const result = await send('get-pot', { hashtag });
      expect(!result.ok && result.error.code, hashtag).toBe('invalid-request');
    }
    const extra = await send('get-pot', { hashtag: 'potJulie', extra: 1 } as never);
    expect(!extra.ok && extra.error.code).toBe('invalid-request');
    expect(requestsTo('/v1/pots')).toHaveLength(0);
  });

  it('say so when the background keeps no lookup', async () => {
    delete context.pots;
    delete context.potCatalogue;
    delete context.organisations;
    const pot = await send('get-pot', { hashtag: 'potJulie' });
    expect(!pot.ok && pot.error.code).toBe('unavailable');
    const started = await send('refresh-open-pots', {});
    expect(!started.ok && started.error.code).toBe('unavailable');
    const organisations = await send('get-organisations', {});
    expect(!organisations.ok && organisations.error.code).toBe('unavailable');
  });

  it('show the new total after the user confirms a contribution, and tell the open tabs', async () => {
    const told: Array<{ tabId: number; message: unknown }> = [];
    const timeline = await fakeBrowser.tabs.create({ url: 'https://x.com/home' });
    await fakeBrowser.tabs.create({ url: 'https://example.com/' });
    fakeBrowser.tabs.sendMessage = (async (tabId: number, message: unknown) => {
      // A tab without the content script refuses; the others still hear.
      if (tabId !== timeline.id) throw new Error('Could not establish connection. Receiving end does not exist.');
      told.push({ tabId, message });
    }) as typeof fakeBrowser.tabs.sendMessage;
    await context.session.set({ token: TOKEN, user: ALICE, expiresAt: '2999-01-01T00:00:00.000Z' });
    expect(await send('get-pot', { hashtag: 'potJulie' })).toMatchObject({
      ok: true,
      value: { pot: { totalMinor: 2000 } },
    });
    const pot = makePot();
    worker.confirmAnswer = makeIntent({
      status: 'settled',
      purpose: 'contribution',
      payee: pot.organiser,
      pot: { id: pot.id, kind: 'pot', hashtag: pot.hashtag, title: pot.title, deadlineAt: pot.deadlineAt },
    });
    worker.pots.set('potjulie', makePot({ totalMinor: 3250, contributionCount: 2 }));
    worker.potVersion = 2;
    const confirmed = await send('confirm', { intentId: worker.confirmAnswer.id }, CONFIRM_WINDOW);
    expect(confirmed.ok).toBe(true);
    expect(await send('get-pot', { hashtag: 'potJulie' })).toMatchObject({
      ok: true,
      value: { pot: { totalMinor: 3250 } },
    });
    await vi.waitFor(() => expect(told).toEqual([{ tabId: timeline.id, message: potChangedMessage('potJulie') }]));
  });

  it('tell the tabs nothing for a plain payment', async () => {
    const told: unknown[] = [];
    await fakeBrowser.tabs.create({ url: 'https://x.com/home' });
    fakeBrowser.tabs.sendMessage = (async (_tabId: number, message: unknown) => {
      told.push(message);
    }) as typeof fakeBrowser.tabs.sendMessage;
    await context.session.set({ token: TOKEN, user: ALICE, expiresAt: '2999-01-01T00:00:00.000Z' });
    worker.confirmAnswer = makeIntent({ status: 'settled' });
    expect((await send('confirm', { intentId: worker.confirmAnswer.id }, CONFIRM_WINDOW)).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(told).toEqual([]);
  });

  it('hear only well-formed pot announcements', () => {
    expect(isPotChangedMessage(potChangedMessage('potJulie'))).toBe(true);
    for (const message of [
      null,
      'pot-changed',
      { hashpayEvent: 'pot-changed' },
      { hashpayEvent: 'pot-changed', hashtag: '<b>' },
      { hashpay: 'get-pot', hashtag: 'potJulie' },
    ]) {
      expect(isPotChangedMessage(message), JSON.stringify(message)).toBe(false);
    }
  });
});
