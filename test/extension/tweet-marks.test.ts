import { afterEach, describe, expect, it } from 'vitest';
import { markTweetsIn } from '../../extension/features/tweet-marks';
import { EXPECTED_TWEETS, FIXTURE_NAMES, loadFixture, snapshotAttributes } from './fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

function markedElements(): Element[] {
  return Array.from(document.querySelectorAll('[data-hashpay-tweet-id], [data-hashpay-author]'));
}

describe.each(FIXTURE_NAMES)('marking tweets on %s', (name) => {
  const expected = EXPECTED_TWEETS[name];

  it('marks every real tweet article with its id and author, in page order', () => {
    loadFixture(name);
    expect(markTweetsIn(document)).toBe(expected.length);
    const marks = markedElements().map((element) => ({
      tag: element.tagName,
      tweetId: element.getAttribute('data-hashpay-tweet-id'),
      author: element.getAttribute('data-hashpay-author'),
    }));
    expect(marks).toEqual(expected.map(({ tweetId, author }) => ({ tag: 'ARTICLE', tweetId, author })));
  });

  it('marks promoted tweets as promoted and nothing else', () => {
    loadFixture(name);
    markTweetsIn(document);
    const promoted = Array.from(document.querySelectorAll('[data-hashpay-promoted]')).map((element) =>
      element.getAttribute('data-hashpay-tweet-id'),
    );
    expect(promoted).toEqual(expected.filter((tweet) => tweet.promoted).map((tweet) => tweet.tweetId));
  });

  it('changes nothing when the pass runs again', () => {
    loadFixture(name);
    markTweetsIn(document);
    const first = snapshotAttributes(document.body);
    const html = document.body.innerHTML;
    expect(markTweetsIn(document)).toBe(expected.length);
    expect(snapshotAttributes(document.body)).toBe(first);
    expect(document.body.innerHTML).toBe(html);
  });
});

describe('what is not a tweet', () => {
  it('leaves the photo modal container, the replies cell and other cells unmarked', () => {
    loadFixture('x-com/conversation-modal-2024-11.html');
    markTweetsIn(document);
    const modal = document.querySelector('div[data-testid="tweet"]');
    expect(modal).not.toBeNull();
    expect(modal!.hasAttribute('data-hashpay-tweet-id')).toBe(false);
    const repliesCell = document.querySelector('article:not([data-testid])');
    expect(repliesCell?.textContent).toContain('Show additional replies');
    expect(repliesCell!.hasAttribute('data-hashpay-tweet-id')).toBe(false);
    for (const cell of document.querySelectorAll('[data-testid="cellInnerDiv"]')) {
      if (cell.querySelector('article[data-testid="tweet"]') === null) {
        expect(cell.querySelector('[data-hashpay-tweet-id]')).toBeNull();
      }
    }
  });

  it('never takes a quoted tweet for the outer one, nor marks it', () => {
    loadFixture('quoted-tweet.html');
    markTweetsIn(document);
    const quote = document.querySelector('div[role="link"]')!;
    expect(quote.querySelector('[data-hashpay-tweet-id]')).toBeNull();
    expect(quote.closest('article')?.getAttribute('data-hashpay-author')).toBe('alice_pays');
    expect(document.body.innerHTML).not.toContain('data-hashpay-tweet-id="1859999999999999999"');
  });

  it('reads a repost as the reposted tweet, by its author, never the reposter', () => {
    loadFixture('quoted-tweet.html');
    markTweetsIn(document);
    const repost = document.querySelector('[data-testid="socialContext"]')!.closest('article')!;
    expect(repost.getAttribute('data-hashpay-author')).toBe('Dave_Donates');
  });

  it('removes marks from a recycled article that no longer holds a readable tweet', () => {
    loadFixture('quoted-tweet.html');
    markTweetsIn(document);
    const article = document.querySelector('article[data-hashpay-author="Dave_Donates"]')!;
    for (const time of article.querySelectorAll('time')) time.remove();
    markTweetsIn(document);
    expect(article.hasAttribute('data-hashpay-tweet-id')).toBe(false);
    expect(article.hasAttribute('data-hashpay-author')).toBe(false);
  });

  it('updates marks when x.com reuses an article for another tweet', () => {
    loadFixture('quoted-tweet.html');
    markTweetsIn(document);
    const article = document.querySelector('article[data-hashpay-author="Dave_Donates"]')!;
    for (const link of article.querySelectorAll('a')) {
      link.setAttribute(
        'href',
        (link.getAttribute('href') ?? '')
          .replace('Dave_Donates', 'erin')
          .replace('1860000000000000002', '1860000000000000009'),
      );
    }
    markTweetsIn(document);
    expect(article.getAttribute('data-hashpay-tweet-id')).toBe('1860000000000000009');
    expect(article.getAttribute('data-hashpay-author')).toBe('erin');
  });
});
