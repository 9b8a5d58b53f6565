import { useEffect, useState } from 'preact/hooks';
import { parseAmount } from '../../shared/amount-parse';
import type { PaymentPurpose } from '../../shared/contract/payments';
import type { Language } from '../../shared/language';
import { type Currency, formatAmount } from '../../shared/money';
import { errorText, type MessageKey, translator } from '../lib/i18n';
import type { AskBackground } from '../lib/messages';
import { formatDeadline } from '../lib/pot-format';
import type { ReadableIntent } from '../lib/readable-answers';
import type { Other } from '../lib/tolerant-enum';
import { Isolated } from './Isolated';
import { FailedNextSteps } from './TweetAnswer';

/**
 * The confirmation of one payment, in the extension's own window: who is paid (handle and name as
 * the X API reported them, never as a page showed them), how much, the memo and the tweet as
 * posted. Confirm moves the reserved money; Cancel releases it. Texts from X are rendered as text.
 * A payment at or above the user's step-up threshold asks for the amount to be typed again
 * before Confirm works. The amount is written as in the payment's own tweet.
 *
 * It names what the money is for: a donation to an organisation, a contribution to a pot, or a
 * pledge held until its project's deadline (which the backer may still cancel until then).
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
  /** Deadlines are shown in the user's zone unless tests fix one. */
  timeZone?: string;
  now?: () => number;
  /** How often a payment awaiting its answer is read again (tests shorten it). */
  refreshMs?: number;
  /** The address of a receipt on the worker, for the success view's link. */
  receiptUrlOf?: (receiptId: string) => string;
  /** The popup's page, where the wallet is topped up (a payment above the balance). */
  popupUrl?: string;
}

/** The countdown to the reservation's end is redrawn this often. */
export const COUNTDOWN_TICK_MS = 1_000;

/** `4:05` (or `1:02:03` past an hour): what is left before the reservation ends. */
export function formatCountdown(leftMs: number): string {
  const totalS = Math.max(0, Math.ceil(leftMs / 1000));
  const hours = Math.floor(totalS / 3600);
  const minutes = Math.floor((totalS % 3600) / 60);
  const seconds = String(totalS % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The Cancel button's words while the payment awaits its answer, by what the money is for. */
const CANCEL_KEYS: Readonly<Record<PaymentPurpose | Other, MessageKey>> = {
  payment: 'confirm.cancel',
  other: 'confirm.cancel',
  donation: 'confirm.cancel.donation',
  contribution: 'confirm.cancel.contribution',
  pledge: 'confirm.cancel.pledge',
};

/** Statuses in which the money went where it was meant to: the success view. */
const SUCCESS_STATUSES: ReadonlySet<string> = new Set(['settled', 'escrowed']);

const TITLE_KEYS: Readonly<Record<PaymentPurpose | Other, { awaiting: MessageKey; done: MessageKey }>> = {
  payment: { awaiting: 'confirm.title', done: 'confirm.titleDone' },
  // A purpose added since this version: the plain payment's words, which say nothing it does not know.
  other: { awaiting: 'confirm.title', done: 'confirm.titleDone' },
  donation: { awaiting: 'confirm.title.donation', done: 'confirm.titleDone.donation' },
  contribution: { awaiting: 'confirm.title.contribution', done: 'confirm.titleDone.contribution' },
  pledge: { awaiting: 'confirm.title.pledge', done: 'confirm.titleDone.pledge' },
};

/** What the money is for, in words; null for a plain payment, which the payee line says enough about. */
function describePurpose(intent: ReadableIntent, language: Language, timeZone: string | undefined): string | null {
  const t = translator(language);
  const pot = intent.pot;
  switch (intent.purpose) {
    case 'payment':
    case 'other':
      return null;
    case 'donation':
      return t(intent.publicMention ? 'confirm.purpose.donation.public' : 'confirm.purpose.donation', {
        name: intent.payee.name,
      });
    case 'contribution':
      return pot === null ? null : t('confirm.purpose.contribution', { hashtag: pot.hashtag, title: pot.title });
    case 'pledge':
      if (pot === null) return null;
      return t('confirm.purpose.pledge', {
        hashtag: pot.hashtag,
        title: pot.title,
        deadline: pot.deadlineAt === null ? '' : formatDeadline(pot.deadlineAt, language, timeZone),
      });
  }
}

/** What the status means for this purpose, where it differs from a payment's words. */
const PURPOSE_STATUS_KEYS: Readonly<Partial<Record<string, MessageKey>>> = {
  'donation.settled': 'confirm.status.settled.donation',
  'contribution.awaiting_confirmation': 'confirm.status.awaiting_confirmation.contribution',
  'contribution.settled': 'confirm.status.settled.contribution',
  'pledge.awaiting_confirmation': 'confirm.status.awaiting_confirmation.pledge',
  'pledge.settled': 'confirm.status.settled.pledge',
};

function statusKey(intent: ReadableIntent): MessageKey {
  return PURPOSE_STATUS_KEYS[`${intent.purpose}.${intent.status}`] ?? `confirm.status.${intent.status}`;
}

/** A pledge can be taken back while held and before its project's deadline. */
function pledgeCancellable(intent: ReadableIntent, nowMs: number): boolean {
  const deadlineAt = intent.pot?.deadlineAt;
  return intent.status === 'pledged' && deadlineAt != null && Date.parse(deadlineAt) > nowMs;
}

/** True when the text names exactly the payment's amount, in its currency (or none stated). */
function retypedAmountMatches(text: string, intent: ReadableIntent): boolean {
  const parsed = parseAmount(text, { defaultCurrency: intent.currency });
  return parsed.ok && parsed.currency === intent.currency && parsed.amountMinor === intent.amountMinor;
}

/**
 * While the window waits for an answer, the payment is read again this often: an edit of the
 * tweet that keeps the payment shows its new text, one that does not (or a deletion) shows that
 * the reservation was released.
 */
export const CONFIRM_REFRESH_MS = 10_000;
/** Problems that mean the tweet changed under the window: the payment is read again to show it. */
const TWEET_CHANGED_CODES: ReadonlySet<string> = new Set(['tweet-edited', 'tweet-deleted']);

export function ConfirmPayment(props: ConfirmPaymentProps) {
  const language = props.language ?? 'en';
  const t = translator(language);
  const [intent, setIntent] = useState<ReadableIntent | null>(null);
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

  const now = props.now ?? Date.now;
  const [nowMs, setNowMs] = useState(now);
  const [balanceMinor, setBalanceMinor] = useState<number | null>(null);
  const awaitingAnswer = intent?.status === 'awaiting_confirmation';
  useEffect(() => {
    if (!awaitingAnswer) return;
    const timer = setInterval(() => setNowMs(now()), COUNTDOWN_TICK_MS);
    return () => clearInterval(timer);
  }, [awaitingAnswer]);

  // The success view shows the wallet's balance after the payment, in its currency.
  const succeeded = intent !== null && SUCCESS_STATUSES.has(intent.status);
  const successCurrency = succeeded ? intent.currency : null;
  useEffect(() => {
    if (successCurrency === null) return;
    let live = true;
    void props.ask('get-balances', {}).then((result) => {
      if (!live || !result.ok) return;
      const wallet = result.value.balances.find(
        (balance) => balance.kind === 'wallet' && balance.currency === successCurrency,
      );
      if (wallet !== undefined) setBalanceMinor(wallet.availableMinor);
    });
    return () => {
      live = false;
    };
  }, [successCurrency, props.ask]);
  const refreshMs = props.refreshMs ?? CONFIRM_REFRESH_MS;
  useEffect(() => {
    if (!awaitingAnswer) return;
    let live = true;
    const timer = setInterval(() => {
      void props.ask('get-intent', { intentId: props.intentId }).then((result) => {
        if (live && result.ok) setIntent(result.value.intent);
      });
    }, refreshMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [awaitingAnswer, props.intentId, props.ask, refreshMs]);

  async function decide(action: 'confirm' | 'cancel'): Promise<void> {
    setBusy(true);
    setError(null);
    const result = await props.ask(action, { intentId: props.intentId });
    setBusy(false);
    if (result.ok) {
      setIntent(result.value.intent);
      return;
    }
    setError(errorText(language, result.error));
    if (TWEET_CHANGED_CODES.has(result.error.code)) {
      const reread = await props.ask('get-intent', { intentId: props.intentId });
      if (reread.ok) setIntent(reread.value.intent);
    }
  }

  if (intent === null) {
    return <main class="confirm">{error === null ? <p>{t('confirm.loading')}</p> : <p role="alert">{error}</p>}</main>;
  }
  const awaiting = intent.status === 'awaiting_confirmation';
  const purpose = describePurpose(intent, language, props.timeZone);
  const cancellablePledge = pledgeCancellable(intent, now());
  const confirmByMs = awaiting && intent.confirmBy !== null ? Date.parse(intent.confirmBy) : null;
  const potPurpose = intent.purpose === 'contribution' || intent.purpose === 'pledge';
  const amount = formatAmount(intent.amountMinor, intent.currency, intent.language);
  const thresholdMinor = props.stepUpThresholdMinor?.[intent.currency];
  const stepUp = awaiting && thresholdMinor !== undefined && intent.amountMinor >= thresholdMinor;
  const stepUpDone = !stepUp || retypedAmountMatches(retyped, intent);
  return (
    <main class="confirm" data-status={intent.status} data-purpose={intent.purpose}>
      <h1>{t(awaiting ? TITLE_KEYS[intent.purpose].awaiting : TITLE_KEYS[intent.purpose].done)}</h1>
      <dl>
        {purpose === null ? null : (
          <>
            <dt>{t('confirm.purpose')}</dt>
            <dd data-field="purpose">
              <Isolated text={purpose} names={[intent.payee.name, intent.pot?.title]} />
            </dd>
          </>
        )}
        <dt>{t(potPurpose ? 'confirm.organiser' : 'confirm.to')}</dt>
        <dd data-field="payee">
          <strong>
            <bdi>{intent.payee.name}</bdi>
          </strong>{' '}
          <span class="muted">@{intent.payee.username}</span>
        </dd>
        {/* A donation's payee is, by the worker's records, a verified organisation. */}
        {intent.purpose === 'donation' ? (
          <dd class="verified" data-field="verified">
            <span aria-hidden="true">✓</span> {t('confirm.verified')}
          </dd>
        ) : null}
        <dt>{t('confirm.amount')}</dt>
        <dd data-field="amount" class="amount">
          {amount}
        </dd>
        {/* The exact words the amount was read from, next to it, so a misreading shows before money moves. */}
        {intent.amountText == null ? null : (
          <dd data-field="amount-text" class="muted">
            {t('confirm.readFrom', { words: intent.amountText })}
          </dd>
        )}
        {intent.memo === null ? null : (
          <>
            <dt>{t('confirm.memo')}</dt>
            <dd data-field="memo">
              <bdi>{intent.memo}</bdi>
            </dd>
          </>
        )}
        <dt>{t('confirm.tweet')}</dt>
        <dd data-field="tweet">
          <blockquote>{intent.tweet?.text ?? intent.tweetText}</blockquote>
        </dd>
      </dl>
      <p data-field="status" role="status">
        {t(statusKey(intent))}
        {intent.failureReason === null ? null : ` ${t(`confirm.failure.${intent.failureReason}` as MessageKey)}`}
      </p>
      {confirmByMs === null ? null : (
        <p data-field="countdown" class="countdown" aria-live="off">
          {confirmByMs > nowMs
            ? t('confirm.expiresIn', { time: formatCountdown(confirmByMs - nowMs) })
            : t('confirm.expired')}
        </p>
      )}
      {intent.status === 'failed' ? (
        <FailedNextSteps
          intent={intent}
          language={language}
          {...(props.popupUrl ? { popupUrl: props.popupUrl } : {})}
        />
      ) : null}
      {succeeded ? (
        <section class="success" data-field="success">
          {balanceMinor === null ? null : (
            <p data-field="balance">
              {t('confirm.success.balance', { amount: formatAmount(balanceMinor, intent.currency, language) })}
            </p>
          )}
          {intent.receiptId === null || props.receiptUrlOf === undefined ? null : (
            <p>
              <a href={props.receiptUrlOf(intent.receiptId)} target="_blank" rel="noreferrer" data-field="receipt">
                {t('confirm.success.receipt')}
              </a>
            </p>
          )}
        </section>
      ) : null}
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
              {t(CANCEL_KEYS[intent.purpose])}
            </button>
            <button type="button" class="primary" disabled={busy || !stepUpDone} onClick={() => decide('confirm')}>
              {t('confirm.confirm')}
            </button>
          </>
        ) : (
          <>
            {cancellablePledge ? (
              <button type="button" class="secondary" disabled={busy} onClick={() => decide('cancel')}>
                {t('confirm.cancelPledge')}
              </button>
            ) : null}
            <button type="button" class="secondary" onClick={() => props.onDone?.()}>
              {t('confirm.close')}
            </button>
          </>
        )}
      </div>
    </main>
  );
}
