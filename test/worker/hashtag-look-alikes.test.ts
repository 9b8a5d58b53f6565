import { describe, expect, it } from 'vitest';
import { lookAlike, skeletonOf } from '../../shared/confusables';
import { createOffer, createOfferRequest, newMerchant, offerBody } from './support/offers';
import { registeredCharity } from './support/organisations';
import { linkedPerson, problemTypeOf } from './support/payments';
import { createPotRequest, openPot, uniqueHashtag } from './support/pots';

// Hashtags people can trust: a new pot or offer whose hashtag reads like an open pot's, a live
// offer's, a verified organisation's handle or a reserved word is refused (409
// `hashtag-look-alike`), whatever script or case it is written in.

const CYRILLIC_A = '\u0410';
const CYRILLIC_O = '\u043e';

describe('skeletons', () => {
  it('read alike what people read alike, and apart what they read apart', () => {
    expect(lookAlike('PotAlice', `Pot${CYRILLIC_A}lice`)).toBe(true);
    expect(lookAlike('potalice', 'PotAlice')).toBe(true);
    expect(lookAlike('Ｐｏｔ', 'pot')).toBe(true);
    expect(lookAlike('Hashpay', 'HashpayAdmin')).toBe(false);
    expect(skeletonOf('PotAlice')).not.toBe(skeletonOf('PotAlicia'));
  });
});

describe('a new pot', () => {
  it('is refused when it reads like an open pot, and nothing is created', async () => {
    const organiser = await linkedPerson('org');
    const tag = uniqueHashtag('PotAlice');
    await openPot(organiser, { hashtag: tag });
    const lookAlikeTag = tag.replace('A', CYRILLIC_A).replace('o', CYRILLIC_O);
    expect(lookAlikeTag).not.toBe(tag);
    const res = await createPotRequest(await linkedPerson('imp'), { hashtag: lookAlikeTag });
    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('hashtag-look-alike');
    const found = await createPotRequest(organiser, { hashtag: uniqueHashtag('PotBob') });
    expect(found.status).toBe(201);
  });

  it("is refused when it reads like a live offer's hashtag", async () => {
    const merchant = await newMerchant();
    const offerTag = uniqueHashtag('HashpayShop');
    await createOffer(merchant, { hashtag: offerTag });
    const res = await createPotRequest(await linkedPerson('imp'), { hashtag: offerTag.replace('o', CYRILLIC_O) });
    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('hashtag-look-alike');
    const same = await createPotRequest(await linkedPerson('imp'), { hashtag: offerTag });
    expect(same.status).toBe(409);
  });

  it("is refused when it reads like a verified organisation's handle", async () => {
    const charity = await registeredCharity({ prefix: 'resto' });
    const res = await createPotRequest(await linkedPerson('imp'), { hashtag: charity.username.toUpperCase() });
    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('hashtag-look-alike');
  });

  it('is refused when it reads like a reserved word', async () => {
    for (const tag of ['HashpaySupport', `Hashp${CYRILLIC_A.toLowerCase()}y`, 'OFFICIAL']) {
      const res = await createPotRequest(await linkedPerson('imp'), { hashtag: tag });
      expect(res.status, tag).toBe(409);
    }
  });
});

describe('a new offer', () => {
  it('is refused when it reads like an open pot', async () => {
    const tag = uniqueHashtag('PotCarol');
    await openPot(await linkedPerson('org'), { hashtag: tag });
    const merchant = await newMerchant();
    const res = await createOfferRequest(merchant, offerBody(merchant, { hashtag: tag.replace('o', CYRILLIC_O) }));
    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('hashtag-look-alike');
  });
});
