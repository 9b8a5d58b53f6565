/** The x.com page's words in English (`page-strings.ts` explains them); a module of its own so a bundle can hold one language. */

export const PAGE_EN = {
  'button.pay': 'Pay',
  'button.pay.label': 'Pay @{handle}',
  'button.donate': 'Donate',
  'button.donate.label': 'Donate to {name} (@{handle})',
  'button.chipIn': 'Chip in',
  'button.chipIn.label': 'Chip in to the pot #{hashtag}',
  'button.pledge': 'Pledge',
  'button.pledge.label': 'Pledge to the project #{hashtag}',
  'button.unavailable': 'Hashpay could not open. Reload the page.',
  'mark.settled.label': 'Payment settled',
  'mark.settled.title': 'Payment settled with Hashpay',
  'claim.state.claimable': 'Claim offer',
  'claim.state.claimed': 'Offer claimed',
  'claim.state.ended': 'Offer ended',
  'claim.state.fully-redeemed': 'Fully redeemed',
  'claim.state.paused': 'Offer paused',
  'claim.terms': 'Spend {spend}, get {credit} back · until {until}',
  'claim.detail.claimable': 'Claim by {enrolBy}',
  'claim.detail.claimed': 'Already on your card',
  'claim.detail.ended': 'This offer can no longer be claimed',
  'claim.detail.fully-redeemed': 'This offer’s budget is used up',
  'claim.detail.paused': 'The merchant paused this offer',
};

export type PageMessageKey = keyof typeof PAGE_EN;
