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
  createPotLookup,
  POT_FRESH_MS,
  POT_LOOKUP_ENTRIES_MAX,
  POT_MISSING_FRESH_MS,
} from '../../extension/background/pot-lookup';
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
 * The verified organisations and the pot lookup in the background, against a worker stand-in
 * that answers `GET /v1/organisations` and `GET /v1/pots/:ref` with ETags and honours
 * `If-None-Match` like the real one.
 */

const EXTENSION_BASE = 'chrome-extension://test-extension-id/';
const CONTENT_SCRIPT: MessageSender = { id: 'test-extension-id', url: 'https://x.com/home' };
const CONFIRM_WINDOW: MessageSender = { id: 'test-extension-id', url: `${EXTENSION_BASE}confirm.html` };
const ACF = makeOrganisation();

interface PotWorker {
  fetch: typeof fetch;
  organisations: Organisation[];
  organisationsVersion: number;
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

describe('the pot lookup', () => {
  const lookup = () => createPotLookup({ api: api(), now: () => clockMs });

  it('answers a pot by hashtag whatever its case, kept for a while, then revalidated with its ETag', async () => {
    const pots = lookup();
    expect(await pots.pot('potJulie')).toEqual(makePot());
    expect(await pots.pot('POTJULIE')).toEqual(makePot());
    clockMs += POT_FRESH_MS - 1;
    await pots.pot('potjulie');
    expect(requestsTo('/v1/pots')).toHaveLength(1);
    clockMs += 1;
    expect(await pots.pot('potJulie')).toEqual(makePot());
    expect(requestsTo('/v1/pots').map((request) => request.ifNoneMatch)).toEqual([null, '"pot-1"']);
  });

  it('keeps "no such pot" longer, and asks again for it unconditionally', async () => {
    const pots = lookup();
    expect(await pots.pot('weekend')).toBeNull();
    clockMs += POT_MISSING_FRESH_MS - 1;
    expect(await pots.pot('Weekend')).toBeNull();
    expect(requestsTo('/v1/pots/weekend')).toHaveLength(1);
    clockMs += 1;
    worker.pots.set('weekend', makePot({ hashtag: 'weekend' }));
    expect((await pots.pot('weekend'))?.hashtag).toBe('weekend');
    expect(requestsTo('/v1/pots/weekend').map((request) => request.ifNoneMatch)).toEqual([null, null]);
  });

  it('asks again at once for a pot made stale by a contribution, and sees the new total', async () => {
    const pots = lookup();
    await pots.pot('potJulie');
    worker.pots.set('potjulie', makePot({ totalMinor: 4500, contributionCount: 2 }));
    worker.potVersion = 2;
    pots.forget('POTJULIE');
    expect(await pots.pot('potJulie')).toMatchObject({ totalMinor: 4500, contributionCount: 2 });
    expect(requestsTo('/v1/pots').map((request) => request.ifNoneMatch)).toEqual([null, '"pot-1"']);
  });

  it('sends one request for lookups asked together, and answers the kept pot when offline', async () => {
    const pots = lookup();
    const answers = await Promise.all([pots.pot('potJulie'), pots.pot('potjulie'), pots.pot('PotJulie')]);
    expect(answers.map((pot) => pot?.id)).toEqual([makePot().id, makePot().id, makePot().id]);
    expect(pots.requestCount).toBe(1);
    worker.offline = true;
    clockMs += POT_FRESH_MS;
    expect(await pots.pot('potJulie')).toEqual(makePot());
    await expect(pots.pot('neverSeen')).rejects.toBeInstanceOf(WorkerProblem);
  });

  it('forgets the oldest hashtags beyond its bound', async () => {
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
    context.pots = createPotLookup({ api: context.api, now: () => clockMs });
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
    delete context.organisations;
    const pot = await send('get-pot', { hashtag: 'potJulie' });
    expect(!pot.ok && pot.error.code).toBe('unavailable');
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
