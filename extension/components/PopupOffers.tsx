import { useEffect, useState } from 'preact/hooks';
import type { CatalogueOffer } from '../../shared/contract/offers';
import type { Language } from '../../shared/language';
import { formatAmount, isCurrency } from '../../shared/money';
import { errorText, type Translate } from '../lib/i18n';
import type { AskBackground } from '../lib/messages';
import type { ReadableClaim, ReadableCredit } from '../lib/readable-answers';
import { formatTime } from './PopupFormat';
import { RowTweetLink } from './RowTweetLink';

/**
 * The offers the user claimed by tweeting their hashtag, newest first, each with its merchant and
 * terms (minimum spend, credit), the date purchases count until, its state, and the credits its
 * purchases earned and where each credit stands (pending until its date, posted, voided or
 * reversed); then the live offers not claimed yet, from the catalogue the background keeps, with
 * their merchant, terms and the date to claim by. Claims, credits and the catalogue are three
 * reads; a credit belongs to the claim of its offer, and a claimed offer no longer in the
 * catalogue (it ended) is shown by its hashtag. Without the catalogue the claims still show.
 */

export interface PopupOffersProps {
  t: Translate;
  language: Language;
  ask: AskBackground;
}

interface OffersView {
  claims: ReadableClaim[];
  creditsByOffer: ReadonlyMap<string, ReadableCredit[]>;
  /** The catalogue by offer id; null when it could not be read. */
  catalogue: ReadonlyMap<string, CatalogueOffer> | null;
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
    const [claims, credits, offers] = await Promise.all([
      ask('get-claims', { refresh: true }),
      ask('get-credits', {}),
      ask('get-offers', {}),
    ]);
    if (!claims.ok) return setError(errorText(language, claims.error));
    if (!credits.ok) return setError(errorText(language, credits.error));
    const newestFirst = [...claims.value.claims].sort((a, b) => b.claimedAt.localeCompare(a.claimedAt));
    setView({
      claims: newestFirst,
      creditsByOffer: creditsByOffer(credits.value.credits),
      catalogue: offers.ok ? new Map(offers.value.offers.map((offer) => [offer.id, offer])) : null,
    });
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
  const claimedIds = new Set(view.claims.map((claim) => claim.offerId));
  const live = view.catalogue === null ? [] : [...view.catalogue.values()].filter((offer) => !claimedIds.has(offer.id));
  return (
    <>
      <h3 class="offers-head">{t('offers.claimed')}</h3>
      {view.claims.length === 0 ? (
        <p class="muted">{t('popup.offers.empty')}</p>
      ) : (
        <ol class="history-rows">
          {view.claims.map((claim) => (
            <ClaimRow
              key={claim.offerId}
              claim={claim}
              offer={view.catalogue?.get(claim.offerId) ?? null}
              credits={view.creditsByOffer.get(claim.offerId) ?? []}
              t={t}
              language={language}
            />
          ))}
        </ol>
      )}
      <h3 class="offers-head">{t('offers.live')}</h3>
      {view.catalogue === null ? (
        <p class="muted" data-offers="unavailable">
          {t('offers.live.unavailable')}
        </p>
      ) : live.length === 0 ? (
        <p class="muted">{t('offers.live.empty')}</p>
      ) : (
        <ol class="history-rows">
          {live.map((offer) => (
            <LiveOfferRow key={offer.id} offer={offer} t={t} language={language} />
          ))}
        </ol>
      )}
    </>
  );
}

/** "Spend at least $75.00 in one purchase, get $20.00 back". */
export function describeTerms(offer: CatalogueOffer, t: Translate, language: Language): string {
  const { minimumSpendMinor, creditMinor, currency } = offer.terms;
  return t('offers.terms', {
    spend: formatAmount(minimumSpendMinor, currency, language),
    credit: formatAmount(creditMinor, currency, language),
  });
}

/** "Budget left: 12 credits"; null when the catalogue does not say or none is left (the state says it). */
export function describeBudgetLeft(offer: CatalogueOffer, t: Translate, language: Language): string | null {
  const left = offer.budgetLeftCredits;
  if (left === undefined || left <= 0) return null;
  const count = new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 0 }).format(left);
  return left === 1 ? t('offers.budgetLeftOne') : t('offers.budgetLeft', { count });
}

/** Who offers it: the merchant's name, and its X handle when it has one. */
function OfferMerchant(props: { offer: CatalogueOffer }) {
  const { offer } = props;
  return (
    <span data-field="merchant">
      <bdi>{offer.merchantName}</bdi>
      {offer.merchantUsername === null ? null : (
        <span class="muted">
          {' '}
          @<bdi>{offer.merchantUsername}</bdi>
        </span>
      )}
    </span>
  );
}

function LiveOfferRow(props: { offer: CatalogueOffer; t: Translate; language: Language }) {
  const { offer, t, language } = props;
  const status =
    offer.status === 'live'
      ? t('offers.status.live', { hashtag: offer.hashtag })
      : offer.status === 'fully_redeemed'
        ? t('offers.status.fully_redeemed')
        : t('offers.status.other');
  const budgetLeft = describeBudgetLeft(offer, t, language);
  return (
    <li data-offer={offer.id} data-status={offer.status}>
      <div class="row-main">
        <OfferMerchant offer={offer} />
        <strong data-field="credit">{formatAmount(offer.terms.creditMinor, offer.terms.currency, language)}</strong>
      </div>
      <div data-field="title">
        <bdi>{offer.title}</bdi>
      </div>
      <div data-field="terms">{describeTerms(offer, t, language)}</div>
      <div class="row-meta muted">
        <span data-field="state">{status}</span>
        {budgetLeft === null ? null : (
          <>
            {' · '}
            <span data-field="budget">{budgetLeft}</span>
          </>
        )}
        {' · '}
        <time data-field="deadline" dateTime={offer.enrolBy}>
          {t('offers.claimBy', { date: formatTime(offer.enrolBy, language) })}
        </time>
      </div>
    </li>
  );
}

function ClaimRow(props: {
  claim: ReadableClaim;
  /** The offer as the catalogue lists it; null once it left the catalogue. */
  offer: CatalogueOffer | null;
  credits: readonly ReadableCredit[];
  t: Translate;
  language: Language;
}) {
  const { claim, offer, t, language } = props;
  const tweetUrl = claimTweetUrl(claim);
  return (
    <li data-claim={claim.offerId} data-status={claim.status}>
      <div class="row-main">
        <span data-field="hashtag">#{claim.hashtag}</span>
        <span data-field="state">{t(`claim.status.${claim.status}`)}</span>
      </div>
      {offer === null ? null : (
        <>
          <div>
            <OfferMerchant offer={offer} />
            {' · '}
            <bdi data-field="title">{offer.title}</bdi>
          </div>
          <div data-field="terms">{describeTerms(offer, t, language)}</div>
          <div class="muted">
            <time data-field="deadline" dateTime={offer.spendBy}>
              {t('offers.spendBy', { date: formatTime(offer.spendBy, language) })}
            </time>
          </div>
        </>
      )}
      {props.credits.length === 0 ? (
        <div class="muted" data-field="credit">
          {t('offers.credit.none')}
        </div>
      ) : (
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
        <RowTweetLink href={tweetUrl} t={t} />
      </div>
    </li>
  );
}
