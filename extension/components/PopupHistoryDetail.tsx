import { useEffect, useRef } from 'preact/hooks';
import type { Language } from '../../shared/language';
import { formatAmount } from '../../shared/money';
import { amountEffect, amountSign, describeEndReason } from '../lib/history-rows';
import { intentTimeline, receiptUrl } from '../lib/history-timeline';
import type { Translate } from '../lib/i18n';
import { describeCounterparty, describeIntentState } from '../lib/pot-format';
import type { ReadableIntent } from '../lib/readable-answers';
import { formatTime, safeTweetUrl } from './PopupFormat';

/**
 * One history row in full: who and how much, its state and why it ended so, the timeline of its
 * states, its memo and reference code, and links to its tweet and its signed receipt. Back (or
 * Escape) returns to the list, with the focus on the heading the list starts from.
 */

export interface PopupHistoryDetailProps {
  intent: ReadableIntent;
  t: Translate;
  language: Language;
  myXUserId: string;
  /** Where receipts are read; without it, no receipt link. */
  workerOrigin: string | null;
  onBack: () => void;
}

export function PopupHistoryDetail(props: PopupHistoryDetailProps) {
  const { intent, t, language } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const sent = intent.payer.xUserId === props.myXUserId;
  const effect = amountEffect(intent, sent);
  const reason = describeEndReason(intent, sent, language);
  const tweetUrl = safeTweetUrl(intent);
  const receipt = props.workerOrigin === null ? null : receiptUrl(props.workerOrigin, intent.receiptId);

  useEffect(() => {
    heading.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') props.onBack();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section class="history-detail" aria-labelledby="history-detail-title" data-detail={intent.id}>
      <div class="section-head">
        <h2 id="history-detail-title" tabIndex={-1} ref={heading}>
          {t('history.detail.title')}
        </h2>
        <button type="button" class="link" data-action="back" onClick={props.onBack}>
          {t('history.detail.back')}
        </button>
      </div>
      <p data-field="counterparty">{describeCounterparty(intent, sent, language)}</p>
      <p class={effect === 'other' ? 'amount' : `amount ${effect}`} data-field="amount" data-effect={effect}>
        {amountSign(effect)}
        {formatAmount(intent.amountMinor, intent.currency, language)}
      </p>
      <p data-field="state">{describeIntentState(intent, language)}</p>
      {reason === null ? null : (
        <p class="row-reason" data-field="reason">
          <span class="visually-hidden">{t('history.detail.reason')}: </span>
          {reason}
        </p>
      )}
      <h3>{t('history.detail.timeline')}</h3>
      <ol class="timeline">
        {intentTimeline(intent, language).map((step) => (
          <li key={step.step} data-step={step.step}>
            <span>{step.label}</span>
            {step.at === null ? null : (
              <>
                {' · '}
                <time class="muted" dateTime={step.at}>
                  {formatTime(step.at, language)}
                </time>
              </>
            )}
          </li>
        ))}
      </ol>
      <dl>
        {intent.memo === null ? null : (
          <>
            <dt>{t('history.detail.memo')}</dt>
            <dd data-field="memo">
              <bdi>{intent.memo}</bdi>
            </dd>
          </>
        )}
        <dt>{t('history.detail.code')}</dt>
        <dd data-field="code">{intent.code}</dd>
      </dl>
      <p class="detail-links">
        {tweetUrl === null ? null : (
          <a href={tweetUrl} target="_blank" rel="noopener noreferrer" data-link="tweet">
            {t('history.detail.tweet')}
          </a>
        )}
        {receipt === null ? null : (
          <a href={receipt} target="_blank" rel="noopener noreferrer" data-link="receipt">
            {t('history.detail.receipt')}
          </a>
        )}
      </p>
    </section>
  );
}
