import type { AnswerMessageKey } from './answer-strings-en';

/** The answer words in French, key for key as `answer-strings-en.ts`. */

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
