import { selectors } from './selectors';
import { runWithPassTheme } from './theme';
import { readTweetRecord, type TweetRecord } from './tweet-record';

/**
 * One MutationObserver for the whole page. x.com renders and recycles tweets constantly, so a
 * pass looks only at what mutations touched: the tweet articles added, re-rendered inside (an
 * action bar drawn again) or rewritten in place (a link's href), each read once into a
 * `TweetRecord` that every tweet callback gets. A new registration (a feature starting, a
 * navigation) visits every article once, from the records already read where it can. Passes
 * run in the observer's own microtask and do all the work pending, so a button appears in the
 * frame its tweet does: cut short, a pass leaves its tweets to be drawn again a frame later, and
 * while x.com keeps adding tweets a backlog grows that every later tweet waits behind. Only a
 * pass that has run for `PASS_BUDGET_MS` (a long task, which would hold up input) leaves the rest
 * to a task of its own; the next pass takes the newest tweets first, those coming into view as
 * the page scrolls. Callbacks must be idempotent. Passes never read layout (getBoundingClientRect, offsetHeight...), which would
 * force a reflow per frame.
 *
 * x.com is a single-page app. A content script lives in an isolated world and cannot see the
 * page's `history.pushState`, so each pass compares `location.href` with the last one seen
 * (a navigation always changes the DOM, which schedules a pass), and `popstate` schedules
 * one too.
 */

export type ElementCallback = (element: Element) => void;
export type TweetCallback = (record: TweetRecord) => void;

/**
 * How long a pass may run before it leaves the remaining articles to a later task: a long task
 * by the browser's measure. A frame's tweets take a few milliseconds, far less.
 */
export const PASS_BUDGET_MS = 50;

export interface PageObserver {
  /**
   * Calls `callback` on each element matching `selector` in every pass until `signal` aborts. The
   * selector is looked for in every subtree x.com adds, so it should be one compound
   * (`[data-testid="toast"]`): queried alone on a cell, a descendant selector measured 7 µs with no
   * other cell on the page and 82 µs with 1,000, a cost that grows with a long timeline.
   */
  observe(selector: string, callback: ElementCallback, options: { signal: AbortSignal }): void;
  /**
   * Calls `callback` once on every tweet article now on the page, then on each article a
   * mutation touches, until `signal` aborts. Returns `revisit`, which calls it again on every
   * article of the page (a feature whose data arrived later redraws with it).
   */
  observeTweets(callback: TweetCallback, options: { signal: AbortSignal }): () => void;
  /** Calls `listener` with the new URL when a pass sees that the page navigated. */
  onNavigate(listener: (url: string) => void, options: { signal: AbortSignal }): void;
  /** Schedules a pass (coalesced with any pass already scheduled). */
  schedulePass(): void;
  /** Runs a pass now; tests and the first render use it. */
  runPass(): void;
  /** Stops observing the page; later passes do nothing. */
  disconnect(): void;
  /** Passes run so far (a diagnostic figure, not a behaviour). */
  readonly passCount: number;
  /** Articles read so far (a diagnostic figure: each touched article is read once a pass). */
  readonly readCount: number;
}

export interface PageObserverOptions {
  document?: Document;
  /** Runs `pass` later; by default in a microtask, right after the MutationObserver's own. */
  schedule?: (pass: () => void) => void;
  /** Runs the rest of a pass over budget later; defaults to a task of its own (`nextTask`). */
  scheduleLater?: (pass: () => void) => void;
  /** Where a failing callback is reported; the pass goes on with the others. */
  onError?: (error: unknown, selector: string) => void;
  /** Reads one article; tests count the reads. */
  readRecord?: (article: Element) => TweetRecord;
  /** A clock in milliseconds for the pass budget. */
  now?: () => number;
  /**
   * Asked before each pass: false when whatever runs the observer is gone (the extension turned
   * off, removed or updated), and the observer then stops instead of working for nobody.
   */
  stillRunning?: () => boolean;
}

interface Registration {
  selector: string;
  callback: ElementCallback;
  signal: AbortSignal;
  /** Still to look at the whole page (just registered); afterwards only at what was added. */
  visitAll: boolean;
}

interface TweetRegistration {
  callback: TweetCallback;
  signal: AbortSignal;
  /** Still to visit every article of the page (just registered, or asked to revisit). */
  visitAll: boolean;
}

/**
 * Runs `pass` in a task of its own, soon after the current one, not at the next frame:
 * under heavy load a frame can be far off, and tweets added meanwhile would wait for it too.
 * A message on a channel is not throttled as a nested `setTimeout(0)` is (4 ms).
 */
function nextTask(pass: () => void): void {
  if (typeof MessageChannel !== 'function') {
    setTimeout(pass, 0);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    pass();
  };
  channel.port2.postMessage(null);
}

/** Whether a node is one of the extension's own hosts (`data-hashpay="pay"`, ...). */
function isOwnHost(node: Node): boolean {
  return node.nodeType === 1 && (node as Element).hasAttribute('data-hashpay');
}

function allOwnHosts(nodes: NodeList, count: number): boolean {
  for (let index = 0; index < count; index += 1) if (!isOwnHost(nodes[index]!)) return false;
  return true;
}

/**
 * Whether a record only adds or removes the extension's own hosts. Most records are x.com's,
 * and an added node says so before the record's removed nodes are asked for (each list the
 * record hands out is one more object made for the content script's world).
 */
function isOwnMutation(record: MutationRecord, addedNodes: NodeList): boolean {
  const addedCount = addedNodes.length;
  if (addedCount > 0 && !allOwnHosts(addedNodes, addedCount)) return false;
  const { removedNodes } = record;
  const removedCount = removedNodes.length;
  return addedCount + removedCount > 0 && allOwnHosts(removedNodes, removedCount);
}

/** The outermost tweet article holding `node` (a quoted tweet is not an article of its own). */
function outerArticleOf(node: Node): Element | null {
  let element = node.nodeType === 1 ? (node as Element) : node.parentElement;
  let article: Element | null = null;
  while (element !== null) {
    const found: Element | null = element.closest(selectors.tweetArticle);
    if (found === null) break;
    article = found;
    element = found.parentElement;
  }
  return article;
}

export function createPageObserver(options: PageObserverOptions = {}): PageObserver {
  const document = options.document ?? globalThis.document;
  const schedule = options.schedule ?? ((pass) => queueMicrotask(pass));
  const scheduleLater = options.scheduleLater ?? nextTask;
  const onError = options.onError ?? ((error, selector) => console.error(`hashpay: callback for ${selector}`, error));
  const readRecord = options.readRecord ?? readTweetRecord;
  const now = options.now ?? (() => performance.now());
  const window = document.defaultView;

  let registrations: Registration[] = [];
  let tweetRegistrations: TweetRegistration[] = [];
  let navigationListeners: Array<{ listener: (url: string) => void; signal: AbortSignal }> = [];
  /** Elements whose href changed since the last pass, looked at with their subtree for the other selectors. */
  const addedRoots = new Set<Element>();
  /** Elements mutations added since the last pass that match one of the other selectors. */
  const addedMatches = new Set<Element>();
  /** `otherSelectors()`, made again when the registrations change. */
  let otherSelectorList: readonly string[] | null = null;
  /** Articles a mutation touched since they were last read, in the order they were touched. */
  const touched = new Set<Element>();
  /** The last record read of each article; dropped when a mutation touches it. */
  let records = new WeakMap<Element, TweetRecord>();
  let lastUrl = document.location?.href ?? '';
  let passScheduled = false;
  let connected = true;
  let passCount = 0;
  let readCount = 0;

  function checkNavigation(): void {
    const url = document.location?.href ?? '';
    if (url === lastUrl) return;
    lastUrl = url;
    navigationListeners = navigationListeners.filter((entry) => !entry.signal.aborted);
    // A listener may abort and re-register features; iterate over a snapshot.
    for (const { listener, signal } of [...navigationListeners]) {
      if (signal.aborted) continue;
      try {
        listener(url);
      } catch (error) {
        onError(error, 'navigation');
      }
    }
  }

  function recordFor(article: Element): TweetRecord {
    let record = records.get(article);
    if (record === undefined) {
      record = readRecord(article);
      readCount += 1;
      records.set(article, record);
    }
    return record;
  }

  function deliver(registration: TweetRegistration, record: TweetRecord): void {
    try {
      registration.callback(record);
    } catch (error) {
      onError(error, selectors.tweetArticle);
    }
  }

  function callEach(registration: Registration, elements: Iterable<Element>): void {
    for (const element of elements) {
      // A callback earlier in this pass may have aborted the run this one belongs to.
      if (registration.signal.aborted) return;
      try {
        registration.callback(element);
      } catch (error) {
        onError(error, registration.selector);
      }
    }
  }

  /**
   * The few selectors other than tweets (the "post sent" toast): the whole page once for a new
   * registration, then only what mutations added, so a long page costs nothing per pass.
   */
  function runElementCallbacks(): void {
    const roots = [...addedRoots].filter((root) => root.isConnected);
    addedRoots.clear();
    const matches = [...addedMatches].filter((element) => element.isConnected);
    addedMatches.clear();
    const wholePage = new Map<string, NodeListOf<Element>>();
    /** The registrations that look only at what was added. */
    const watching: Registration[] = [];
    for (const registration of [...registrations]) {
      const { selector } = registration;
      if (registration.visitAll) {
        registration.visitAll = false;
        let elements = wholePage.get(selector);
        if (elements === undefined) {
          elements = document.querySelectorAll(selector);
          wholePage.set(selector, elements);
        }
        callEach(registration, elements);
        continue;
      }
      watching.push(registration);
    }
    if (watching.length === 0) return;
    // What was added was looked through when it came (`collect`).
    for (const registration of watching) {
      callEach(
        registration,
        matches.filter((element) => element.matches(registration.selector)),
      );
    }
    if (roots.length === 0) return;
    for (const root of roots) {
      for (const registration of watching) {
        const { selector } = registration;
        if (root.matches(selector)) callEach(registration, [root]);
        // One query per selector: Chromium answers a single selector several times faster than a
        // list of them.
        callEach(registration, root.querySelectorAll(selector));
      }
    }
  }

  /** Visits every article for the registrations that asked to (a feature starting, a revisit). */
  function runVisitAll(): void {
    const waiting = tweetRegistrations.filter((registration) => registration.visitAll);
    if (waiting.length === 0) return;
    for (const registration of waiting) registration.visitAll = false;
    // The page's articles as they are now, read once each (most were already read).
    for (const article of document.querySelectorAll(selectors.tweetArticle)) {
      if (outerArticleOf(article) !== article) continue;
      // A touched article is read now and given to every registration, as below.
      const wasTouched = touched.delete(article);
      const record = recordFor(article);
      for (const registration of [...tweetRegistrations]) {
        if (registration.signal.aborted) continue;
        if (wasTouched || waiting.includes(registration)) deliver(registration, record);
      }
    }
  }

  function runTouched(deadline: number): void {
    // Newest first: after a pass cut short, what arrived since is what comes into view.
    const pending = [...touched].reverse();
    touched.clear();
    // The registrations as the pass began; one made by a callback visits every article itself.
    const current = tweetRegistrations.slice();
    for (let index = 0; index < pending.length; index += 1) {
      const article = pending[index]!;
      if (!article.isConnected) continue;
      const record = recordFor(article);
      for (const registration of current) {
        if (!registration.signal.aborted) deliver(registration, record);
      }
      if (index + 1 < pending.length && now() >= deadline) {
        // The rest stays in the order it was touched, before whatever is touched meanwhile: the
        // next pass again takes the newest first.
        const rest = pending.slice(index + 1).reverse();
        for (const waiting of touched) rest.push(waiting);
        touched.clear();
        for (const waiting of rest) touched.add(waiting);
        scheduleLater(runPass);
        passScheduled = true;
        return;
      }
    }
  }

  function runPass(): void {
    passScheduled = false;
    if (!connected) return;
    if (options.stillRunning?.() === false) {
      disconnect();
      return;
    }
    passCount += 1;
    const deadline = now() + PASS_BUDGET_MS;
    checkNavigation();
    const registered = registrations.length;
    registrations = registrations.filter((registration) => !registration.signal.aborted);
    if (registrations.length !== registered) otherSelectorList = null;
    tweetRegistrations = tweetRegistrations.filter((registration) => !registration.signal.aborted);
    // The theme is read once a pass, not once per button drawn.
    runWithPassTheme(document, () => {
      runVisitAll();
      runTouched(deadline);
      runElementCallbacks();
    });
  }

  function schedulePass(): void {
    if (passScheduled || !connected) return;
    passScheduled = true;
    schedule(runPass);
  }

  function touch(article: Element): void {
    records.delete(article);
    touched.add(article);
  }

  /** The other selectors registered, each once. */
  function otherSelectors(): readonly string[] {
    otherSelectorList ??= [...new Set(registrations.map((registration) => registration.selector))];
    return otherSelectorList;
  }

  /**
   * `addedNodes` is the record's, read once by the caller. `articleOfTarget` keeps, for one
   * callback, the article holding each target already looked up: a frame's cells are appended
   * to and removed from one list, dozens of records with one target.
   */
  function collect(record: MutationRecord, addedNodes: NodeList, articleOfTarget: Map<Node, Element | null>): void {
    // Inside an article: an action bar re-rendered, a link rewritten in place. Whatever was added
    // there belongs to that article.
    let outer = articleOfTarget.get(record.target);
    if (outer === undefined) {
      outer = outerArticleOf(record.target);
      articleOfTarget.set(record.target, outer);
    }
    if (outer !== null) touch(outer);
    if (record.type === 'attributes' && record.target.nodeType === 1) addedRoots.add(record.target as Element);
    const others = otherSelectors();
    // A query per selector through each added subtree: Chromium answers a single selector several
    // times faster than a list of them, and each cell x.com adds is large. What the other
    // selectors find (a toast, a profile's header) is rarely in it.
    for (const node of addedNodes) {
      if (node.nodeType !== 1 || isOwnHost(node)) continue;
      const element = node as Element;
      for (const other of others) {
        if (element.matches(other)) addedMatches.add(element);
        for (const found of element.querySelectorAll(other)) addedMatches.add(found);
      }
      // Inside an article (`outer` is not null), whatever was added belongs to it, touched above.
      if (outer !== null) continue;
      // An article added here is an outer one, and so is every article found in it that no other
      // found there holds.
      if (element.matches(selectors.tweetArticle)) {
        touch(element);
        continue;
      }
      const articles: Element[] = [];
      for (const found of element.querySelectorAll(selectors.tweetArticle)) {
        if (articles.some((article) => article.contains(found))) continue;
        articles.push(found);
        touch(found);
      }
    }
  }

  function disconnect(): void {
    connected = false;
    mutationObserver.disconnect();
    window?.removeEventListener('popstate', schedulePass);
    registrations = [];
    otherSelectorList = null;
    tweetRegistrations = [];
    touched.clear();
    addedRoots.clear();
    addedMatches.clear();
    records = new WeakMap();
  }

  const mutationObserver = new (window?.MutationObserver ?? MutationObserver)((mutations) => {
    let changed = false;
    const articleOfTarget = new Map<Node, Element | null>();
    for (const mutation of mutations) {
      const { addedNodes } = mutation;
      // The extension's own UI (hosts marked `data-hashpay`) coming and going changes no tweet.
      if (isOwnMutation(mutation, addedNodes)) continue;
      changed = true;
      collect(mutation, addedNodes, articleOfTarget);
    }
    if (changed) schedulePass();
  });
  // `href` too: x.com may reuse an article for another tweet by rewriting its links in place.
  mutationObserver.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
  window?.addEventListener('popstate', schedulePass);

  return {
    observe(selector, callback, { signal }) {
      if (signal.aborted) return;
      registrations.push({ selector, callback, signal, visitAll: true });
      otherSelectorList = null;
      schedulePass();
    },
    observeTweets(callback, { signal }) {
      const registration: TweetRegistration = { callback, signal, visitAll: true };
      if (!signal.aborted) {
        tweetRegistrations.push(registration);
        schedulePass();
      }
      return () => {
        if (signal.aborted || !connected) return;
        // Now, with the records already read: the data that arrived is drawn at once.
        registration.visitAll = true;
        runWithPassTheme(document, runVisitAll);
      };
    },
    onNavigate(listener, { signal }) {
      if (signal.aborted) return;
      navigationListeners.push({ listener, signal });
    },
    schedulePass,
    runPass,
    disconnect,
    get passCount() {
      return passCount;
    },
    get readCount() {
      return readCount;
    },
  };
}
