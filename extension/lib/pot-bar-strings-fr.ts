import type { PotBarMessageKey } from './pot-bar-strings-en';

/** The pot progress bar's words in French, key for key as `pot-bar-strings-en.ts`. */

export const POT_BAR_FR: Readonly<Record<PotBarMessageKey, string>> = {
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
};
