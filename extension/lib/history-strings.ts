/**
 * The popup history's words for why a payment ended without money moving, its detail view and
 * its search, in English and French; `i18n.ts` merges them into the extension's messages.
 * Reasons are written for the person reading: the payer learns what to do next, a payee only
 * that nothing reached them (never why the payer's side failed).
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
  'history.open': 'Details of {what}',
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
} as const;

export type HistoryMessageKey = keyof typeof HISTORY_EN;

export const HISTORY_FR: Readonly<Record<HistoryMessageKey, string>> = {
  'history.reason.insufficient-funds':
    'Non payé : votre solde était insuffisant quand le tweet a été publié. Approvisionnez, puis payez à nouveau.',
  'history.reason.limit-per-payment': 'Non payé : au-dessus de la limite par paiement.',
  'history.reason.limit-per-day': 'Non payé : votre limite quotidienne aurait été dépassée. Réessayez demain.',
  'history.reason.payer-is-payee': 'Non payé : vous ne pouvez pas vous payer vous-même.',
  'history.reason.tweet-deleted': 'Non payé : le tweet a été supprimé avant votre confirmation.',
  'history.reason.tweet-edited': 'Non payé : le tweet a été modifié et n’indique plus ce paiement.',
  'history.reason.tweet-not-by-payer':
    'Non payé : le tweet a été publié depuis un autre compte X que celui associé à Hashpay.',
  'history.reason.pot-closed': 'Non payé : la cagnotte a été clôturée, ou l’échéance du projet est passée, avant.',
  'history.reason.wallet-in-debt':
    'Non payé : de l’argent repris après un remboursement ou une contestation est encore dû. Approvisionnez pour le rembourser, puis payez à nouveau.',
  'history.reason.other': 'Non payé.',
  'history.reason.failed.received': 'Ce paiement n’a pas abouti : rien ne vous est parvenu.',
  'history.reason.expired.draft': 'Le tweet n’a pas été publié avant l’expiration du brouillon. Rien n’a été envoyé.',
  'history.reason.expired.unconfirmed': 'Non confirmé à temps : l’argent réservé est revenu dans votre portefeuille.',
  'history.reason.expired.received': 'Non confirmé à temps : rien ne vous est parvenu.',
  'history.reason.cancelled.sent': 'Vous l’avez annulé. Rien n’a été envoyé.',
  'history.reason.cancelled.pledge': 'Vous avez retiré votre promesse avant l’échéance. Rien n’a été prélevé.',
  'history.reason.cancelled.received': 'Annulé par @{handle} : rien ne vous est parvenu.',
  'history.reason.refunded.sent': 'Le compte X n’a pas été associé à temps : l’argent vous est revenu.',
  'history.reason.refunded.received':
    'Vous n’avez pas associé votre compte à temps : l’argent est retourné à @{handle}.',
  'history.reason.released': 'L’objectif n’a pas été atteint : rien n’a été prélevé.',
  'history.search': 'Rechercher une personne',
  'history.search.placeholder': '@pseudo',
  'history.search.invalid': 'Un pseudo ne contient que des lettres, des chiffres et _ (15 au plus).',
  'history.search.empty': 'Aucun paiement avec @{handle}.',
  'history.open': 'Détails : {what}',
  'history.detail.back': 'Retour à l’historique',
  'history.detail.title': 'Détails du paiement',
  'history.detail.reason': 'Pourquoi',
  'history.detail.timeline': 'Ce qui s’est passé',
  'history.detail.tweet': 'Voir le tweet sur X',
  'history.detail.receipt': 'Ouvrir le reçu signé',
  'history.detail.code': 'Référence',
  'history.detail.memo': 'Message',
  'history.step.drafted': 'Tweet rédigé',
  'history.step.command': 'Commande tweetée',
  'history.step.matched': 'Tweet trouvé, argent réservé',
  'history.step.escrowed': 'Conservé jusqu’à l’association de son compte X',
  'history.step.pledged': 'Promesse confirmée, réservée jusqu’à l’échéance',
  'history.step.settled': 'Payé',
  'history.step.ended': 'Terminé : {state}',
  'history.step.expiresAt': 'Expire s’il n’est pas publié',
  'history.step.confirmBy': 'Expire s’il n’est pas confirmé',
};
