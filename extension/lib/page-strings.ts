import type { Language } from '../../shared/language';

/**
 * The words the content script shows on x.com itself (buttons, pot progress, payment marks), in English and
 * French: all the content script loads. The sheet, the popup and the extension's pages take theirs
 * from `i18n.ts`, which includes these. Placeholders are `{name}`, filled as text, never as HTML.
 */

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

const PAGE_MESSAGES: Readonly<Record<Language, Readonly<Record<PageMessageKey, string>>>> = {
  en: PAGE_EN,
  fr: PAGE_FR,
};

export type MessageParams = Readonly<Record<string, string | number>>;

/** The placeholders a message expects, in order of appearance: `{amount} to @{handle}` → amount, handle. */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{([a-zA-Z]+)\}/g)].map((match) => match[1]!);
}

/** `message` with its placeholders replaced by `params`, as text. */
export function fillMessage(message: string, params: MessageParams = {}): string {
  return message.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => {
    const value = params[name];
    // A missing value is a programming error; showing the placeholder keeps the page readable.
    return value === undefined ? whole : String(value);
  });
}

/** A word of the x.com page in `language`. */
export function translatePage(language: Language, key: PageMessageKey, params: MessageParams = {}): string {
  return fillMessage(PAGE_MESSAGES[language][key], params);
}
