/** The pot progress bar's words in English (`pot-bar.ts`); a module of its own so they load with the bar, not with every x.com page. */

export const POT_BAR_EN = {
  'pot.progress.label': '#{hashtag}: {title}',
  'pot.progress.ofGoal': '{total} of {goal}',
  'pot.progress.total': '{total} collected',
  'pot.progress.count': '{count} contributions',
  'pot.progress.countOne': '1 contribution',
  'pot.progress.daysLeft': '{days} days left',
  'pot.progress.dayLeft': '1 day left',
  'pot.progress.ended': 'Deadline passed',
  'pot.state.closed': 'Closed',
  'pot.state.deciding': 'Deadline passed: settling the pledges',
  'pot.state.funded': 'Funded',
  'pot.state.failed': 'Goal not reached: every pledge released',
};

export type PotBarMessageKey = keyof typeof POT_BAR_EN;
