import { watchCreatedTweets } from '../lib/watch-created-tweets';

/**
 * Runs in the page's own world before x.com's scripts, to see the answer of the GraphQL call the
 * web app makes when the user posts (see `watchCreatedTweets`).
 */
export default defineContentScript({
  // Local builds also match http://localhost/* and http://127.0.0.1/* (added in wxt.config.ts).
  matches: ['https://x.com/*', 'https://twitter.com/*'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    watchCreatedTweets(window);
  },
});
