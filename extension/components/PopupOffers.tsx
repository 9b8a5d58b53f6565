import { useEffect, useState } from 'preact/hooks';
import type { Language } from '../../shared/language';
import { formatAmount, isCurrency } from '../../shared/money';
import { errorText, type Translate } from '../lib/i18n';
import type { AskBackground } from '../lib/messages';
import type { ReadableClaim, ReadableCredit } from '../lib/readable-answers';
import { formatTime } from './PopupFormat';

/**
 * The offers the user claimed by tweeting their hashtag, newest first, each with the credits its
 * purchases earned and where each credit stands (pending until its date, posted, voided or
 * reversed). Claims and credits are two reads; a credit belongs to the claim of its offer.
 */

export interface PopupOffersProps {
  t: Translate;
  language: Language;
  ask: AskBackground;
}

interface OffersView {
  claims: ReadableClaim[];
  creditsByOffer: ReadonlyMap<string, ReadableCredit[]>;
}

/** Only tweet ids (digits) make a link; anything else is shown as nothing. */
export function claimTweetUrl(claim: ReadableClaim): string | null {
  return /^[0-9]{1,19}$/.test(claim.tweetId) ? `https://x.com/i/web/status/${claim.tweetId}` : null;
}

/** A credit in a currency the money module does not format is still shown, as minor units and code. */
function creditAmount(credit: ReadableCredit, language: Language): string {
  const currency = credit.currency;
  return isCurrency(currency)
    ? formatAmount(credit.amountMinor, currency, language)
    : `${credit.amountMinor} ${currency} (minor units)`;
}

export function creditsByOffer(credits: readonly ReadableCredit[]): Map<string, ReadableCredit[]> {
  const grouped = new Map<string, ReadableCredit[]>();
  for (const credit of credits) {
    const list = grouped.get(credit.offerId) ?? [];
    list.push(credit);
    grouped.set(credit.offerId, list);
  }
  return grouped;
}

export function PopupOffers(props: PopupOffersProps) {
  const { t, language, ask } = props;
  const [view, setView] = useState<OffersView | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(): Promise<void> {
    setError(null);
    const [claims, credits] = await Promise.all([ask('get-claims', { refresh: true }), ask('get-credits', {})]);
    if (!claims.ok) return setError(errorText(language, claims.error));
    if (!credits.ok) return setError(errorText(language, credits.error));
    const newestFirst = [...claims.value.claims].sort((a, b) => b.claimedAt.localeCompare(a.claimedAt));
    setView({ claims: newestFirst, creditsByOffer: creditsByOffer(credits.value.credits) });
  }

  useEffect(() => {
    void load();
  }, []);

  if (error !== null) {
    return (
      <p role="alert">
        {error}{' '}
        <button type="button" class="link" onClick={() => load()}>
          {t('popup.retry')}
        </button>
      </p>
    );
  }
  if (view === null) return <p class="muted">{t('popup.loading')}</p>;
  if (view.claims.length === 0) return <p class="muted">{t('popup.offers.empty')}</p>;
  return (
    <ol class="history-rows">
      {view.claims.map((claim) => (
        <ClaimRow
          key={claim.offerId}
          claim={claim}
          credits={view.creditsByOffer.get(claim.offerId) ?? []}
          t={t}
          language={language}
        />
      ))}
    </ol>
  );
}

function ClaimRow(props: {
  claim: ReadableClaim;
  credits: readonly ReadableCredit[];
  t: Translate;
  language: Language;
}) {
  const { claim, t, language } = props;
  const tweetUrl = claimTweetUrl(claim);
  return (
    <li data-claim={claim.offerId} data-status={claim.status}>
      <div class="row-main">
        <span data-field="hashtag">#{claim.hashtag}</span>
        <span data-field="state">{t(`claim.status.${claim.status}`)}</span>
      </div>
      {props.credits.length === 0 ? null : (
        <ul class="credits">
          {props.credits.map((credit) => (
            <li key={credit.id} data-credit={credit.id} data-status={credit.status}>
              <strong data-field="amount" class={credit.status === 'posted' ? 'in' : undefined}>
                {/* Only money on its way or in is signed: a refund's or an unknown state's is not. */}
                {credit.status === 'pending' || credit.status === 'posted' ? '+' : ''}
                {creditAmount(credit, language)}
              </strong>{' '}
              <span data-field="credit-state">
                {credit.status === 'pending'
                  ? t('credit.status.pending', { time: formatTime(credit.postAfter, language) })
                  : t(`credit.status.${credit.status}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div class="row-meta muted">
        <time dateTime={claim.claimedAt}>{formatTime(claim.claimedAt, language)}</time>
        {tweetUrl === null ? null : (
          <>
            {' · '}
            <a href={tweetUrl} target="_blank" rel="noopener noreferrer">
              {t('popup.history.tweet')}
            </a>
          </>
        )}
      </div>
    </li>
  );
}
