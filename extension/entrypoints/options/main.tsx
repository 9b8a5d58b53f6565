import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsPage } from '../../components/OptionsPage';
import '../../components/page-style.css';
import './options.css';
import { LANGUAGES } from '../../../shared/language';
import { askBackground } from '../../lib/background-client';
import { browserLanguages, loadLanguage } from '../../lib/i18n';
import { extensionLocalStorage, keepLanguageHint } from '../../lib/language-preference';

declare const __HASHPAY_WORKER_ORIGIN__: string;
declare const __HASHPAY_LOCAL_BUILD__: boolean;

// The page re-words itself as soon as another language is chosen: both are loaded first.
void Promise.all(LANGUAGES.map(loadLanguage)).then(() =>
  render(
    <OptionsPage
      area={browser.storage.local}
      ask={askBackground}
      buildOrigin={__HASHPAY_WORKER_ORIGIN__}
      localBuild={__HASHPAY_LOCAL_BUILD__}
      browserLanguages={browserLanguages()}
      // The popup draws at once in the language it is told here, before it reads the options.
      onSaved={(stored) => keepLanguageHint(extensionLocalStorage(), stored.language)}
    />,
    document.getElementById('app')!,
  ),
);
