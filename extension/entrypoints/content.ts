import { browser } from 'wxt/browser';
import { features } from '../features';
import { stillRunning } from '../lib/content-script-context';
import { startFeatures } from '../lib/feature-manager';
import { pageLanguage, setPageLanguagePreference } from '../lib/language-preference';
import { createPageObserver } from '../lib/observer';
import { loadOptions } from '../lib/options';
import { featuresShown, followOptionsOnPage } from '../lib/page-options';
import { loadPageWords } from '../lib/page-strings';
import { removeOwnHosts } from '../lib/shadow-host';

export default defineContentScript({
  // Local builds also match http://localhost/* and http://127.0.0.1/* (added in wxt.config.ts).
  matches: ['https://x.com/*', 'https://twitter.com/*'],
  async main(context) {
    const options = await loadOptions(browser.storage.local);
    // The buttons and the sheet speak the language chosen in the options.
    setPageLanguagePreference(options.language);
    // The page's words come in a chunk of their own, in its language only.
    await loadPageWords(pageLanguage(document));
    // An extension turned off, removed or updated leaves this script running: the next pass stops it.
    const observer = createPageObserver({ stillRunning: () => stillRunning(context) });
    // People can switch the Pay and Claim buttons off in the options.
    const manager = startFeatures(featuresShown(features, options), { observer });
    observer.runPass();
    // A language or a button switched in the options applies to this tab at once.
    const following = new AbortController();
    followOptionsOnPage({
      events: browser.storage.onChanged,
      document,
      features,
      manager,
      observer,
      initial: options,
      signal: following.signal,
    });
    // Orphaned (the extension turned off, removed, updated or reloaded): stop touching the page.
    context.onInvalidated(() => {
      following.abort();
      manager.stop();
      observer.disconnect();
      removeOwnHosts(document);
    });
  },
});
