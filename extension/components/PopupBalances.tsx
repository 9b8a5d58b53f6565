import type { Balance } from '../../shared/contract/balances';
import type { Language } from '../../shared/language';
import type { Translate } from '../lib/i18n';
import { formatSignedAmount } from './PopupFormat';

/** The balance per currency: what can be spent now, and what payments awaiting confirmation hold. */
export function PopupBalances(props: { t: Translate; language: Language; balances: readonly Balance[] }) {
  const { t, language } = props;
  if (props.balances.length === 0) return <p class="muted">{t('popup.balances.empty')}</p>;
  return (
    <ul class="balances">
      {props.balances.map((balance) => (
        <li key={`${balance.kind}-${balance.currency}`} data-balance={`${balance.kind}-${balance.currency}`}>
          {balance.kind === 'rewards' ? <span class="muted">{t('popup.balance.rewards')} </span> : null}
          <strong class="balance-amount" data-field="available">
            {formatSignedAmount(balance.availableMinor, balance.currency, language)}
          </strong>{' '}
          <span class="muted">{t('popup.balance.available')}</span>
          {balance.reservedMinor > 0 ? (
            <span class="muted" data-field="reserved">
              {' · '}
              {t('popup.balance.reserved', {
                amount: formatSignedAmount(balance.reservedMinor, balance.currency, language),
              })}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
