import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createWorkerApi } from '../../extension/background/api';
import type { BackgroundContext } from '../../extension/background/context';
import { createRouter, type MessageSender, type Router } from '../../extension/background/router';
import { createSessionStore } from '../../extension/background/session';
import { createTweetStatusCache } from '../../extension/background/tweet-status-cache';
import { createWorkerApiFollowingOptions } from '../../extension/background/worker-api-from-options';
import type { ActionName, ActionRequest, ActionResult } from '../../extension/lib/messages';
import { DEFAULT_OPTIONS, saveOptions } from '../../extension/lib/options';
import { ALICE, makeIntent, TOKEN } from './support/fake-worker';

// The popup's background actions: balances, history pages and sandbox top-ups, over a recorded fetch.

const EXTENSION_BASE = 'chrome-extension://test-extension-id/';
const POPUP: MessageSender = { id: 'test-extension-id', url: `${EXTENSION_BASE}popup.html` };
const CONTENT_SCRIPT: MessageSender = { id: 'test-extension-id', url: 'https://x.com/home' };
const BALANCES = [{ kind: 'wallet', currency: 'EUR', availableMinor: 900, reservedMinor: 100, postedMinor: 1_000 }];

interface Recorded {
  method: string;
  url: string;
  authorization: string | null;
  body: unknown;
}

let requests: Recorded[];
let router: Router;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  const headers = new Headers(init?.headers);
  requests.push({
    method: init?.method ?? 'GET',
    url,
    authorization: headers.get('authorization'),
    body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
  });
  const path = new URL(url).pathname;
  if (path === '/v1/balances') return json({ balances: BALANCES });
  if (path === '/v1/history') return json({ intents: [makeIntent({ status: 'settled' })], nextCursor: null });
  if (path === '/v1/sandbox/top-ups') return json({ status: 'created', transfer: {} }, 201);
  return json({ type: 'about:blank', title: 'Not found', status: 404, detail: 'nothing here' }, 404);
}) as typeof fetch;

function contextWith(api = createWorkerApi({ origin: 'http://worker.test', fetch: fakeFetch })): BackgroundContext {
  return {
    api,
    session: createSessionStore(fakeBrowser.storage.local),
    browser: fakeBrowser,
    tweetStatus: createTweetStatusCache(() => 0),
    confirmationWindows: new Map(),
    reportedTweets: new Map(),
    sleep: async () => {},
    now: () => Date.parse('2026-11-25T10:00:00.000Z'),
  };
}

function send<Name extends ActionName>(
  sender: MessageSender,
  action: Name,
  request: ActionRequest<Name>,
): Promise<ActionResult<Name>> {
  return router({ hashpay: action, request }, sender) as Promise<ActionResult<Name>>;
}

async function linkAlice(context: BackgroundContext): Promise<void> {
  await context.session.set({ token: TOKEN, user: ALICE, expiresAt: '2999-01-01T00:00:00.000Z' });
}

let context: BackgroundContext;

beforeEach(() => {
  fakeBrowser.reset();
  requests = [];
  context = contextWith();
  router = createRouter(context, {
    extensionId: 'test-extension-id',
    extensionBaseUrl: EXTENSION_BASE,
    onUnexpectedError: (error) => {
      throw error;
    },
  });
});

describe('get-balances', () => {
  it('asks the worker with the session and answers the balances', async () => {
    await linkAlice(context);
    expect(await send(POPUP, 'get-balances', {})).toEqual({ ok: true, value: { balances: BALANCES } });
    expect(requests).toEqual([
      { method: 'GET', url: 'http://worker.test/v1/balances', authorization: `Bearer ${TOKEN}`, body: undefined },
    ]);
  });

  it('says to link first when there is no session, without asking the worker', async () => {
    const result = await send(POPUP, 'get-balances', {});
    expect(result.ok ? null : result.error.code).toBe('not-linked');
    expect(requests).toEqual([]);
  });

  it('is not for content scripts', async () => {
    await linkAlice(context);
    const result = await send(CONTENT_SCRIPT, 'get-balances', {});
    expect(result.ok ? null : result.error.code).toBe('forbidden');
    expect(requests).toEqual([]);
  });
});

describe('get-history', () => {
  it('asks one page by role and cursor', async () => {
    await linkAlice(context);
    const result = await send(POPUP, 'get-history', { role: 'payer', before: `1764064800000.pi_${'a'.repeat(22)}` });
    expect(result.ok && result.value.intents).toHaveLength(1);
    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe('/v1/history');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      role: 'payer',
      limit: '20',
      before: `1764064800000.pi_${'a'.repeat(22)}`,
    });
  });

  it('refuses a bad role or page size and asks nothing', async () => {
    await linkAlice(context);
    for (const request of [{ role: 'everyone' }, { role: 'any', limit: 1_000 }, { role: 'any', extra: 1 }]) {
      const result = await send(POPUP, 'get-history', request as ActionRequest<'get-history'>);
      expect(result.ok ? null : result.error.code).toBe('invalid-request');
    }
    expect(requests).toEqual([]);
  });
});

describe('top-up', () => {
  it('adds sandbox money to the linked user’s own wallet, keyed by the click, and answers the balances', async () => {
    await linkAlice(context);
    const requestId = 'a'.repeat(32);
    const result = await send(POPUP, 'top-up', { currency: 'EUR', amountMinor: 10_000, requestId });
    expect(result).toEqual({ ok: true, value: { balances: BALANCES } });
    expect(requests[0]).toEqual({
      method: 'POST',
      url: 'http://worker.test/v1/sandbox/top-ups',
      authorization: null,
      body: { clientId: `top-up-${requestId}`, owner: ALICE.id, currency: 'EUR', amountMinor: 10_000 },
    });
  });

  it('refuses amounts that are not whole minor units or too large, and moves nothing', async () => {
    await linkAlice(context);
    for (const amountMinor of [12.5, 0, -100, 100_001]) {
      const result = await send(POPUP, 'top-up', { currency: 'EUR', amountMinor, requestId: 'b'.repeat(32) });
      expect(result.ok ? null : result.error.code, String(amountMinor)).toBe('invalid-request');
    }
    expect(requests).toEqual([]);
  });
});

describe('the worker address from the options', () => {
  it('uses the build’s worker until the options name another, then that one at once', async () => {
    const api = createWorkerApiFollowingOptions(fakeBrowser.storage.local, 'http://build.test', (options) =>
      createWorkerApi({ ...options, fetch: fakeFetch }),
    );
    await api.balances(TOKEN);
    await saveOptions(fakeBrowser.storage.local, { ...DEFAULT_OPTIONS, workerOrigin: 'https://pay.example.org' });
    await api.balances(TOKEN);
    expect(requests.map((request) => new URL(request.url).origin)).toEqual([
      'http://build.test',
      'https://pay.example.org',
    ]);
  });

  it('talks only to the build’s worker in a store build, whatever the options name', async () => {
    const api = createWorkerApiFollowingOptions(
      fakeBrowser.storage.local,
      'https://build.test',
      (options) => createWorkerApi({ ...options, fetch: fakeFetch }),
      false,
    );
    await saveOptions(fakeBrowser.storage.local, { ...DEFAULT_OPTIONS, workerOrigin: 'https://pay.example.org' });
    await api.balances(TOKEN);
    expect(requests.map((request) => new URL(request.url).origin)).toEqual(['https://build.test']);
  });
});
