import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createWorkerApi } from '../../extension/background/api';
import type { BackgroundContext } from '../../extension/background/context';
import { createRecentPayees, RECENT_PAYEES_MAX, type RecentPayees } from '../../extension/background/recent-payees';
import { createRouter, type MessageSender } from '../../extension/background/router';
import { createSessionStore } from '../../extension/background/session';
import { createTweetStatusCache } from '../../extension/background/tweet-status-cache';
import type { ActionResult } from '../../extension/lib/messages';
import { ALICE, TOKEN } from './support/fake-worker';

/** The background's `get-pay-context`: what the sheet checks before drafting, asked by x.com's content script. */

const CONTENT_SCRIPT: MessageSender = { id: 'test-extension-id', url: 'https://x.com/home' };

let recentPayees: RecentPayees;
let requests: string[];
let limitsStatus: number;

function workerFetch(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  requests.push(url.pathname);
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  if (url.pathname === '/v1/balances') {
    return Promise.resolve(
      json(200, {
        balances: [
          { kind: 'wallet', currency: 'EUR', availableMinor: 4_200, reservedMinor: 800, postedMinor: 5_000 },
          { kind: 'rewards', currency: 'EUR', availableMinor: 500, reservedMinor: 0, postedMinor: 500 },
        ],
      }),
    );
  }
  if (url.pathname === '/v1/me/limits' && limitsStatus === 200) {
    return Promise.resolve(
      json(200, {
        limits: [{ currency: 'EUR', perPaymentMaxMinor: 25_000, perDayMaxMinor: 25_000, perDayRemainingMinor: 18_000 }],
      }),
    );
  }
  return Promise.resolve(
    json(404, { type: 'https://hashpay.example/problems/not-found', title: 'not found', status: 404 }),
  );
}

async function ask(request: unknown): Promise<ActionResult<'get-pay-context'>> {
  const context: BackgroundContext = {
    api: createWorkerApi({ origin: 'http://worker.test', fetch: workerFetch as typeof fetch }),
    session: createSessionStore(fakeBrowser.storage.local),
    browser: fakeBrowser,
    tweetStatus: createTweetStatusCache(() => Date.now()),
    confirmationWindows: new Map(),
    reportedTweets: new Map(),
    recentPayees,
    sleep: async () => {},
    now: () => Date.now(),
  };
  const router = createRouter(context, {
    extensionId: 'test-extension-id',
    extensionBaseUrl: 'chrome-extension://test-extension-id/',
    onUnexpectedError: (error) => {
      throw error;
    },
  });
  return router({ hashpay: 'get-pay-context', request }, CONTENT_SCRIPT) as Promise<ActionResult<'get-pay-context'>>;
}

async function link(): Promise<void> {
  await createSessionStore(fakeBrowser.storage.local).set({
    token: TOKEN,
    user: ALICE,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
}

beforeEach(() => {
  fakeBrowser.reset();
  recentPayees = createRecentPayees(fakeBrowser.storage.local);
  requests = [];
  limitsStatus = 200;
});

describe('get-pay-context', () => {
  it('answers nothing but "not linked" without a session, and asks the worker nothing', async () => {
    const result = await ask({ payeeHandle: 'bob' });
    expect(result).toEqual({
      ok: true,
      value: { user: null, wallet: [], limits: null, recentPayees: [], lastCurrency: null },
    });
    expect(requests).toEqual([]);
  });

  it('answers the wallet’s spendable money, the limits left and the last currency used with the payee', async () => {
    await link();
    await recentPayees.remember(ALICE.xUserId, { handle: 'carol', currency: 'GBP' });
    await recentPayees.remember(ALICE.xUserId, { handle: 'Bob', currency: 'CHF' });
    const result = await ask({ payeeHandle: 'bob' });
    expect(result).toEqual({
      ok: true,
      value: {
        user: { username: 'alice', xUserId: ALICE.xUserId },
        wallet: [{ currency: 'EUR', availableMinor: 4_200 }],
        limits: [{ currency: 'EUR', perPaymentMaxMinor: 25_000, perDayMaxMinor: 25_000, perDayRemainingMinor: 18_000 }],
        recentPayees: ['Bob', 'carol'],
        lastCurrency: 'CHF',
      },
    });
  });

  it('answers null limits when the worker cannot say, so the sheet leaves them to the worker', async () => {
    await link();
    limitsStatus = 404;
    const result = await ask({ payeeHandle: null });
    expect(result.ok && result.value.limits).toBeNull();
    expect(result.ok && result.value.wallet).toEqual([{ currency: 'EUR', availableMinor: 4_200 }]);
  });

  it('refuses a payee that is not a handle', async () => {
    await link();
    const result = await ask({ payeeHandle: 'not a handle' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('invalid-request');
  });
});

describe('recent payees', () => {
  it('keeps each payee once, newest first, at most a few, and only for the account that paid', async () => {
    for (let index = 0; index < RECENT_PAYEES_MAX + 3; index += 1) {
      await recentPayees.remember('1001', { handle: `p${index}`, currency: 'EUR' });
    }
    await recentPayees.remember('1001', { handle: 'P5', currency: 'USD' });
    const kept = await recentPayees.list('1001');
    expect(kept).toHaveLength(RECENT_PAYEES_MAX);
    expect(kept[0]).toEqual({ handle: 'P5', currency: 'USD' });
    expect(kept.filter((payee) => payee.handle.toLowerCase() === 'p5')).toHaveLength(1);
    expect(await recentPayees.list('2002')).toEqual([]);
  });

  it('refuses to keep what is not a handle', async () => {
    await expect(recentPayees.remember('1001', { handle: '@bob', currency: 'EUR' })).rejects.toThrow(TypeError);
  });
});
