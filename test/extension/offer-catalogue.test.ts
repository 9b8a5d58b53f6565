import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createWorkerApi, WorkerProblem } from '../../extension/background/api';
import type { BackgroundContext } from '../../extension/background/context';
import {
  CLAIMS_FRESH_MS,
  createOfferCatalogue,
  OFFER_CATALOGUE_FRESH_MS,
  OFFER_CATALOGUE_STORAGE_KEY,
  type OfferCatalogue,
} from '../../extension/background/offer-catalogue';
import { createRouter, type MessageSender, type Router } from '../../extension/background/router';
import { createSessionStore } from '../../extension/background/session';
import { createTweetStatusCache } from '../../extension/background/tweet-status-cache';
import type { ActionName, ActionRequest, ActionResult } from '../../extension/lib/messages';
import type { CatalogueOffer, Claim } from '../../shared/contract/offers';
import { makeOffer } from './support/offers';

/**
 * The offer catalogue and the user's claims in the background, against a worker stand-in that
 * answers `GET /v1/offers` with an ETag and honours `If-None-Match` like the real one.
 */

const TOKEN = `hps_${'T'.repeat(43)}`;
const ALICE = { id: 'usr_alice', xUserId: '1001', username: 'alice', name: 'Alice A.', profileImageUrl: null };
const BOB = { id: 'usr_bob', xUserId: '1002', username: 'bob', name: 'Bob B.' };
const EXTENSION_BASE = 'chrome-extension://test-extension-id/';
const CONTENT_SCRIPT: MessageSender = { id: 'test-extension-id', url: 'https://x.com/home' };
const WHOLE_FOODS = makeOffer();
const ELECTRO = makeOffer({ id: `of_${'e'.repeat(22)}`, hashtag: 'HashpayElectro' });

interface OfferWorker {
  fetch: typeof fetch;
  offers: CatalogueOffer[];
  /** Bumped whenever `offers` changes, as the worker's ETag is. */
  version: number;
  claims: Map<string, Claim[]>;
  reportAnswer: unknown;
  offline: boolean;
  requests: Array<{ path: string; ifNoneMatch: string | null; authorization: string | null }>;
}

function createOfferWorker(): OfferWorker {
  const worker: OfferWorker = {
    offers: [WHOLE_FOODS],
    version: 1,
    claims: new Map(),
    reportAnswer: { outcome: 'not-a-payment', intent: null },
    offline: false,
    requests: [],
    fetch: async (input, init) => {
      if (worker.offline) throw new TypeError('Failed to fetch');
      const url = new URL(String(input));
      const headers = new Headers(init?.headers);
      const authorization = headers.get('authorization');
      worker.requests.push({ path: url.pathname, ifNoneMatch: headers.get('if-none-match'), authorization });
      const json = (status: number, body: unknown, extra: Record<string, string> = {}) =>
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...extra } });
      if (url.pathname === '/v1/offers') {
        const etag = `"catalogue-${worker.version}"`;
        if (headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag } });
        return json(200, { offers: worker.offers }, { etag });
      }
      const user =
        authorization === `Bearer ${TOKEN}`
          ? ALICE
          : authorization === `Bearer ${TOKEN.replace('T', 'B')}`
            ? BOB
            : null;
      if (user === null) {
        return new Response(
          JSON.stringify({
            type: 'https://hashpay.example/problems/unauthorized',
            title: 'x',
            status: 401,
            detail: 'x',
          }),
          { status: 401, headers: { 'content-type': 'application/problem+json' } },
        );
      }
      if (url.pathname === '/v1/offers/claims') return json(200, { claims: worker.claims.get(user.xUserId) ?? [] });
      if (url.pathname === '/v1/tweets/report') return json(200, worker.reportAnswer);
      // The badge's count, refreshed after each report.
      if (url.pathname === '/v1/payment-intents') return json(200, { intents: [], nextCursor: null });
      return json(404, { type: 'https://hashpay.example/problems/not-found', title: 'x', status: 404, detail: 'x' });
    },
  };
  return worker;
}

let worker: OfferWorker;
let clockMs: number;

function catalogueOver(storage = fakeBrowser.storage.local): OfferCatalogue {
  return createOfferCatalogue({
    api: createWorkerApi({ origin: 'http://worker.test', fetch: worker.fetch }),
    storage,
    now: () => clockMs,
  });
}

function catalogueRequests() {
  return worker.requests.filter((request) => request.path === '/v1/offers');
}

beforeEach(() => {
  fakeBrowser.reset();
  worker = createOfferWorker();
  clockMs = Date.parse('2026-11-25T10:00:00.000Z');
});

describe('the offer catalogue', () => {
  it('fetches once, keeps the copy with its ETag, and answers from it while fresh', async () => {
    const catalogue = catalogueOver();
    expect(await catalogue.offers()).toEqual([WHOLE_FOODS]);
    clockMs += OFFER_CATALOGUE_FRESH_MS - 1;
    expect(await catalogue.offers()).toEqual([WHOLE_FOODS]);
    expect(catalogueRequests()).toEqual([{ path: '/v1/offers', ifNoneMatch: null, authorization: null }]);
    const kept = (await fakeBrowser.storage.local.get(OFFER_CATALOGUE_STORAGE_KEY))[OFFER_CATALOGUE_STORAGE_KEY];
    expect(kept).toMatchObject({ etag: '"catalogue-1"', offers: [WHOLE_FOODS] });
  });

  it('asks again with If-None-Match once stale: a 304 keeps the offers, a change replaces them', async () => {
    const catalogue = catalogueOver();
    await catalogue.offers();
    clockMs += OFFER_CATALOGUE_FRESH_MS;
    expect(await catalogue.offers()).toEqual([WHOLE_FOODS]);
    expect(catalogueRequests().at(-1)?.ifNoneMatch).toBe('"catalogue-1"');
    // The 304 made the copy fresh again.
    await catalogue.offers();
    expect(catalogueRequests()).toHaveLength(2);

    worker.offers = [WHOLE_FOODS, ELECTRO];
    worker.version = 2;
    expect(await catalogue.offers({ refresh: true })).toEqual([WHOLE_FOODS, ELECTRO]);
    expect(catalogueRequests()).toHaveLength(3);
    clockMs += OFFER_CATALOGUE_FRESH_MS;
    await catalogue.offers();
    expect(catalogueRequests().at(-1)?.ifNoneMatch).toBe('"catalogue-2"');
  });

  it('starts a restarted background from the kept copy, asking conditionally', async () => {
    await catalogueOver().offers();
    clockMs += OFFER_CATALOGUE_FRESH_MS;
    const restarted = catalogueOver();
    expect(await restarted.refresh()).toEqual([WHOLE_FOODS]);
    expect(catalogueRequests().map((request) => request.ifNoneMatch)).toEqual([null, '"catalogue-1"']);
  });

  it('drops a damaged or foreign kept copy and fetches the whole catalogue', async () => {
    await fakeBrowser.storage.local.set({
      [OFFER_CATALOGUE_STORAGE_KEY]: { etag: '"catalogue-1"', fetchedAtMs: clockMs, offers: [{ id: 'nope' }] },
    });
    expect(await catalogueOver().offers()).toEqual([WHOLE_FOODS]);
    expect(catalogueRequests().map((request) => request.ifNoneMatch)).toEqual([null]);
  });

  it('answers the kept copy when the worker cannot be reached, and fails only with no copy at all', async () => {
    worker.offline = true;
    await expect(catalogueOver().offers()).rejects.toBeInstanceOf(WorkerProblem);
    worker.offline = false;
    const catalogue = catalogueOver();
    await catalogue.offers();
    worker.offline = true;
    clockMs += OFFER_CATALOGUE_FRESH_MS;
    expect(await catalogue.offers()).toEqual([WHOLE_FOODS]);
  });

  it('sends one request for refreshes asked at the same time', async () => {
    const catalogue = catalogueOver();
    const answers = await Promise.all([catalogue.refresh(), catalogue.refresh(), catalogue.offers()]);
    expect(answers).toEqual([[WHOLE_FOODS], [WHOLE_FOODS], [WHOLE_FOODS]]);
    expect(catalogue.catalogueRequestCount).toBe(1);
    expect(catalogueRequests()).toHaveLength(1);
  });
});

describe('the user’s claims', () => {
  const claim: Claim = {
    offerId: WHOLE_FOODS.id,
    hashtag: WHOLE_FOODS.hashtag,
    status: 'enrolled',
    claimedAt: '2026-11-25T09:00:00.000Z',
    tweetId: '1861000000000000001',
  };
  const alice = { token: TOKEN, xUserId: ALICE.xUserId };
  const bob = { token: TOKEN.replace('T', 'B'), xUserId: BOB.xUserId };

  it('are asked with the session, kept for a while, and never shown to another account', async () => {
    worker.claims.set(ALICE.xUserId, [claim]);
    const catalogue = catalogueOver();
    expect(await catalogue.claims(alice)).toEqual([claim]);
    expect(await catalogue.claims(alice)).toEqual([claim]);
    expect(worker.requests.filter((request) => request.path === '/v1/offers/claims')).toEqual([
      { path: '/v1/offers/claims', ifNoneMatch: null, authorization: `Bearer ${TOKEN}` },
    ]);
    expect(await catalogue.claims(bob)).toEqual([]);
    clockMs += CLAIMS_FRESH_MS;
    expect(await catalogue.claims(alice)).toEqual([claim]);
    expect(worker.requests.filter((request) => request.path === '/v1/offers/claims')).toHaveLength(3);
  });

  it('take in a claim the worker just enrolled, once, for its user only', async () => {
    const catalogue = catalogueOver();
    expect(await catalogue.claims(alice)).toEqual([]);
    const enrolled = {
      offerId: WHOLE_FOODS.id,
      hashtag: WHOLE_FOODS.hashtag,
      status: 'enrolled' as const,
      refusalReason: null,
      claimedAt: claim.claimedAt,
    };
    catalogue.recordClaim(alice, enrolled, claim.tweetId);
    catalogue.recordClaim(alice, enrolled, claim.tweetId);
    catalogue.recordClaim(bob, enrolled, claim.tweetId);
    catalogue.recordClaim(
      alice,
      { ...enrolled, offerId: ELECTRO.id, status: 'refused', refusalReason: 'fully-redeemed' },
      '1',
    );
    expect(await catalogue.claims(alice)).toEqual([claim]);
    expect(worker.requests.filter((request) => request.path === '/v1/offers/claims')).toHaveLength(1);
  });
});

describe('the offer actions', () => {
  let context: BackgroundContext;
  let router: Router;

  beforeEach(() => {
    context = {
      api: createWorkerApi({ origin: 'http://worker.test', fetch: worker.fetch }),
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
    context.offers = createOfferCatalogue({ api: context.api, storage: fakeBrowser.storage.local, now: () => clockMs });
    router = createRouter(context, {
      extensionId: 'test-extension-id',
      extensionBaseUrl: EXTENSION_BASE,
      onUnexpectedError: (error) => {
        throw error;
      },
    });
  });

  function send<Name extends ActionName>(action: Name, request: ActionRequest<Name>): Promise<ActionResult<Name>> {
    return router({ hashpay: action, request }, CONTENT_SCRIPT) as Promise<ActionResult<Name>>;
  }

  async function linkAlice(): Promise<void> {
    await context.session.set({ token: TOKEN, user: ALICE, expiresAt: '2999-01-01T00:00:00.000Z' });
  }

  it('answer the catalogue to content scripts, with no session', async () => {
    expect(await send('get-offers', {})).toEqual({ ok: true, value: { offers: [WHOLE_FOODS] } });
    expect(await send('get-offers', { refresh: true })).toEqual({ ok: true, value: { offers: [WHOLE_FOODS] } });
    expect(catalogueRequests()).toHaveLength(2);
    const bad = await send('get-offers', { refresh: 'yes' } as never);
    expect(!bad.ok && bad.error.code).toBe('invalid-request');
  });

  it('answer claims only to a linked user', async () => {
    const unlinked = await send('get-claims', {});
    expect(!unlinked.ok && unlinked.error.code).toBe('not-linked');
    await linkAlice();
    expect(await send('get-claims', {})).toEqual({ ok: true, value: { claims: [] } });
  });

  it('say so when the background keeps no catalogue', async () => {
    delete context.offers;
    const result = await send('get-offers', {});
    expect(!result.ok && result.error.code).toBe('unavailable');
  });

  it('report a claim tweet once, hand its claim to the page, and count it among the user’s claims', async () => {
    await linkAlice();
    expect(await send('get-claims', {})).toEqual({ ok: true, value: { claims: [] } });
    const claim = {
      offerId: WHOLE_FOODS.id,
      hashtag: WHOLE_FOODS.hashtag,
      status: 'enrolled',
      refusalReason: null,
      claimedAt: '2026-11-25T10:00:00.000Z',
    };
    worker.reportAnswer = { outcome: 'offer-claimed', intent: null, claim };
    expect(await send('report-tweet', { tweetId: '1861000000000000042' })).toEqual({
      ok: true,
      value: { outcome: 'offer-claimed', claim },
    });
    // Claimed is final: no retry, and the toast fallback's second report asks the worker nothing.
    expect(await send('report-tweet', { tweetId: '1861000000000000042' })).toEqual({
      ok: true,
      value: { outcome: 'offer-claimed' },
    });
    expect(worker.requests.filter((request) => request.path === '/v1/tweets/report')).toHaveLength(1);
    const claims = await send('get-claims', {});
    expect(claims.ok && claims.value.claims).toEqual([
      {
        offerId: WHOLE_FOODS.id,
        hashtag: WHOLE_FOODS.hashtag,
        status: 'enrolled',
        claimedAt: claim.claimedAt,
        tweetId: '1861000000000000042',
      },
    ]);
    expect(worker.requests.filter((request) => request.path === '/v1/offers/claims')).toHaveLength(1);
  });

  it('report a refused claim with its reason, without retrying', async () => {
    await linkAlice();
    const claim = {
      offerId: WHOLE_FOODS.id,
      hashtag: WHOLE_FOODS.hashtag,
      status: 'refused',
      refusalReason: 'enrol-by-passed',
      claimedAt: null,
    };
    worker.reportAnswer = { outcome: 'offer-refused', intent: null, claim };
    expect(await send('report-tweet', { tweetId: '1861000000000000043' })).toEqual({
      ok: true,
      value: { outcome: 'offer-refused', claim },
    });
    expect(worker.requests.filter((request) => request.path === '/v1/tweets/report')).toHaveLength(1);
  });
});
