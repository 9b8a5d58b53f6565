import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupPanel } from '../../components/PopupPanel';
import '../../components/page-style.css';
import './popup.css';
import { askBackground } from '../../lib/background-client';
import { browserLanguages, resolveLanguage } from '../../lib/i18n';
import type { AskBackground } from '../../lib/messages';
import { loadOptions, workerOriginOf } from '../../lib/options';
import { createPopupCache } from '../../lib/popup-cache';
import {
  extensionLocalStorage,
  keepLanguageHint,
  loadPopupFirstWords,
  loadPopupWords,
  popupWordsLoaded,
  readLanguageHint,
} from '../../lib/popup-words';

declare const __HASHPAY_WORKER_ORIGIN__: string;
declare const __HASHPAY_LOCAL_BUILD__: boolean;

/** The background's answers reach the popup once all its words are there: an error is worded at once. */
const ask: AskBackground = async (action, request) => {
  const result = await askBackground(action, request);
  await popupWordsLoaded().catch(() => {});
  return result;
};

/**
 * Marks of the popup's opening in the page's timeline, read by the popup benchmark
 * (`test/bench/content-script.ts`) to tell the popup's own time from the browser's.
 */
const mark = (step: 'entry' | 'stored' | 'words' | 'drawn') => performance.mark(`hashpay-popup:${step}`);

async function main(): Promise<void> {
  mark('entry');
  // Everything the first render needs is asked for at once: the first view's words in the
  // language the popup last drew in (or the browser's), the options, which say for sure, and the kept view.
  const hints = extensionLocalStorage();
  const hinted = readLanguageHint(hints) ?? resolveLanguage('auto', browserLanguages());
  // Awaited below when the options agree (the same load); a failed one is asked for again there.
  loadPopupFirstWords(hinted).catch(() => {});
  const cache = createPopupCache(browser.storage.local);
  const [options, kept] = await Promise.all([loadOptions(browser.storage.local), cache.read()]);
  mark('stored');
  const language = resolveLanguage(options.language, browserLanguages());
  document.documentElement.lang = language;
  keepLanguageHint(hints, language);
  await loadPopupFirstWords(language);
  mark('words');
  render(
    <PopupPanel
      ask={ask}
      language={language}
      cache={cache}
      kept={kept}
      localBuild={__HASHPAY_LOCAL_BUILD__}
      workerOrigin={workerOriginOf(options, { origin: __HASHPAY_WORKER_ORIGIN__, local: __HASHPAY_LOCAL_BUILD__ })}
      openOptions={() => void browser.runtime.openOptionsPage()}
    />,
    document.getElementById('app')!,
  );
  mark('drawn');
  // The rest of the language (errors, the views that load on first use) once the first view is
  // drawn; what needs it asks `popupWordsLoaded` from its effects, which run after this.
  void loadPopupWords(language).catch((error: unknown) => console.error('Hashpay: words could not be loaded', error));
}

void main();
