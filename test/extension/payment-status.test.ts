import { afterEach, describe, expect, it } from 'vitest';
import { addPayButton } from '../../extension/features/pay-button';
import { ARTICLES_KEPT_BEFORE_SWEEP_MIN, createPaymentStatus } from '../../extension/features/payment-status';
import { setPageLanguagePreference } from '../../extension/lib/language-preference';
import type { AskBackground } from '../../extension/lib/messages';
import { paymentMarks } from '../../extension/lib/payment-marks';
import type { EditedAfterPayment } from '../../shared/contract/payments';
import { formatAmount } from '../../shared/money';
import { EXPECTED_TWEETS, loadFixture } from './fixtures';

afterEach(() => {
  setPageLanguagePreference('auto');
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

  it('marks only the articles still showing an answered tweet, not one recycled before the answer', async () => {
    loadFixture(MODAL);
    const { status, visitAll } = setUp([settledId]);
    visitAll();
    const article = Array.from(document.querySelectorAll('article[data-testid="tweet"]')).find(
      (candidate) => candidate.querySelector(`a[href$="/status/${settledId}"]`) !== null,
    )!;
    for (const link of article.querySelectorAll('a')) {
      link.setAttribute('href', (link.getAttribute('href') ?? '').replace(settledId, '1852000000000000999'));
    }
    status.visit(article);
    await status.flush();
    expect(settledMarks()).toEqual([]);
  });

  it('forgets the articles x.com took off the page, though their tweets are never answered', () => {
    const ask = (async () => ({ ok: false, error: { code: 'no-answer', message: 'x' } })) as unknown as AskBackground;
    const status = createPaymentStatus({ ask, schedule: () => {} });
    // A tweet as small as can be read: hundreds of copies of a saved page's would be slow to make.
    const model = document.createElement('div');
    model.innerHTML = `<article data-testid="tweet" tabindex="0">
      <a href="/alice/status/1861000000000000001"><time>2h</time></a>
      <div role="group"><button data-testid="reply"></button></div></article>`;
    const count = ARTICLES_KEPT_BEFORE_SWEEP_MIN * 2;
    const visitCopies = () => {
      const copies = Array.from({ length: count }, () => model.firstElementChild!.cloneNode(true) as Element);
      document.body.append(...copies);
      for (const copy of copies) status.visit(copy);
      return copies;
    };
    const first = visitCopies();
    expect(status.keptArticleCount).toBe(count);
    for (const copy of first) copy.remove();
    visitCopies();
    // Only the articles on the page are kept: the first copies went when the count doubled.
    expect(status.keptArticleCount).toBe(count);
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
    return createPaymentStatus({ ask, schedule: () => {}, marks: paymentMarks });
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
    const status = createPaymentStatus({ ask, schedule: () => {}, settled, marks: paymentMarks });
    visitEditedPost(status);
    expect(markTexts('settled')).toEqual(['✓']);
    await status.flush();
    expect(markTexts('settled')).toEqual([]);
    expect(markTexts('edited-after-payment')).toHaveLength(1);
    expect(settled.has(EDITED_ID)).toBe(false);
  });

  it('tells the background which tweets the page shows as edited posts', async () => {
    loadFixture('edited-post.html');
    const requests: Array<{ tweetIds: string[]; editedTweetIds?: string[] }> = [];
    const ask = (async (_action: string, request: { tweetIds: string[]; editedTweetIds?: string[] }) => {
      requests.push(request);
      return { ok: true, value: { settledTweetIds: [], editedAfterPayment: [] } };
    }) as unknown as AskBackground;
    const status = createPaymentStatus({ ask, schedule: () => {}, marks: paymentMarks });
    visitEditedPost(status);
    await status.flush();
    // Both main tweets of the fixture link their timestamp to their edit history.
    expect(requests).toEqual([
      {
        tweetIds: ['1860000000000000011', '1860000000000000022'],
        editedTweetIds: ['1860000000000000011', '1860000000000000022'],
      },
    ]);
  });

  it('drops a ✓ the page learnt before when the answer no longer lists it', async () => {
    loadFixture('edited-post.html');
    const settled = new Set([EDITED_ID]);
    const edited = new Map([['1860000000000000022', { ...PAID, tweetId: '1860000000000000022' }]]);
    const status = createPaymentStatus({
      ask: (async () => ({
        ok: true,
        value: { settledTweetIds: [], editedAfterPayment: [] },
      })) as unknown as AskBackground,
      schedule: () => {},
      settled,
      edited,
      marks: paymentMarks,
    });
    visitEditedPost(status);
    expect(markTexts('settled')).toEqual(['✓']);
    expect(markTexts('edited-after-payment')).toHaveLength(1);
    await status.flush();
    expect(markTexts('settled')).toEqual([]);
    expect(markTexts('edited-after-payment')).toEqual([]);
    expect(settled.size + edited.size).toBe(0);
  });

  it('speaks the page language: French when French is chosen', async () => {
    setPageLanguagePreference('fr');
    loadFixture('edited-post.html');
    const status = setUpEdited([
      {
        settledTweetIds: ['1860000000000000022'],
        editedAfterPayment: [PAID],
      },
    ]);
    visitEditedPost(status);
    await status.flush();
    const euros = formatAmount(1_250, 'EUR', 'fr');
    expect(euros).toMatch(/^12,50\s€$/u);
    expect(markTexts('edited-after-payment')).toEqual([`Modifié après paiement · ${euros} payés à @bob`]);
    const edited = document.querySelector('[data-hashpay="edited-after-payment"]')!.shadowRoot!.querySelector('span')!;
    expect(edited.title).toBe(
      `Ce tweet a été modifié après le règlement de son paiement avec Hashpay : ${euros} payés à @bob`,
    );
    const settled = document.querySelector('[data-hashpay="settled"]')!.shadowRoot!.querySelector('span')!;
    expect(settled.getAttribute('aria-label')).toBe('Paiement effectué');
    expect(settled.title).toBe('Paiement effectué avec Hashpay');
  });

  it('speaks English when English is chosen, on any page', async () => {
    setPageLanguagePreference('en');
    loadFixture('edited-post.html');
    const status = setUpEdited([{ settledTweetIds: [], editedAfterPayment: [{ ...PAID, potHashtag: 'TripJulie' }] }]);
    visitEditedPost(status);
    await status.flush();
    expect(markTexts('edited-after-payment')).toEqual(['Edited after payment · paid €12.50 to #TripJulie']);
    const edited = document.querySelector('[data-hashpay="edited-after-payment"]')!.shadowRoot!.querySelector('span')!;
    expect(edited.title).toBe(
      'This tweet was edited after its payment settled with Hashpay: paid €12.50 to #TripJulie',
    );
  });

  it('names the pot of a contribution in French', async () => {
    setPageLanguagePreference('fr');
    loadFixture('edited-post.html');
    const status = setUpEdited([
      { settledTweetIds: [], editedAfterPayment: [{ ...PAID, potHashtag: 'TripJulie', payeeUsername: 'dave' }] },
    ]);
    visitEditedPost(status);
    await status.flush();
    expect(markTexts('edited-after-payment')).toEqual([
      `Modifié après paiement · ${formatAmount(1_250, 'EUR', 'fr')} versés à #TripJulie`,
    ]);
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
