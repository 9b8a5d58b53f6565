import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupPanel } from '../../components/PopupPanel';
import '../../components/page-style.css';
import './popup.css';
import type { Language } from '../../../shared/language';
import { askBackground } from '../../lib/background-client';
import { browserLanguages, resolveLanguage } from '../../lib/i18n';
import { extensionLocalStorage, keepLanguageHint, readLanguageHint } from '../../lib/language-preference';
import type { AskBackground } from '../../lib/messages';
import { loadOptions, workerOriginOf } from '../../lib/options';
import { createPopupCache, localStorageArea, NO_POPUP_CACHE } from '../../lib/popup-cache';
import {
  keepFirstWords,
  loadPopupFirstWords,
  loadPopupWords,
  popupWordsLoaded,
  registerKeptFirstWords,
} from '../../lib/popup-words';

declare const __HASHPAY_WORKER_ORIGIN__: string;
declare const __HASHPAY_LOCAL_BUILD__: boolean;
declare const __HASHPAY_POPUP_WORDS_ID__: string;

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
  const local = extensionLocalStorage();
  const root = document.getElementById('app')!;
  const cache = local === undefined ? NO_POPUP_CACHE : createPopupCache(localStorageArea(local));
  // The language of the preference the popup last drew with (or the browser's), with that
  // language's first words when this build kept them at an earlier opening; else they are asked
  // for at once, alongside the options, which say for sure.
  const hinted = resolveLanguage(readLanguageHint(local) ?? 'auto', browserLanguages());
  const wordsKept = registerKeptFirstWords(local, hinted, __HASHPAY_POPUP_WORDS_ID__);
  // Awaited below when the options agree (the same load); a failed one is asked for again there.
  if (!wordsKept) loadPopupFirstWords(hinted).catch(() => {});
  const loadingOptions = loadOptions(browser.storage.local);
  const kept = await cache.read();
  const build = { origin: __HASHPAY_WORKER_ORIGIN__, local: __HASHPAY_LOCAL_BUILD__ };
  const draw = (language: Language, workerOrigin: string) => {
    document.documentElement.lang = language;
    render(
      <PopupPanel
        ask={ask}
        language={language}
        cache={cache}
        kept={kept}
        localBuild={__HASHPAY_LOCAL_BUILD__}
        workerOrigin={workerOrigin}
        openOptions={() => void browser.runtime.openOptionsPage()}
      />,
      root,
    );
  };

  // With the view and its words kept, the first render needs no round trip: the popup draws what
  // it showed last time, in the same language, with the build's worker, before the options are read.
  const early = kept !== null && wordsKept;
  if (early) {
    mark('stored');
    mark('words');
    draw(hinted, build.origin);
    mark('drawn');
  }
  const options = await loadingOptions;
  if (!early) mark('stored');
  const language = resolveLanguage(options.language, browserLanguages());
  keepLanguageHint(local, options.language);
  // Drawn again only when the options say otherwise: their language when it is not the hinted
  // one (the browser's language changed since, or the options were changed where they do not keep
  // the hint), their worker for the receipt links when a local build is pointed at another.
  const words = await loadPopupFirstWords(language);
  if (!early) mark('words');
  const workerOrigin = workerOriginOf(options, build);
  if (!early || language !== hinted || workerOrigin !== build.origin) draw(language, workerOrigin);
  if (!early) mark('drawn');
  if (!wordsKept || language !== hinted) keepFirstWords(local, language, words, __HASHPAY_POPUP_WORDS_ID__);
  // The rest of the language (errors, the views that load on first use) once the first view is
  // drawn; what needs it asks `popupWordsLoaded` from its effects, which run after this.
  void loadPopupWords(language).catch((error: unknown) => console.error('Hashpay: words could not be loaded', error));
}

void main();
