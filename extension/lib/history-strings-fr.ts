import type { HistoryMessageKey } from './history-strings-en';

/** The popup history's words in French, key for key as `history-strings-en.ts`. */

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
  'history.refusal.row': 'Tweet non utilisé',
  'history.refusal.state': 'Non payé : rien n’a bougé',
};
