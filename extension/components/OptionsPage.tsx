import { useEffect, useState } from 'preact/hooks';
import { parseAmount } from '../../shared/amount-parse';
import type { Language } from '../../shared/language';
import { CURRENCY_CODES, type Currency, formatAmount } from '../../shared/money';
import { LANGUAGE_PREFERENCES, type LanguagePreference, resolveLanguage, translator } from '../lib/i18n';
import type { AskBackground } from '../lib/messages';
import {
  isWorkerOriginAllowed,
  loadOptions,
  normalizeWorkerOrigin,
  type Options,
  type OptionsArea,
  saveOptions,
} from '../lib/options';

/**
 * The options page: the worker's address, the language, the Pay and Claim buttons on x.com and
 * the step-up threshold of the confirmation. Nothing is stored until every field is valid; a new
 * worker address signs the user out first, since a session belongs to one worker.
 */

export interface OptionsPageProps {
  area: OptionsArea;
  ask: AskBackground;
  /** The worker this build was made for: the default address. */
  buildOrigin: string;
  /** A store build talks only to `buildOrigin`; a local one (the default) to any worker. */
  localBuild?: boolean;
  browserLanguages: readonly string[];
  /** Told what was stored, once it is. */
  onSaved?: (options: Options) => void;
}

/** An example amount per currency for the threshold's error message: 100 units. */
const EXAMPLE_THRESHOLD_MINOR: Record<Currency, number> = {
  EUR: 10_000,
  USD: 10_000,
  GBP: 10_000,
  CHF: 10_000,
  CAD: 10_000,
  JPY: 10_000,
};

type ThresholdTexts = Record<Currency, string>;

function thresholdTexts(options: Options, language: Language): ThresholdTexts {
  const texts = {} as ThresholdTexts;
  for (const currency of CURRENCY_CODES) {
    const amountMinor = options.stepUpThresholdMinor[currency];
    texts[currency] = amountMinor === undefined ? '' : formatAmount(amountMinor, currency, language);
  }
  return texts;
}

export function OptionsPage(props: OptionsPageProps) {
  const [options, setOptions] = useState<Options | null>(null);
  const [workerText, setWorkerText] = useState('');
  const [thresholds, setThresholds] = useState<ThresholdTexts | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadOptions(props.area).then((loaded) => {
      setOptions(loaded);
      setWorkerText(loaded.workerOrigin ?? '');
      setThresholds(thresholdTexts(loaded, resolveLanguage(loaded.language, props.browserLanguages)));
    });
  }, [props.area]);

  const language = resolveLanguage(options?.language ?? 'auto', props.browserLanguages);
  const t = translator(language);
  if (options === null || thresholds === null) return <main class="options">{t('popup.loading')}</main>;

  function change(patch: Partial<Options>): void {
    setSaved(false);
    setOptions((previous) => (previous === null ? previous : { ...previous, ...patch }));
  }

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    if (options === null || thresholds === null) return;
    setSaved(false);
    setError(null);
    const found: Record<string, string> = {};
    const workerOrigin = workerText.trim() === '' ? null : normalizeWorkerOrigin(workerText);
    if (workerText.trim() !== '' && workerOrigin === null) found.workerOrigin = t('options.worker.invalid');
    else if (
      workerOrigin !== null &&
      !isWorkerOriginAllowed(workerOrigin, { origin: props.buildOrigin, local: props.localBuild ?? true })
    ) {
      found.workerOrigin = t('options.worker.storeOnly', { origin: props.buildOrigin });
    }
    const stepUpThresholdMinor: Partial<Record<Currency, number>> = {};
    for (const currency of CURRENCY_CODES) {
      const text = thresholds[currency].trim();
      if (text === '') continue;
      const parsed = parseAmount(text, { defaultCurrency: currency });
      if (parsed.ok && parsed.currency === currency) stepUpThresholdMinor[currency] = parsed.amountMinor;
      else {
        found[`stepUp.${currency}`] = t('options.stepUp.invalid', {
          currency,
          example: formatAmount(EXAMPLE_THRESHOLD_MINOR[currency], currency, language),
        });
      }
    }
    setProblems(found);
    if (Object.keys(found).length > 0) return;

    const before = await loadOptions(props.area);
    if ((before.workerOrigin ?? props.buildOrigin) !== (workerOrigin ?? props.buildOrigin)) {
      // The session was made by the previous worker; it means nothing to the next one.
      const result = await props.ask('logout', {});
      if (!result.ok && result.error.code !== 'network' && result.error.code !== 'no-answer') {
        setError(result.error.message);
        return;
      }
    }
    const stored = await saveOptions(props.area, { ...options, workerOrigin, stepUpThresholdMinor });
    setOptions(stored);
    setSaved(true);
    props.onSaved?.(stored);
  }

  return (
    <main class="options" lang={language}>
      <h1>{t('options.title')}</h1>
      <form onSubmit={save} noValidate>
        <label for="worker-origin">{t('options.worker')}</label>
        <input
          id="worker-origin"
          name="workerOrigin"
          type="url"
          value={workerText}
          placeholder={props.buildOrigin}
          aria-describedby="worker-origin-help"
          aria-invalid={problems.workerOrigin !== undefined}
          onInput={(event) => {
            setSaved(false);
            setWorkerText(event.currentTarget.value);
          }}
        />
        <p id="worker-origin-help" class="muted">
          {t('options.worker.help', { origin: props.buildOrigin })}
        </p>
        {problems.workerOrigin === undefined ? null : <p role="alert">{problems.workerOrigin}</p>}

        <label for="language">{t('options.language')}</label>
        <select
          id="language"
          name="language"
          value={options.language}
          onChange={(event) => change({ language: event.currentTarget.value as LanguagePreference })}
        >
          {LANGUAGE_PREFERENCES.map((preference) => (
            <option key={preference} value={preference}>
              {t(`options.language.${preference}`)}
            </option>
          ))}
        </select>

        <fieldset>
          <legend>{t('options.buttons')}</legend>
          <label>
            <input
              type="checkbox"
              name="showPayButton"
              checked={options.showPayButton}
              onChange={(event) => change({ showPayButton: event.currentTarget.checked })}
            />{' '}
            {t('options.buttons.pay')}
          </label>
          <label>
            <input
              type="checkbox"
              name="showClaimButton"
              checked={options.showClaimButton}
              onChange={(event) => change({ showClaimButton: event.currentTarget.checked })}
            />{' '}
            {t('options.buttons.claim')}
          </label>
          <label>
            <input
              type="checkbox"
              name="notifications"
              checked={options.notifications}
              onChange={(event) => change({ notifications: event.currentTarget.checked })}
            />{' '}
            {t('options.notifications')}
          </label>
        </fieldset>

        <fieldset aria-describedby="step-up-help">
          <legend>{t('options.stepUp')}</legend>
          <p id="step-up-help" class="muted">
            {t('options.stepUp.help')}
          </p>
          <div class="thresholds">
            {CURRENCY_CODES.map((currency) => (
              <div key={currency}>
                <label for={`step-up-${currency}`}>{currency}</label>
                <input
                  id={`step-up-${currency}`}
                  name={`stepUp.${currency}`}
                  inputMode="decimal"
                  value={thresholds[currency]}
                  aria-invalid={problems[`stepUp.${currency}`] !== undefined}
                  onInput={(event) => {
                    setSaved(false);
                    setThresholds({ ...thresholds, [currency]: event.currentTarget.value });
                  }}
                />
                {problems[`stepUp.${currency}`] === undefined ? null : (
                  <p role="alert">{problems[`stepUp.${currency}`]}</p>
                )}
              </div>
            ))}
          </div>
        </fieldset>

        <div class="actions">
          <button type="submit" class="primary">
            {t('options.save')}
          </button>
        </div>
        {saved ? <p role="status">{t('options.saved')}</p> : null}
        {error === null ? null : <p role="alert">{error}</p>}
      </form>
    </main>
  );
}
