import { render } from 'preact';
import { browser } from 'wxt/browser';
import { ConfirmPayment } from '../../components/ConfirmPayment';
import { TweetAnswer } from '../../components/TweetAnswer';
import '../../components/page-style.css';
import { askBackground } from '../../lib/background-client';
import { browserLanguages, loadLanguage, resolveLanguage, translate } from '../../lib/i18n';
import { loadOptions, workerOriginOf } from '../../lib/options';

declare const __HASHPAY_WORKER_ORIGIN__: string;
declare const __HASHPAY_LOCAL_BUILD__: boolean;

async function main(): Promise<void> {
  const options = await loadOptions(browser.storage.local);
  const language = resolveLanguage(options.language, browserLanguages());
  document.documentElement.lang = language;
  await loadLanguage(language);
  const app = document.getElementById('app')!;
  const query = new URLSearchParams(location.search);
  const intentId = query.get('intent');
  const popupUrl = browser.runtime.getURL('/popup.html');
  const tweetId = query.get('tweet');
  if (intentId === null && tweetId !== null) {
    render(
      <TweetAnswer tweetId={tweetId} ask={askBackground} language={language} onDone={() => window.close()} />,
      app,
    );
    return;
  }
  if (intentId === null) {
    app.textContent = translate(language, 'confirm.none');
    return;
  }
  render(
    <ConfirmPayment
      intentId={intentId}
      ask={askBackground}
      language={language}
      stepUpThresholdMinor={options.stepUpThresholdMinor}
      popupUrl={popupUrl}
      receiptUrlOf={(receiptId) =>
        `${workerOriginOf(options, { origin: __HASHPAY_WORKER_ORIGIN__, local: __HASHPAY_LOCAL_BUILD__ })}/v1/receipts/${encodeURIComponent(receiptId)}`
      }
      onDone={() => window.close()}
    />,
    app,
  );
}

void main();
