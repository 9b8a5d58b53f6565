import type { PageMessageKey } from './page-strings';

/**
 * The words of Hashpay's answers about a posted tweet (the answer window: what happened and what
 * to do next) and of the confirmation window's countdown and success view, in English and French.
 * Part of `i18n.ts`'s messages. The browser notifications' words are in `notification-strings.ts`.
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

export const ANSWER_FR: Readonly<Record<AnswerMessageKey, string>> = {
  'answer.title': 'Non payé',
  'answer.loading': 'Chargement de la réponse…',
  'answer.nothingMoved': 'Rien n’a été payé et rien n’est réservé.',
  'answer.tweet': 'Votre tweet',
  'answer.openTweet': 'Ouvrir le tweet',
  'answer.deleteAdvice': 'Votre tweet public annonce un paiement qui n’a pas eu lieu : supprimez-le.',
  'answer.draft': 'Votre brouillon : {amount} → {to}',
  'answer.reason.draft-altered':
    'Le tweet a été modifié avant d’être publié : il n’annonce plus le paiement préparé (montant, bénéficiaire ou cagnotte).',
  'answer.reason.other-account':
    'Le tweet a été publié depuis un autre compte X que celui associé à Hashpay. Seul votre compte associé peut payer.',
  'answer.reason.unknown-payee': 'X n’a pas de compte avec le pseudo que vous avez tapé.',
  'answer.reason.payee-suspended': 'Le compte nommé est suspendu sur X.',
  'answer.reason.payer-is-payee': 'Le tweet vous désigne vous-même comme bénéficiaire.',
  'answer.reason.intent-closed': 'Ce brouillon avait expiré, ou un autre tweet l’a déjà utilisé.',
  'answer.reason.pot-closed': 'La cagnotte est clôturée, ou l’échéance du projet est passée.',
  'answer.reason.pot-currency': 'La cagnotte est dans une autre devise.',
  'answer.reason.organiser-cannot-contribute': 'Vous organisez cette cagnotte : vous ne pouvez pas y participer.',
  'answer.reason.other': 'Hashpay n’a pas pu utiliser ce tweet.',
  'answer.next.draft-altered': 'Supprimez le tweet, puis préparez à nouveau le paiement et publiez-le tel quel.',
  'answer.next.other-account': 'Supprimez le tweet, passez sur votre compte associé sur X, et recommencez.',
  'answer.next.unknown-payee': 'Supprimez le tweet, vérifiez le pseudo, et payez à nouveau.',
  'answer.next.payee-suspended': 'Supprimez le tweet. Ce compte ne peut pas être payé.',
  'answer.next.payer-is-payee': 'Supprimez le tweet.',
  'answer.next.intent-closed': 'Supprimez le tweet et préparez à nouveau le paiement.',
  'answer.next.pot-closed': 'Supprimez le tweet. La cagnotte ne reçoit plus d’argent.',
  'answer.next.pot-currency': 'Supprimez le tweet et participez à nouveau dans la devise de la cagnotte.',
  'answer.next.organiser-cannot-contribute': 'Supprimez le tweet.',
  'answer.next.other': 'Supprimez le tweet, puis voyez l’historique de la fenêtre Hashpay.',
  'answer.next.failed.insufficient-funds':
    'Rechargez votre portefeuille, supprimez le tweet et préparez à nouveau le paiement.',
  'answer.next.failed.wallet-in-debt':
    'Rechargez votre portefeuille pour rembourser ce qui est dû, supprimez le tweet et recommencez.',
  'answer.next.failed.limit-per-payment': 'Supprimez le tweet et préparez un paiement plus petit.',
  'answer.next.failed.limit-per-day': 'Supprimez le tweet et recommencez demain.',
  'answer.next.failed.other': 'Supprimez le tweet : il annonce un paiement qui n’a pas eu lieu.',
  'answer.topUp': 'Recharger',
  'confirm.expiresIn': 'Expire dans {time}',
  'confirm.expired': 'Le délai est passé : la réservation est libérée.',
  'confirm.verified': 'Organisation vérifiée',
  'confirm.cancel.donation': 'Annuler le don',
  'confirm.cancel.contribution': 'Annuler la participation',
  'confirm.cancel.pledge': 'Annuler la promesse',
  'confirm.success.balance': 'Votre solde : {amount}',
  'confirm.success.receipt': 'Reçu',
  'options.notifications':
    'Me prévenir quand de l’argent arrive, qu’un crédit est versé ou qu’une promesse est décidée',
};

// The answer words never shadow the page's own.
export type AnswerKeysDistinct = Extract<AnswerMessageKey, PageMessageKey> extends never ? true : never;
