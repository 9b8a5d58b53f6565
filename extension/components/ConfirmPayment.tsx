import { useEffect, useState } from 'preact/hooks';
import { parseAmount } from '../../shared/amount-parse';
import type { PaymentIntent } from '../../shared/contract/payments';
import type { Language } from '../../shared/language';
import { type Currency, formatAmount } from '../../shared/money';
import { errorText, type MessageKey, translator } from '../lib/i18n';
import type { AskBackground } from '../lib/messages';

/**
 * The confirmation of one payment, in the extension's own window: who is paid (handle and name as
 * the X API reported them, never as a page showed them), how much, the memo and the tweet as
 * posted. Confirm moves the reserved money; Cancel releases it. Texts from X are rendered as text.
 * A payment at or above the user's step-up threshold asks for the amount to be typed again
 * before Confirm works. The amount is written as in the payment's own tweet.
 */

export interface ConfirmPaymentProps {
  intentId: string;
  ask: AskBackground;
  /** The window's language (the amount keeps the tweet's). */
  language?: Language;
  /** Per currency, from the options: payments of at least this many minor units need the amount retyped. */
  stepUpThresholdMinor?: Partial<Record<Currency, number>>;
  /** Closes the window once the user is done. */
  onDone?: () => void;
}

/** True when the text names exactly the payment's amount, in its currency (or none stated). */
function retypedAmountMatches(text: string, intent: PaymentIntent): boolean {
  const parsed = parseAmount(text, { defaultCurrency: intent.currency });
  return parsed.ok && parsed.currency === intent.currency && parsed.amountMinor === intent.amountMinor;
}

export function ConfirmPayment(props: ConfirmPaymentProps) {
  const language = props.language ?? 'en';
  const t = translator(language);
  const [intent, setIntent] = useState<PaymentIntent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [retyped, setRetyped] = useState('');

  useEffect(() => {
    let live = true;
    props.ask('get-intent', { intentId: props.intentId }).then((result) => {
      if (!live) return;
      if (result.ok) setIntent(result.value.intent);
      else setError(errorText(language, result.error));
    });
    return () => {
      live = false;
    };
  }, [props.intentId, props.ask]);

  async function decide(action: 'confirm' | 'cancel'): Promise<void> {
    setBusy(true);
    setError(null);
    const result = await props.ask(action, { intentId: props.intentId });
    setBusy(false);
    if (result.ok) setIntent(result.value.intent);
    else setError(errorText(language, result.error));
  }

  if (intent === null) {
    return <main class="confirm">{error === null ? <p>{t('confirm.loading')}</p> : <p role="alert">{error}</p>}</main>;
  }
  const awaiting = intent.status === 'awaiting_confirmation';
  const amount = formatAmount(intent.amountMinor, intent.currency, intent.language);
  const thresholdMinor = props.stepUpThresholdMinor?.[intent.currency];
  const stepUp = awaiting && thresholdMinor !== undefined && intent.amountMinor >= thresholdMinor;
  const stepUpDone = !stepUp || retypedAmountMatches(retyped, intent);
  return (
    <main class="confirm" data-status={intent.status}>
      <h1>{awaiting ? t('confirm.title') : t('confirm.titleDone')}</h1>
      <dl>
        <dt>{t('confirm.to')}</dt>
        <dd data-field="payee">
          <strong>{intent.payee.name}</strong> <span class="muted">@{intent.payee.username}</span>
        </dd>
        <dt>{t('confirm.amount')}</dt>
        <dd data-field="amount" class="amount">
          {amount}
        </dd>
        {intent.memo === null ? null : (
          <>
            <dt>{t('confirm.memo')}</dt>
            <dd data-field="memo">{intent.memo}</dd>
          </>
        )}
        <dt>{t('confirm.tweet')}</dt>
        <dd data-field="tweet">
          <blockquote>{intent.tweet?.text ?? intent.tweetText}</blockquote>
        </dd>
      </dl>
      <p data-field="status" role="status">
        {t(`confirm.status.${intent.status}`)}
        {intent.failureReason === null ? null : ` ${t(`confirm.failure.${intent.failureReason}` as MessageKey)}`}
      </p>
      {stepUp ? (
        <p data-field="step-up">
          <label for="step-up-amount">{t('confirm.stepUp', { amount })}</label>{' '}
          <input
            id="step-up-amount"
            inputMode="decimal"
            autoComplete="off"
            aria-label={t('confirm.stepUp.label')}
            value={retyped}
            onInput={(event) => setRetyped(event.currentTarget.value)}
          />
        </p>
      ) : null}
      {error === null ? null : <p role="alert">{error}</p>}
      <div class="actions">
        {awaiting ? (
          <>
            <button type="button" class="secondary" disabled={busy} onClick={() => decide('cancel')}>
              {t('confirm.cancel')}
            </button>
            <button type="button" class="primary" disabled={busy || !stepUpDone} onClick={() => decide('confirm')}>
              {t('confirm.confirm')}
            </button>
          </>
        ) : (
          <button type="button" class="secondary" onClick={() => props.onDone?.()}>
            {t('confirm.close')}
          </button>
        )}
      </div>
    </main>
  );
}
