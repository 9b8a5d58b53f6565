import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Saved and hand-written x.com pages the content script is checked against. */
export const FIXTURE_NAMES = [
  'x-com/conversation-modal-2024-11.html',
  'x-com/status-page-2024-11.html',
  'quoted-tweet.html',
  'post-sent-toast.html',
  'edited-post.html',
  'profile-page.html',
] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export interface ExpectedTweet {
  tweetId: string;
  author: string;
  promoted?: boolean;
  focal?: boolean;
}

/**
 * What each page holds, read by hand from the files (the status link around each `time`, and
 * for the ad, which has no `time`, its analytics link) — not computed by the code under test.
 */
export const EXPECTED_TWEETS: Record<FixtureName, readonly ExpectedTweet[]> = {
  'x-com/conversation-modal-2024-11.html': [
    { tweetId: '1852311426666537322', author: 'birdman46049238', focal: true },
    { tweetId: '1852366029659206065', author: 'Ness682KisuNess' },
    { tweetId: '1854089823482700167', author: 'HeroWarsWeb', promoted: true },
    { tweetId: '1852320831764050150', author: 'hirokanimiso' },
    { tweetId: '1852352873113468933', author: 'Yangge_399' },
    { tweetId: '1852326641055178999', author: 'RavioliSmudge' },
    { tweetId: '1852332579019456975', author: 'freeeefoood' },
    { tweetId: '1852312559182815408', author: 'WZJDXS' },
    { tweetId: '1852407218655875489', author: 'kddi277' },
    { tweetId: '1852311679100654016', author: 'puripurinyamu' },
    { tweetId: '1852823778050683017', author: 'KremeSl33p31106' },
    { tweetId: '1852439325390094379', author: 'xxhaloreachprox' },
    { tweetId: '1852340744922820752', author: 'Yu_Channel_jp' },
    { tweetId: '1852463153042358385', author: 'TheAverageNYer' },
  ],
  'x-com/status-page-2024-11.html': [{ tweetId: '1852311426666537322', author: 'birdman46049238', focal: true }],
  'quoted-tweet.html': [
    { tweetId: '1860000000000000001', author: 'alice_pays' },
    { tweetId: '1860000000000000002', author: 'Dave_Donates' },
  ],
  'post-sent-toast.html': [],
  'edited-post.html': [
    { tweetId: '1860000000000000011', author: 'carol_edits', focal: true },
    { tweetId: '1860000000000000022', author: 'dave_edits', focal: true },
  ],
  'profile-page.html': [{ tweetId: '1860000000000000101', author: 'bob' }],
};

// import.meta.url is not a file URL under the happy-dom environment; dirname is a path.
const FIXTURE_DIR = path.join(import.meta.dirname, 'fixtures');

const cache = new Map<FixtureName, string>();

export function readFixture(name: FixtureName): string {
  let html = cache.get(name);
  if (html === undefined) {
    html = readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
    cache.set(name, html);
  }
  return html;
}

/** Replaces the document's body with the saved page. */
export function loadFixture(name: FixtureName): void {
  document.body.innerHTML = readFixture(name);
}

/** Every element's attributes, to tell whether a pass changed anything at all. */
export function snapshotAttributes(root: Element): string {
  const lines: string[] = [];
  for (const element of root.querySelectorAll('*')) {
    if (!element.getAttributeNames().some((name) => name.startsWith('data-hashpay'))) continue;
    const marks = element
      .getAttributeNames()
      .filter((name) => name.startsWith('data-hashpay'))
      .map((name) => `${name}=${element.getAttribute(name)}`);
    lines.push(`${element.tagName} ${marks.join(' ')}`);
  }
  return lines.join('\n');
}
