/**
 * The popup history's words for why a payment ended without money moving, its refused tweets'
 * rows and its search, in English (French: `history-strings-fr.ts`, key for key): part of the
 * popup's first view (`popup-strings-en.ts`, its detail and Offers views' words are in
 * `history-detail-strings-en.ts`), merged into the extension's messages by `strings-en.ts`.
 * Reasons are written for the person reading: the payer learns what to do next, a payee only
 * that nothing reached them (never why the payer's side failed). A refused tweet's reason and
 * advice are the answer window's words (`answer-strings-en.ts`); only the row's own words are here.
 */

export const HISTORY_EN = {
  'history.reason.insufficient-funds':
    'Not paid: your balance was too low when the tweet was posted. Top up, then pay again.',
  'history.reason.limit-per-payment': 'Not paid: above the limit for one payment.',
  'history.reason.limit-per-day': 'Not paid: it would have gone over your daily limit. Try again tomorrow.',
  'history.reason.payer-is-payee': 'Not paid: you cannot pay yourself.',
  'history.reason.tweet-deleted': 'Not paid: the tweet was deleted before you confirmed.',
  'history.reason.tweet-edited': 'Not paid: the tweet was edited and no longer states this payment.',
  'history.reason.tweet-not-by-payer':
    'Not paid: the tweet was posted from another X account than the one linked to Hashpay.',
  'history.reason.pot-closed': 'Not paid: the pot closed, or the project’s deadline passed, first.',
  'history.reason.wallet-in-debt':
    'Not paid: money taken back after a refund or dispute is still owed. Top up to repay it, then pay again.',
  'history.reason.other': 'Not paid.',
  'history.reason.failed.received': 'This payment did not go through: nothing reached you.',
  'history.reason.expired.draft': 'The tweet was not posted before the draft expired. Nothing was sent.',
  'history.reason.expired.unconfirmed': 'Not confirmed in time: the reserved money is back in your wallet.',
  'history.reason.expired.received': 'Not confirmed in time: nothing reached you.',
  'history.reason.cancelled.sent': 'You cancelled it. Nothing was sent.',
  'history.reason.cancelled.pledge': 'You withdrew your pledge before the deadline. Nothing was taken.',
  'history.reason.cancelled.received': 'Cancelled by @{handle}: nothing reached you.',
  'history.reason.refunded.sent': 'They did not link their X account in time: the money came back to you.',
  'history.reason.refunded.received': 'You did not link in time: the money went back to @{handle}.',
  'history.reason.released': 'The goal was not reached: nothing was taken.',
  'history.search': 'Search by person',
  'history.search.placeholder': '@handle',
  'history.search.invalid': 'A handle has only letters, digits and _ (at most 15).',
  'history.search.empty': 'No payments with @{handle}.',
  'history.refusal.row': 'Tweet not used',
  'history.refusal.state': 'Not paid: nothing moved',
} as const;

export type HistoryMessageKey = keyof typeof HISTORY_EN;
