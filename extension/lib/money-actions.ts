import { childHost } from './shadow-host';

/**
 * The money buttons of a tweet. A tweet offers one money action: Chip in (or Pledge) on a pot's
 * tweet that takes money, else Claim offer on a tweet carrying an offer's hashtag, else Pay
 * (Donate for an organisation). Each is an icon button that goes last in the action bar, so
 * whichever a tweet shows sits at the same place on every tweet.
 */
export const PAY_KIND = 'pay';
export const CLAIM_KIND = 'claim';
export const CHIP_IN_KIND = 'chip-in';

export type MoneyActionKind = typeof PAY_KIND | typeof CLAIM_KIND | typeof CHIP_IN_KIND;

export function moneyActionHost(actionBar: Element, kind: MoneyActionKind): Element | null {
  return childHost(actionBar, kind);
}
