/**
 * The words of the popup history's detail views (a payment's timeline and receipt, a refused
 * tweet's advice) and of its Offers view, in English (French: `history-detail-strings-fr.ts`, key
 * for key). Apart from the rows' words (`history-strings-en.ts`), which the popup draws first: these
 * come with the rest of its language (`strings-en.ts`).
 */

export const HISTORY_DETAIL_EN = {
  'history.detail.back': 'Back to the history',
  'history.detail.title': 'Payment details',
  'history.detail.reason': 'Why',
  'history.detail.timeline': 'What happened',
  'history.detail.tweet': 'See the tweet on X',
  'history.detail.receipt': 'Open the signed receipt',
  'history.detail.code': 'Reference',
  'history.detail.memo': 'Memo',
  'history.step.drafted': 'Tweet drafted',
  'history.step.command': 'Command tweeted',
  'history.step.matched': 'Tweet found, money reserved',
  'history.step.escrowed': 'Held until they link their X account',
  'history.step.pledged': 'Pledge confirmed, held until the deadline',
  'history.step.settled': 'Paid',
  'history.step.ended': 'Ended: {state}',
  'history.step.expiresAt': 'Expires if not posted',
  'history.step.confirmBy': 'Expires if not confirmed',
  'history.refusal.title': 'Tweet not used',
  'history.refusal.next': 'What to do',
  'history.refusal.draft': 'Your draft',
  'offers.claimed': 'Your offers',
  'offers.live': 'Live offers',
  'offers.live.empty': 'No live offers right now.',
  'offers.live.unavailable': 'The live offers cannot be read right now.',
  'offers.terms': 'Spend at least {spend} in one purchase, get {credit} back',
  'offers.claimBy': 'Claim by {date}',
  'offers.spendBy': 'Purchases count until {date}',
  'offers.status.live': 'Open: tweet #{hashtag} to claim it',
  'offers.status.fully_redeemed': 'All its credits are taken',
  'offers.budgetLeft': 'Budget left: {count} credits',
  'offers.budgetLeftOne': 'Budget left: 1 credit',
  'offers.status.other': 'Other',
  'offers.credit.none': 'No credit yet',
} as const;

export type HistoryDetailMessageKey = keyof typeof HISTORY_DETAIL_EN;
