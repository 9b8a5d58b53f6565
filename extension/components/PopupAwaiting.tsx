import { formatAmount } from '../../shared/money';
import type { Translate } from '../lib/i18n';
import type { ReadableIntent } from '../lib/readable-answers';

/**
 * Payments, donations, contributions and pledges matched and reserved, waiting for the user. Each opens the confirmation window, the
 * only place where money is confirmed. The amount is written as in the payment's own tweet.
 */
export function PopupAwaiting(props: {
  t: Translate;
  intents: readonly ReadableIntent[];
  onReview: (intentId: string) => void;
}) {
  const { t } = props;
  if (props.intents.length === 0) return <p class="muted">{t('popup.awaiting.empty')}</p>;
  return (
    <ul class="awaiting">
      {props.intents.map((intent) => (
        <li key={intent.id} data-intent={intent.id}>
          <span>
            {intent.pot === null
              ? t('popup.awaiting.row', {
                  amount: formatAmount(intent.amountMinor, intent.currency, intent.language),
                  handle: intent.payee.username,
                })
              : // A contribution or a pledge goes to the pot, not to its organiser.
                t('popup.awaiting.rowPot', {
                  amount: formatAmount(intent.amountMinor, intent.currency, intent.language),
                  hashtag: intent.pot.hashtag,
                })}
          </span>
          <button type="button" onClick={() => props.onReview(intent.id)}>
            {t('popup.awaiting.review')}
          </button>
        </li>
      ))}
    </ul>
  );
}
