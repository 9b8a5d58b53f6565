import { features } from '../features';
import { startFeatures } from '../lib/feature-manager';
import { createPageObserver } from '../lib/observer';

export default defineContentScript({
  // Local builds also match http://localhost/* and http://127.0.0.1/* (added in wxt.config.ts).
  matches: ['https://x.com/*', 'https://twitter.com/*'],
  main(context) {
    const observer = createPageObserver();
    const manager = startFeatures(features, { observer });
    observer.runPass();
    // An extension update or reload leaves this script orphaned: stop touching the page.
    context.onInvalidated(() => {
      manager.stop();
      observer.disconnect();
    });
  },
});
