import { describe, expect, it } from 'vitest';
import type { WorkerApi } from '../../extension/background/api';
import {
  ANSWER_WINDOWS_PER_CHECK_MAX,
  checkForNews,
  NEWS_PER_CHECK_MAX,
  NEWS_STORAGE_KEY,
} from '../../extension/background/notifications';
import { DEFAULT_OPTIONS, OPTIONS_STORAGE_KEY } from '../../extension/lib/options';
import type { ReadableCredit, ReadableIntent, ReadableRefusal } from '../../extension/lib/readable-answers';
import type { PaymentIntent } from '../../shared/contract/payments';
import { makeIntent } from './support/fake-worker';

// Browser notifications: money received, a credit posted, a pledge collected or released, each
// told once; nothing from before the first reading; the option silences them.

const ME = { xUserId: '1001', username: 'alice', name: 'Alice' };
const BOB = { xUserId: '1002', username: 'bob', name: 'Bob' };

function memoryArea(initial: Record<string, unknown> = {}) {
  const items: Record<string, unknown> = { ...initial };
  return {
    items,
    async get(key: string) {
      return key in items ? { [key]: items[key] } : {};
    },
    async set(values: Record<string, unknown>) {
      Object.assign(items, structuredClone(values));
    },
  };
}

function setUp(options: Partial<typeof DEFAULT_OPTIONS> = {}) {
  let intents: ReadableIntent[] = [];
  let credits: ReadableCredit[] = [];
  let refusals: ReadableRefusal[] | undefined;
  const shown: Array<{ id: string; title: string; message: string }> = [];
  const answered: string[] = [];
  const storage = memoryArea({ [OPTIONS_STORAGE_KEY]: { ...DEFAULT_OPTIONS, ...options } });
  const api = {
    history: async () => ({ intents, nextCursor: null, ...(refusals === undefined ? {} : { refusals }) }),
    listCredits: async () => credits,
  } as unknown as Pick<WorkerApi, 'history' | 'listCredits'>;
  const check = () =>
    checkForNews({
      api,
      session: { get: async () => ({ token: 'hps_x', user: { xUserId: ME.xUserId } }) as never },
      storage,
      languages: () => ['en-GB'],
      notify: async (id, title, message) => {
        shown.push({ id, title, message });
      },
      answerRefusal: async (refusal) => {
        answered.push(refusal.tweetId);
      },
    });
  return {
    shown,
    answered,
    storage,
    check,
    setRefusals: (next: ReadableRefusal[] | undefined) => {
      refusals = next;
    },
    setIntents: (next: PaymentIntent[]) => {
      intents = next as ReadableIntent[];
    },
    setCredits: (next: ReadableCredit[]) => {
      credits = next;
    },
  };
}

const id = (letter: string) => `pi_${letter.repeat(22)}`;

function credit(status: string): ReadableCredit {
  return {
    id: 'cr_1',
    offerId: 'of_1',
    amountMinor: 2_000,
    currency: 'EUR',
    status,
    createdAt: '2026-12-01T00:00:00.000Z',
    postAfter: '2026-12-04T00:00:00.000Z',
    postedAt: null,
    closedAt: null,
  } as ReadableCredit;
}

describe('news notifications', () => {
  it('tell money received, a credit posted and a pledge decided, once each, and nothing from before', async () => {
    const news = setUp();
    const received = makeIntent({ id: id('r'), payer: BOB, payee: ME, status: 'settled', amountMinor: 1_250 });
    news.setIntents([received]);
    news.setCredits([credit('pending')]);
    expect(await news.check()).toEqual([]);
    expect(news.shown).toEqual([]);

    const second = makeIntent({ id: id('s'), payer: BOB, payee: ME, status: 'settled', amountMinor: 300 });
    const pledge = makeIntent({ id: id('p'), payer: ME, payee: BOB, purpose: 'pledge', status: 'pledged' });
    const sent = makeIntent({ id: id('t'), payer: ME, payee: BOB, status: 'settled' });
    news.setIntents([second, pledge, sent, received]);
    news.setCredits([credit('posted')]);
    await news.check();
    expect(news.shown).toEqual([
      { id: `received:${id('s')}`, title: 'Money received', message: '@bob paid you €3.00.' },
      {
        id: 'credit:cr_1',
        title: 'Credit posted',
        message: 'A credit of €20.00 from an offer was posted to your rewards.',
      },
    ]);

    news.setIntents([{ ...pledge, status: 'released' }, second, sent, received]);
    await news.check();
    expect(news.shown.slice(2).map((item) => item.title)).toEqual(['Pledge released']);
    // Read again, nothing new.
    await news.check();
    expect(news.shown).toHaveLength(3);
  });

  it('stay silent when switched off in the options, and do not pile up meanwhile', async () => {
    const news = setUp({ notifications: false });
    news.setIntents([]);
    await news.check();
    news.setIntents([makeIntent({ id: id('q'), payer: BOB, payee: ME, status: 'settled' })]);
    expect(await news.check()).toEqual([]);
    expect(news.shown).toEqual([]);
  });

  it('show at most a few per check', async () => {
    const news = setUp();
    await news.check();
    news.setIntents(
      'abcdefgh'.split('').map((letter) => makeIntent({ id: id(letter), payer: BOB, payee: ME, status: 'settled' })),
    );
    await news.check();
    expect(news.shown).toHaveLength(NEWS_PER_CHECK_MAX);
  });
});

function refusal(tweetId: string, decidedAt: string): ReadableRefusal {
  return {
    tweetId,
    tweetUrl: `https://x.com/alice/status/${tweetId}`,
    reason: 'unknown-payee',
    text: '@hashpay pay @nobody 5€',
    intent: null,
    decidedAt,
  } as ReadableRefusal;
}

describe('answers to refused tweets no report answered', () => {
  it('open the answer window for a refusal the last reading did not see, once, newest first, one per check', async () => {
    const news = setUp();
    const old = refusal('1861000000000000101', '2026-12-01T10:00:00.000Z');
    news.setRefusals([old]);
    // The first reading only remembers: a refusal from before is no answer to give now.
    await news.check();
    expect(news.answered).toEqual([]);

    const newer = refusal('1861000000000000102', '2026-12-01T10:05:00.000Z');
    const newest = refusal('1861000000000000103', '2026-12-01T10:06:00.000Z');
    news.setRefusals([newer, old, newest]);
    await news.check();
    expect(news.answered).toEqual([newest.tweetId]);
    expect(ANSWER_WINDOWS_PER_CHECK_MAX).toBe(1);
    // Remembered in storage: read again, nothing opens again (the one left is in the popup's history).
    await news.check();
    expect(news.answered).toEqual([newest.tweetId]);
    const kept = news.storage.items[NEWS_STORAGE_KEY] as { refusals: string[] };
    expect(kept.refusals.sort()).toEqual([old.tweetId, newer.tweetId, newest.tweetId].sort());
  });

  it('open whatever the notifications switch says, and never for a reading kept before refusals were read', async () => {
    const news = setUp({ notifications: false });
    news.setRefusals(undefined);
    await news.check();
    // A reading kept by an earlier version, without refusals: this one only remembers them.
    delete (news.storage.items[NEWS_STORAGE_KEY] as { refusals?: string[] }).refusals;
    const first = refusal('1861000000000000201', '2026-12-01T11:00:00.000Z');
    news.setRefusals([first]);
    await news.check();
    expect(news.answered).toEqual([]);
    const second = refusal('1861000000000000202', '2026-12-01T11:01:00.000Z');
    news.setRefusals([second, first]);
    expect(await news.check()).toEqual([]);
    expect(news.answered).toEqual([second.tweetId]);
  });
});
