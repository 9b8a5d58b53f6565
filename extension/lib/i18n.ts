import { isLanguage, type Language } from '../../shared/language';
import { problemMessage } from './problem-messages';

/**
 * Every word the extension's own pages show, in English and French. The page language follows
 * the options (`auto`, `fr`, `en`); `auto` follows the browser's language. Placeholders are
 * `{name}` and are filled as text, never as HTML. The manifest's name and description live in
 * `public/_locales`, which the browser reads itself.
 */

export type LanguagePreference = 'auto' | Language;
export const LANGUAGE_PREFERENCES: readonly LanguagePreference[] = ['auto', 'fr', 'en'];

const EN = {
  'popup.pitch.pay': 'Pay anyone on X by tweeting: Hashpay drafts the tweet, you confirm, the money moves.',
  'popup.pitch.offers': 'Claim merchant offers with a hashtag and get credits back on your card.',
  'popup.link': 'Link your X account',
  'popup.linking': 'Authorize Hashpay in the tab that opened…',
  'popup.loading': 'Loading…',
  'popup.signOut': 'Sign out',
  'popup.unlink': 'Unlink X account',
  'popup.unlink.warning':
    'Unlinking signs Hashpay out on every browser and forgets your handle and name. Your money stays: link the same X account again to find it.',
  'popup.unlink.confirm': 'Unlink',
  'popup.unlink.keep': 'Keep linked',
  'popup.unlinked': 'Your X account is unlinked.',
  'popup.options': 'Options',
  'popup.account': 'Linked X account',
  'popup.balances': 'Balance',
  'popup.balances.empty': 'No money yet. Someone can pay you by tweeting, or top up.',
  'popup.balance.available': 'available',
  'popup.balance.reserved': '{amount} reserved',
  'popup.balance.rewards': 'Offer credits',
  'popup.topUp': 'Add {amount} test money',
  'popup.topUp.done': '{amount} added.',
  'popup.awaiting': 'Awaiting your confirmation',
  'popup.awaiting.empty': 'Nothing to confirm.',
  'popup.awaiting.row': '{amount} to @{handle}',
  'popup.awaiting.rowPot': '{amount} to #{hashtag}',
  'popup.awaiting.review': 'Review',
  'popup.history': 'History',
  'popup.history.filters': 'Show',
  'popup.history.all': 'All',
  'popup.history.sent': 'Sent',
  'popup.history.received': 'Received',
  'popup.history.empty': 'No payments yet. Use the Pay button under a tweet on x.com to make your first one.',
  'popup.history.emptyFiltered': 'Nothing here with this filter.',
  'popup.history.more': 'Show more',
  'popup.history.to': 'To @{handle}',
  'popup.history.from': 'From @{handle}',
  'popup.history.tweet': 'Tweet',
  'popup.history.export': 'Export CSV',
  'popup.history.exported': '{count} payments exported.',
  'popup.history.exportedOne': '1 payment exported.',
  'popup.history.offers': 'Offers',
  'popup.offers.empty': 'No offers claimed yet. Use the Claim offer button under a tweet with an offer’s hashtag.',
  'claim.status.enrolled': 'Claimed: waiting for a qualifying purchase',
  'claim.status.credit_pending': 'Credit on its way',
  'claim.status.credited': 'Credited',
  'claim.status.reversed': 'Credit taken back',
  'credit.status.pending': 'pending until {time}',
  'credit.status.posted': 'posted',
  'credit.status.voided': 'voided by a refund',
  'credit.status.reversed': 'reversed by a refund',
  'popup.offline': 'Hashpay cannot be reached right now. You see what it showed last ({time}). Try again later.',
  'popup.offline.noCache':
    'Hashpay cannot be reached right now. Check your connection, or the worker address in Options.',
  'popup.retry': 'Try again',
  'status.awaiting_tweet': 'Waiting for the tweet',
  'status.awaiting_confirmation': 'Awaiting confirmation',
  'status.settled': 'Paid',
  'status.escrowed': 'Held until they link',
  'status.refunded': 'Refunded',
  'status.cancelled': 'Cancelled',
  'status.expired': 'Expired',
  'status.failed': 'Failed',
  'options.title': 'Hashpay options',
  'options.worker': 'Hashpay server address',
  'options.worker.help': 'Leave empty for the default ({origin}). Changing it signs you out.',
  'options.worker.invalid': 'Enter an https:// address (http:// only for this computer).',
  'options.worker.storeOnly': 'This version of Hashpay talks only to {origin}.',
  'options.language': 'Language',
  'options.language.auto': 'Same as the browser',
  'options.language.fr': 'Français',
  'options.language.en': 'English',
  'options.buttons': 'Buttons on x.com',
  'options.buttons.pay': 'Show the Pay, Donate and Chip in buttons',
  'options.buttons.claim': 'Show the Claim offer button',
  'options.stepUp': 'Extra check for large payments',
  'options.stepUp.help': 'From this amount, the confirmation asks you to type the amount again. Empty: never.',
  'options.stepUp.invalid': 'Enter an amount in {currency}, e.g. {example}.',
  'options.save': 'Save',
  'options.saved': 'Saved.',
  'confirm.loading': 'Loading the payment…',
  'confirm.none': 'No payment to confirm.',
  'confirm.title': 'Confirm this payment',
  'confirm.titleDone': 'Payment',
  'confirm.to': 'To',
  'confirm.amount': 'Amount',
  'confirm.memo': 'Memo',
  'confirm.tweet': 'Tweet',
  'confirm.cancel': 'Cancel payment',
  'confirm.confirm': 'Confirm',
  'confirm.close': 'Close',
  'confirm.stepUp': 'This is a large payment. Type the amount again to confirm ({amount}):',
  'confirm.stepUp.label': 'Amount again',
  'confirm.status.awaiting_tweet': 'This payment is waiting for its tweet to be posted.',
  'confirm.status.awaiting_confirmation': 'Confirm to send the money.',
  'confirm.status.settled': 'Paid. The money is in their Hashpay wallet.',
  'confirm.status.escrowed': 'Paid. The money waits for them until they link their X account.',
  'confirm.status.refunded': 'They did not claim it in time: the money came back to you.',
  'confirm.status.cancelled': 'Cancelled. Nothing was sent.',
  'confirm.status.expired': 'This payment expired before it was confirmed. Nothing was sent.',
  'confirm.status.failed': 'This payment could not be made.',
  'confirm.failure.insufficient-funds': 'Your balance is too low for this payment.',
  'confirm.failure.limit-per-payment': 'This is above the limit for one payment.',
  'confirm.failure.limit-per-day': 'This would go over your daily limit.',
  'confirm.failure.payer-is-payee': 'You cannot pay yourself.',
  'confirm.failure.tweet-deleted': 'The tweet was deleted.',
  'confirm.failure.tweet-not-by-payer': 'The tweet was not posted by your linked account.',
  'sheet.title': 'Pay @{handle}',
  'sheet.amount': 'Amount',
  'sheet.currency': 'Currency',
  'sheet.memo': 'Memo (optional)',
  'sheet.preview': 'You will pay @{handle} {amount} once you post the tweet and confirm.',
  'sheet.close': 'Close',
  'sheet.draft': 'Draft tweet',
  'sheet.drafting': 'Drafting…',
  'sheet.payee.unreadable': 'This tweet’s author cannot be read.',
  'sheet.amount.empty': 'Enter an amount.',
  'sheet.amount.too-long': 'That is too long to be an amount.',
  'sheet.amount.hidden-character': 'The amount contains a hidden character.',
  'sheet.amount.unusual-space': 'Use a plain space inside the amount.',
  'sheet.amount.non-ascii-digits': 'Use the digits 0 to 9.',
  'sheet.amount.not-a-number': 'Enter an amount such as 12.50 or 12,50 €.',
  'sheet.amount.not-positive': 'The amount must be above zero.',
  'sheet.amount.bad-grouping': 'Group thousands by three digits (1 234,50).',
  'sheet.amount.leading-zero': 'Remove the leading zero.',
  'sheet.amount.ambiguous-separator': 'Is that a decimal mark? Write 1234 or 1.23 (or 1,23).',
  'sheet.amount.too-many-decimals': 'Too many decimals for this currency.',
  'sheet.amount.above-maximum': 'That is above the largest payment.',
  'sheet.amount.no-currency': 'Pick a currency.',
  'sheet.amount.unknown-currency': 'Hashpay does not move that currency.',
  'sheet.amount.ambiguous-currency': 'Which franc? Write CHF for Swiss francs.',
  'sheet.amount.conflicting-currencies': 'The amount names two currencies.',
  'sheet.memo.too-long': 'The memo is longer than {max} characters.',
  'sheet.memo.hidden-character': 'The memo contains a hidden character.',
  'sheet.memo.contains-reference-code': 'The memo must not contain a Hashpay reference code.',
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
  'sheet.title.donation': 'Donate to {name}',
  'sheet.title.contribution': 'Chip in to #{hashtag}',
  'sheet.title.pledge': 'Back #{hashtag}',
  'sheet.publicMention': 'Show my name on the receipt',
  'sheet.preview.donation': 'You will give {name} {amount} once you post the tweet and confirm.',
  'sheet.preview.contribution': 'You will put {amount} in the pot “{title}” once you post the tweet and confirm.',
  'sheet.preview.pledge': '{amount} is held in your wallet until {deadline}, collected only if the goal is reached.',
  'sheet.currency.fixed': 'This pot collects {currency} only.',
  'confirm.title.donation': 'Confirm this donation',
  'confirm.title.contribution': 'Confirm this contribution',
  'confirm.title.pledge': 'Confirm this pledge',
  'confirm.titleDone.donation': 'Donation',
  'confirm.titleDone.contribution': 'Contribution',
  'confirm.titleDone.pledge': 'Pledge',
  'confirm.purpose': 'What',
  'confirm.purpose.donation': 'A donation to {name}',
  'confirm.purpose.donation.public': 'A donation to {name}, your name shown on the receipt',
  'confirm.purpose.contribution': 'A contribution to the pot #{hashtag} “{title}”',
  'confirm.purpose.pledge':
    'A pledge to #{hashtag} “{title}”, held until {deadline}, collected only if the goal is reached',
  'confirm.organiser': 'Organiser',
  'confirm.cancelPledge': 'Cancel pledge',
  'confirm.status.pledged':
    'Pledged. The money stays reserved in your wallet until the deadline, collected only if the goal is reached.',
  'confirm.status.released': 'The goal was not reached: your pledge was released. Nothing was taken.',
  'confirm.status.settled.donation': 'Donated. Thank you: the money is in their Hashpay wallet.',
  'confirm.status.awaiting_confirmation.contribution': 'Confirm to put the money in the pot.',
  'confirm.status.settled.contribution': 'Done. The money is in the pot.',
  'confirm.status.awaiting_confirmation.pledge':
    'Confirm to pledge: the money stays reserved in your wallet until the deadline, collected only if the goal is reached.',
  'confirm.status.settled.pledge': 'The goal was reached: your pledge was collected.',
  'confirm.failure.pot-closed': 'The pot was closed, or the project’s deadline passed, before the money was reserved.',
  'status.pledged': 'Held until the deadline',
  'status.released': 'Released',
  'popup.history.donation': 'Donation to @{handle}',
  'popup.history.donationFrom': 'Donation from @{handle}',
  'popup.history.contribution': 'To the pot #{hashtag}',
  'popup.history.contributionFrom': '@{handle} to your pot #{hashtag}',
  'popup.history.pledge': 'Pledge to #{hashtag}',
  'popup.history.pledgeFrom': 'Pledge from @{handle} to #{hashtag}',
  'popup.history.pledge.pledged': 'Held until {deadline}',
  'popup.history.pledge.settled': 'Collected',
  'popup.history.pledge.released': 'Released',
  'error.network': 'Hashpay cannot be reached. Check your connection and try again.',
  'error.noAnswer': 'Hashpay did not answer. Close this window and open it again.',
  'error.notLinked': 'Your X account is no longer linked. Link it again.',
  'error.linkTimeout': 'Linking took too long. Start again.',
  'error.generic': 'Something went wrong. Try again.',
} as const;

export type MessageKey = keyof typeof EN;
export type Messages = Readonly<Record<MessageKey, string>>;

const FR: Messages = {
  'popup.pitch.pay': 'Payez n’importe qui sur X en tweetant : Hashpay rédige le tweet, vous confirmez, l’argent part.',
  'popup.pitch.offers': 'Activez des offres de marchands avec un hashtag et recevez un crédit sur votre carte.',
  'popup.link': 'Associer votre compte X',
  'popup.linking': 'Autorisez Hashpay dans l’onglet qui s’est ouvert…',
  'popup.loading': 'Chargement…',
  'popup.signOut': 'Se déconnecter',
  'popup.unlink': 'Dissocier le compte X',
  'popup.unlink.warning':
    'La dissociation déconnecte Hashpay sur tous vos navigateurs et efface votre pseudo et votre nom. Votre argent reste : associez à nouveau le même compte X pour le retrouver.',
  'popup.unlink.confirm': 'Dissocier',
  'popup.unlink.keep': 'Garder l’association',
  'popup.unlinked': 'Votre compte X est dissocié.',
  'popup.options': 'Options',
  'popup.account': 'Compte X associé',
  'popup.balances': 'Solde',
  'popup.balances.empty': 'Pas encore d’argent. On peut vous payer en tweetant, ou vous pouvez approvisionner.',
  'popup.balance.available': 'disponible',
  'popup.balance.reserved': '{amount} réservé',
  'popup.balance.rewards': 'Crédits d’offres',
  'popup.topUp': 'Ajouter {amount} de test',
  'popup.topUp.done': '{amount} ajouté.',
  'popup.awaiting': 'En attente de votre confirmation',
  'popup.awaiting.empty': 'Rien à confirmer.',
  'popup.awaiting.row': '{amount} à @{handle}',
  'popup.awaiting.rowPot': '{amount} pour #{hashtag}',
  'popup.awaiting.review': 'Vérifier',
  'popup.history': 'Historique',
  'popup.history.filters': 'Afficher',
  'popup.history.all': 'Tout',
  'popup.history.sent': 'Envoyés',
  'popup.history.received': 'Reçus',
  'popup.history.empty':
    'Aucun paiement pour l’instant. Utilisez le bouton Payer sous un tweet sur x.com pour faire le premier.',
  'popup.history.emptyFiltered': 'Rien ici avec ce filtre.',
  'popup.history.more': 'Afficher plus',
  'popup.history.to': 'À @{handle}',
  'popup.history.from': 'De @{handle}',
  'popup.history.tweet': 'Tweet',
  'popup.history.export': 'Exporter en CSV',
  'popup.history.exported': '{count} paiements exportés.',
  'popup.history.exportedOne': '1 paiement exporté.',
  'popup.history.offers': 'Offres',
  'popup.offers.empty':
    'Aucune offre activée pour l’instant. Utilisez le bouton Activer l’offre sous un tweet portant le hashtag d’une offre.',
  'claim.status.enrolled': 'Activée : en attente d’un achat qui compte',
  'claim.status.credit_pending': 'Crédit en route',
  'claim.status.credited': 'Créditée',
  'claim.status.reversed': 'Crédit repris',
  'credit.status.pending': 'en attente jusqu’au {time}',
  'credit.status.posted': 'versé',
  'credit.status.voided': 'annulé par un remboursement',
  'credit.status.reversed': 'repris après un remboursement',
  'popup.offline':
    'Hashpay est injoignable pour le moment. Vous voyez le dernier affichage ({time}). Réessayez plus tard.',
  'popup.offline.noCache':
    'Hashpay est injoignable pour le moment. Vérifiez votre connexion, ou l’adresse du serveur dans les options.',
  'popup.retry': 'Réessayer',
  'status.awaiting_tweet': 'En attente du tweet',
  'status.awaiting_confirmation': 'À confirmer',
  'status.settled': 'Payé',
  'status.escrowed': 'Gardé jusqu’à son inscription',
  'status.refunded': 'Remboursé',
  'status.cancelled': 'Annulé',
  'status.expired': 'Expiré',
  'status.failed': 'Échoué',
  'options.title': 'Options de Hashpay',
  'options.worker': 'Adresse du serveur Hashpay',
  'options.worker.help': 'Laissez vide pour l’adresse par défaut ({origin}). La changer vous déconnecte.',
  'options.worker.invalid': 'Saisissez une adresse https:// (http:// seulement pour cet ordinateur).',
  'options.worker.storeOnly': 'Cette version de Hashpay ne parle qu’à {origin}.',
  'options.language': 'Langue',
  'options.language.auto': 'Celle du navigateur',
  'options.language.fr': 'Français',
  'options.language.en': 'English',
  'options.buttons': 'Boutons sur x.com',
  'options.buttons.pay': 'Afficher les boutons Payer, Faire un don et Participer',
  'options.buttons.claim': 'Afficher le bouton Activer l’offre',
  'options.stepUp': 'Vérification renforcée des gros paiements',
  'options.stepUp.help': 'À partir de ce montant, la confirmation vous demande de retaper le montant. Vide : jamais.',
  'options.stepUp.invalid': 'Saisissez un montant en {currency}, par exemple {example}.',
  'options.save': 'Enregistrer',
  'options.saved': 'Enregistré.',
  'confirm.loading': 'Chargement du paiement…',
  'confirm.none': 'Aucun paiement à confirmer.',
  'confirm.title': 'Confirmez ce paiement',
  'confirm.titleDone': 'Paiement',
  'confirm.to': 'À',
  'confirm.amount': 'Montant',
  'confirm.memo': 'Motif',
  'confirm.tweet': 'Tweet',
  'confirm.cancel': 'Annuler le paiement',
  'confirm.confirm': 'Confirmer',
  'confirm.close': 'Fermer',
  'confirm.stepUp': 'C’est un paiement important. Retapez le montant pour confirmer ({amount}) :',
  'confirm.stepUp.label': 'Montant, à nouveau',
  'confirm.status.awaiting_tweet': 'Ce paiement attend que son tweet soit publié.',
  'confirm.status.awaiting_confirmation': 'Confirmez pour envoyer l’argent.',
  'confirm.status.settled': 'Payé. L’argent est dans son portefeuille Hashpay.',
  'confirm.status.escrowed': 'Payé. L’argent l’attend jusqu’à ce qu’il associe son compte X.',
  'confirm.status.refunded': 'Il ne l’a pas réclamé à temps : l’argent vous est revenu.',
  'confirm.status.cancelled': 'Annulé. Rien n’a été envoyé.',
  'confirm.status.expired': 'Ce paiement a expiré avant d’être confirmé. Rien n’a été envoyé.',
  'confirm.status.failed': 'Ce paiement n’a pas pu être fait.',
  'confirm.failure.insufficient-funds': 'Votre solde est trop bas pour ce paiement.',
  'confirm.failure.limit-per-payment': 'C’est au-dessus de la limite par paiement.',
  'confirm.failure.limit-per-day': 'Cela dépasserait votre limite quotidienne.',
  'confirm.failure.payer-is-payee': 'Vous ne pouvez pas vous payer vous-même.',
  'confirm.failure.tweet-deleted': 'Le tweet a été supprimé.',
  'confirm.failure.tweet-not-by-payer': 'Le tweet n’a pas été publié par votre compte associé.',
  'sheet.title': 'Payer @{handle}',
  'sheet.amount': 'Montant',
  'sheet.currency': 'Devise',
  'sheet.memo': 'Motif (facultatif)',
  'sheet.preview': 'Vous paierez {amount} à @{handle} une fois le tweet publié et le paiement confirmé.',
  'sheet.close': 'Fermer',
  'sheet.draft': 'Rédiger le tweet',
  'sheet.drafting': 'Rédaction…',
  'sheet.payee.unreadable': 'Impossible de lire l’auteur de ce tweet.',
  'sheet.amount.empty': 'Saisissez un montant.',
  'sheet.amount.too-long': 'C’est trop long pour un montant.',
  'sheet.amount.hidden-character': 'Le montant contient un caractère invisible.',
  'sheet.amount.unusual-space': 'Utilisez une espace simple dans le montant.',
  'sheet.amount.non-ascii-digits': 'Utilisez les chiffres de 0 à 9.',
  'sheet.amount.not-a-number': 'Saisissez un montant comme 12,50 € ou 12.50.',
  'sheet.amount.not-positive': 'Le montant doit être supérieur à zéro.',
  'sheet.amount.bad-grouping': 'Groupez les milliers par trois chiffres (1 234,50).',
  'sheet.amount.leading-zero': 'Retirez le zéro du début.',
  'sheet.amount.ambiguous-separator': 'Est-ce une virgule décimale ? Écrivez 1234 ou 1,23 (ou 1.23).',
  'sheet.amount.too-many-decimals': 'Trop de décimales pour cette devise.',
  'sheet.amount.above-maximum': 'C’est au-dessus du plus gros paiement possible.',
  'sheet.amount.no-currency': 'Choisissez une devise.',
  'sheet.amount.unknown-currency': 'Hashpay ne gère pas cette devise.',
  'sheet.amount.ambiguous-currency': 'Quel franc ? Écrivez CHF pour le franc suisse.',
  'sheet.amount.conflicting-currencies': 'Le montant indique deux devises.',
  'sheet.memo.too-long': 'Le motif dépasse {max} caractères.',
  'sheet.memo.hidden-character': 'Le motif contient un caractère invisible.',
  'sheet.memo.contains-reference-code': 'Le motif ne doit pas contenir de code de référence Hashpay.',
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
  'sheet.title.donation': 'Faire un don à {name}',
  'sheet.title.contribution': 'Participer à #{hashtag}',
  'sheet.title.pledge': 'Soutenir #{hashtag}',
  'sheet.publicMention': 'Afficher mon nom sur le reçu',
  'sheet.preview.donation': 'Vous donnerez {amount} à {name} une fois le tweet publié et le don confirmé.',
  'sheet.preview.contribution':
    'Vous mettrez {amount} dans la cagnotte « {title} » une fois le tweet publié et la participation confirmée.',
  'sheet.preview.pledge':
    '{amount} reste réservé dans votre portefeuille jusqu’au {deadline}, prélevé seulement si l’objectif est atteint.',
  'sheet.currency.fixed': 'Cette cagnotte collecte uniquement en {currency}.',
  'confirm.title.donation': 'Confirmez ce don',
  'confirm.title.contribution': 'Confirmez cette participation',
  'confirm.title.pledge': 'Confirmez cette promesse de don',
  'confirm.titleDone.donation': 'Don',
  'confirm.titleDone.contribution': 'Participation',
  'confirm.titleDone.pledge': 'Promesse de don',
  'confirm.purpose': 'Quoi',
  'confirm.purpose.donation': 'Un don à {name}',
  'confirm.purpose.donation.public': 'Un don à {name}, votre nom affiché sur le reçu',
  'confirm.purpose.contribution': 'Une participation à la cagnotte #{hashtag} « {title} »',
  'confirm.purpose.pledge':
    'Une promesse de don à #{hashtag} « {title} », réservée jusqu’au {deadline}, prélevée seulement si l’objectif est atteint',
  'confirm.organiser': 'Organisateur',
  'confirm.cancelPledge': 'Annuler la promesse',
  'confirm.status.pledged':
    'Promesse enregistrée. L’argent reste réservé dans votre portefeuille jusqu’à l’échéance, prélevé seulement si l’objectif est atteint.',
  'confirm.status.released': 'L’objectif n’a pas été atteint : votre promesse est libérée. Rien n’a été prélevé.',
  'confirm.status.settled.donation': 'Don envoyé. Merci : l’argent est dans son portefeuille Hashpay.',
  'confirm.status.awaiting_confirmation.contribution': 'Confirmez pour mettre l’argent dans la cagnotte.',
  'confirm.status.settled.contribution': 'C’est fait. L’argent est dans la cagnotte.',
  'confirm.status.awaiting_confirmation.pledge':
    'Confirmez pour promettre : l’argent reste réservé dans votre portefeuille jusqu’à l’échéance, prélevé seulement si l’objectif est atteint.',
  'confirm.status.settled.pledge': 'L’objectif est atteint : votre promesse a été prélevée.',
  'confirm.failure.pot-closed':
    'La cagnotte était clôturée, ou l’échéance du projet passée, avant que l’argent soit réservé.',
  'status.pledged': 'Réservé jusqu’à l’échéance',
  'status.released': 'Libéré',
  'popup.history.donation': 'Don à @{handle}',
  'popup.history.donationFrom': 'Don de @{handle}',
  'popup.history.contribution': 'À la cagnotte #{hashtag}',
  'popup.history.contributionFrom': '@{handle} pour votre cagnotte #{hashtag}',
  'popup.history.pledge': 'Promesse pour #{hashtag}',
  'popup.history.pledgeFrom': 'Promesse de @{handle} pour #{hashtag}',
  'popup.history.pledge.pledged': 'Réservé jusqu’au {deadline}',
  'popup.history.pledge.settled': 'Prélevé',
  'popup.history.pledge.released': 'Libéré',
  'error.network': 'Hashpay est injoignable. Vérifiez votre connexion et réessayez.',
  'error.noAnswer': 'Hashpay n’a pas répondu. Fermez cette fenêtre et rouvrez-la.',
  'error.notLinked': 'Votre compte X n’est plus associé. Associez-le à nouveau.',
  'error.linkTimeout': 'L’association a pris trop de temps. Recommencez.',
  'error.generic': 'Un problème est survenu. Réessayez.',
};

export const MESSAGES: Readonly<Record<Language, Messages>> = { en: EN, fr: FR };

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The placeholders a message expects, in order of appearance: `{amount} to @{handle}` → amount, handle. */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{([a-zA-Z]+)\}/g)].map((match) => match[1]!);
}

export function translate(language: Language, key: MessageKey, params: MessageParams = {}): string {
  const message = MESSAGES[language][key];
  return message.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => {
    const value = params[name];
    // A missing value is a programming error; showing the placeholder keeps the page readable.
    return value === undefined ? whole : String(value);
  });
}

export function translator(language: Language): Translate {
  return (key, params) => translate(language, key, params);
}

/**
 * Words for an action's error in the page language, chosen by its code (`problem-messages.ts`):
 * the worker's and the background's English `message` is for logs, never shown.
 */
export function errorText(language: Language, error: { code: string; message: string }): string {
  return problemMessage(language, error);
}

/** The page language: the chosen one, or for `auto` the first of the browser's languages Hashpay speaks (English otherwise). */
export function resolveLanguage(preference: LanguagePreference, browserLanguages: readonly string[]): Language {
  if (preference !== 'auto') return preference;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** The browser's languages as the page sees them. */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/**
 * The language chosen in the options, as the content script last read it: at start, then at
 * each change saved in the options (`lib/page-options.ts` draws the buttons again then).
 */
let pagePreference: LanguagePreference = 'auto';

/** Called by the content script with the options' language, before its features run. */
export function setPageLanguagePreference(preference: LanguagePreference): void {
  if (!LANGUAGE_PREFERENCES.includes(preference)) throw new TypeError(`unknown language ${String(preference)}`);
  pagePreference = preference;
}

/** The language of the buttons and the pay sheet on x.com: the options' choice, or for `auto` the page's. */
export function pageLanguage(document: Document): Language {
  return resolveLanguage(pagePreference, [document.defaultView?.navigator.language ?? 'en']);
}
