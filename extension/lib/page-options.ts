import type { Feature, FeatureManager } from './feature-manager';
import { pageLanguage, pageLanguageWith, setPageLanguagePreference } from './language-preference';
import type { PageObserver } from './observer';
import { rewordOpenSheet } from './open-sheet';
import { hiddenFeatureIds, type Options, type StorageChangeEvents, watchOptions } from './options';
import { loadPageWords } from './page-strings';
import { selectors } from './selectors';
import { HOST_ATTRIBUTE, isOwnHost } from './shadow-host';

/**
 * The options as an x.com page applies them: the language of the buttons and the pay sheet, and
 * which buttons show. A change saved anywhere (the options page, another tab) reaches every open
 * x.com tab at once: the buttons inside tweets are taken out and a new run of the features draws
 * them again. An open pay sheet is drawn again in the new language, keeping what was typed in it.
 */

/** The features the options leave on, in their order. */
export function featuresShown(features: readonly Feature[], options: Options): Feature[] {
  const hidden = hiddenFeatureIds(options);
  return features.filter((feature) => !hidden.has(feature.id));
}

/** Whether going from `before` to `after` changes what the page shows (the worker's address does not). */
export function pageOptionsDiffer(before: Options, after: Options): boolean {
  return (
    before.language !== after.language ||
    before.showPayButton !== after.showPayButton ||
    before.showClaimButton !== after.showClaimButton
  );
}

/** Takes out the buttons and marks this content script drew inside tweets; sheets and toasts stay. */
export function removeOwnTweetHosts(document: Document): number {
  let removed = 0;
  for (const host of document.querySelectorAll(`[${HOST_ATTRIBUTE}]`)) {
    if (!isOwnHost(host) || host.closest(selectors.tweetArticle) === null) continue;
    host.remove();
    removed += 1;
  }
  return removed;
}

export interface PageOptionsTarget {
  document: Document;
  /** Every feature, before the options switch any off. */
  features: readonly Feature[];
  manager: FeatureManager;
  observer: PageObserver;
}

/** Draws the page's Hashpay parts again under `options`. */
export function applyOptionsToPage(target: PageOptionsTarget, options: Options): void {
  setPageLanguagePreference(options.language);
  rewordOpenSheet(target.document, pageLanguage(target.document));
  removeOwnTweetHosts(target.document);
  target.manager.restart(featuresShown(target.features, options));
  target.observer.runPass();
}

/** Follows the saved options until `signal` aborts, redrawing the page when what it shows changes. */
export function followOptionsOnPage(
  target: PageOptionsTarget & { events: StorageChangeEvents; initial: Options; signal: AbortSignal },
): void {
  let current = target.initial;
  // Changes apply in the order they were saved, each once its language's words are here.
  let applying = Promise.resolve();
  watchOptions(
    target.events,
    (next) => {
      const differ = pageOptionsDiffer(current, next);
      current = next;
      if (!differ) return;
      applying = applying
        .then(() => loadPageWords(pageLanguageWith(next.language, target.document)))
        .then(
          () => {
            if (!target.signal.aborted) applyOptionsToPage(target, next);
          },
          // Words that cannot load (the extension is being updated) leave the page as it was.
          () => {},
        );
    },
    { signal: target.signal },
  );
}
