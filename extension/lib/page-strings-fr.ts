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
  'button.unavailable': 'Hashpay n’a pas pu s’ouvrir. Rechargez la page.',
  'mark.settled.label': 'Paiement effectué',
  'mark.settled.title': 'Paiement effectué avec Hashpay',
  'claim.state.claimable': 'Activer l’offre',
  'claim.state.claimed': 'Offre activée',
  'claim.state.ended': 'Offre terminée',
  'claim.state.fully-redeemed': 'Offre épuisée',
  'claim.state.paused': 'Offre en pause',
  'claim.terms': 'Dépensez {spend}, recevez {credit} · jusqu’au {until}',
  'claim.detail.claimable': 'À activer avant le {enrolBy}',
  'claim.detail.claimed': 'Déjà sur votre carte',
  'claim.detail.ended': 'Cette offre ne peut plus être activée',
  'claim.detail.fully-redeemed': 'Le budget de cette offre est épuisé',
  'claim.detail.paused': 'Le commerçant a suspendu cette offre',
};
