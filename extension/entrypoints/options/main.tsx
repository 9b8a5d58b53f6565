import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsPage } from '../../components/OptionsPage';
import '../../components/page-style.css';
import './options.css';
import { askBackground } from '../../lib/background-client';
import { browserLanguages } from '../../lib/i18n';

declare const __HASHPAY_WORKER_ORIGIN__: string;

render(
  <OptionsPage
    area={browser.storage.local}
    ask={askBackground}
    buildOrigin={__HASHPAY_WORKER_ORIGIN__}
    browserLanguages={browserLanguages()}
  />,
  document.getElementById('app')!,
);
