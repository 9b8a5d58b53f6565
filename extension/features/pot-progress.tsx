import { browser } from 'wxt/browser';
import type { Pot } from '../../shared/contract/pots';
import { HASHPAY_HASHTAG, sameHashtag } from '../../shared/hashtag';
import type { Language } from '../../shared/language';
import { askBackground } from '../lib/background-client';
import { defineFeature } from '../lib/feature-manager';
import { pageLanguage } from '../lib/language-preference';
import type { AskBackground } from '../lib/messages';
import { CHIP_IN_KIND, CLAIM_KIND, moneyActionHost, PAY_KIND } from '../lib/money-actions';
import { translatePage as translate } from '../lib/page-strings';
import { loadPotBar, type PotBar } from '../lib/pot-bar';
import { isPotChangedMessage } from '../lib/pot-events';
import { takesMoney } from '../lib/pot-format';
import { selectors } from '../lib/selectors';
import { adoptStyle, createShadowHost, HOST_ATTRIBUTE, isOwnHost } from '../lib/shadow-host';
import { readPageTheme } from '../lib/theme';
import { readTweet, type TweetIdentity } from '../lib/tweet';
import { type ArticleOrRecord, readTweetHashtags, recordOf } from '../lib/tweet-record';
import { actionIconInteractionStyle, actionIconStyle, createActionIconHost, openSheetOnPage } from './pay-button';

/**
 * Under the text of a tweet carrying a pot's or a project's hashtag: a slim progress bar (total
 * of goal, how many gave, days left, or how it ended); while it takes money, a **Chip in** icon
 * button (**Pledge** for a project) in the action bar, in Pay's place and drawn like it
 * (`actionIconStyle`), that opens the sheet for a contribution or a pledge as a popover under
 * itself, so the bar above stays readable. The
 * hashtags are read from the links x.com makes of them in the tweet's own text; the pot, its
 * total and its state come from the worker through the background, which keeps answers a short
 * while. A contribution the user confirms in Hashpay's window moves the bars at once (the
 * background tells the tabs); others' contributions show as the bars on the page are asked about
 * again, every `POT_REFRESH_INTERVAL_MS` while the page is visible and when it becomes visible.
 * The bar itself comes in a chunk loaded once the page first shows a pot (`lib/pot-bar.ts`).
 */

export const POT_KIND = 'pot';
/** On the host: the pot's id, its state and its total in minor units, for tools and tests outside the extension. */
export const POT_ID_ATTRIBUTE = 'data-hashpay-pot';
export const POT_STATE_ATTRIBUTE = 'data-hashpay-pot-state';
export const POT_TOTAL_ATTRIBUTE = 'data-hashpay-pot-total';
export { CHIP_IN_KIND } from '../lib/money-actions';

/** What the host shows, so an unchanged pot is not drawn again on every pass. */
const POT_SHOWN_ATTRIBUTE = 'data-hashpay-pot-shown';
/** A shown pot is asked about again this often (the background answers from its copy or with a 304). */
export const POT_REFRESH_INTERVAL_MS = 15_000;
/** Hashtags of one tweet looked up; a tweet stuffed with hashtags is read for its first ones only. */
export const POT_HASHTAGS_PER_TWEET_MAX = 5;
/** Hashtags remembered per page run; a long scroll forgets the oldest (asked again if seen again). */
export const POT_HASHTAGS_KNOWN_MAX = 2_000;

export interface PotProgressOptions {
  document: Document;
  ask: AskBackground;
  language: Language;
  /** Opens the sheet for a contribution or a pledge to the pot, as a reply to the tweet, under `anchor`. */
  openSheet: (tweet: TweetIdentity, pot: Pot, anchor: HTMLElement) => void;
  now?: () => number;
  /** The page run's signal: once aborted (navigation), answers arriving late change nothing. */
  signal?: AbortSignal;
  /**
   * Settles once the background's list of open pots is up to date for this page run; lookups
   * wait for it, so a pot opened just before the page loaded is not answered "no pot".
   */
  ready?: Promise<unknown>;
  /** Visits every tweet of the page again (the observer's); the document's articles when absent. */
  revisit?: () => void;
  /** The progress bar; loaded from its chunk once a pot is shown when absent. */
  bar?: PotBar;
}

export interface PotProgress {
  /** Adds, updates or removes the bar of one article; idempotent. Unknown hashtags are looked up. */
  visit(target: ArticleOrRecord): void;
  /** Asks again about every pot shown, then redraws the bars that changed. */
  refresh(): Promise<void>;
  /** Asks again about one pot the background said changed, if this page shows it. */
  potChanged(hashtag: string): Promise<void>;
  /** Settles once every lookup asked so far has been answered (for tests and tools). */
  idle(): Promise<void>;
}

function potHostAfter(text: Element): Element | null {
  const next = text.nextElementSibling;
  return next?.getAttribute(HOST_ATTRIBUTE) === POT_KIND ? next : null;
}

/** The hashtags worth asking about: the tweet's own, without the one every Hashpay tweet carries. */
function candidateHashtags(hashtags: readonly string[]): string[] {
  return hashtags.filter((hashtag) => !sameHashtag(hashtag, HASHPAY_HASHTAG)).slice(0, POT_HASHTAGS_PER_TWEET_MAX);
}

function keyOf(hashtag: string): string {
  return hashtag.normalize('NFC').toLowerCase();
}

export function createPotProgress(options: PotProgressOptions): PotProgress {
  const { document, ask, language } = options;
  const now = options.now ?? Date.now;
  const ready = options.ready ?? Promise.resolve();
  /** Hashtag key → the pot it names (null: none), as last answered in this page run. */
  const known = new Map<string, Pot | null>();
  const asking = new Map<string, Promise<void>>();
  let bar: PotBar | null = options.bar ?? null;
  /** The bar's chunk while it loads: asked for once, by the first pot shown. */
  let barLoading: Promise<void> | null = null;

  /** Loads the bar's chunk, then draws the bars waiting for it; a chunk that cannot load is asked for again by the next pot shown. */
  function loadBar(): void {
    if (barLoading !== null) return;
    barLoading = loadPotBar().then(
      (loaded) => {
        bar = loaded;
        barLoading = null;
        visitAll();
      },
      () => {
        barLoading = null;
      },
    );
  }

  function remember(key: string, pot: Pot | null): void {
    known.delete(key);
    known.set(key, pot);
    while (known.size > POT_HASHTAGS_KNOWN_MAX) {
      const oldest = known.keys().next().value;
      if (oldest === undefined) break;
      known.delete(oldest);
    }
  }

  function lookUp(hashtag: string, refresh: boolean): Promise<void> {
    const key = keyOf(hashtag);
    let pending = asking.get(key);
    if (pending !== undefined) return pending;
    const request = refresh ? { hashtag, refresh } : { hashtag };
    pending = ready
      .then(() => ask('get-pot', request))
      .then((result) => {
        asking.delete(key);
        if (result.ok) remember(key, result.value.pot);
        // Without an answer the hashtag shows nothing this run (a kept pot keeps its last answer).
        else if (!known.has(key)) remember(key, null);
        visitAll();
      });
    asking.set(key, pending);
    return pending;
  }

  function potOf(hashtags: readonly string[]): Pot | null {
    for (const hashtag of candidateHashtags(hashtags)) {
      const key = keyOf(hashtag);
      if (!known.has(key)) {
        void lookUp(hashtag, false);
        continue;
      }
      const pot = known.get(key);
      if (pot != null) return pot;
    }
    return null;
  }

  function render(text: Element, pot: Pot, shown: string, drawBar: PotBar['drawBar'], nowMs: number): void {
    const shadow = createShadowHost(document, POT_KIND);
    shadow.host.setAttribute(POT_ID_ATTRIBUTE, pot.id);
    shadow.host.setAttribute(POT_STATE_ATTRIBUTE, pot.state);
    shadow.host.setAttribute(POT_TOTAL_ATTRIBUTE, String(pot.totalMinor));
    shadow.host.setAttribute(POT_SHOWN_ATTRIBUTE, shown);
    drawBar(shadow, text, pot, { language, theme: readPageTheme(document), nowMs });
  }

  /** Chip in or Pledge, last in the action bar; the tweet's one money action. */
  function addChipIn(article: Element, actionBar: Element, pot: Pot): void {
    const project = pot.kind === 'project';
    const name = translate(language, project ? 'button.pledge.label' : 'button.chipIn.label', { hashtag: pot.hashtag });
    const icon = project ? 'pledge' : 'chipIn';
    const { host, root, button } = createActionIconHost(
      document,
      CHIP_IN_KIND,
      { label: translate(language, project ? 'button.pledge' : 'button.chipIn'), accessibleName: name, tooltip: name },
      actionIconInteractionStyle(icon),
    );
    host.setAttribute(POT_ID_ATTRIBUTE, pot.id);
    adoptStyle(root, actionIconStyle(readPageTheme(document), icon));
    button.addEventListener('click', (event) => {
      event.preventDefault();
      // Stops x.com from opening the tweet, which it does on any click inside the article.
      event.stopPropagation();
      const tweet = readTweet(article);
      // x.com recycles articles: the sheet is for the pot the article carries now.
      const current = tweet === null ? null : potOf(readTweetHashtags(article));
      if (tweet === null || tweet.promoted || current === null || !takesMoney(current, now())) return;
      options.openSheet(tweet, current, button);
    });
    // One money action per tweet: Chip in takes the place of Pay and of Claim offer.
    moneyActionHost(actionBar, PAY_KIND)?.remove();
    moneyActionHost(actionBar, CLAIM_KIND)?.remove();
    actionBar.append(host);
  }

  /** Adds, keeps or removes the article's Chip in: there while the pot it shows takes money. */
  function syncChipIn(article: Element, actionBar: Element | null, pot: Pot | null): void {
    if (actionBar === null) return;
    const existing = moneyActionHost(actionBar, CHIP_IN_KIND);
    if (pot === null || !takesMoney(pot, now())) {
      existing?.remove();
      return;
    }
    // Kept only if this run made it for this very pot (x.com reuses articles for other tweets).
    if (existing !== null && isOwnHost(existing) && existing.getAttribute(POT_ID_ATTRIBUTE) === pot.id) return;
    existing?.remove();
    addChipIn(article, actionBar, pot);
  }

  function visit(target: ArticleOrRecord): void {
    const { article, tweet, text, hashtags, actionBar } = recordOf(target);
    if (text === null) return;
    const existing = potHostAfter(text);
    const pot = tweet === null ? null : potOf(hashtags);
    syncChipIn(article, actionBar, tweet === null || tweet.promoted ? null : pot);
    if (pot === null) {
      // A recycled article that now shows another tweet loses a bar it no longer earns.
      existing?.remove();
      return;
    }
    if (bar === null) {
      // Drawn once the chunk is here (the first pot of the page asks for it).
      loadBar();
      return;
    }
    const nowMs = now();
    const shown = bar.shownKey(pot, language, nowMs);
    if (existing !== null && isOwnHost(existing) && existing.getAttribute(POT_SHOWN_ATTRIBUTE) === shown) return;
    existing?.remove();
    render(text, pot, shown, bar.drawBar, nowMs);
  }

  function visitAll(): void {
    if (options.signal?.aborted === true) return;
    if (options.revisit !== undefined) options.revisit();
    else for (const article of document.querySelectorAll(selectors.tweetArticle)) visit(article);
  }

  return {
    visit,
    async refresh() {
      if (options.signal?.aborted === true) return;
      const shown = [...known.entries()].filter((entry): entry is [string, Pot] => entry[1] !== null);
      await Promise.all(shown.map(([, pot]) => lookUp(pot.hashtag, false)));
    },
    async potChanged(hashtag) {
      if (options.signal?.aborted === true || !known.has(keyOf(hashtag))) return;
      await lookUp(hashtag, false);
    },
    async idle() {
      while (asking.size > 0 || barLoading !== null) await Promise.all([...asking.values(), barLoading]);
    },
  };
}

function openPotSheet(tweet: TweetIdentity, pot: Pot, anchor: HTMLElement): void {
  openSheetOnPage(tweet, {
    anchor,
    payeeHandle: pot.organiser.username,
    mode: { kind: pot.kind === 'project' ? 'pledge' : 'contribution', pot },
  });
}

export default defineFeature({
  id: 'pot-progress',
  init({ observeTweets, signal }) {
    let revisit = () => {};
    const progress = createPotProgress({
      document,
      ask: askBackground,
      language: pageLanguage(document),
      openSheet: openPotSheet,
      signal,
      // Whatever it answers (an error included), the lookups go on after it.
      ready: askBackground('refresh-open-pots', {}),
      revisit: () => revisit(),
    });
    revisit = observeTweets((record) => progress.visit(record));
    const refreshIfVisible = () => {
      if (document.visibilityState === 'visible') void progress.refresh();
    };
    const timer = setInterval(refreshIfVisible, POT_REFRESH_INTERVAL_MS);
    signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    // Back from Hashpay's confirmation window: the pot may have moved.
    document.addEventListener('visibilitychange', refreshIfVisible, { signal });
    window.addEventListener('focus', refreshIfVisible, { signal });
    const onMessage = (message: unknown) => {
      if (isPotChangedMessage(message)) void progress.potChanged(message.hashtag);
    };
    browser.runtime.onMessage.addListener(onMessage);
    signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onMessage), { once: true });
  },
});
