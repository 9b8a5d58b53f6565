import { afterEach, describe, expect, it } from 'vitest';
import { readMentionedHandles, readPageAccountHandle, readProfileHandle } from '../../extension/lib/page-people';
import { loadFixture } from './fixtures';

/** The people a page names, for display only: the signed-in account, a tweet's mentions, a profile's handle. */

afterEach(() => {
  document.body.innerHTML = '';
});

describe('people read from the page', () => {
  it('reads the signed-in account from the side navigation’s Profile link', () => {
    loadFixture('profile-page.html');
    expect(readPageAccountHandle(document)).toBe('alice_pays');
  });

  it('reads no account where the page shows no navigation', () => {
    loadFixture('x-com/status-page-2024-11.html');
    expect(readPageAccountHandle(document)).toBeNull();
  });

  it('reads a tweet’s mentions but not its hashtags, and a profile’s handle', () => {
    loadFixture('profile-page.html');
    const article = document.querySelector('article[data-testid="tweet"]')!;
    expect(readMentionedHandles(article)).toEqual(['carol_cafe']);
    expect(readProfileHandle(document)).toBe('bob');
  });

  it('takes no link whose text is not the mention it links to, nor a quoted tweet’s mention', () => {
    loadFixture('quoted-tweet.html');
    const [outer] = document.querySelectorAll('article[data-testid="tweet"]');
    expect(readMentionedHandles(outer!)).toEqual([]);
    document.body.innerHTML =
      '<article data-testid="tweet"><div data-testid="tweetText"><a href="/mallory">@bob</a> <a href="/carol">@Carol</a></div></article>';
    expect(readMentionedHandles(document.querySelector('article')!)).toEqual(['carol']);
  });
});
