import { afterEach, describe, expect, it, vi } from 'vitest';
import { features } from '../../extension/features';
import { startFeatures } from '../../extension/lib/feature-manager';
import { createPageObserver, type PageObserver } from '../../extension/lib/observer';
import { EXPECTED_TWEETS, loadFixture, readFixture } from './fixtures';

let observer: PageObserver | undefined;

afterEach(() => {
  observer?.disconnect();
  observer = undefined;
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

/** A scheduler the test drives by hand, so a test says exactly when passes run. */
function manualScheduler() {
  const pending: Array<() => void> = [];
  return {
    schedule: (pass: () => void) => pending.push(pass),
    get pendingCount() {
      return pending.length;
    },
    async flush() {
      // MutationObserver callbacks are microtasks: let them schedule before running.
      await Promise.resolve();
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const pass of pending.splice(0)) pass();
    },
  };
}

const NEW_TWEET_HTML = `
  <div data-testid="cellInnerDiv"><article role="article" tabindex="0" data-testid="tweet">
    <div data-testid="User-Name"><a href="/New_Payee">New</a>
      <a href="/New_Payee/status/1860000000000000077"><time datetime="2024-11-21T10:00:00.000Z">now</time></a></div>
  </article></div>`;

describe('the page observer with the features', () => {
  it('marks the tweets already on the page, then a tweet added later', async () => {
    loadFixture('x-com/status-page-2024-11.html');
    const scheduler = manualScheduler();
    observer = createPageObserver({ schedule: scheduler.schedule });
    startFeatures(features, { observer });
    await scheduler.flush();
    expect(document.querySelectorAll('[data-hashpay-tweet-id]')).toHaveLength(1);

    const added = document.createElement('div');
    added.innerHTML = NEW_TWEET_HTML;
    document.body.append(added);
    expect(added.querySelector('[data-hashpay-tweet-id]')).toBeNull();
    await scheduler.flush();
    const article = added.querySelector('article')!;
    expect(article.getAttribute('data-hashpay-tweet-id')).toBe('1860000000000000077');
    expect(article.getAttribute('data-hashpay-author')).toBe('New_Payee');
  });

  it('coalesces many mutations into one pass', async () => {
    const scheduler = manualScheduler();
    // A clock that stands still: the pass budget never runs out, whatever happy-dom's speed.
    observer = createPageObserver({ schedule: scheduler.schedule, now: () => 0 });
    startFeatures(features, { observer });
    await scheduler.flush();
    const before = observer.passCount;
    for (let index = 0; index < 50; index += 1) {
      const cell = document.createElement('div');
      cell.innerHTML = NEW_TWEET_HTML.replace('1860000000000000077', String(1860000000000000100n + BigInt(index)));
      document.body.append(cell);
    }
    await Promise.resolve();
    expect(scheduler.pendingCount).toBe(1);
    await scheduler.flush();
    expect(observer.passCount).toBe(before + 1);
    expect(document.querySelectorAll('[data-hashpay-tweet-id]')).toHaveLength(50);
  });

  it('does not run again because of its own marks', async () => {
    loadFixture('quoted-tweet.html');
    const scheduler = manualScheduler();
    observer = createPageObserver({ schedule: scheduler.schedule });
    startFeatures(features, { observer });
    await scheduler.flush();
    await scheduler.flush();
    expect(scheduler.pendingCount).toBe(0);
    expect(observer.passCount).toBe(1);
  });

  it('reads no layout during a pass', async () => {
    loadFixture('x-com/conversation-modal-2024-11.html');
    const rect = vi.spyOn(Element.prototype, 'getBoundingClientRect');
    const rects = vi.spyOn(Element.prototype, 'getClientRects');
    const style = vi.spyOn(window, 'getComputedStyle');
    const scheduler = manualScheduler();
    observer = createPageObserver({ schedule: scheduler.schedule });
    startFeatures(features, { observer });
    await scheduler.flush();
    expect(document.querySelectorAll('[data-hashpay-tweet-id]')).toHaveLength(
      EXPECTED_TWEETS['x-com/conversation-modal-2024-11.html'].length,
    );
    expect(rect).not.toHaveBeenCalled();
    expect(rects).not.toHaveBeenCalled();
    expect(style).not.toHaveBeenCalled();
  });

  it('runs passes on animation frames by default', async () => {
    loadFixture('quoted-tweet.html');
    observer = createPageObserver();
    startFeatures(features, { observer });
    await vi.waitFor(() => expect(document.querySelectorAll('[data-hashpay-tweet-id]')).toHaveLength(2));
  });

  it('keeps marking after a callback throws', async () => {
    loadFixture('quoted-tweet.html');
    const scheduler = manualScheduler();
    const errors: string[] = [];
    observer = createPageObserver({
      schedule: scheduler.schedule,
      onError: (_error, selector) => errors.push(selector),
    });
    const signal = new AbortController().signal;
    observer.observe(
      'article',
      () => {
        throw new Error('broken');
      },
      { signal },
    );
    startFeatures(features, { observer });
    await scheduler.flush();
    expect(errors).toEqual(['article', 'article']);
    expect(document.querySelectorAll('[data-hashpay-tweet-id]')).toHaveLength(2);
  });

  it('stops for good at the first pass once whatever runs it is gone', async () => {
    const scheduler = manualScheduler();
    let running = true;
    observer = createPageObserver({ schedule: scheduler.schedule, stillRunning: () => running });
    startFeatures(features, { observer });
    await scheduler.flush();
    expect(document.querySelectorAll('[data-hashpay-tweet-id]')).toHaveLength(0);
    document.body.innerHTML = readFixture('quoted-tweet.html');
    await scheduler.flush();
    const marked = document.querySelectorAll('[data-hashpay-tweet-id]').length;
    expect(marked).toBeGreaterThan(0);
    const passes = observer.passCount;

    running = false;
    document.body.insertAdjacentHTML('beforeend', NEW_TWEET_HTML);
    await scheduler.flush();
    expect(observer.passCount).toBe(passes);
    expect(document.querySelectorAll('[data-hashpay-tweet-id]')).toHaveLength(marked);
    // Stopped: nothing more is scheduled, even were it to answer again.
    running = true;
    document.body.insertAdjacentHTML('beforeend', NEW_TWEET_HTML);
    await scheduler.flush();
    expect(scheduler.pendingCount).toBe(0);
    expect(document.querySelectorAll('[data-hashpay-tweet-id]')).toHaveLength(marked);
  });

  it('stops after disconnect', async () => {
    const scheduler = manualScheduler();
    observer = createPageObserver({ schedule: scheduler.schedule });
    startFeatures(features, { observer });
    await scheduler.flush();
    observer.disconnect();
    document.body.innerHTML = readFixture('quoted-tweet.html');
    await scheduler.flush();
    expect(document.querySelector('[data-hashpay-tweet-id]')).toBeNull();
  });
});

describe('an article rewritten in place', () => {
  it('gets a pass when only a link of it changes', async () => {
    document.body.innerHTML = '<article data-testid="tweet"><a href="/a/status/1">t</a></article>';
    const scheduled: Array<() => void> = [];
    const observer = createPageObserver({ document, schedule: (pass) => scheduled.push(pass) });
    observer.runPass();
    const before = observer.passCount;
    document.querySelector('a')!.setAttribute('href', '/b/status/2');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(scheduled.length).toBeGreaterThan(0);
    for (const pass of scheduled.splice(0)) pass();
    expect(observer.passCount).toBe(before + 1);
    observer.disconnect();
  });
});
