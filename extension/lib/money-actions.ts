import { HOST_ATTRIBUTE } from './shadow-host';

/**
 * The money buttons of a tweet. A tweet offers one money action: Chip in (or Pledge) under a
 * pot's tweet that takes money, Claim offer on a tweet carrying an offer's hashtag, else Pay
 * (Donate for an organisation). Pay and Claim go last in the action bar, so they sit at the same
 * place on every tweet.
 */
export const PAY_KIND = 'pay';
export const CLAIM_KIND = 'claim';

export function moneyActionHost(actionBar: Element, kind: typeof PAY_KIND | typeof CLAIM_KIND): Element | null {
  return actionBar.querySelector(`:scope > [${HOST_ATTRIBUTE}="${kind}"]`);
}

/** On a pot's progress host that shows Chip in or Pledge: the tweet's money action is that button. */
export const CHIP_IN_ATTRIBUTE = 'data-hashpay-chip-in';

export function showsChipIn(article: Element): boolean {
  return article.querySelector(`[${HOST_ATTRIBUTE}][${CHIP_IN_ATTRIBUTE}]`) !== null;
}
