import { useEffect, useState } from 'preact/hooks';
import type { Language } from '../../shared/language';
import { formatAmount } from '../../shared/money';
import { errorText, type MessageKey, translator } from '../lib/i18n';
import type { AskBackground } from '../lib/messages';
import type { ReadableIntent, ReadableRefusal } from '../lib/readable-answers';

/**
 * Hashpay's answer about a tweet of the user that moved none of their money, in the extension's
 * own window (never drawn on x.com, where a page could fake or hide it): what happened, that
 * nothing was paid, what to do next, and a link to the tweet, whose public text still announces
 * a payment, so the user can delete it. Tweet texts are rendered as text.
 */

export interface TweetAnswerProps {
  tweetId: string;
  ask: AskBackground;
  language?: Language;
  onDone?: () => void;
}

/** Next steps for an intent that failed when its tweet was matched, by failure reason. */
const FAILED_NEXT_KEYS: Readonly<Record<string, MessageKey>> = {
  'insufficient-funds': 'answer.next.failed.insufficient-funds',
  'wallet-in-debt': 'answer.next.failed.wallet-in-debt',
  'limit-per-payment': 'answer.next.failed.limit-per-payment',
  'limit-per-day': 'answer.next.failed.limit-per-day',
};

/** Failures a top-up cures. */
const TOP_UP_REASONS: ReadonlySet<string> = new Set(['insufficient-funds', 'wallet-in-debt']);

/** What to do after a failed intent's match, and whether topping up is part of it. */
export function failedNextStep(intent: ReadableIntent): { key: MessageKey; topUp: boolean } {
  const reason = intent.failureReason ?? 'other';
  return { key: FAILED_NEXT_KEYS[reason] ?? 'answer.next.failed.other', topUp: TOP_UP_REASONS.has(reason) };
}

/** The next steps of a failed intent, with the tweet to delete and a top-up when it helps. */
export function FailedNextSteps(props: { intent: ReadableIntent; language: Language; popupUrl?: string }) {
  const t = translator(props.language);
  const next = failedNextStep(props.intent);
  return (
    <section class="next-steps" data-field="next-steps">
      <p data-field="next">{t(next.key)}</p>
      <p class="links">
        {props.intent.tweet === null ? null : (
          <a href={props.intent.tweet.url} target="_blank" rel="noreferrer" data-field="tweet-link">
            {t('answer.openTweet')}
          </a>
        )}
        {next.topUp && props.popupUrl !== undefined ? (
          <a href={props.popupUrl} target="_blank" rel="noreferrer" data-field="top-up">
            {t('answer.topUp')}
          </a>
        ) : null}
      </p>
    </section>
  );
}

function draftLine(intent: ReadableIntent, t: ReturnType<typeof translator>): string {
  const amount = formatAmount(intent.amountMinor, intent.currency, intent.language);
  const to = intent.pot === null ? `@${intent.payee.username}` : `#${intent.pot.hashtag}`;
  return t('answer.draft', { amount, to });
}

export function TweetAnswer(props: TweetAnswerProps) {
  const language = props.language ?? 'en';
  const t = translator(language);
  const [refusal, setRefusal] = useState<ReadableRefusal | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    props.ask('get-refusal', { tweetId: props.tweetId }).then((result) => {
      if (!live) return;
      if (result.ok) setRefusal(result.value.refusal);
      else setError(errorText(language, result.error));
    });
    return () => {
      live = false;
    };
  }, [props.tweetId, props.ask]);

  if (refusal === null) {
    return (
      <main class="confirm answer">{error === null ? <p>{t('answer.loading')}</p> : <p role="alert">{error}</p>}</main>
    );
  }
  const reason = refusal.reason;
  return (
    <main class="confirm answer" data-status="not-paid" data-reason={reason}>
      <h1>
        <span class="not-paid-mark" aria-hidden="true">
          ⊘
        </span>{' '}
        {t('answer.title')}
      </h1>
      <p data-field="reason" role="status">
        {t(`answer.reason.${reason}` as MessageKey)} {t('answer.nothingMoved')}
      </p>
      {refusal.intent === null ? null : <p data-field="draft">{draftLine(refusal.intent, t)}</p>}
      {refusal.text === '' ? null : (
        <dl>
          <dt>{t('answer.tweet')}</dt>
          <dd data-field="tweet">
            <blockquote>{refusal.text}</blockquote>
          </dd>
        </dl>
      )}
      <section class="next-steps" data-field="next-steps">
        <p data-field="next">{t(`answer.next.${reason}` as MessageKey)}</p>
        <p class="muted">{t('answer.deleteAdvice')}</p>
        <p class="links">
          <a href={refusal.tweetUrl} target="_blank" rel="noreferrer" data-field="tweet-link">
            {t('answer.openTweet')}
          </a>
        </p>
      </section>
      <div class="actions">
        <button type="button" class="secondary" onClick={() => props.onDone?.()}>
          {t('confirm.close')}
        </button>
      </div>
    </main>
  );
}
