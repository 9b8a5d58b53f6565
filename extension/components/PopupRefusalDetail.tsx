import { useEffect, useRef } from 'preact/hooks';
import type { Language } from '../../shared/language';
import { formatAmount } from '../../shared/money';
import { describeRefusal, refusalNextStep, safeRefusalUrl } from '../lib/history-rows';
import type { Translate } from '../lib/i18n';
import { describeCounterparty } from '../lib/pot-format';
import type { ReadableRefusal } from '../lib/readable-answers';
import { formatTime } from './PopupFormat';

/**
 * A refused tweet in full: why Hashpay did not use it (nothing moved), the draft it was meant for
 * if any, the tweet's text, what to do next and a link to the tweet, in the answer window's
 * words. Back (or Escape) returns to the list, like a payment's detail view.
 */

export interface PopupRefusalDetailProps {
  refusal: ReadableRefusal;
  t: Translate;
  language: Language;
  onBack: () => void;
}

export function PopupRefusalDetail(props: PopupRefusalDetailProps) {
  const { refusal, t, language } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const draft = refusal.intent;
  const tweetUrl = safeRefusalUrl(refusal);

  useEffect(() => {
    heading.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') props.onBack();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section
      class="history-detail"
      aria-labelledby="history-detail-title"
      data-refusal-detail={refusal.tweetId}
      data-reason={refusal.reason}
    >
      <div class="section-head">
        <h2 id="history-detail-title" tabIndex={-1} ref={heading}>
          {t('history.refusal.title')}
        </h2>
        <button type="button" class="link" data-action="back" onClick={props.onBack}>
          {t('history.detail.back')}
        </button>
      </div>
      <p data-field="state">{t('history.refusal.state')}</p>
      <p class="row-reason" data-field="reason">
        <span class="visually-hidden">{t('history.detail.reason')}: </span>
        {describeRefusal(refusal, language)} {t('answer.nothingMoved')}
      </p>
      <dl>
        {draft === null ? null : (
          <>
            <dt>{t('history.refusal.draft')}</dt>
            <dd data-field="draft">
              {describeCounterparty(draft, true, language)} ·{' '}
              <span class="amount none" data-field="amount">
                {formatAmount(draft.amountMinor, draft.currency, language)}
              </span>
            </dd>
          </>
        )}
        {refusal.text === '' ? null : (
          <>
            <dt>{t('answer.tweet')}</dt>
            <dd data-field="tweet">
              <blockquote>
                <bdi>{refusal.text}</bdi>
              </blockquote>
            </dd>
          </>
        )}
        <dt>{t('history.step.ended', { state: t('answer.title') })}</dt>
        <dd>
          <time dateTime={refusal.decidedAt}>{formatTime(refusal.decidedAt, language)}</time>
        </dd>
      </dl>
      <h3>{t('history.refusal.next')}</h3>
      <p data-field="next">{refusalNextStep(refusal, language)}</p>
      <p class="muted">{t('answer.deleteAdvice')}</p>
      <p class="detail-links">
        {tweetUrl === null ? null : (
          <a href={tweetUrl} target="_blank" rel="noopener noreferrer" data-link="tweet">
            {t('history.detail.tweet')}
          </a>
        )}
      </p>
    </section>
  );
}
