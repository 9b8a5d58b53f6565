import { isHashtag, sameHashtag } from '../../shared/hashtag';
import { selectors } from './selectors';
import { firstTaken, type OwnPartTest, ownPartTest, readTweetReading, type TweetIdentity } from './tweet';

/**
 * Everything the features need from one tweet article, read once: which tweet it is, where its
 * buttons go (the action bar), its own text block and its hashtags. The observer reads each
 * article a mutation touched once per pass and hands the same record to every feature, so no
 * feature scans the article again; reading is most of the content script's work on a long
 * timeline.
 */
export interface TweetRecord {
  article: Element;
  /** Null when the article is not a tweet of its own or its identity cannot be read. */
  tweet: TweetIdentity | null;
  /** The tweet's own action bar (not a quoted tweet's), where Pay, ✓ and Claim go. */
  actionBar: Element | null;
  /** The tweet's own text block, under which a pot's progress bar goes. */
  text: Element | null;
  /** The hashtags of the tweet's own text, in order, each once. */
  hashtags: readonly string[];
  /** The tweet's own timestamp links to its edit history: it shows an edited post. */
  editHistory: boolean;
}

const LINK_BASE = 'https://x.com/';
const HASHTAG_PATH = /^\/hashtag\/([^/]+)$/;

/** The hashtag a `/hashtag/<tag>` link names, or null for any other link. */
export function hashtagOfLink(href: string): string | null {
  let tag: string;
  try {
    const match = HASHTAG_PATH.exec(new URL(href, LINK_BASE).pathname);
    if (match?.[1] === undefined) return null;
    tag = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  return isHashtag(tag) ? tag : null;
}

/** The hashtags of a text block, in order, each once. */
export function hashtagsOfText(text: Element): string[] {
  const hashtags: string[] = [];
  for (const link of text.querySelectorAll(selectors.textHashtagLink)) {
    const hashtag = hashtagOfLink(link.getAttribute('href') ?? '');
    if (hashtag !== null && !hashtags.some((known) => sameHashtag(known, hashtag))) hashtags.push(hashtag);
  }
  return hashtags;
}

/**
 * The hashtags of the tweet's own text, in order, each once: read inside its own text block, so a
 * quoted tweet's are not taken and the rest of the article is not looked through.
 */
export function readTweetHashtags(article: Element, isOwn: OwnPartTest = ownPartTest(article)): string[] {
  const text = findOwnTweetText(article, isOwn);
  return text === null ? [] : hashtagsOfText(text);
}

/** The tweet's own action bar: the group holding its reply button, not a quoted tweet's. */
export function findActionBar(article: Element, isOwn: OwnPartTest = ownPartTest(article)): Element | null {
  return firstTaken(article, selectors.actionBar, (group) =>
    isOwn(group) && group.querySelector(selectors.replyButton) !== null ? group : null,
  );
}

/** The tweet's own text block (not a quoted tweet's). */
export function findOwnTweetText(article: Element, isOwn: OwnPartTest = ownPartTest(article)): Element | null {
  return firstTaken(article, selectors.tweetText, (text) => (isOwn(text) ? text : null));
}

/**
 * Reads one article. The action bar and text block are read even when the tweet is not readable:
 * a recycled article that no longer shows a tweet of its own must lose the buttons it carries.
 */
export function readTweetRecord(article: Element): TweetRecord {
  // Whether the article quotes a tweet is asked once for all the reads below.
  const isOwn = ownPartTest(article);
  const { tweet, editHistory } = readTweetReading(article, isOwn);
  const text = findOwnTweetText(article, isOwn);
  return {
    article,
    tweet,
    actionBar: findActionBar(article, isOwn),
    text,
    hashtags: tweet === null || text === null ? [] : hashtagsOfText(text),
    editHistory,
  };
}

/** Features take either a record from the observer or, in tests and tools, a bare article. */
export type ArticleOrRecord = Element | TweetRecord;

export function recordOf(target: ArticleOrRecord): TweetRecord {
  return 'nodeType' in target ? readTweetRecord(target) : target;
}
