import { selectors } from './selectors';

/**
 * Reading a tweet article of x.com: which tweet it is and who wrote it. Identity comes only
 * from link paths (`/:handle/status/:id`), never from text a page can display freely.
 */

/** X handles are 1 to 15 characters of A–Z a–z 0–9 and underscore. */
export const HANDLE_LENGTH_MAX = 15;
/** Tweet ids are 64-bit snowflakes: at most 19 decimal digits. */
export const TWEET_ID_DIGITS_MAX = 19;

const STATUS_PATH = new RegExp(
  `^/([A-Za-z0-9_]{1,${HANDLE_LENGTH_MAX}})/status/([0-9]{1,${TWEET_ID_DIGITS_MAX}})(/[^?#]*)?$`,
);
/** Relative hrefs are read as x.com paths; only the path matters, never the host. */
const LINK_BASE = 'https://x.com/';
/** Paths on x.com whose first segment looks like a handle but is an app route. */
const RESERVED_FIRST_SEGMENTS = new Set(['i', 'home', 'explore', 'search', 'settings', 'messages', 'notifications']);

export interface StatusPath {
  handle: string;
  tweetId: string;
  /** What follows the id: '' for the status itself, '/analytics', '/photo/1', ... */
  suffix: string;
}

/**
 * A path the URL parser would give back unchanged: one slash, then letters, digits, `_` and
 * slashes only (no dot segment, escape, query or fragment to resolve). x.com's own links are
 * such paths.
 */
const PLAIN_PATH = /^\/[A-Za-z0-9_][A-Za-z0-9_/]*$/;

/** The path of a link's href, read as an x.com URL; null when it does not parse. */
export function linkPath(href: string): string | null {
  // Every tweet's links are read on every page: most need no URL parser.
  if (PLAIN_PATH.test(href)) return href;
  try {
    return new URL(href, LINK_BASE).pathname;
  } catch {
    return null;
  }
}

/** Parses `/:handle/status/:id[/...]` from a link's href (relative or absolute). */
export function parseStatusPath(href: string): StatusPath | null {
  const pathname = linkPath(href);
  if (pathname === null) return null;
  const match = STATUS_PATH.exec(pathname);
  if (!match) return null;
  const [, handle, tweetId, suffix = ''] = match;
  if (!handle || !tweetId || RESERVED_FIRST_SEGMENTS.has(handle.toLowerCase())) return null;
  // A snowflake id never starts with 0; a leading zero would make two strings name one tweet.
  if (tweetId.startsWith('0')) return null;
  return { handle, tweetId, suffix: suffix === '/' ? '' : suffix };
}

export interface TweetIdentity {
  tweetId: string;
  /** The author's handle as the status link spells it, without '@'. */
  authorHandle: string;
  /** A promoted tweet (an ad): a `placementTracking` wrapper is an ancestor. */
  promoted: boolean;
  /** The focal tweet of a status page or conversation (tabindex -1). */
  focal: boolean;
}

/** Whether `element` belongs to `article` itself and not to a quoted or nested tweet in it. */
export function isOwnPart(article: Element, element: Element): boolean {
  let node = element.parentElement;
  while (node !== null && node !== article) {
    if (node.tagName === 'ARTICLE' || node.matches(selectors.quotedTweet)) return false;
    node = node.parentElement;
  }
  return node === article;
}

/** Tells an article's own elements (found inside it) from a quoted or nested tweet's. */
export type OwnPartTest = (element: Element) => boolean;

/**
 * `isOwnPart` for the elements of one article, found inside it. Most tweets quote none: then
 * every element in the article is its own, known from two queries instead of a walk up from each.
 * Two, not one for `article, <quote>`: Chromium answers a single selector about twice as fast as
 * a list, and a tweet quoting none is looked through whole.
 */
export function ownPartTest(article: Element): OwnPartTest {
  if (article.querySelector(selectors.quotedTweet) === null && article.querySelector('article') === null) {
    return () => true;
  }
  return (element) => isOwnPart(article, element);
}

/**
 * Whether an element is a tweet of its own: an `article[data-testid="tweet"]` that is not
 * inside another tweet article. (A photo modal's container also carries the testid but is a
 * `div`; a quoted tweet is a block inside its outer tweet, not an article.)
 */
export function isTweetArticle(element: Element): boolean {
  if (!element.matches(selectors.tweetArticle)) return false;
  return element.parentElement?.closest('article') == null;
}

export function isPromoted(article: Element): boolean {
  return article.parentElement?.closest(selectors.promotedTracking) != null;
}

/**
 * What may follow the id in the timestamp's link: nothing, or `/history` — the main tweet of an
 * edited post (status page, photo viewer) shows "Last edited …" linking to its edit history. The
 * id there is the post's own (its latest version), so it names the tweet as well.
 */
const TIMESTAMP_SUFFIXES: ReadonlySet<string> = new Set(['', '/history']);

/**
 * What `take` gives for the first element of `root` matching `selector` it takes (null: not
 * taken), in document order. The first match is asked for alone, by a query that stops there; the
 * others only when it is not taken. The part a record looks for is nearly always the first of its
 * kind (a tweet quoting none has one timestamp, one header, one text block, one action bar), and a
 * query for every match looks through the whole article.
 */
export function firstTaken<Taken>(
  root: Element,
  selector: string,
  take: (element: Element) => Taken | null,
): Taken | null {
  const first = root.querySelector(selector);
  if (first === null) return null;
  const taken = take(first);
  if (taken !== null) return taken;
  const all = root.querySelectorAll(selector);
  // all[0] is `first`, already asked.
  for (let index = 1; index < all.length; index += 1) {
    const next = take(all[index]!);
    if (next !== null) return next;
  }
  return null;
}

/** The status link wrapping the tweet's own timestamp, with its suffix. */
function readTimestampLink(article: Element, isOwn: OwnPartTest = ownPartTest(article)): StatusPath | null {
  return firstTaken(article, selectors.timestamp, (time) => {
    if (!isOwn(time)) return null;
    const link = time.closest(selectors.statusLink);
    if (link === null || !article.contains(link)) return null;
    const status = parseStatusPath(link.getAttribute('href') ?? '');
    return status !== null && TIMESTAMP_SUFFIXES.has(status.suffix) ? status : null;
  });
}

/**
 * Whether the article shows an edited post: its own timestamp links to the edit history. What
 * was said about such a tweet a while ago may no longer hold (a ✓ for an earlier version).
 */
export function showsEditHistory(article: Element): boolean {
  return readTimestampLink(article)?.suffix === '/history';
}

/** Promoted tweets show "Ad" instead of a timestamp; their analytics link still names them. */
function readAnalyticsStatus(article: Element, isOwn: OwnPartTest): StatusPath | null {
  for (const link of article.querySelectorAll(selectors.analyticsLink)) {
    if (!isOwn(link)) continue;
    const status = parseStatusPath(link.getAttribute('href') ?? '');
    if (status !== null && status.suffix === '/analytics') return status;
  }
  return null;
}

/** The single segment of a profile link's path (`/alice`), or null for any other path. */
function profileHandle(link: Element): string | null {
  // An unparsable href says nothing about the author.
  const segments =
    linkPath(link.getAttribute('href') ?? '')
      ?.split('/')
      .filter(Boolean) ?? [];
  return segments.length === 1 && segments[0] !== undefined ? segments[0] : null;
}

/**
 * The handle of the header's profile link, used only to cross-check the status link: the first
 * own name block, then its first link naming a profile. Two queries, not one for
 * `<block> <link>`: Chromium matches a descendant selector against every link of the tweet from
 * the link up, and a single selector is answered faster.
 */
function readHeaderHandle(article: Element, isOwn: OwnPartTest): string | null {
  return firstTaken(article, selectors.userName, (block) =>
    isOwn(block) ? firstTaken(block, selectors.profileLink, profileHandle) : null,
  );
}

/** One read of a tweet article's identity, and what its timestamp's link says besides. */
export interface TweetReading {
  tweet: TweetIdentity | null;
  /** The article's own timestamp links to its edit history (`showsEditHistory`). */
  editHistory: boolean;
}

/**
 * Reads a tweet article: its identity (null when it is not a tweet of its own or its identity
 * cannot be read without guessing) and whether it shows an edited post, from one look at its
 * links.
 */
export function readTweetReading(article: Element, isOwn: OwnPartTest = ownPartTest(article)): TweetReading {
  if (!isTweetArticle(article)) return { tweet: null, editHistory: false };
  const promoted = isPromoted(article);
  const timestamp = readTimestampLink(article, isOwn);
  const editHistory = timestamp?.suffix === '/history';
  const status = timestamp ?? (promoted ? readAnalyticsStatus(article, isOwn) : null);
  if (status === null) return { tweet: null, editHistory };
  // Two links of one header that disagree on the author mean the DOM is not what we expect.
  const headerHandle = readHeaderHandle(article, isOwn);
  if (headerHandle !== null && headerHandle.toLowerCase() !== status.handle.toLowerCase()) {
    return { tweet: null, editHistory };
  }
  const tweet: TweetIdentity = {
    tweetId: status.tweetId,
    authorHandle: status.handle,
    promoted,
    focal: article.matches(selectors.focalTweetArticle),
  };
  return { tweet, editHistory };
}

/**
 * Reads a tweet article, or returns null when it is not a tweet of its own or its identity
 * cannot be read without guessing.
 */
export function readTweet(article: Element): TweetIdentity | null {
  return readTweetReading(article).tweet;
}

/** The tweet articles under `root`, outer tweets only, in document order. */
export function findTweetArticles(root: ParentNode): Element[] {
  return Array.from(root.querySelectorAll(selectors.tweetArticle)).filter(isTweetArticle);
}
