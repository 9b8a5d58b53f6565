import {
  CREATED_TWEET_MESSAGE_TYPE,
  type CreatedTweetMessage,
  extractCreatedTweet,
  isCreateTweetUrl,
} from './created-tweet';

/** Set on the page's window once its `fetch` and `XMLHttpRequest` are wrapped. */
const WATCHING = Symbol.for('hashpay.watching-created-tweets');

/**
 * Wraps the page's `fetch` and `XMLHttpRequest` to read the answers of x.com's CreateTweet and
 * CreateNoteTweet calls, and posts each new tweet's id and text to the window, where the content
 * script picks them up. It reads through a clone (the app's own reading is untouched), never
 * changes a request or an answer, and never throws into the page's code. Runs in the page's own
 * world, so it holds nothing secret and sends nothing anywhere else.
 */
export function watchCreatedTweets(window: Window & typeof globalThis): void {
  // Once per page: the background runs this script again in the x.com tabs open when the extension
  // is installed or updated (`background/open-pages.ts`), and the first run's wrappers stay.
  const watching = window as unknown as Record<symbol, true>;
  if (watching[WATCHING] === true) return;
  Object.defineProperty(watching, WATCHING, { value: true });
  const announce = (body: unknown) => {
    const created = extractCreatedTweet(body);
    if (created === null) return;
    const message: CreatedTweetMessage = { type: CREATED_TWEET_MESSAGE_TYPE, ...created };
    window.postMessage(message, window.location.origin);
  };

  const originalFetch = window.fetch;
  window.fetch = async function fetchWithCreatedTweetWatch(this: unknown, input, init) {
    const response = await originalFetch.call(this, input, init);
    try {
      const url = input instanceof window.Request ? input.url : String(input);
      if (isCreateTweetUrl(url) && response.ok) {
        response
          .clone()
          .json()
          .then(announce, () => {});
      }
    } catch {
      // Watching must never break the page's own request.
    }
    return response;
  } as typeof fetch;

  const xhrPrototype = window.XMLHttpRequest.prototype;
  const originalOpen = xhrPrototype.open;
  xhrPrototype.open = function openWithCreatedTweetWatch(
    this: XMLHttpRequest,
    ...args: Parameters<XMLHttpRequest['open']>
  ) {
    try {
      if (isCreateTweetUrl(String(args[1]))) {
        this.addEventListener('load', () => {
          try {
            if (this.responseType === 'json') announce(this.response);
            else if (this.responseType === '' || this.responseType === 'text') announce(JSON.parse(this.responseText));
          } catch {
            // Not JSON: not an answer we read.
          }
        });
      }
    } catch {
      // Watching must never break the page's own request.
    }
    return originalOpen.apply(this, args as Parameters<typeof originalOpen>);
  } as typeof xhrPrototype.open;
}
