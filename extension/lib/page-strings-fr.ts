import type { PageMessageKey } from './page-strings-en';

/** The x.com page's words in French, key for key as `page-strings-en.ts`. */

export const PAGE_FR: Readonly<Record<PageMessageKey, string>> = {
  'button.pay': 'Payer',
  'button.pay.label': 'Payer @{handle}',
  'button.donate': 'Faire un don',
  'button.donate.label': 'Faire un don à {name} (@{handle})',
  'button.chipIn': 'Participer',
  'button.chipIn.label': 'Participer à la cagnotte #{hashtag}',
  'button.pledge': 'Soutenir',
  'button.pledge.label': 'Soutenir le projet #{hashtag}',
  'pot.progress.label': '#{hashtag} : {title}',
  'pot.progress.ofGoal': '{total} sur {goal}',
  'pot.progress.total': '{total} collectés',
  'pot.progress.count': '{count} participations',
  'pot.progress.countOne': '1 participation',
  'pot.progress.daysLeft': '{days} jours restants',
  'pot.progress.dayLeft': '1 jour restant',
  'pot.progress.ended': 'Échéance passée',
  'pot.state.closed': 'Clôturée',
  'pot.state.deciding': 'Échéance passée : règlement des promesses en cours',
  'pot.state.funded': 'Financé',
  'pot.state.failed': 'Objectif non atteint : toutes les promesses sont libérées',
  'mark.settled.label': 'Paiement effectué',
  'mark.settled.title': 'Paiement effectué avec Hashpay',
  'mark.edited': 'Modifié après paiement · {paid}',
  'mark.edited.title': 'Ce tweet a été modifié après le règlement de son paiement avec Hashpay : {paid}',
  'mark.paid.toHandle': '{amount} payés à @{handle}',
  'mark.paid.toPot': '{amount} versés à #{hashtag}',
  'mark.notPaid': 'Non payé',
  'mark.notPaid.label': 'Non payé : ce tweet n’a déplacé aucun argent avec Hashpay. La fenêtre Hashpay dit pourquoi.',
};
