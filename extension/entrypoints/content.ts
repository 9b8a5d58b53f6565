import { browser } from 'wxt/browser';
import { features } from '../features';
import { startFeatures } from '../lib/feature-manager';
import { setPageLanguagePreference } from '../lib/i18n';
import { createPageObserver } from '../lib/observer';
import { hiddenFeatureIds, loadOptions } from '../lib/options';
import { removeOwnHosts } from '../lib/shadow-host';

export default defineContentScript({
  // Local builds also match http://localhost/* and http://127.0.0.1/* (added in wxt.config.ts).
  matches: ['https://x.com/*', 'https://twitter.com/*'],
  async main(context) {
    const options = await loadOptions(browser.storage.local);
    // The buttons and the sheet speak the language chosen in the options.
    setPageLanguagePreference(options.language);
    // People can switch the Pay and Claim buttons off in the options.
    const hidden = hiddenFeatureIds(options);
    const observer = createPageObserver();
    const manager = startFeatures(
      features.filter((feature) => !hidden.has(feature.id)),
      { observer },
    );
    observer.runPass();
    // An extension update or reload leaves this script orphaned: stop touching the page.
    context.onInvalidated(() => {
      manager.stop();
      observer.disconnect();
      removeOwnHosts(document);
    });
  },
});
