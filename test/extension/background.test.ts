import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createWorkerApi } from '../../extension/background/api';
import { BADGE_COUNT_SHOWN_MAX, badgeText, refreshBadge } from '../../extension/background/badge';
import type { BackgroundContext } from '../../extension/background/context';
import { answerRefusalOnce, refusedTweetIdsAmong, rememberRefusal } from '../../extension/background/refused-tweets';
import { createRouter, type MessageSender, type Router } from '../../extension/background/router';
import { createSessionStore, SESSION_STORAGE_KEY } from '../../extension/background/session';
import { createTweetStatusCache, UNSETTLED_TTL_MS } from '../../extension/background/tweet-status-cache';
import type { ActionName, ActionRequest, ActionResult } from '../../extension/lib/messages';
import type { ReadableRefusal } from '../../extension/lib/readable-answers';
import { ALICE, createFakeWorker, type FakeWorker, makeIntent, TOKEN } from './support/fake-worker';

const EXTENSION_BASE = 'chrome-extension://test-extension-id/';
const POPUP: MessageSender = { id: 'test-extension-id', url: `${EXTENSION_BASE}popup.html` };
const CONFIRM_PAGE: MessageSender = { id: 'test-extension-id', url: `${EXTENSION_BASE}confirm.html?intent=x` };
const CONTENT_SCRIPT: MessageSender = { id: 'test-extension-id', url: 'https://x.com/home' };
const INTENT_ID = `pi_${'b'.repeat(22)}`;

let worker: FakeWorker;
let context: BackgroundContext;
let router: Router;
let clockMs: number;
let sleeps: number[];

beforeEach(() => {
  fakeBrowser.reset();
  worker = createFakeWorker();
  clockMs = Date.parse('2026-11-25T10:00:00.000Z');
  sleeps = [];
  context = {
    api: createWorkerApi({ origin: 'http://worker.test', fetch: worker.fetch }),
    session: createSessionStore(fakeBrowser.storage.local),
    browser: fakeBrowser,
    tweetStatus: createTweetStatusCache(() => clockMs),
    confirmationWindows: new Map(),
    reportedTweets: new Map(),
    sleep: async (ms) => {
      sleeps.push(ms);
      clockMs += ms;
    },
    now: () => clockMs,
  };
  router = createRouter(context, {
    extensionId: 'test-extension-id',
    extensionBaseUrl: EXTENSION_BASE,
    onUnexpectedError: (error) => {
      throw error;
    },
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function send<Name extends ActionName>(
  sender: MessageSender,
  action: Name,
  request: ActionRequest<Name>,
): Promise<ActionResult<Name>> {
  return router({ hashpay: action, request }, sender) as Promise<ActionResult<Name>>;
}

/** Records what each `windows.create` was asked (the fake browser keeps no URL for windows). */
function recordWindowCreations(): unknown[] {
  const created: unknown[] = [];
  const original = fakeBrowser.windows.create.bind(fakeBrowser.windows);
  vi.spyOn(fakeBrowser.windows, 'create').mockImplementation(((details: unknown) => {
    created.push(details);
    return original(details as Parameters<typeof original>[0]);
  }) as typeof fakeBrowser.windows.create);
  return created;
}

async function linkAlice(): Promise<void> {
  await context.session.set({ token: TOKEN, user: ALICE, expiresAt: '2999-01-01T00:00:00.000Z' });
}

describe('link-account', () => {
  it('opens the consent page, polls the claim while pending, then keeps the session', async () => {
    worker.pendingClaims = 2;
    const result = await send(POPUP, 'link-account', {});
    expect(result).toEqual({ ok: true, value: { user: ALICE } });

    const start = worker.requests.find((request) => request.path === '/v1/auth/start');
    expect((start!.body as { claimSecretHash: string }).claimSecretHash).toMatch(/^[0-9a-f]{64}$/);
    const claims = worker.requests.filter((request) => request.path === '/v1/auth/claim');
    expect(claims).toHaveLength(3);
    // The claim secret is what was hashed at start, and never the hash itself.
    const secret = (claims[0]!.body as { claimSecret: string }).claimSecret;
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
    const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
    expect(hex).toBe((start!.body as { claimSecretHash: string }).claimSecretHash);
    expect(sleeps).toEqual([1_000, 1_000]);

    const stored = await fakeBrowser.storage.local.get(SESSION_STORAGE_KEY);
    expect((stored[SESSION_STORAGE_KEY] as { token: string }).token).toBe(TOKEN);
    // The consent tab was opened on the authorize URL and closed after the claim.
    expect(await fakeBrowser.tabs.query({ url: 'http://127.0.0.1:9/*' })).toHaveLength(0);
  });

  it('gives up after the bounded wait and keeps no session', async () => {
    worker.pendingClaims = Number.POSITIVE_INFINITY;
    const result = await send(POPUP, 'link-account', {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('link-timeout');
    expect(await context.session.get()).toBeNull();
    expect(sleeps.length).toBeGreaterThan(10);
  });

  it('is refused to content scripts', async () => {
    const result = await send(CONTENT_SCRIPT, 'link-account', {});
    expect(!result.ok && result.error.code).toBe('forbidden');
    expect(worker.requests).toHaveLength(0);
  });
});

describe('the session token', () => {
  it('is never in an answer to a content script, whatever it asks', async () => {
    await linkAlice();
    worker.reportAnswer = () => ({
      status: 200,
      body: { outcome: 'matched', intent: makeIntent({ id: INTENT_ID, status: 'awaiting_confirmation' }) },
    });
    const answers = [
      await send(CONTENT_SCRIPT, 'get-me', {}),
      await send(CONTENT_SCRIPT, 'create-payment-intent', {
        payeeHandle: 'bob',
        amountMinor: 1250,
        currency: 'EUR',
        language: 'en',
        requestId: 'req_0123456789abcdef',
      }),
      await send(CONTENT_SCRIPT, 'report-tweet', { tweetId: '1901' }),
      await send(CONTENT_SCRIPT, 'tweet-status', { tweetIds: ['1901'] }),
      await send(CONTENT_SCRIPT, 'list-awaiting', {}),
      await send(CONTENT_SCRIPT, 'confirm', { intentId: INTENT_ID }),
      await router({ hashpay: 'session', request: {} }, CONTENT_SCRIPT),
    ];
    expect(answers.slice(0, 4).every((answer) => answer.ok)).toBe(true);
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(TOKEN);
    // It does go to the worker, as a bearer token.
    expect(worker.requests.some((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('is forgotten when the worker no longer knows it', async () => {
    await linkAlice();
    worker.revoked = true;
    const result = await send(POPUP, 'get-me', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'not-linked', status: 401 } });
    expect(await context.session.get()).toBeNull();
  });

  it('is refused from another extension', async () => {
    await linkAlice();
    const result = await router({ hashpay: 'get-me', request: {} }, { id: 'other', url: 'https://x.com/' });
    expect(!result.ok && result.error.code).toBe('forbidden');
  });
});

describe('create-payment-intent', () => {
  const draft = {
    payeeHandle: 'bob',
    amountMinor: 1250,
    currency: 'EUR' as const,
    memo: 'pizza',
    inReplyToTweetId: '1800',
    language: 'en' as const,
    requestId: 'req_0123456789abcdef',
  };

  it('answers the intent id and the exact tweet text', async () => {
    await linkAlice();
    const result = await send(CONTENT_SCRIPT, 'create-payment-intent', draft);
    expect(result).toEqual({
      ok: true,
      value: { intentId: makeIntent().id, tweetText: makeIntent().tweetText },
    });
    expect(worker.requests.at(-1)?.body).toEqual(draft);
  });

  it.each([
    ['a float amount', { amountMinor: 12.5 }],
    ['a negative amount', { amountMinor: -5 }],
    ['an unknown currency', { currency: 'XBT' }],
    ['a handle with @', { payeeHandle: '@bob' }],
    ['a tweet id that is not digits', { inReplyToTweetId: '18a' }],
    ['a short request id', { requestId: 'x' }],
    ['an extra field', { payerHandle: 'mallory' }],
  ])('refuses %s without calling the worker', async (_name, change) => {
    await linkAlice();
    const result = await send(CONTENT_SCRIPT, 'create-payment-intent', { ...draft, ...change } as typeof draft);
    expect(!result.ok && result.error.code).toBe('invalid-request');
    expect(worker.requests).toHaveLength(0);
  });

  it('says to link first when there is no session', async () => {
    const result = await send(CONTENT_SCRIPT, 'create-payment-intent', draft);
    expect(!result.ok && result.error.code).toBe('not-linked');
    expect(worker.requests).toHaveLength(0);
  });
});

describe('report-tweet', () => {
  it('opens the confirmation window when the tweet matched, once per intent', async () => {
    await linkAlice();
    const created = recordWindowCreations();
    worker.reportAnswer = () => ({
      status: 200,
      body: { outcome: 'matched', intent: makeIntent({ id: INTENT_ID, status: 'awaiting_confirmation' }) },
    });
    expect(await send(CONTENT_SCRIPT, 'report-tweet', { tweetId: '1901' })).toEqual({
      ok: true,
      value: { outcome: 'matched' },
    });
    // The page-world script and the toast both report it: the worker is asked once.
    await send(CONTENT_SCRIPT, 'report-tweet', { tweetId: '1901' });
    expect(worker.requests.filter((request) => request.path === '/v1/tweets/report')).toHaveLength(1);

    expect(created).toEqual([
      expect.objectContaining({ type: 'popup', url: `${EXTENSION_BASE}confirm.html?intent=${INTENT_ID}` }),
    ]);
    expect(context.confirmationWindows.get(INTENT_ID)).toBeTypeOf('number');
  });

  it('opens nothing when the matched payment is one this user receives', async () => {
    await linkAlice();
    const created = recordWindowCreations();
    const payer = { xUserId: '1003', username: 'carol', name: 'Carol' };
    const payee = { xUserId: ALICE.xUserId, username: ALICE.username, name: ALICE.name };
    worker.reportAnswer = () => ({
      status: 200,
      body: {
        outcome: 'matched',
        intent: makeIntent({ id: INTENT_ID, status: 'awaiting_confirmation', payer, payee }),
      },
    });
    expect(await send(CONTENT_SCRIPT, 'report-tweet', { tweetId: '1904' })).toEqual({
      ok: true,
      value: { outcome: 'matched' },
    });
    expect(created).toEqual([]);
  });

  it('opens nothing for a tweet that is not a payment', async () => {
    await linkAlice();
    const created = recordWindowCreations();
    expect(await send(CONTENT_SCRIPT, 'report-tweet', { tweetId: '1902' })).toEqual({
      ok: true,
      value: { outcome: 'not-a-payment' },
    });
    expect(created).toEqual([]);
  });

  it('retries a bounded number of times while the worker says retry-later', async () => {
    await linkAlice();
    worker.reportAnswer = () => ({ status: 200, body: { outcome: 'retry-later', intent: null } });
    const result = await send(CONTENT_SCRIPT, 'report-tweet', { tweetId: '1903' });
    expect(result).toEqual({ ok: true, value: { outcome: 'retry-later' } });
    expect(worker.requests.filter((request) => request.path === '/v1/tweets/report')).toHaveLength(4);
    expect(sleeps).toEqual([1_000, 3_000, 10_000]);
  });

  it('refuses an id that is not a tweet id', async () => {
    await linkAlice();
    for (const tweetId of ['', '12x', '0123', '1'.repeat(21), '<img>']) {
      const result = await send(CONTENT_SCRIPT, 'report-tweet', { tweetId });
      expect(!result.ok && result.error.code).toBe('invalid-request');
    }
    expect(worker.requests).toHaveLength(0);
  });
});

describe('confirm and cancel', () => {
  it('are refused to content scripts, even with a session', async () => {
    await linkAlice();
    for (const action of ['confirm', 'cancel', 'open-confirmation', 'get-intent'] as const) {
      const result = await send(CONTENT_SCRIPT, action, { intentId: INTENT_ID });
      expect(!result.ok && result.error.code).toBe('forbidden');
    }
    expect(worker.requests).toHaveLength(0);
  });

  it('confirm from the confirmation window settles and marks the tweet settled at once', async () => {
    await linkAlice();
    const result = await send(CONFIRM_PAGE, 'confirm', { intentId: INTENT_ID });
    expect(result.ok && result.value.intent.status).toBe('settled');
    const status = await send(CONTENT_SCRIPT, 'tweet-status', { tweetIds: ['1901', '1900', '1999'] });
    expect(status.ok && status.value.settledTweetIds).toEqual(['1901', '1900']);
    // 1901 and 1900 came from the confirmation; only 1999 was asked about.
    expect(worker.requests.filter((request) => request.path.startsWith('/v1/tweets/status'))).toEqual([
      expect.objectContaining({ path: '/v1/tweets/status?ids=1999' }),
    ]);
  });

  it('cancel answers the cancelled intent', async () => {
    await linkAlice();
    const result = await send(CONFIRM_PAGE, 'cancel', { intentId: INTENT_ID });
    expect(result.ok && result.value.intent.status).toBe('cancelled');
  });

  it('refuses an intent id of the wrong shape', async () => {
    await linkAlice();
    const result = await send(CONFIRM_PAGE, 'confirm', { intentId: '../../v1/me' });
    expect(!result.ok && result.error.code).toBe('invalid-request');
    expect(worker.requests).toHaveLength(0);
  });
});

describe('tweet-status', () => {
  it('asks at most 100 ids per worker call and caches the answers', async () => {
    const ids = Array.from({ length: 250 }, (_, index) => String(1_000_000 + index));
    worker.settledTweetIds = new Set([ids[0]!, ids[150]!]);
    const first = await send(CONTENT_SCRIPT, 'tweet-status', { tweetIds: ids });
    expect(first.ok && first.value.settledTweetIds).toEqual([ids[0], ids[150]]);
    const calls = worker.requests.filter((request) => request.path.startsWith('/v1/tweets/status'));
    expect(calls.map((call) => new URL(call.path, 'http://x').searchParams.get('ids')!.split(',').length)).toEqual([
      100, 100, 50,
    ]);

    await send(CONTENT_SCRIPT, 'tweet-status', { tweetIds: ids });
    expect(worker.requests).toHaveLength(3);

    // Unsettled answers expire; settled ones stay.
    clockMs += UNSETTLED_TTL_MS;
    await send(CONTENT_SCRIPT, 'tweet-status', { tweetIds: [ids[0]!, ids[1]!] });
    expect(worker.requests.at(-1)?.path).toBe(`/v1/tweets/status?ids=${ids[1]}`);
  });
});

describe('the badge', () => {
  it('counts the payments awaiting confirmation, and is empty when not linked', async () => {
    expect(await refreshBadge(context)).toBe(0);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    await linkAlice();
    worker.awaiting = [makeIntent({ status: 'awaiting_confirmation' }), makeIntent({ id: INTENT_ID })];
    expect(await refreshBadge(context)).toBe(2);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });

  it('writes counts as short text', () => {
    expect([0, 1, 99, 100, -1, 1.5].map(badgeText)).toEqual(['', '1', '99', `${BADGE_COUNT_SHOWN_MAX}+`, '', '']);
  });
});

describe('open-confirmation', () => {
  it('opens a popup window on the extension page, and focuses it when asked again', async () => {
    const created = recordWindowCreations();
    await send(POPUP, 'open-confirmation', { intentId: INTENT_ID });
    await send(POPUP, 'open-confirmation', { intentId: INTENT_ID });
    expect(created).toEqual([
      expect.objectContaining({ type: 'popup', url: `${EXTENSION_BASE}confirm.html?intent=${INTENT_ID}` }),
    ]);
  });
});

describe('a refusal no report of this browser answered', () => {
  const REFUSAL: ReadableRefusal = {
    tweetId: '1861000000000000301',
    tweetUrl: 'https://x.com/alice/status/1861000000000000301',
    reason: 'unknown-payee',
    text: '@hashpay pay @nobody 5€',
    intent: null,
    decidedAt: '2026-11-25T09:59:00.000Z',
  };

  it('opens the answer window once, which then reads the refusal, and the tweet is marked not paid', async () => {
    const created = recordWindowCreations();
    expect(await answerRefusalOnce(context, REFUSAL)).toBe(true);
    expect(await answerRefusalOnce(context, REFUSAL)).toBe(false);
    expect(created).toHaveLength(1);
    expect((created[0] as { url: string }).url).toBe(`${EXTENSION_BASE}confirm.html?tweet=${REFUSAL.tweetId}`);
    const read = await send(CONFIRM_PAGE, 'get-refusal', { tweetId: REFUSAL.tweetId });
    expect(read).toEqual({ ok: true, value: { refusal: REFUSAL } });
    expect(await refusedTweetIdsAmong(context, [REFUSAL.tweetId, '1861000000000000302'])).toEqual([REFUSAL.tweetId]);
  });

  it('opens nothing for a refusal a report already answered', async () => {
    const created = recordWindowCreations();
    rememberRefusal(context, REFUSAL);
    expect(await answerRefusalOnce(context, REFUSAL)).toBe(false);
    expect(created).toEqual([]);
  });
});
