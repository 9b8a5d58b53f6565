import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ensurePeriodicAlarms } from '../../extension/background/alarms';
import { createWorkerApi } from '../../extension/background/api';
import { forgetConfirmationWindow, openConfirmationWindow } from '../../extension/background/confirmation-window';
import type { BackgroundContext } from '../../extension/background/context';
import { createRouter, type MessageSender } from '../../extension/background/router';
import { createSessionStore } from '../../extension/background/session';
import { SessionMap } from '../../extension/background/session-map';
import { createTweetStatusCache } from '../../extension/background/tweet-status-cache';
import { ALICE, createFakeWorker, type FakeWorker, makeIntent, TOKEN } from './support/fake-worker';

/**
 * Chrome stops an idle MV3 service worker and starts it again on the next event. A start must
 * neither postpone the alarms nor forget the confirmation windows open and the tweets reported:
 * here a "restart" is a second background built over the same browser storage, as Chrome's is.
 */

const INTENT_ID = `pi_${'c'.repeat(22)}`;
const CONTENT_SCRIPT: MessageSender = { id: 'test-extension-id', url: 'https://x.com/home' };
const START_MS = Date.parse('2026-11-25T10:00:00.000Z');
const ALARMS = [
  { name: 'badge', periodInMinutes: 1 },
  { name: 'offer-catalogue', periodInMinutes: 5 },
];

let worker: FakeWorker;

beforeEach(() => {
  fakeBrowser.reset();
  worker = createFakeWorker();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START_MS);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** One start of the service worker: its state as background.ts builds it. */
function startBackground(): BackgroundContext {
  const isWindowId = (value: unknown): value is number => Number.isSafeInteger(value);
  const isOutcome = (value: unknown): value is 'matched' => typeof value === 'string';
  return {
    api: createWorkerApi({ origin: 'http://worker.test', fetch: worker.fetch }),
    session: createSessionStore(fakeBrowser.storage.local),
    browser: fakeBrowser,
    tweetStatus: createTweetStatusCache(),
    confirmationWindows: new SessionMap(fakeBrowser.storage.session, 'confirmationWindows', isWindowId),
    reportedTweets: new SessionMap(fakeBrowser.storage.session, 'reportedTweets', isOutcome),
    sleep: async () => {},
    now: Date.now,
  };
}

async function flushed(context: BackgroundContext): Promise<void> {
  await (context.confirmationWindows as SessionMap<number>).flushed();
  await (context.reportedTweets as SessionMap<string>).flushed();
}

describe('a service-worker restart', () => {
  it('keeps the alarms’ schedule: a start creates only the alarms that are missing', async () => {
    expect(await ensurePeriodicAlarms(fakeBrowser.alarms, ALARMS)).toEqual(['badge', 'offer-catalogue']);
    const first = await fakeBrowser.alarms.get('offer-catalogue');
    expect(first?.scheduledTime).toBe(START_MS + 5 * 60_000);
    // Three minutes later the 1-minute alarm wakes the worker, which starts again.
    vi.setSystemTime(START_MS + 3 * 60_000);
    expect(await ensurePeriodicAlarms(fakeBrowser.alarms, ALARMS)).toEqual([]);
    expect((await fakeBrowser.alarms.get('offer-catalogue'))?.scheduledTime).toBe(START_MS + 5 * 60_000);
    expect((await fakeBrowser.alarms.get('badge'))?.scheduledTime).toBe(START_MS + 60_000);
  });

  it('re-creates an alarm whose period changed (an update), and one that is gone', async () => {
    await ensurePeriodicAlarms(fakeBrowser.alarms, ALARMS);
    await fakeBrowser.alarms.clear('badge');
    vi.setSystemTime(START_MS + 60_000);
    const changed = [ALARMS[0]!, { name: 'offer-catalogue', periodInMinutes: 10 }];
    expect(await ensurePeriodicAlarms(fakeBrowser.alarms, changed)).toEqual(['badge', 'offer-catalogue']);
    expect((await fakeBrowser.alarms.get('offer-catalogue'))?.periodInMinutes).toBe(10);
    expect((await fakeBrowser.alarms.get('badge'))?.scheduledTime).toBe(START_MS + 2 * 60_000);
  });

  it('focuses the confirmation window an earlier start opened instead of opening a second', async () => {
    const before = startBackground();
    const creations = vi.spyOn(fakeBrowser.windows, 'create');
    await openConfirmationWindow(before, INTENT_ID);
    expect(creations).toHaveBeenCalledTimes(1);
    const windowId = before.confirmationWindows.get(INTENT_ID);
    expect(windowId).toBeTypeOf('number');
    await flushed(before);

    const after = startBackground();
    const focused = vi.spyOn(fakeBrowser.windows, 'update');
    await openConfirmationWindow(after, INTENT_ID);
    expect(creations).toHaveBeenCalledTimes(1);
    expect(focused).toHaveBeenCalledWith(windowId, { focused: true });
    expect(after.confirmationWindows.get(INTENT_ID)).toBe(windowId);
  });

  it('forgets, across a restart, a window closed while the worker slept', async () => {
    const before = startBackground();
    await openConfirmationWindow(before, INTENT_ID);
    const windowId = before.confirmationWindows.get(INTENT_ID)!;
    await flushed(before);

    const after = startBackground();
    await forgetConfirmationWindow(after, windowId);
    await flushed(after);
    const again = startBackground();
    await (again.confirmationWindows as SessionMap<number>).loaded;
    expect(again.confirmationWindows.has(INTENT_ID)).toBe(false);
  });

  it('reports a tweet once, whichever start of the worker hears of it again', async () => {
    await fakeBrowser.storage.local.set({});
    const before = startBackground();
    await before.session.set({ token: TOKEN, user: ALICE, expiresAt: '2999-01-01T00:00:00.000Z' });
    worker.reportAnswer = () => ({
      status: 200,
      body: { outcome: 'matched', intent: makeIntent({ id: INTENT_ID, status: 'awaiting_confirmation' }) },
    });
    const send = (context: BackgroundContext) =>
      createRouter(context, { extensionId: 'test-extension-id', extensionBaseUrl: 'chrome-extension://x/' })(
        { hashpay: 'report-tweet', request: { tweetId: '1902' } },
        CONTENT_SCRIPT,
      );
    expect(await send(before)).toEqual({ ok: true, value: { outcome: 'matched' } });
    await flushed(before);

    const after = startBackground();
    expect(await send(after)).toEqual({ ok: true, value: { outcome: 'matched' } });
    expect(worker.requests.filter((request) => request.path === '/v1/tweets/report')).toHaveLength(1);
  });

  it('starts empty when the stored state is not what it wrote', async () => {
    await fakeBrowser.storage.session.set({ confirmationWindows: [['pi_x', 'not a window'], 'junk'] });
    const context = startBackground();
    await (context.confirmationWindows as SessionMap<number>).loaded;
    expect([...context.confirmationWindows]).toEqual([]);
  });
});
