import type { PageMessageKey } from './page-strings';

/**
 * The words of the browser notifications (money received, a credit posted, a pledge decided), in
 * English and French: a module of its own, so the background, which shows them, carries no other
 * surface's words. Part of `i18n.ts`'s messages.
 */

export const NOTIFY_EN = {
  'notify.received.title': 'Money received',
  'notify.received.body': '@{handle} paid you {amount}.',
  'notify.credit.title': 'Credit posted',
  'notify.credit.body': 'A credit of {amount} from an offer was posted to your rewards.',
  'notify.pledgeCollected.title': 'Pledge collected',
  'notify.pledgeCollected.body': '#{hashtag} reached its goal: your pledge of {amount} was collected.',
  'notify.pledgeReleased.title': 'Pledge released',
  'notify.pledgeReleased.body': '#{hashtag} did not reach its goal: your pledge of {amount} was released.',
};

export type NotifyMessageKey = keyof typeof NOTIFY_EN;

export const NOTIFY_FR: Readonly<Record<NotifyMessageKey, string>> = {
  'notify.received.title': 'Argent reçu',
  'notify.received.body': '@{handle} vous a payé {amount}.',
  'notify.credit.title': 'Crédit versé',
  'notify.credit.body': 'Un crédit de {amount} d’une offre a été versé sur vos récompenses.',
  'notify.pledgeCollected.title': 'Promesse prélevée',
  'notify.pledgeCollected.body': '#{hashtag} a atteint son objectif : votre promesse de {amount} a été prélevée.',
  'notify.pledgeReleased.title': 'Promesse libérée',
  'notify.pledgeReleased.body': '#{hashtag} n’a pas atteint son objectif : votre promesse de {amount} est libérée.',
};

// The notifications' words never shadow the page's own.
export type NotifyKeysDistinct = Extract<NotifyMessageKey, PageMessageKey> extends never ? true : never;
