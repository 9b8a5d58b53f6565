import { describe, expect, it } from 'vitest';
import { lookAlike, nameSkeletonOf, skeletonOf } from '../../shared/confusables';
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

// The names shown next to hashtags: a pot's or an offer's title that reads like a verified
// organisation's name or handle, or like Hashpay's own name, is refused (409 `name-look-alike`).

describe('a title shown next to a hashtag', () => {
  it('reads alike across spaces, punctuation, case, accents and scripts', () => {
    expect(nameSkeletonOf('Action contre la Faim')).toBe(nameSkeletonOf(`Acti${CYRILLIC_O}n-contre la  faim!`));
    expect(nameSkeletonOf('H a s h p a y')).toBe(nameSkeletonOf('Hashpay'));
    expect(nameSkeletonOf('Café des amis')).toBe(nameSkeletonOf('Cafe des Amis'));
    expect(nameSkeletonOf('A present for Julie')).not.toBe(nameSkeletonOf('A present for Julia'));
  });

  it("refuses a pot titled like an organisation's name or handle, and creates nothing", async () => {
    const charity = await registeredCharity({ prefix: 'ngo' });
    const imitator = await linkedPerson('imp');
    const name = charity.organisation.displayName.replace('a', CYRILLIC_A.toLowerCase()).toUpperCase();
    const tag = uniqueHashtag('PotNgo');
    const res = await createPotRequest(imitator, { hashtag: tag, title: name });
    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('name-look-alike');
    const byHandle = await createPotRequest(imitator, { hashtag: tag, title: `@${charity.organisation.username}` });
    expect(await problemTypeOf(byHandle)).toBe('name-look-alike');
    // Nothing was opened under the hashtag: it is still free.
    await openPot(imitator, { hashtag: tag, title: 'Our own pot' });
  });

  it('lets an organisation title a pot with its own name', async () => {
    const charity = await registeredCharity({ prefix: 'own' });
    const pot = await openPot(charity, { title: charity.organisation.displayName });
    expect(pot.title).toBe(charity.organisation.displayName);
  });

  it('refuses a pot or an offer titled like Hashpay itself', async () => {
    const person = await linkedPerson('hp');
    for (const title of ['Hashpay', `H${CYRILLIC_A.toLowerCase()}shpay`, 'HASHPAY-Support']) {
      const res = await createPotRequest(person, { title });
      expect(res.status, title).toBe(409);
      expect(await problemTypeOf(res)).toBe('name-look-alike');
    }
    const merchant = await newMerchant();
    const offer = await createOfferRequest(merchant, offerBody(merchant, { title: 'Hash pay' }));
    expect(offer.status).toBe(409);
    expect(await problemTypeOf(offer)).toBe('name-look-alike');
    await createOffer(merchant, { title: 'Hashpay week: 10 € back' });
  });
});
