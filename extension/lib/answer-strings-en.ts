import type { PageMessageKey } from './page-strings-en';

/**
 * The words of Hashpay's answers about a posted tweet (the answer window: what happened and what
 * to do next), of the confirmation window's countdown and success view, and of the browser
 * notifications, in English (French: `answer-strings-fr.ts`, key for key). Part of `i18n.ts`'s
 * messages, loaded with the reader's language (`strings-en.ts`).
 */

export const ANSWER_EN = {
  'answer.title': 'Not paid',
  'answer.loading': 'Loading the answer…',
  'answer.nothingMoved': 'Nothing was paid and nothing is reserved.',
  'answer.tweet': 'Your tweet',
  'answer.openTweet': 'Open the tweet',
  'answer.deleteAdvice': 'Your public tweet announces a payment that did not happen: delete it.',
  'answer.draft': 'Your draft: {amount} → {to}',
  'answer.reason.draft-altered':
    'The tweet was changed before it was posted: it no longer states the payment you drafted (amount, payee or pot).',
  'answer.reason.other-account':
    'The tweet was posted from an X account other than the one linked to Hashpay. Only your linked account can pay.',
  'answer.reason.unknown-payee': 'X has no account with the handle you typed.',
  'answer.reason.payee-suspended': 'The account you named is suspended on X.',
  'answer.reason.payer-is-payee': 'The tweet names yourself as the payee.',
  'answer.reason.intent-closed': 'This draft had expired, or another tweet already used it.',
  'answer.reason.pot-closed': 'The pot is closed, or the project’s deadline passed.',
  'answer.reason.pot-currency': 'The pot takes another currency.',
  'answer.reason.organiser-cannot-contribute': 'You organise this pot: you cannot chip into it.',
  'answer.reason.other': 'Hashpay could not use this tweet.',
  'answer.next.draft-altered': 'Delete the tweet, then draft the payment again and post it as drafted.',
  'answer.next.other-account': 'Delete the tweet, switch to your linked account on X, and draft again.',
  'answer.next.unknown-payee': 'Delete the tweet, check the handle, and pay again.',
  'answer.next.payee-suspended': 'Delete the tweet. The payment cannot be made to this account.',
  'answer.next.payer-is-payee': 'Delete the tweet.',
  'answer.next.intent-closed': 'Delete the tweet and draft the payment again.',
  'answer.next.pot-closed': 'Delete the tweet. The pot takes no more money.',
  'answer.next.pot-currency': 'Delete the tweet and chip in again in the pot’s currency.',
  'answer.next.organiser-cannot-contribute': 'Delete the tweet.',
  'answer.next.other': 'Delete the tweet, then see the popup’s history.',
  'answer.next.failed.insufficient-funds': 'Top up your wallet, delete the tweet and draft the payment again.',
  'answer.next.failed.wallet-in-debt': 'Top up your wallet to repay what is owed, delete the tweet and draft again.',
  'answer.next.failed.limit-per-payment': 'Delete the tweet and draft a smaller payment.',
  'answer.next.failed.limit-per-day': 'Delete the tweet and draft again tomorrow.',
  'answer.next.failed.other': 'Delete the tweet: it announces a payment that did not happen.',
  'answer.topUp': 'Top up',
  'confirm.expiresIn': 'Expires in {time}',
  'confirm.expired': 'Time is up: the reservation is being released.',
  'confirm.verified': 'Verified organisation',
  'confirm.cancel.donation': 'Cancel donation',
  'confirm.cancel.contribution': 'Cancel contribution',
  'confirm.cancel.pledge': 'Cancel pledge',
  'confirm.success.balance': 'Your balance: {amount}',
  'confirm.success.receipt': 'Receipt',
  'options.notifications': 'Notify me when money arrives, a credit is posted or a pledge is decided',
};

export type AnswerMessageKey = keyof typeof ANSWER_EN;

// The answer words never shadow the page's own.
export type AnswerKeysDistinct = Extract<AnswerMessageKey, PageMessageKey> extends never ? true : never;
