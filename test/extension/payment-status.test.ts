import { afterEach, describe, expect, it } from 'vitest';
import { addPayButton } from '../../extension/features/pay-button';
import { createPaymentStatus } from '../../extension/features/payment-status';
import type { AskBackground } from '../../extension/lib/messages';
import type { EditedAfterPayment } from '../../shared/contract/payments';
import { EXPECTED_TWEETS, loadFixture } from './fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

const MODAL = 'x-com/conversation-modal-2024-11.html';

function setUp(settled: string[]) {
  const asked: string[][] = [];
  const ask = (async (_action: string, request: { tweetIds: string[] }) => {
    asked.push(request.tweetIds);
    return {
      ok: true,
      value: { settledTweetIds: request.tweetIds.filter((id) => settled.includes(id)), editedAfterPayment: [] },
    };
  }) as unknown as AskBackground;
  let scheduled = 0;
  const status = createPaymentStatus({
    ask,
    schedule: () => {
      scheduled += 1;
    },
  });
  const visitAll = () => {
    for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
      addPayButton(article, { openSheet: () => {} });
      status.visit(article);
    }
  };
  return { status, asked, visitAll, scheduledCount: () => scheduled };
}

function settledMarks(): string[] {
  return Array.from(document.querySelectorAll('[data-hashpay="settled"]')).map(
    (mark) => mark.closest('article')!.querySelector('time')!.closest('a')!.getAttribute('href')!.split('/').at(-1)!,
  );
}

describe('the settled ✓', () => {
  const tweets = EXPECTED_TWEETS[MODAL];
  const settledId = tweets[1]!.tweetId;

  it('asks about all the tweets of a pass in one message, then marks the settled ones next to Pay', async () => {
    loadFixture(MODAL);
    const { status, asked, visitAll, scheduledCount } = setUp([settledId]);
    visitAll();
    expect(scheduledCount()).toBe(1);
    await status.flush();
    expect(asked).toEqual([tweets.filter((tweet) => !tweet.promoted).map((tweet) => tweet.tweetId)]);
    expect(settledMarks()).toEqual([settledId]);
    const mark = document.querySelector('[data-hashpay="settled"]')!;
    expect(mark.previousElementSibling?.getAttribute('data-hashpay')).toBe('pay');
    expect(mark.shadowRoot!.querySelector('[aria-label="Payment settled"]')?.textContent).toBe('✓');
  });

  it('asks about each tweet once per page run and adds one mark however many passes run', async () => {
    loadFixture(MODAL);
    const { status, asked, visitAll } = setUp([settledId]);
    visitAll();
    await status.flush();
    visitAll();
    visitAll();
    await status.flush();
    expect(asked).toHaveLength(1);
    expect(settledMarks()).toEqual([settledId]);
  });

  it('drops the mark from an article recycled for another tweet', async () => {
    loadFixture(MODAL);
    const { status, visitAll } = setUp([settledId]);
    visitAll();
    await status.flush();
    const article = document.querySelector('[data-hashpay="settled"]')!.closest('article')!;
    for (const link of article.querySelectorAll('a')) {
      link.setAttribute('href', (link.getAttribute('href') ?? '').replace(settledId, '1852000000000000999'));
    }
    status.visit(article);
    expect(settledMarks()).toEqual([]);
  });

  it('marks nothing when the background cannot answer', async () => {
    loadFixture(MODAL);
    const ask = (async () => ({ ok: false, error: { code: 'no-answer', message: 'x' } })) as unknown as AskBackground;
    const status = createPaymentStatus({ ask, schedule: () => {} });
    for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
      addPayButton(article, { openSheet: () => {} });
      status.visit(article);
    }
    await status.flush();
    expect(settledMarks()).toEqual([]);
  });
});

describe('the settled ✓ across page runs', () => {
  it('stays on a known settled tweet from the first pass of the next run, before any answer', async () => {
    loadFixture(MODAL);
    const settledId = EXPECTED_TWEETS[MODAL][1]!.tweetId;
    const known = new Set<string>();
    const ask = (async (_action: string, request: { tweetIds: string[] }) => ({
      ok: true,
      value: { settledTweetIds: request.tweetIds.filter((id) => id === settledId), editedAfterPayment: [] },
    })) as unknown as AskBackground;
    const visitAllWith = (status: ReturnType<typeof createPaymentStatus>) => {
      for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
        addPayButton(article, { openSheet: () => {} });
        status.visit(article);
      }
    };
    const first = createPaymentStatus({ ask, schedule: () => {}, settled: known });
    visitAllWith(first);
    await first.flush();
    expect(settledMarks()).toEqual([settledId]);

    // A navigation starts a new run: its first pass must not take the ✓ away.
    const next = createPaymentStatus({ ask, schedule: () => {}, settled: known });
    visitAllWith(next);
    expect(settledMarks()).toEqual([settledId]);
  });
});

describe('a tweet edited after its payment', () => {
  const EDITED_ID = '1860000000000000011';
  const PAID: EditedAfterPayment = {
    tweetId: EDITED_ID,
    amountMinor: 1_250,
    currency: 'EUR',
    payeeUsername: 'bob',
    potHashtag: null,
  };

  function setUpEdited(answers: Array<{ settledTweetIds: string[]; editedAfterPayment: EditedAfterPayment[] }>) {
    const ask = (async () => ({ ok: true, value: answers.shift() })) as unknown as AskBackground;
    return createPaymentStatus({ ask, schedule: () => {} });
  }

  function visitEditedPost(status: ReturnType<typeof createPaymentStatus>) {
    for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
      addPayButton(article, { openSheet: () => {} });
      status.visit(article);
    }
  }

  function markTexts(kind: string): string[] {
    return Array.from(document.querySelectorAll(`[data-hashpay="${kind}"]`)).map(
      (host) => host.shadowRoot?.querySelector('span')?.textContent ?? '',
    );
  }

  it('shows "edited after payment" with what was paid instead of the ✓', async () => {
    loadFixture('edited-post.html');
    const status = setUpEdited([{ settledTweetIds: [], editedAfterPayment: [PAID] }]);
    visitEditedPost(status);
    await status.flush();
    expect(markTexts('settled')).toEqual([]);
    expect(markTexts('edited-after-payment')).toEqual(['Edited after payment · paid €12.50 to @bob']);
  });

  it('replaces a ✓ the page learnt before the edit', async () => {
    loadFixture('edited-post.html');
    const settled = new Set([EDITED_ID]);
    const ask = (async () => ({
      ok: true,
      value: { settledTweetIds: [], editedAfterPayment: [PAID] },
    })) as unknown as AskBackground;
    const status = createPaymentStatus({ ask, schedule: () => {}, settled });
    visitEditedPost(status);
    expect(markTexts('settled')).toEqual(['✓']);
    await status.flush();
    expect(markTexts('settled')).toEqual([]);
    expect(markTexts('edited-after-payment')).toHaveLength(1);
    expect(settled.has(EDITED_ID)).toBe(false);
  });

  it('names the pot of a contribution', async () => {
    loadFixture('edited-post.html');
    const status = setUpEdited([
      { settledTweetIds: [], editedAfterPayment: [{ ...PAID, potHashtag: 'TripJulie', payeeUsername: 'dave' }] },
    ]);
    visitEditedPost(status);
    await status.flush();
    expect(markTexts('edited-after-payment')).toEqual(['Edited after payment · paid €12.50 to #TripJulie']);
  });
});

describe('the ✓ on the payer’s own tweet', () => {
  it('is shown though the tweet has no Pay (no Pay on one’s own tweets)', async () => {
    loadFixture(MODAL);
    const tweets = EXPECTED_TWEETS[MODAL];
    const own = tweets[1]!;
    const { status } = setUp([own.tweetId]);
    for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
      addPayButton(article, { openSheet: () => {}, linkedHandle: own.author });
      status.visit(article);
    }
    await status.flush();
    expect(settledMarks()).toEqual([own.tweetId]);
    const mark = document.querySelector('[data-hashpay="settled"]')!;
    expect(mark.closest('article')?.querySelector('[data-hashpay="pay"]')).toBeNull();
    expect(mark.parentElement?.matches('[role="group"]')).toBe(true);
  });
});
