import { HISTORY_EN } from './history-strings-en';

/**
 * The words of the popup's first view in English (French: `popup-strings-fr.ts`, key for key):
 * the account, the balances, the payments awaiting confirmation and the history's rows, with the
 * history's own words (`history-strings-en.ts`). The popup loads them before it draws, a chunk of
 * their own, and the rest of its language (`strings-en.ts`, which includes them) right after
 * (`extension/lib/popup-words.ts`).
 */

export const POPUP_EN = {
  ...HISTORY_EN,
  'popup.pitch.pay': 'Pay anyone on X by tweeting: Hashpay drafts the tweet, you confirm, the money moves.',
  'popup.pitch.offers': 'Claim merchant offers with a hashtag and get credits back on your card.',
  'popup.link': 'Link your X account',
  'popup.linking': 'Authorize Hashpay in the tab that opened…',
  'popup.loading': 'Loading…',
  'popup.signOut': 'Sign out',
  'popup.unlink': 'Unlink X account',
  'popup.unlink.warning':
    'Unlinking signs Hashpay out on every browser and forgets your handle and name. Your money stays: link the same X account again to find it.',
  'popup.unlink.confirm': 'Unlink',
  'popup.unlink.keep': 'Keep linked',
  'popup.options': 'Options',
  'popup.account': 'Linked X account',
  'popup.balances': 'Balance',
  'popup.balances.empty': 'No money yet. Someone can pay you by tweeting, or top up.',
  'popup.balance.available': 'available',
  'popup.balance.reserved': '{amount} reserved',
  'popup.balance.rewards': 'Offer credits',
  'popup.topUp': 'Add {amount} test money',
  'popup.awaiting': 'Awaiting your confirmation',
  'popup.awaiting.empty': 'Nothing to confirm.',
  'popup.awaiting.row': '{amount} to @{handle}',
  'popup.awaiting.rowPot': '{amount} to #{hashtag}',
  'popup.awaiting.review': 'Review',
  'popup.history': 'History',
  'popup.history.filters': 'Show',
  'popup.history.all': 'All',
  'popup.history.sent': 'Sent',
  'popup.history.received': 'Received',
  'popup.history.empty': 'No payments yet. Use the Pay button under a tweet on x.com to make your first one.',
  'popup.history.emptyFiltered': 'Nothing here with this filter.',
  'popup.history.more': 'Show more',
  'popup.history.to': 'To @{handle}',
  'popup.history.from': 'From @{handle}',
  'popup.history.tweet': 'Tweet',
  'popup.history.export': 'Export CSV',
  'popup.history.offers': 'Offers',
  'popup.retry': 'Try again',
  'status.awaiting_tweet': 'Waiting for the tweet',
  'status.awaiting_confirmation': 'Awaiting confirmation',
  'status.settled': 'Paid',
  'status.escrowed': 'Held until they link',
  'status.refunded': 'Refunded',
  'status.cancelled': 'Cancelled',
  'status.expired': 'Expired',
  'status.failed': 'Failed',
  'status.pledged': 'Held until the deadline',
  'status.released': 'Released',
  // A state added to the worker after this version: shown neutrally, neither paid nor debited.
  'status.other': 'Other',
  'popup.history.donation': 'Donation to @{handle}',
  'popup.history.donationFrom': 'Donation from @{handle}',
  'popup.history.contribution': 'To the pot #{hashtag}',
  'popup.history.contributionFrom': '@{handle} to your pot #{hashtag}',
  'popup.history.pledge': 'Pledge to #{hashtag}',
  'popup.history.pledgeFrom': 'Pledge from @{handle} to #{hashtag}',
  'popup.history.pledge.pledged': 'Held until {deadline}',
  'popup.history.pledge.settled': 'Collected',
  'popup.history.pledge.released': 'Released',
} as const;

export type PopupMessageKey = keyof typeof POPUP_EN;
