import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createWorkerApi } from '../../extension/background/api';
import type { BackgroundContext } from '../../extension/background/context';
import { createRouter, type MessageSender, type Router } from '../../extension/background/router';
import { createSessionStore, SESSION_STORAGE_KEY } from '../../extension/background/session';
import { createTweetStatusCache } from '../../extension/background/tweet-status-cache';
import { CONTENT_SCRIPT_ACTIONS } from '../../extension/lib/messages';
import { ALICE, createFakeWorker, type FakeWorker, TOKEN } from './support/fake-worker';

// The background's unlink: `DELETE /v1/me` on the worker, then the stored session is forgotten.

const EXTENSION_BASE = 'chrome-extension://test-extension-id/';
const POPUP: MessageSender = { id: 'test-extension-id', url: `${EXTENSION_BASE}popup.html` };
const CONTENT_SCRIPT: MessageSender = { id: 'test-extension-id', url: 'https://x.com/home' };

let worker: FakeWorker;
let context: BackgroundContext;
let router: Router;
/** When set, every request fails as if the worker could not be reached. */
let offline: boolean;

beforeEach(async () => {
  fakeBrowser.reset();
  worker = createFakeWorker();
  offline = false;
  const fetchUnlessOffline = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (offline) throw new TypeError('Failed to fetch');
    return worker.fetch(input, init);
  }) as typeof fetch;
  context = {
    api: createWorkerApi({ origin: 'http://worker.test', fetch: fetchUnlessOffline }),
    session: createSessionStore(fakeBrowser.storage.local),
    browser: fakeBrowser,
    tweetStatus: createTweetStatusCache(() => 0),
    confirmationWindows: new Map(),
    reportedTweets: new Map(),
    sleep: async () => {},
    now: () => Date.parse('2026-11-25T10:00:00.000Z'),
  };
  router = createRouter(context, {
    extensionId: 'test-extension-id',
    extensionBaseUrl: EXTENSION_BASE,
    onUnexpectedError: (error) => {
      throw error;
    },
  });
  await context.session.set({ token: TOKEN, user: ALICE, expiresAt: '2999-01-01T00:00:00.000Z' });
});

function send(sender: MessageSender, request: unknown = {}) {
  return router({ hashpay: 'unlink', request }, sender);
}

describe('unlink', () => {
  it('asks the worker to unlink with the session, then forgets the stored session', async () => {
    const result = await send(POPUP);
    expect(result).toEqual({ ok: true, value: { linked: false } });
    const unlinks = worker.requests.filter((request) => request.method === 'DELETE');
    expect(unlinks).toEqual([{ method: 'DELETE', path: '/v1/me', authorization: `Bearer ${TOKEN}`, body: undefined }]);
    expect(await context.session.get()).toBeNull();
    expect(await fakeBrowser.storage.local.get(SESSION_STORAGE_KEY)).toEqual({});
    // The worker ended the session too: the extension now reads as signed out.
    expect(await router({ hashpay: 'get-me', request: {} }, POPUP)).toEqual({ ok: true, value: { user: null } });
  });

  it('is refused to content scripts, and changes nothing', async () => {
    expect(CONTENT_SCRIPT_ACTIONS.has('unlink')).toBe(false);
    const result = await send(CONTENT_SCRIPT);
    expect(!result.ok && result.error.code).toBe('forbidden');
    expect(worker.requests).toHaveLength(0);
    expect((await context.session.get())?.token).toBe(TOKEN);
  });

  it('refuses a request with fields, and changes nothing', async () => {
    const result = await send(POPUP, { everywhere: true });
    expect(!result.ok && result.error.code).toBe('invalid-request');
    expect(worker.requests).toHaveLength(0);
    expect((await context.session.get())?.token).toBe(TOKEN);
  });

  it('keeps the session when the worker cannot be reached, so unlink can be tried again', async () => {
    offline = true;
    const failed = await send(POPUP);
    expect(!failed.ok && failed.error.code).toBe('network');
    expect((await context.session.get())?.token).toBe(TOKEN);
    offline = false;
    expect(await send(POPUP)).toEqual({ ok: true, value: { linked: false } });
    expect(await context.session.get()).toBeNull();
  });

  it('says not linked when there is no session, without calling the worker', async () => {
    await context.session.clear();
    const result = await send(POPUP);
    expect(!result.ok && result.error.code).toBe('not-linked');
    expect(worker.requests).toHaveLength(0);
  });

  it('forgets a session the worker no longer knows, and says so', async () => {
    worker.revoked = true;
    const result = await send(POPUP);
    expect(!result.ok && result.error).toMatchObject({ code: 'not-linked', status: 401 });
    expect(await context.session.get()).toBeNull();
  });
});
