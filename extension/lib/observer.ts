/**
 * One MutationObserver for the whole page. x.com renders and recycles tweets constantly, so
 * mutations only schedule a pass; a pass runs at most once per animation frame and calls
 * every registered callback on every element that matches its selector. Callbacks must be
 * idempotent: running a pass twice changes nothing. Passes never read layout
 * (getBoundingClientRect, offsetHeight...), which would force a reflow per frame.
 *
 * x.com is a single-page app. A content script lives in an isolated world and cannot see the
 * page's `history.pushState`, so each pass compares `location.href` with the last one seen
 * (a navigation always changes the DOM, which schedules a pass), and `popstate` schedules
 * one too.
 */

export type ElementCallback = (element: Element) => void;

export interface PageObserver {
  /** Calls `callback` on each element matching `selector` in every pass until `signal` aborts. */
  observe(selector: string, callback: ElementCallback, options: { signal: AbortSignal }): void;
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
}

export interface PageObserverOptions {
  document?: Document;
  /** Runs `pass` later; defaults to the next animation frame. */
  schedule?: (pass: () => void) => void;
  /** Where a failing callback is reported; the pass goes on with the others. */
  onError?: (error: unknown, selector: string) => void;
}

interface Registration {
  selector: string;
  callback: ElementCallback;
  signal: AbortSignal;
}

function nextFrame(pass: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => pass());
  else setTimeout(pass, 0);
}

/** Whether a node is one of the extension's own hosts (`data-hashpay="pay"`, ...). */
function isOwnHost(node: Node): boolean {
  return node.nodeType === 1 && (node as Element).hasAttribute('data-hashpay');
}

function isOwnMutation(record: MutationRecord): boolean {
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every(isOwnHost);
}

export function createPageObserver(options: PageObserverOptions = {}): PageObserver {
  const document = options.document ?? globalThis.document;
  const schedule = options.schedule ?? nextFrame;
  const onError = options.onError ?? ((error, selector) => console.error(`hashpay: callback for ${selector}`, error));
  const window = document.defaultView;

  let registrations: Registration[] = [];
  let navigationListeners: Array<{ listener: (url: string) => void; signal: AbortSignal }> = [];
  let lastUrl = document.location?.href ?? '';
  let passScheduled = false;
  let connected = true;
  let passCount = 0;

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

  function runPass(): void {
    passScheduled = false;
    if (!connected) return;
    passCount += 1;
    checkNavigation();
    registrations = registrations.filter((registration) => !registration.signal.aborted);
    // Features mostly watch the same selector (tweet articles): query each selector once a pass.
    const matches = new Map<string, NodeListOf<Element>>();
    for (const registration of [...registrations]) {
      let elements = matches.get(registration.selector);
      if (elements === undefined) {
        elements = document.querySelectorAll(registration.selector);
        matches.set(registration.selector, elements);
      }
      for (const element of elements) {
        // A callback earlier in this pass may have aborted the run this one belongs to.
        if (registration.signal.aborted) break;
        try {
          registration.callback(element);
        } catch (error) {
          onError(error, registration.selector);
        }
      }
    }
  }

  function schedulePass(): void {
    if (passScheduled || !connected) return;
    passScheduled = true;
    schedule(runPass);
  }

  const mutationObserver = new (window?.MutationObserver ?? MutationObserver)((records) => {
    // The extension's own UI (hosts marked `data-hashpay`) coming and going changes no tweet.
    if (records.every(isOwnMutation)) return;
    schedulePass();
  });
  // `href` too: x.com may reuse an article for another tweet by rewriting its links in place.
  mutationObserver.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
  window?.addEventListener('popstate', schedulePass);

  return {
    observe(selector, callback, { signal }) {
      if (signal.aborted) return;
      registrations.push({ selector, callback, signal });
      schedulePass();
    },
    onNavigate(listener, { signal }) {
      if (signal.aborted) return;
      navigationListeners.push({ listener, signal });
    },
    schedulePass,
    runPass,
    disconnect() {
      connected = false;
      mutationObserver.disconnect();
      window?.removeEventListener('popstate', schedulePass);
      registrations = [];
      navigationListeners = [];
    },
    get passCount() {
      return passCount;
    },
  };
}
