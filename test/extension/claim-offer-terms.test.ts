import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  claimButtonLabel,
  claimIntentUrl,
  claimReportMessage,
  claimStateOf,
  describeBudgetLeft,
  describeOfferTerms,
  findOffer,
  formatOfferAmount,
  type KnownClaims,
  languageOfLocale,
} from '../../extension/lib/offer-claims';
import { parseAmount } from '../../shared/amount-parse';
import type { ClaimRefusalReason } from '../../shared/contract/offers';
import { AMOUNT_MAX_MINOR, CURRENCY_CODES, formatAmount } from '../../shared/money';
import { parseTweet } from '../../shared/tweet-parse';
import { makeOffer } from './support/offers';

const NOW_MS = Date.parse('2026-11-25T10:00:00.000Z');
const NONE: KnownClaims = { claims: [], refusals: new Map() };

describe('offer terms in the user’s language', () => {
  it('reads like the catalogue card: spend, credit, last day', () => {
    const offer = makeOffer();
    expect(describeOfferTerms(offer, 'en', 'UTC')).toBe('Spend $75, get $20 back · until 31 Dec');
    expect(describeOfferTerms(offer, 'fr', 'UTC')).toBe(
      'Dépensez 75\u00A0$\u00A0US, recevez 20\u00A0$\u00A0US · jusqu’au 31 déc.',
    );
    const euro = makeOffer({ terms: { minimumSpendMinor: 4999, creditMinor: 750, currency: 'EUR' } });
    expect(describeOfferTerms(euro, 'en', 'UTC')).toBe('Spend €49.99, get €7.50 back · until 31 Dec');
    expect(describeOfferTerms(euro, 'fr', 'UTC')).toBe('Dépensez 49,99\u00A0€, recevez 7,50\u00A0€ · jusqu’au 31 déc.');
  });

  it('says the budget left as a whole count of credits, nothing when none is left or the worker does not say', () => {
    expect(describeBudgetLeft(makeOffer({ budgetLeftCredits: 1_000_000 }), 'en')).toBe(
      'Budget left: 1,000,000 credits',
    );
    expect(describeBudgetLeft(makeOffer({ budgetLeftCredits: 2 }), 'fr')).toBe('Budget restant : 2 crédits');
    expect(describeBudgetLeft(makeOffer({ budgetLeftCredits: 0, status: 'fully_redeemed' }), 'en')).toBeNull();
    expect(describeBudgetLeft(makeOffer(), 'fr')).toBeNull();
    // The contract takes whole, non-negative counts only.
    for (const bad of [1.5, -1, 1_000_001]) {
      expect(() => makeOffer({ budgetLeftCredits: bad }), String(bad)).toThrow();
    }
  });

  it('drops the cents only when there are none, and never touches a currency without minor unit', () => {
    expect(formatOfferAmount(100_000, 'USD', 'en')).toBe('$1,000');
    expect(formatOfferAmount(100_050, 'USD', 'en')).toBe('$1,000.50');
    expect(formatOfferAmount(100_000, 'EUR', 'fr')).toBe('1\u202F000\u00A0€');
    expect(formatOfferAmount(1000, 'JPY', 'en')).toBe('¥1,000');
    expect(formatOfferAmount(500, 'CHF', 'en')).toBe('CHF\u00A05');
  });

  it('writes every amount as its own integer amount: never another number, never another currency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: AMOUNT_MAX_MINOR }),
        fc.constantFrom(...CURRENCY_CODES),
        fc.constantFrom('en' as const, 'fr' as const),
        fc.boolean(),
        (amountMinor, currency, language, whole) => {
          const exact = whole && currency !== 'JPY' ? Math.max(1, Math.floor(amountMinor / 100)) * 100 : amountMinor;
          const written = formatOfferAmount(exact, currency, language);
          const full = formatAmount(exact, currency, language);
          if (written !== full) {
            // Only zero cents are left out: the digits are those of the whole units.
            expect(exact % 100).toBe(0);
            expect(written.replace(/\D/g, '')).toBe(String(exact / 100));
          }
          const read = parseAmount(written);
          // "$1,000" is plain to people; the strict parser alone finds its separator ambiguous.
          if (!read.ok) expect(read.reason).toBe('ambiguous-separator');
          else expect(read).toMatchObject({ amountMinor: exact, currency });
        },
      ),
    );
  });

  it('follows the browser’s language, French or else English', () => {
    expect(languageOfLocale('fr-CA')).toBe('fr');
    expect(languageOfLocale('FR')).toBe('fr');
    expect(languageOfLocale('en-US')).toBe('en');
    expect(languageOfLocale('de-DE')).toBe('en');
    expect(languageOfLocale(undefined)).toBe('en');
  });
});

describe('the state of a claim', () => {
  const offer = makeOffer();

  it('is claimable while live, before enrol-by, and not claimed', () => {
    expect(claimStateOf(offer, NONE, NOW_MS)).toBe('claimable');
    expect(claimButtonLabel('claimable', 'en')).toBe('Claim offer');
  });

  it('is claimed when the user’s claims hold the offer, by id or by hashtag in any case', () => {
    expect(claimStateOf(offer, { claims: [{ offerId: offer.id, hashtag: 'x' }], refusals: new Map() }, NOW_MS)).toBe(
      'claimed',
    );
    const byTag = { claims: [{ offerId: `of_${'z'.repeat(22)}`, hashtag: 'hashpaywholefoods' }], refusals: new Map() };
    expect(claimStateOf(offer, byTag, NOW_MS)).toBe('claimed');
  });

  it('says why it cannot be claimed: ended, fully redeemed, paused', () => {
    expect(claimStateOf(offer, NONE, Date.parse(offer.enrolBy) + 1)).toBe('ended');
    expect(claimStateOf(makeOffer({ status: 'fully_redeemed' }), NONE, NOW_MS)).toBe('fully-redeemed');
    const refused = (reason: ClaimRefusalReason) =>
      claimStateOf(offer, { claims: [], refusals: new Map([[offer.id, reason]]) }, NOW_MS);
    expect(refused('already-claimed')).toBe('claimed');
    expect(refused('enrol-by-passed')).toBe('ended');
    expect(refused('offer-ended')).toBe('ended');
    expect(refused('fully-redeemed')).toBe('fully-redeemed');
    expect(refused('offer-paused')).toBe('paused');
    // Not being linked is the user's to fix: the offer stays claimable.
    expect(refused('author-not-linked')).toBe('claimable');
  });

  it('names the first offer the tweet carries, in the tweet’s order, whatever the case', () => {
    const other = makeOffer({ id: `of_${'e'.repeat(22)}`, hashtag: 'HashpayElectro' });
    expect(findOffer(['weekend', 'hashpayelectro', 'HashpayWholeFoods'], [offer, other])).toBe(other);
    expect(findOffer(['Hashpay', 'weekend'], [offer, other])).toBeNull();
    expect(findOffer([], [offer])).toBeNull();
  });
});

describe('the drafted claim tweet', () => {
  it('is the compose intent of the site the user is on, with the offer’s hashtag from the catalogue', () => {
    const url = new URL(claimIntentUrl('https://x.com/home', makeOffer(), 'en'));
    expect(url.origin + url.pathname).toBe('https://x.com/intent/post');
    const text = url.searchParams.get('text');
    expect(text).toBe('Claiming the #HashpayWholeFoods offer from @WholeFoods via #Hashpay');
    // The worker's parser reads it back as a claim of that offer.
    expect(parseTweet(text!, { offerHashtags: ['HashpayWholeFoods'] })).toMatchObject({
      kind: 'offer-claim',
      hashtags: ['HashpayWholeFoods'],
    });
    const local = new URL(claimIntentUrl('http://127.0.0.1:8788/home', makeOffer({ merchantUsername: null }), 'fr'));
    expect(local.origin).toBe('http://127.0.0.1:8788');
    expect(local.searchParams.get('text')).toBe("J'active l'offre #HashpayWholeFoods via #Hashpay");
  });
});

describe('what the user is told after posting', () => {
  it('confirms an enrolment and explains every refusal, in both languages', () => {
    expect(claimReportMessage({ status: 'enrolled', refusalReason: null }, 'en')).toBe('Offer added to your card');
    expect(claimReportMessage({ status: 'enrolled', refusalReason: null }, 'fr')).toBe('Offre ajoutée à votre carte');
    const reasons: ClaimRefusalReason[] = [
      'offer-ended',
      'enrol-by-passed',
      'fully-redeemed',
      'already-claimed',
      'author-not-linked',
      'offer-paused',
      'merchant-own-offer',
    ];
    for (const language of ['en', 'fr'] as const) {
      const messages = reasons.map((reason) =>
        claimReportMessage({ status: 'refused', refusalReason: reason }, language),
      );
      for (const message of messages) expect(message).toMatch(/\S/);
      expect(new Set(messages).size).toBe(reasons.length);
    }
    expect(claimReportMessage(undefined, 'en')).toBeNull();
  });
});
