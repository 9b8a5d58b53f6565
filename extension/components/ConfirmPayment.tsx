import { useEffect, useState } from 'preact/hooks';
import type { PaymentIntent, PaymentIntentStatus } from '../../shared/contract/payments';
import { formatAmount } from '../../shared/money';
import type { AskBackground } from '../lib/messages';

/**
 * The confirmation of one payment, in the extension's own window: who is paid (handle and name as
 * the X API reported them, never as a page showed them), how much, the memo and the tweet as
 * posted. Confirm moves the reserved money; Cancel releases it. Texts from X are rendered as text.
 */

export interface ConfirmPaymentProps {
  intentId: string;
  ask: AskBackground;
  /** Closes the window once the user is done. */
  onDone?: () => void;
}

const STATUS_TEXT: Record<PaymentIntentStatus, string> = {
  awaiting_tweet: 'This payment is waiting for its tweet to be posted.',
  awaiting_confirmation: 'Confirm to send the money.',
  settled: 'Paid. The money is in their Hashpay wallet.',
  escrowed: 'Paid. The money waits for them until they link their X account.',
  refunded: 'They did not claim it in time: the money came back to you.',
  cancelled: 'Cancelled. Nothing was sent.',
  expired: 'This payment expired before it was confirmed. Nothing was sent.',
  failed: 'This payment could not be made.',
};

const FAILURE_TEXT: Record<string, string> = {
  'insufficient-funds': 'Your balance is too low for this payment.',
  'limit-per-payment': 'This is above the limit for one payment.',
  'limit-per-day': 'This would go over your daily limit.',
  'payer-is-payee': 'You cannot pay yourself.',
  'tweet-deleted': 'The tweet was deleted.',
  'tweet-not-by-payer': 'The tweet was not posted by your linked account.',
};

export function ConfirmPayment(props: ConfirmPaymentProps) {
  const [intent, setIntent] = useState<PaymentIntent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    props.ask('get-intent', { intentId: props.intentId }).then((result) => {
      if (!live) return;
      if (result.ok) setIntent(result.value.intent);
      else setError(result.error.message);
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
    else setError(result.error.message);
  }

  if (intent === null) {
    return <main class="confirm">{error === null ? <p>Loading the payment…</p> : <p role="alert">{error}</p>}</main>;
  }
  const awaiting = intent.status === 'awaiting_confirmation';
  return (
    <main class="confirm" data-status={intent.status}>
      <h1>{awaiting ? 'Confirm this payment' : 'Payment'}</h1>
      <dl>
        <dt>To</dt>
        <dd data-field="payee">
          <strong>{intent.payee.name}</strong> <span class="muted">@{intent.payee.username}</span>
        </dd>
        <dt>Amount</dt>
        <dd data-field="amount" class="amount">
          {formatAmount(intent.amountMinor, intent.currency, intent.language)}
        </dd>
        {intent.memo === null ? null : (
          <>
            <dt>Memo</dt>
            <dd data-field="memo">{intent.memo}</dd>
          </>
        )}
        <dt>Tweet</dt>
        <dd data-field="tweet">
          <blockquote>{intent.tweet?.text ?? intent.tweetText}</blockquote>
        </dd>
      </dl>
      <p data-field="status" role="status">
        {STATUS_TEXT[intent.status]}
        {intent.failureReason === null ? null : ` ${FAILURE_TEXT[intent.failureReason] ?? ''}`}
      </p>
      {error === null ? null : <p role="alert">{error}</p>}
      <div class="actions">
        {awaiting ? (
          <>
            <button type="button" class="secondary" disabled={busy} onClick={() => decide('cancel')}>
              Cancel payment
            </button>
            <button type="button" class="primary" disabled={busy} onClick={() => decide('confirm')}>
              Confirm
            </button>
          </>
        ) : (
          <button type="button" class="secondary" onClick={() => props.onDone?.()}>
            Close
          </button>
        )}
      </div>
    </main>
  );
}
