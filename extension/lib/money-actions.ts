import { HOST_ATTRIBUTE } from './shadow-host';

/**
 * The money buttons of a tweet's action bar. A tweet offers one money action: Claim offer on a
 * tweet carrying an offer's hashtag, else Pay (Donate for an organisation). It goes last in the
 * bar, so it sits at the same place on every tweet.
 */
export const PAY_KIND = 'pay';
export const CLAIM_KIND = 'claim';

export function moneyActionHost(actionBar: Element, kind: typeof PAY_KIND | typeof CLAIM_KIND): Element | null {
  return actionBar.querySelector(`:scope > [${HOST_ATTRIBUTE}="${kind}"]`);
}
