import { afterEach, describe, expect, it } from 'vitest';
import { addPayButton, findActionBar, ICON_PATHS } from '../../extension/features/pay-button';
import { styleTextOf } from '../../extension/lib/shadow-host';
import type { TweetIdentity } from '../../extension/lib/tweet';
import { EXPECTED_TWEETS, loadFixture } from './fixtures';
import { iconImagesIn } from './support/icon-images';

afterEach(() => {
  document.body.innerHTML = '';
  document.body.removeAttribute('style');
  for (const meta of document.head.querySelectorAll('meta')) meta.remove();
});

const MODAL = 'x-com/conversation-modal-2024-11.html';

function addToAll(opened: TweetIdentity[] = []): void {
  for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
    addPayButton(article, { openSheet: (tweet) => opened.push(tweet) });
  }
}

function payHosts(): Element[] {
  return Array.from(document.querySelectorAll('[data-hashpay="pay"]'));
}

function tweetOf(host: Element): string | null {
  const status = host.closest('article')?.querySelector('time')?.closest('a')?.getAttribute('href');
  return status ?? null;
}

describe('the Pay button', () => {
  it('is added once to the action bar of every tweet but the promoted one', () => {
    loadFixture(MODAL);
    addToAll();
    addToAll();
    const expected = EXPECTED_TWEETS[MODAL].filter((tweet) => !tweet.promoted);
    const hosts = payHosts();
    expect(hosts).toHaveLength(expected.length);
    expect(hosts.map((host) => tweetOf(host)?.split('/').at(-1))).toEqual(expected.map((tweet) => tweet.tweetId));
    for (const host of hosts) {
      // In the tweet's own action bar, next to reply, repost, like…
      expect(host.parentElement?.matches('[role="group"]')).toBe(true);
      expect(host.parentElement?.querySelector('[data-testid="reply"]')).not.toBeNull();
    }
    const promoted = document.querySelector('[data-testid="placementTracking"] article[data-testid="tweet"]');
    expect(promoted).not.toBeNull();
    expect(promoted!.querySelector('[data-hashpay="pay"]')).toBeNull();
  });

  it('is a real, focusable button with an accessible name, in a shadow root', () => {
    loadFixture('x-com/status-page-2024-11.html');
    addToAll();
    const [host] = payHosts();
    const button = host?.shadowRoot?.querySelector('button');
    expect(button).toBeInstanceOf(HTMLButtonElement);
    expect(button!.type).toBe('button');
    expect(button!.textContent).toBe('Pay');
    expect(button!.getAttribute('aria-label')).toBe('Pay @birdman46049238');
    expect(button!.tabIndex).toBe(0);
    button!.focus();
    expect(host!.shadowRoot!.activeElement).toBe(button);
  });

  it('opens the sheet for the tweet the article shows when clicked, not the one it showed before', () => {
    loadFixture('quoted-tweet.html');
    const opened: TweetIdentity[] = [];
    addToAll(opened);
    const article = document.querySelectorAll('article[data-testid="tweet"]')[0]!;
    // x.com recycles the article for another tweet: the click reads it again.
    for (const link of article.querySelectorAll('a')) {
      const href = link.getAttribute('href') ?? '';
      link.setAttribute(
        'href',
        href.replace('alice_pays', 'erin').replace('1860000000000000001', '1860000000000000042'),
      );
    }
    const button = article.querySelector('[data-hashpay="pay"]')!.shadowRoot!.querySelector('button')!;
    button.click();
    expect(opened).toEqual([{ tweetId: '1860000000000000042', authorHandle: 'erin', promoted: false, focal: false }]);
  });

  it('keeps the click from reaching the page, which would open the tweet', () => {
    loadFixture('quoted-tweet.html');
    addToAll();
    let reached = 0;
    document.addEventListener('click', () => {
      reached += 1;
    });
    payHosts()[0]!.shadowRoot!.querySelector('button')!.click();
    expect(reached).toBe(0);
  });

  it('goes away when the article turns out to be promoted', () => {
    loadFixture('quoted-tweet.html');
    addToAll();
    const article = document.querySelectorAll('article[data-testid="tweet"]')[1]!;
    expect(article.querySelector('[data-hashpay="pay"]')).not.toBeNull();
    const wrapper = document.createElement('div');
    wrapper.setAttribute('data-testid', 'placementTracking');
    article.replaceWith(wrapper);
    wrapper.append(article);
    addPayButton(article, { openSheet: () => {} });
    expect(article.querySelector('[data-hashpay="pay"]')).toBeNull();
  });

  it('never goes into a quoted tweet’s action bar', () => {
    loadFixture('quoted-tweet.html');
    for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
      const bar = findActionBar(article);
      expect(bar === null || bar.closest('div[role="link"]') === null).toBe(true);
    }
  });

  it('takes the muted colour of the page’s theme', () => {
    loadFixture('x-com/status-page-2024-11.html');
    document.body.style.backgroundColor = 'rgb(0, 0, 0)';
    addToAll();
    // The icon is drawn in that colour.
    const dark = iconImagesIn(styleTextOf(payHosts()[0]!.shadowRoot!)).join('\n');
    expect(dark).toContain('stroke="rgb(113, 118, 123)"');
    payHosts()[0]!.remove();
    document.body.style.backgroundColor = 'rgb(255, 255, 255)';
    addToAll();
    expect(iconImagesIn(styleTextOf(payHosts()[0]!.shadowRoot!)).join('\n')).toContain('stroke="rgb(83, 100, 113)"');
  });

  it('falls back on the theme-color meta when the body has no inline background', () => {
    loadFixture('x-com/status-page-2024-11.html');
    const meta = document.createElement('meta');
    meta.name = 'theme-color';
    meta.content = '#15202B';
    document.head.append(meta);
    addToAll();
    expect(iconImagesIn(styleTextOf(payHosts()[0]!.shadowRoot!)).join('\n')).toContain('stroke="rgb(113, 118, 123)"');
  });
});

describe('the Pay button on a page it did not make', () => {
  it('is made anew for the tweet an article shows now, when x.com reuses the article', () => {
    loadFixture('x-com/status-page-2024-11.html');
    addToAll();
    const [host] = payHosts();
    const article = host!.closest('article')!;
    const before = host!.shadowRoot!.querySelector('button')!.getAttribute('aria-label');

    // x.com renders another tweet, by someone else, into the same article.
    const status = article.querySelector('time')!.closest('a')!;
    status.setAttribute('href', '/someone_else/status/1234567890123456789');
    for (const link of article.querySelectorAll('[data-testid="User-Name"] a')) {
      link.setAttribute('href', '/someone_else');
    }
    addToAll();

    const hosts = Array.from(article.querySelectorAll('[data-hashpay="pay"]'));
    expect(hosts).toHaveLength(1);
    const label = hosts[0]!.shadowRoot!.querySelector('button')!.getAttribute('aria-label');
    expect(before).not.toBe('Pay @someone_else');
    expect(label).toBe('Pay @someone_else');
  });

  it('replaces a button an earlier run of the content script left behind', () => {
    loadFixture('x-com/status-page-2024-11.html');
    addToAll();
    const [orphan] = payHosts();
    orphan!.setAttribute('data-hashpay-instance', 'an-earlier-run');
    addToAll();
    const hosts = payHosts();
    expect(hosts).toHaveLength(EXPECTED_TWEETS['x-com/status-page-2024-11.html'].filter((t) => !t.promoted).length);
    expect(hosts).not.toContain(orphan);
  });
});

describe('the Pay button as an action icon', () => {
  it('is not shown on the linked user’s own tweets, whatever the case of the handle', () => {
    loadFixture('quoted-tweet.html');
    for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
      addPayButton(article, { openSheet: () => {}, linkedHandle: 'ALICE_PAYS' });
    }
    const authors = payHosts().map((host) =>
      host.closest('article')?.querySelector('[data-testid="User-Name"] a')?.getAttribute('href'),
    );
    expect(authors).not.toContain('/alice_pays');
    expect(authors).toContain('/Dave_Donates');
  });

  it('is an icon with a tooltip naming whom it pays, the word kept for screen readers', () => {
    loadFixture('x-com/status-page-2024-11.html');
    addToAll();
    const root = payHosts()[0]!.shadowRoot!;
    const button = root.querySelector('button')!;
    // The icon is the button's background: the button holds nothing but its hidden word.
    expect(button.children).toHaveLength(1);
    expect(button.textContent).toBe('Pay');
    // The tooltip is made when the pointer first comes, once, right after the button.
    expect(root.querySelector('[role="tooltip"]')).toBeNull();
    button.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    button.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    expect([...root.querySelectorAll('[role="tooltip"]')].map((tooltip) => tooltip.textContent)).toEqual([
      'Pay @birdman46049238',
    ]);
    expect(button.nextElementSibling?.getAttribute('role')).toBe('tooltip');
    expect(button.nextElementSibling?.getAttribute('aria-hidden')).toBe('true');
    // X's icon: 18.75 px on a 20 px row, with a round hit area around it.
    const css = styleTextOf(root);
    expect(iconImagesIn(css).join('\n')).toContain(`<path d="${ICON_PATHS.pay}"/>`);
    expect(css).toContain('center/18.75px 18.75px');
    expect(css).toContain('width:34.75px;height:34.75px;margin:-7.375px');
    expect(css).toContain('border-radius:9999px');
  });

  it('holds no hover or focus rule at rest: the pointer or the keyboard brings them once, in a sheet all share', () => {
    loadFixture(MODAL);
    addToAll();
    const [first, second] = payHosts().map((host) => host.shadowRoot!);
    // At rest, the one sheet drawing the icon, without the rules Chromium weighs in every style
    // recalculation for every root holding them.
    expect(first!.adoptedStyleSheets).toHaveLength(1);
    expect(second!.adoptedStyleSheets[0]).toBe(first!.adoptedStyleSheets[0]);
    expect(styleTextOf(first!)).not.toMatch(/:hover|:focus/);
    const button = first!.querySelector('button')!;
    button.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    button.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    expect(first!.adoptedStyleSheets).toHaveLength(2);
    const css = styleTextOf(first!);
    expect(css).toContain('button:hover,button:focus-visible{background-image:');
    expect(css).toContain('button:focus-visible{box-shadow:0 0 0 2px rgb(29, 155, 240)}');
    // The keyboard brings the same shared sheet; the others stay at rest.
    second!.querySelector('button')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    expect(second!.adoptedStyleSheets).toHaveLength(2);
    expect(second!.adoptedStyleSheets[1]).toBe(first!.adoptedStyleSheets[1]);
    expect(payHosts().filter((host) => host.shadowRoot!.adoptedStyleSheets.length > 1)).toHaveLength(2);
  });

  it('opens the sheet anchored to itself, offering the people the tweet mentions', () => {
    loadFixture('profile-page.html');
    const openings: Array<{ anchor: HTMLElement; mentionedHandles: readonly string[] } | undefined> = [];
    for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
      addPayButton(article, { openSheet: (_tweet, _organisation, opening) => openings.push(opening) });
    }
    const button = payHosts()[0]!.shadowRoot!.querySelector('button')!;
    button.click();
    expect(openings).toHaveLength(1);
    expect(openings[0]?.anchor).toBe(button);
    expect(openings[0]?.mentionedHandles).toEqual(['carol_cafe']);
  });
});

describe('one money action per tweet', () => {
  it('leaves a tweet whose pot shows Chip in without Pay, and gives Pay back once it does not', () => {
    loadFixture('x-com/status-page-2024-11.html');
    const article = document.querySelector('article[data-testid="tweet"]')!;
    const pot = document.createElement('div');
    pot.setAttribute('data-hashpay', 'chip-in');
    findActionBar(article)!.append(pot);
    addToAll();
    expect(payHosts()).toHaveLength(0);
    pot.remove();
    addToAll();
    expect(payHosts()).toHaveLength(1);
  });
});
