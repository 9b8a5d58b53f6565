import { type CatalogueOffer, CatalogueOfferSchema } from '../../../shared/contract/offers';

/** An offer as the worker's catalogue answers it; checked against the contract, so a test never feeds a shape the worker cannot send. */
export function makeOffer(overrides: Partial<CatalogueOffer> = {}): CatalogueOffer {
  return CatalogueOfferSchema.parse({
    id: `of_${'w'.repeat(22)}`,
    hashtag: 'HashpayWholeFoods',
    title: '$20 back on groceries',
    merchantName: 'Whole Foods Market',
    merchantUsername: 'WholeFoods',
    terms: { minimumSpendMinor: 7500, creditMinor: 2000, currency: 'USD' },
    enrolBy: '2026-12-15T12:00:00.000Z',
    spendBy: '2026-12-31T12:00:00.000Z',
    status: 'live',
    ...overrides,
  });
}
