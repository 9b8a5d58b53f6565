import { render } from 'preact';
import { browser } from 'wxt/browser';
import { ConfirmPayment } from '../../components/ConfirmPayment';
import '../../components/page-style.css';
import { askBackground } from '../../lib/background-client';
import { browserLanguages, resolveLanguage, translate } from '../../lib/i18n';
import { loadOptions } from '../../lib/options';

async function main(): Promise<void> {
  const options = await loadOptions(browser.storage.local);
  const language = resolveLanguage(options.language, browserLanguages());
  document.documentElement.lang = language;
  const app = document.getElementById('app')!;
  const intentId = new URLSearchParams(location.search).get('intent');
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
      onDone={() => window.close()}
    />,
    app,
  );
}

void main();
