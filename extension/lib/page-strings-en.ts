/** The x.com page's words in English (`page-strings.ts` explains them); a module of its own so a bundle can hold one language. */

export const PAGE_EN = {
  'button.pay': 'Pay',
  'button.pay.label': 'Pay @{handle}',
  'button.donate': 'Donate',
  'button.donate.label': 'Donate to {name} (@{handle})',
  'button.chipIn': 'Chip in',
  'button.chipIn.label': 'Chip in to the pot #{hashtag}',
  'button.pledge': 'Pledge',
  'button.pledge.label': 'Pledge to the project #{hashtag}',
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
  'mark.settled.label': 'Payment settled',
  'mark.settled.title': 'Payment settled with Hashpay',
  'mark.edited': 'Edited after payment · {paid}',
  'mark.edited.title': 'This tweet was edited after its payment settled with Hashpay: {paid}',
  'mark.paid.toHandle': 'paid {amount} to @{handle}',
  'mark.paid.toPot': 'paid {amount} to #{hashtag}',
  'mark.notPaid': 'Not paid',
  'mark.notPaid.label': 'Not paid: this tweet moved no money with Hashpay. Hashpay’s window says why.',
};

export type PageMessageKey = keyof typeof PAGE_EN;
