import { afterEach, describe, expect, it } from 'vitest';
import { selectors } from '../../extension/lib/selectors';
import { findTweetArticles, isTweetArticle, linkPath, parseStatusPath, readTweet } from '../../extension/lib/tweet';
import { readTweetRecord } from '../../extension/lib/tweet-record';
import { loadFixture } from './fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

function html(markup: string): Element {
  const container = document.createElement('div');
  container.innerHTML = markup;
  document.body.append(container);
  return container;
}

describe('parseStatusPath', () => {
  it.each([
    ['/bob/status/1860000000000000001', { handle: 'bob', tweetId: '1860000000000000001', suffix: '' }],
    ['/Bob_99/status/20/', { handle: 'Bob_99', tweetId: '20', suffix: '' }],
    [
      'https://x.com/bob/status/1860000000000000001?s=20',
      { handle: 'bob', tweetId: '1860000000000000001', suffix: '' },
    ],
    [
      '/bob/status/1860000000000000001/analytics',
      { handle: 'bob', tweetId: '1860000000000000001', suffix: '/analytics' },
    ],
    ['/bob/status/1860000000000000001/photo/1', { handle: 'bob', tweetId: '1860000000000000001', suffix: '/photo/1' }],
  ])('reads %s', (href, expected) => {
    expect(parseStatusPath(href)).toEqual(expected);
  });

  it.each([
    ['a profile link', '/bob'],
    ['a handle longer than 15 characters', '/abcdefghijklmnop/status/1'],
    ['a handle with a dot', '/bob.smith/status/1'],
    ['an id with letters', '/bob/status/12a'],
    ['an id of 20 digits', '/bob/status/18600000000000000012'],
    ['an id with a leading zero', '/bob/status/0186'],
    ['an app route', '/i/status/1860000000000000001'],
    ['a hashtag', '/hashtag/Hashpay'],
    ['an empty href', ''],
  ])('rejects %s', (_reason, href) => {
    expect(parseStatusPath(href)).toBeNull();
  });
});

describe('linkPath', () => {
  it('gives the path the URL parser gives, with or without it', () => {
    const hrefs = [
      '/alice/status/1860000000000000001',
      '/alice/status/1860000000000000001/analytics',
      '/alice//status/1',
      '/alice/',
      '/alice/status/../../bob/status/2',
      '/alice/./status/1',
      '/%61lice/status/1',
      '/alice/status/1?s=20',
      '/alice/status/1#reply',
      '//evil.example/alice/status/1',
      'https://x.com/alice/status/1',
      '\\alice\\status\\1',
      ' /alice/status/1',
      'alice/status/1',
    ];
    for (const href of hrefs) expect(linkPath(href), href).toBe(new URL(href, 'https://x.com/').pathname);
    expect(linkPath('http://[::1')).toBeNull();
  });
});

describe('readTweet', () => {
  it('reads the focal tweet of a status page as focal', () => {
    loadFixture('x-com/status-page-2024-11.html');
    const [article] = findTweetArticles(document);
    expect(readTweet(article!)).toEqual({
      tweetId: '1852311426666537322',
      authorHandle: 'birdman46049238',
      promoted: false,
      focal: true,
    });
  });

  it('reads the ad of the conversation as promoted, though its video wrapper is not', () => {
    loadFixture('x-com/conversation-modal-2024-11.html');
    const tweets = findTweetArticles(document).map(readTweet);
    expect(tweets.filter((tweet) => tweet?.promoted).map((tweet) => tweet?.authorHandle)).toEqual(['HeroWarsWeb']);
    expect(tweets.filter((tweet) => tweet?.focal).map((tweet) => tweet?.authorHandle)).toEqual(['birdman46049238']);
  });

  it('reads the main tweet of an edited post, whose timestamp links to its edit history', () => {
    loadFixture('edited-post.html');
    const tweets = findTweetArticles(document).map(readTweet);
    expect(tweets).toEqual([
      { tweetId: '1860000000000000011', authorHandle: 'carol_edits', promoted: false, focal: true },
      // In the photo viewer's side panel.
      { tweetId: '1860000000000000022', authorHandle: 'dave_edits', promoted: false, focal: true },
    ]);
  });

  it('does not take the photo modal container for a tweet', () => {
    loadFixture('x-com/conversation-modal-2024-11.html');
    const modal = document.querySelector('div[data-testid="tweet"]')!;
    expect(isTweetArticle(modal)).toBe(false);
    expect(readTweet(modal)).toBeNull();
  });

  it('ignores a quoted tweet even when its linked timestamp comes first', () => {
    const root = html(`
      <article data-testid="tweet" tabindex="0">
        <div role="link" tabindex="0">
          <div data-testid="User-Name"><a href="/mallory">M</a>
            <a href="/mallory/status/1860000000000000666"><time>1h</time></a></div>
        </div>
        <div data-testid="User-Name"><a href="/alice">A</a>
          <a href="/alice/status/1860000000000000001"><time>2h</time></a></div>
      </article>`);
    expect(readTweet(root.querySelector('article')!)).toMatchObject({
      tweetId: '1860000000000000001',
      authorHandle: 'alice',
    });
  });

  it('reads nothing from a tweet whose only timestamp is inside a quote', () => {
    const root = html(`
      <article data-testid="tweet" tabindex="0">
        <div data-testid="User-Name"><a href="/alice">A</a></div>
        <div role="link"><a href="/mallory/status/1860000000000000666"><time>1h</time></a></div>
      </article>`);
    expect(readTweet(root.querySelector('article')!)).toBeNull();
  });

  it('treats an article nested in a tweet as part of it, not a tweet of its own', () => {
    const root = html(`
      <article data-testid="tweet"><a href="/alice/status/1860000000000000001"><time>2h</time></a>
        <article data-testid="tweet"><a href="/mallory/status/1860000000000000666"><time>1h</time></a></article>
      </article>`);
    const [outer, inner] = Array.from(root.querySelectorAll('article'));
    expect(findTweetArticles(root)).toEqual([outer]);
    expect(readTweet(outer!)?.tweetId).toBe('1860000000000000001');
    expect(readTweet(inner!)).toBeNull();
  });

  it('refuses a tweet whose header and status link name different authors', () => {
    const root = html(`
      <article data-testid="tweet">
        <div data-testid="User-Name"><a href="/alice">A</a>
          <a href="/bob/status/1860000000000000001"><time>2h</time></a></div>
      </article>`);
    expect(readTweet(root.querySelector('article')!)).toBeNull();
  });

  it('cross-checks with the first profile link of the header, past links that name none', () => {
    const root = html(`
      <article data-testid="tweet">
        <div data-testid="User-Name"><a href="/alice/status/1860000000000000001"><time>2h</time></a>
          <a href="/bob">B</a></div>
      </article>`);
    expect(readTweet(root.querySelector('article')!)).toBeNull();
  });

  it('accepts a header handle that differs only in case', () => {
    const root = html(`
      <article data-testid="tweet">
        <div data-testid="User-Name"><a href="/Alice">A</a>
          <a href="/alice/status/1860000000000000001"><time>2h</time></a></div>
      </article>`);
    expect(readTweet(root.querySelector('article')!)?.authorHandle).toBe('alice');
  });

  it('never reads the author from display text', () => {
    const root = html(`
      <article data-testid="tweet">
        <div data-testid="User-Name"><span>@mallory</span>
          <a href="/alice/status/1860000000000000001"><time>2h</time></a></div>
      </article>`);
    expect(readTweet(root.querySelector('article')!)?.authorHandle).toBe('alice');
  });

  it('reads no id from the analytics link of a tweet that is not promoted', () => {
    const root = html(`
      <article data-testid="tweet"><a href="/alice/status/1860000000000000001/analytics">12</a></article>`);
    expect(readTweet(root.querySelector('article')!)).toBeNull();
  });
});

describe('readTweetRecord', () => {
  it('finds the tweet’s own action bar after a group without a reply button', () => {
    const root = html(`
      <article data-testid="tweet" tabindex="0">
        <div data-testid="User-Name"><a href="/alice">A</a>
          <a href="/alice/status/1860000000000000001"><time>2h</time></a></div>
        <div role="group" data-other><span>Yes</span><span>No</span></div>
        <div role="group" data-bar><button data-testid="reply"></button></div>
      </article>`);
    const record = readTweetRecord(root.querySelector('article')!);
    expect(record.actionBar?.hasAttribute('data-bar')).toBe(true);
  });

  it('finds the tweet’s own text and hashtags after a quoted tweet’s that come first', () => {
    const root = html(`
      <article data-testid="tweet" tabindex="0">
        <div data-testid="User-Name"><a href="/alice">A</a>
          <a href="/alice/status/1860000000000000001"><time>2h</time></a></div>
        <div role="link"><div data-testid="tweetText">quoted <a href="/hashtag/Quoted">#Quoted</a></div></div>
        <div data-testid="tweetText" data-own>own <a href="/hashtag/Own">#Own</a></div>
      </article>`);
    const record = readTweetRecord(root.querySelector('article')!);
    expect(record.text?.hasAttribute('data-own')).toBe(true);
    expect(record.hashtags).toEqual(['Own']);
  });

  it('looks through a whole tweet that quotes none only for a quote, never for every match', () => {
    loadFixture('x-com/status-page-2024-11.html');
    const [article] = findTweetArticles(document);
    const everyMatch: string[] = [];
    const firstMatch: string[] = [];
    const element = article as Element & Pick<ParentNode, 'querySelector' | 'querySelectorAll'>;
    const querySelectorAll = element.querySelectorAll.bind(element);
    const querySelector = element.querySelector.bind(element);
    element.querySelectorAll = ((selector: string) => {
      everyMatch.push(selector);
      return querySelectorAll(selector);
    }) as typeof element.querySelectorAll;
    element.querySelector = ((selector: string) => {
      firstMatch.push(selector);
      return querySelector(selector);
    }) as typeof element.querySelector;
    const record = readTweetRecord(article!);
    expect(record.tweet?.tweetId).toBe('1852311426666537322');
    expect(record.actionBar).not.toBeNull();
    expect(record.text).not.toBeNull();
    // Each part is the first of its kind, found by a query that stops there; the hashtags are
    // looked for in the text block only.
    expect(everyMatch).toEqual([]);
    expect(firstMatch).toEqual(
      expect.arrayContaining([
        selectors.quotedTweet,
        'article',
        selectors.timestamp,
        selectors.userName,
        selectors.actionBar,
        selectors.tweetText,
      ]),
    );
  });
});
