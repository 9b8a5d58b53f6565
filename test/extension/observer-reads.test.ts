import { afterEach, describe, expect, it } from 'vitest';
import { features } from '../../extension/features';
import { startFeatures } from '../../extension/lib/feature-manager';
import { createPageObserver, PASS_BUDGET_MS, type PageObserver } from '../../extension/lib/observer';
import { readTweetRecord, type TweetRecord } from '../../extension/lib/tweet-record';
import { EXPECTED_TWEETS, loadFixture } from './fixtures';

/**
 * The observer reads only what mutations touched, once per pass, and hands the same record to
 * every feature: a long timeline costs what its new tweets cost, not what all its tweets do.
 */

let observer: PageObserver | undefined;

afterEach(() => {
  observer?.disconnect();
  observer = undefined;
  document.body.innerHTML = '';
});

const MODAL = 'x-com/conversation-modal-2024-11.html';

/** Lets the MutationObserver's callback and the passes it schedules run. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

interface Harness {
  observer: PageObserver;
  /** Every article read, in order, since the last `reset`. */
  reads: Element[];
  /** Every record a tweet callback got, since the last `reset`. */
  visits: TweetRecord[];
  reset(): void;
}

/** The real features and one recording tweet callback on the page, with reads counted. */
function start(): Harness {
  const reads: Element[] = [];
  const visits: TweetRecord[] = [];
  const created = createPageObserver({
    // A clock that stands still: the budget is tested on its own below.
    now: () => 0,
    readRecord: (article) => {
      reads.push(article);
      return readTweetRecord(article);
    },
  });
  observer = created;
  startFeatures(features, { observer: created });
  created.observeTweets((record) => visits.push(record), { signal: new AbortController().signal });
  return {
    observer: created,
    reads,
    visits,
    reset() {
      reads.length = 0;
      visits.length = 0;
    },
  };
}

function articles(): Element[] {
  return Array.from(document.querySelectorAll('article[data-testid="tweet"]'));
}

describe('one read per touched article', () => {
  it('reads every article once when the features start, however many features there are', async () => {
    loadFixture(MODAL);
    const harness = start();
    await settle();
    expect(features.length).toBeGreaterThan(3);
    expect(harness.reads).toHaveLength(articles().length);
    expect(new Set(harness.reads).size).toBe(harness.reads.length);
    expect(document.querySelectorAll('[data-hashpay-tweet-id]')).toHaveLength(EXPECTED_TWEETS[MODAL].length);
    expect(document.querySelectorAll('[data-hashpay="pay"]').length).toBeGreaterThan(0);
  });

  it('reads a re-rendered action bar’s article once and visits no other article', async () => {
    loadFixture(MODAL);
    const harness = start();
    await settle();
    const [, article] = articles().filter((candidate) => candidate.hasAttribute('data-hashpay-tweet-id'));
    const bar = article!.querySelector('[data-hashpay="pay"]')!.parentElement!;
    harness.reset();
    // x.com draws the action bar again: the same buttons, new nodes, without ours.
    const redrawn = bar.cloneNode(false) as Element;
    for (const child of bar.children) if (!child.hasAttribute('data-hashpay')) redrawn.append(child.cloneNode(true));
    bar.replaceWith(redrawn);
    await settle();
    expect(harness.reads).toEqual([article]);
    expect(harness.visits.map((record) => record.article)).toEqual([article]);
    expect(redrawn.querySelector(':scope > [data-hashpay="pay"]')).not.toBeNull();
  });

  it('reads an article reused for another tweet once and moves its marks and button to that tweet', async () => {
    loadFixture(MODAL);
    const harness = start();
    await settle();
    const [first, second] = articles().filter(
      (candidate) =>
        candidate.hasAttribute('data-hashpay-tweet-id') && !candidate.hasAttribute('data-hashpay-promoted'),
    );
    const secondId = second!.getAttribute('data-hashpay-tweet-id');
    harness.reset();
    // x.com's virtual list keeps the article and swaps what is inside it.
    const inner = second!.cloneNode(true) as Element;
    for (const own of inner.querySelectorAll('[data-hashpay]')) own.remove();
    first!.replaceChildren(...inner.childNodes);
    await settle();
    expect(harness.reads).toEqual([first]);
    expect(harness.visits).toHaveLength(1);
    expect(first!.getAttribute('data-hashpay-tweet-id')).toBe(secondId);
    expect(first!.querySelector('[data-hashpay="pay"]')?.getAttribute('data-hashpay-tweet')).toBe(secondId);
  });

  it('reads an article whose status link is rewritten in place once, with the new id', async () => {
    document.body.innerHTML = `
      <article data-testid="tweet" tabindex="0"><div data-testid="User-Name"><a href="/alice">Alice</a>
        <a href="/alice/status/1860000000000000001"><time>now</time></a></div>
        <div role="group"><button data-testid="reply"></button></div></article>
      <article data-testid="tweet" tabindex="0"><div data-testid="User-Name"><a href="/bob">Bob</a>
        <a href="/bob/status/1860000000000000002"><time>now</time></a></div>
        <div role="group"><button data-testid="reply"></button></div></article>`;
    const harness = start();
    await settle();
    const [alice] = articles();
    expect(alice!.getAttribute('data-hashpay-tweet-id')).toBe('1860000000000000001');
    harness.reset();
    alice!.querySelector('a[href*="/status/"]')!.setAttribute('href', '/alice/status/1860000000000000009');
    await settle();
    expect(harness.reads).toEqual([alice]);
    expect(harness.visits.map((record) => record.tweet?.tweetId)).toEqual(['1860000000000000009']);
    expect(alice!.getAttribute('data-hashpay-tweet-id')).toBe('1860000000000000009');
  });

  it('runs no feature on an untouched article when tweets are added or the page changes elsewhere', async () => {
    loadFixture(MODAL);
    const harness = start();
    await settle();
    const before = articles();
    harness.reset();
    const cell = document.createElement('div');
    cell.innerHTML = `<article data-testid="tweet" tabindex="0"><div data-testid="User-Name"><a href="/carol">C</a>
      <a href="/carol/status/1860000000000000033"><time>now</time></a></div></article>`;
    document.body.append(cell);
    const elsewhere = document.createElement('p');
    document.body.append(elsewhere);
    elsewhere.textContent = 'a sidebar changes';
    await settle();
    const added = cell.querySelector('article')!;
    expect(harness.reads).toEqual([added]);
    expect(harness.visits.map((record) => record.article)).toEqual([added]);
    for (const article of before) expect(harness.visits.some((record) => record.article === article)).toBe(false);
    expect(added.getAttribute('data-hashpay-tweet-id')).toBe('1860000000000000033');
  });

  it('reads only the outer article of an added cell whose tweet holds another article', async () => {
    const harness = start();
    await settle();
    const cell = document.createElement('div');
    cell.innerHTML = `<div><article data-testid="tweet" tabindex="0"><div data-testid="User-Name"><a href="/erin">E</a>
      <a href="/erin/status/1860000000000000044"><time>now</time></a></div>
      <article data-testid="tweet" tabindex="0"><a href="/finn/status/1860000000000000055"><time>then</time></a></article>
      </article></div>`;
    document.body.append(cell);
    await settle();
    const [outer] = cell.querySelectorAll('article');
    expect(harness.reads).toEqual([outer]);
    expect(outer!.getAttribute('data-hashpay-tweet-id')).toBe('1860000000000000044');
  });

  it('revisits every article from the records it has, reading none again', async () => {
    loadFixture(MODAL);
    const harness = start();
    await settle();
    const visited: Element[] = [];
    const revisit = harness.observer.observeTweets((record) => visited.push(record.article), {
      signal: new AbortController().signal,
    });
    await settle();
    harness.reset();
    visited.length = 0;
    revisit();
    expect(visited).toEqual(articles());
    expect(harness.reads).toEqual([]);
  });
});

describe('other selectors', () => {
  it('look at the whole page once, then only at what mutations added', async () => {
    document.body.innerHTML = '<p id="first"></p><p id="second"></p>';
    observer = createPageObserver();
    const seen: string[] = [];
    observer.observe('p', (element) => seen.push(element.id), { signal: new AbortController().signal });
    await settle();
    expect(seen).toEqual(['first', 'second']);
    document.body.append(document.createElement('div'));
    const cell = document.createElement('div');
    cell.innerHTML = '<p id="third"></p>';
    document.body.append(cell);
    await settle();
    expect(seen).toEqual(['first', 'second', 'third']);
    // An added element that matches, with one inside it that matches too: each once.
    const outer = document.createElement('p');
    outer.id = 'fourth';
    outer.innerHTML = '<p id="fifth"></p>';
    document.body.append(outer);
    await settle();
    expect(seen).toEqual(['first', 'second', 'third', 'fourth', 'fifth']);
  });
});

describe('the buttons’ styles', () => {
  it('are one constructed sheet shared by every Pay button, not a <style> per button', async () => {
    loadFixture(MODAL);
    start();
    await settle();
    const roots = Array.from(document.querySelectorAll('[data-hashpay="pay"]'), (host) => host.shadowRoot!);
    expect(roots.length).toBeGreaterThan(5);
    const [sheet] = roots[0]!.adoptedStyleSheets;
    expect(sheet).toBeDefined();
    for (const root of roots) {
      expect(root.adoptedStyleSheets).toEqual([sheet]);
      expect(root.querySelector('style')).toBeNull();
    }
  });
});

/** Appends `count` cells of one tweet article each, ids from `firstIndex`; returns their ids. */
function appendTweetCells(firstIndex: number, count: number): string[] {
  const ids: string[] = [];
  for (let index = firstIndex; index < firstIndex + count; index += 1) {
    const id = String(1860000000000000100n + BigInt(index));
    const cell = document.createElement('div');
    cell.innerHTML = `<article data-testid="tweet" tabindex="0"><a href="/dan/status/${id}"><time>now</time></a></article>`;
    document.body.append(cell);
    ids.push(id);
  }
  return ids;
}

describe('the pass budget', () => {
  it('draws a frame’s tweets in the pass right after it, with no later task', async () => {
    const later: Array<() => void> = [];
    let clockMs = 0;
    observer = createPageObserver({
      now: () => clockMs,
      // A read takes a millisecond on this clock: a frame's twenty tweets stay within the budget.
      readRecord: (article) => {
        clockMs += 1;
        return readTweetRecord(article);
      },
      scheduleLater: (pass) => later.push(pass),
    });
    const visited: string[] = [];
    observer.observeTweets((record) => visited.push(record.tweet?.tweetId ?? ''), {
      signal: new AbortController().signal,
    });
    await settle();
    const frame = appendTweetCells(0, 20);
    expect(frame.length).toBeLessThan(PASS_BUDGET_MS);
    await settle();
    expect(later).toHaveLength(0);
    expect([...visited].sort()).toEqual(frame);
  });

  it('after a pass cut short, takes the tweets added since before the older rest', async () => {
    const later: Array<() => void> = [];
    let clockMs = 0;
    observer = createPageObserver({
      now: () => clockMs,
      readRecord: (article) => {
        clockMs += 1;
        return readTweetRecord(article);
      },
      scheduleLater: (pass) => later.push(pass),
    });
    const visited: string[] = [];
    observer.observeTweets((record) => visited.push(record.tweet?.tweetId ?? ''), {
      signal: new AbortController().signal,
    });
    await settle();
    const first = appendTweetCells(0, PASS_BUDGET_MS * 2);
    await settle();
    expect(later).toHaveLength(1);
    const rest = first.filter((id) => !visited.includes(id));
    expect(rest.length).toBeGreaterThan(0);
    visited.length = 0;
    const newer = appendTweetCells(first.length, 3);
    await settle();
    // The newest first; each tweet once.
    while (later.length > 0) later.shift()!();
    expect(visited.slice(0, newer.length)).toEqual([...newer].reverse());
    expect([...visited].sort()).toEqual([...rest, ...newer].sort());
  });

  it('leaves the articles past its budget to the next frame, and reads each once in all', async () => {
    const later: Array<() => void> = [];
    let clockMs = 0;
    const reads: Element[] = [];
    observer = createPageObserver({
      // Each read takes a millisecond on this clock.
      now: () => clockMs,
      readRecord: (article) => {
        clockMs += 1;
        reads.push(article);
        return readTweetRecord(article);
      },
      scheduleLater: (pass) => later.push(pass),
    });
    const visited: string[] = [];
    observer.observeTweets((record) => visited.push(record.tweet?.tweetId ?? ''), {
      signal: new AbortController().signal,
    });
    await settle();
    const count = PASS_BUDGET_MS * 3;
    for (let index = 0; index < count; index += 1) {
      const cell = document.createElement('div');
      cell.innerHTML = `<article data-testid="tweet" tabindex="0">
        <a href="/dan/status/${1860000000000000100n + BigInt(index)}"><time>now</time></a></article>`;
      document.body.append(cell);
    }
    await settle();
    expect(visited.length).toBeGreaterThan(0);
    expect(visited.length).toBeLessThan(count);
    expect(later).toHaveLength(1);
    while (later.length > 0) later.shift()!();
    expect(visited).toHaveLength(count);
    expect(new Set(visited).size).toBe(count);
    expect(reads).toHaveLength(count);
  });
});
