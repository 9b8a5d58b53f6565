import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupPanel } from '../../components/PopupPanel';
import '../../components/page-style.css';
import './popup.css';
import { askBackground } from '../../lib/background-client';
import { browserLanguages, loadLanguage, resolveLanguage } from '../../lib/i18n';
import { loadOptions, workerOriginOf } from '../../lib/options';
import { createPopupCache } from '../../lib/popup-cache';

declare const __HASHPAY_WORKER_ORIGIN__: string;
declare const __HASHPAY_LOCAL_BUILD__: boolean;

async function main(): Promise<void> {
  const cache = createPopupCache(browser.storage.local);
  // The kept view is read with the options, so the first render paints its rows.
  const [options, kept] = await Promise.all([loadOptions(browser.storage.local), cache.read()]);
  const language = resolveLanguage(options.language, browserLanguages());
  document.documentElement.lang = language;
  await loadLanguage(language);
  render(
    <PopupPanel
      ask={askBackground}
      language={language}
      cache={cache}
      kept={kept}
      localBuild={__HASHPAY_LOCAL_BUILD__}
      workerOrigin={workerOriginOf(options, { origin: __HASHPAY_WORKER_ORIGIN__, local: __HASHPAY_LOCAL_BUILD__ })}
      openOptions={() => void browser.runtime.openOptionsPage()}
    />,
    document.getElementById('app')!,
  );
}

void main();
