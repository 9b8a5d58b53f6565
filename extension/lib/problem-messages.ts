import type { Language } from '../../shared/language';

/**
 * The words people read when something fails, in English and French, for every error that can
 * reach the extension's pages: the worker's problem types (the last segment of problem+json
 * `type`, e.g. `link-expired`) and the background's own codes (`network`, `not-linked`…). The
 * worker's `detail` is English and written for any client, so the pages never show it: an error
 * with a code not listed here reads "Something went wrong (code)", which still names it for
 * support. The page language can change while the extension runs, so these live in code rather
 * than in `_locales`, which follows the browser's language only.
 */

export const PROBLEM_MESSAGES = {
  en: {
    // Made by the extension itself.
    network: 'Hashpay cannot be reached. Check your connection and try again.',
    'no-answer': 'Hashpay did not answer. Close this window and open it again.',
    'not-linked': 'Your X account is no longer linked. Link it again.',
    'link-timeout': 'Linking took too long. Start again.',
    internal: 'Something went wrong. Try again.',
    forbidden: 'This can only be done from Hashpay’s own window.',
    'unknown-action': 'This version of Hashpay does not know this request. Reload the page.',
    unavailable: 'Offers are not available in this version of Hashpay.',
    'bad-answer': 'Hashpay sent an answer this version cannot read. Update the extension.',
    error: 'Hashpay answered with an error. Try again in a moment.',
    // Any request to the worker.
    'invalid-request': 'Hashpay could not accept this request. Check what you typed and try again.',
    'body-too-large': 'This request is too large for Hashpay.',
    'unsupported-media-type': 'Hashpay could not read this request. Update the extension.',
    'not-found': 'Hashpay could not find this. Update the extension, or check the server address in Options.',
    unauthorized: 'Your X account is no longer linked. Link it again.',
    // Linking an X account.
    'x-not-configured': 'This Hashpay server cannot link X accounts yet.',
    'link-not-found': 'This link is unknown. Start linking again.',
    'claim-secret-mismatch': 'This link belongs to another browser. Start linking again.',
    'link-claimed': 'This link was already used. Start linking again.',
    'link-expired': 'This link has expired. Start linking again.',
    'link-failed': 'Linking did not go through on X. Start again.',
    'link-pending': 'Finish on X first, then come back here.',
    'user-unlinked': 'This X account was unlinked meanwhile. Link it again.',
    // Paying.
    'x-unavailable': 'X cannot be reached right now. Nothing was created; try again shortly.',
    'x-rejected': 'X refused Hashpay’s request. Hashpay’s operators are told; try again later.',
    'rate-limited': 'Too many requests in a short time. Wait a moment, then try again.',
    misconfigured: 'This Hashpay server is not set up safely yet. Try again later.',
    'hashtag-look-alike': 'This hashtag reads like another pot, offer or organisation. Choose another one.',
    'name-look-alike': 'This title reads like an organisation’s name or Hashpay’s own. Choose another one.',
    'unknown-payee': 'X has no account with this handle. Check the payee.',
    'account-suspended': 'X has suspended this account: it cannot be paid.',
    'unknown-handle': 'X has no account with this handle. Check it.',
    'refusal-unknown': 'Hashpay has no answer about this tweet any more: see the popup’s history.',
    'payer-is-payee': 'You cannot pay yourself.',
    'request-id-reused': 'This payment changed while it was being sent. Draft it again.',
    'limit-per-payment': 'This is above the limit for one payment.',
    'limit-per-day': 'This would go over your daily limit.',
    'insufficient-funds': 'Your balance is too low for this payment.',
    'public-mention-not-donation': 'Only donations to a verified organisation can name you publicly.',
    'intent-not-found': 'This payment is unknown.',
    'not-the-payer': 'Only the payer can confirm or cancel this payment.',
    'not-a-party': 'Only the payer and the payee can see this payment.',
    'intent-not-matched': 'Hashpay has not seen the tweet of this payment yet. Post it, then try again.',
    'intent-open': 'This payment is still being decided. Try again in a moment.',
    'intent-confirmed': 'This payment was already confirmed; it can no longer be cancelled.',
    'intent-cancelled': 'This payment was cancelled. Nothing was sent.',
    'intent-expired': 'This payment expired before it was confirmed. Nothing was sent.',
    'intent-failed': 'This payment could not be made. Nothing was sent.',
    'tweet-edited': 'The tweet was edited and no longer states this payment. Nothing was sent.',
    'tweet-deleted': 'The tweet was deleted. Nothing was sent.',
    'receipt-not-found': 'This receipt is unknown.',
    // Money in and out.
    'payments-provider-not-configured': 'This Hashpay server does not take cards or make withdrawals yet.',
    'provider-refused': 'The payment provider refused this. Check the amount and try again.',
    'provider-unavailable':
      'The payment provider cannot be reached. A top-up was not charged; a withdrawal already reserved is sent again automatically.',
    'client-id-reused': 'This request changed while it was being sent. Start again.',
    'unverified-limit': 'Until your payouts account is set up, your wallet has a limit. Set up payouts to lift it.',
    'top-up-not-found': 'This top-up is unknown.',
    'payouts-account-not-ready': 'Set up your payouts account first.',
    'wallet-in-debt':
      'Money was taken back after a refund or dispute: payments out wait until money coming in (a top-up or a payment received) repays it.',
    'withdrawal-refused': 'The payment provider refused this withdrawal. Nothing left your wallet.',
    // Pots and crowdfunding projects.
    'pot-not-found': 'No pot or project uses this hashtag.',
    'pot-closed': 'This pot or project no longer takes money. Nothing was sent.',
    'pot-currency': 'This pot collects another currency. Choose that one.',
    'organiser-cannot-contribute': 'You organise this pot: you cannot chip in to it.',
    'not-the-organiser': 'Only the organiser of this pot can do this.',
    'not-a-project-owner': 'Only accounts registered as project owners can start a project; anyone can start a pot.',
    'hashtag-reserved': 'This hashtag is Hashpay’s own. Choose another.',
    'project-needs-goal-and-deadline': 'An all-or-nothing project needs a goal and a deadline.',
    'project-closes-at-deadline': 'A project is decided at its deadline; it cannot be closed by hand.',
    'deadline-passed': 'The deadline must be in the future.',
    'deadline-too-far': 'The deadline is too far away.',
    'pledge-locked': 'The project’s deadline has come: this pledge can no longer be cancelled.',
    'intent-released': 'This pledge was released: the project did not reach its goal, and nothing was collected.',
    // Offers and cards.
    'offer-not-found': 'This offer is unknown or no longer yours.',
    'card-network-not-configured': 'Cards are not available on this Hashpay server.',
    'card-network-unavailable': 'The card could not be issued right now. Try again.',
    // Test money in local builds.
    'top-up-refused': 'The test money could not be added.',
    'not-a-wallet': 'Test money can only go to a wallet.',
    'account-not-found': 'This account is unknown.',
    'unknown-x-user': 'X has no account with this handle.',
  },
  fr: {
    network: 'Hashpay est injoignable. Vérifiez votre connexion et réessayez.',
    'no-answer': 'Hashpay n’a pas répondu. Fermez cette fenêtre et rouvrez-la.',
    'not-linked': 'Votre compte X n’est plus associé. Associez-le à nouveau.',
    'link-timeout': 'L’association a pris trop de temps. Recommencez.',
    internal: 'Un problème est survenu. Réessayez.',
    forbidden: 'Cela ne peut se faire que depuis la fenêtre de Hashpay.',
    'unknown-action': 'Cette version de Hashpay ne connaît pas cette demande. Rechargez la page.',
    unavailable: 'Les offres ne sont pas disponibles dans cette version de Hashpay.',
    'bad-answer': 'Hashpay a envoyé une réponse que cette version ne sait pas lire. Mettez l’extension à jour.',
    error: 'Hashpay a répondu par une erreur. Réessayez dans un instant.',
    'invalid-request': 'Hashpay n’a pas pu accepter cette demande. Vérifiez votre saisie et réessayez.',
    'body-too-large': 'Cette demande est trop volumineuse pour Hashpay.',
    'unsupported-media-type': 'Hashpay n’a pas pu lire cette demande. Mettez l’extension à jour.',
    'not-found':
      'Hashpay ne trouve pas ceci. Mettez l’extension à jour, ou vérifiez l’adresse du serveur dans les options.',
    unauthorized: 'Votre compte X n’est plus associé. Associez-le à nouveau.',
    'x-not-configured': 'Ce serveur Hashpay ne sait pas encore associer de comptes X.',
    'link-not-found': 'Ce lien est inconnu. Recommencez l’association.',
    'claim-secret-mismatch': 'Ce lien appartient à un autre navigateur. Recommencez l’association.',
    'link-claimed': 'Ce lien a déjà servi. Recommencez l’association.',
    'link-expired': 'Ce lien a expiré. Recommencez l’association.',
    'link-failed': 'L’association n’a pas abouti sur X. Recommencez.',
    'link-pending': 'Terminez d’abord sur X, puis revenez ici.',
    'user-unlinked': 'Ce compte X a été dissocié entre-temps. Associez-le à nouveau.',
    'x-unavailable': 'X est injoignable pour le moment. Rien n’a été créé ; réessayez dans un instant.',
    'x-rejected': 'X a refusé la demande de Hashpay. Ses opérateurs sont prévenus ; réessayez plus tard.',
    'rate-limited': 'Trop de demandes en peu de temps. Attendez un instant, puis réessayez.',
    misconfigured: 'Ce serveur Hashpay n’est pas encore configuré de façon sûre. Réessayez plus tard.',
    'hashtag-look-alike':
      'Ce hashtag ressemble à celui d’une autre cagnotte, offre ou organisation. Choisissez-en un autre.',
    'name-look-alike': 'Ce titre ressemble au nom d’une organisation ou à celui de Hashpay. Choisissez-en un autre.',
    'unknown-payee': 'X n’a pas de compte avec ce pseudo. Vérifiez le bénéficiaire.',
    'account-suspended': 'X a suspendu ce compte : il ne peut pas être payé.',
    'unknown-handle': 'X n’a pas de compte avec ce pseudo. Vérifiez-le.',
    'refusal-unknown': 'Hashpay n’a plus de réponse sur ce tweet : voir l’historique de la fenêtre Hashpay.',
    'payer-is-payee': 'Vous ne pouvez pas vous payer vous-même.',
    'request-id-reused': 'Ce paiement a changé pendant son envoi. Rédigez-le à nouveau.',
    'limit-per-payment': 'C’est au-dessus de la limite par paiement.',
    'limit-per-day': 'Cela dépasserait votre limite quotidienne.',
    'insufficient-funds': 'Votre solde est trop bas pour ce paiement.',
    'public-mention-not-donation': 'Seuls les dons à une organisation vérifiée peuvent vous citer publiquement.',
    'intent-not-found': 'Ce paiement est inconnu.',
    'not-the-payer': 'Seul le payeur peut confirmer ou annuler ce paiement.',
    'not-a-party': 'Seuls le payeur et le bénéficiaire peuvent voir ce paiement.',
    'intent-not-matched': 'Hashpay n’a pas encore vu le tweet de ce paiement. Publiez-le, puis réessayez.',
    'intent-open': 'Ce paiement est en cours de décision. Réessayez dans un instant.',
    'intent-confirmed': 'Ce paiement a déjà été confirmé ; il ne peut plus être annulé.',
    'intent-cancelled': 'Ce paiement a été annulé. Rien n’a été envoyé.',
    'intent-expired': 'Ce paiement a expiré avant d’être confirmé. Rien n’a été envoyé.',
    'intent-failed': 'Ce paiement n’a pas pu être fait. Rien n’a été envoyé.',
    'tweet-edited': 'Le tweet a été modifié et n’annonce plus ce paiement. Rien n’a été envoyé.',
    'tweet-deleted': 'Le tweet a été supprimé. Rien n’a été envoyé.',
    'receipt-not-found': 'Ce reçu est inconnu.',
    // Argent entrant et sortant.
    'payments-provider-not-configured': 'Ce serveur Hashpay ne prend pas encore de cartes ni de retraits.',
    'provider-refused': 'Le prestataire de paiement a refusé. Vérifiez le montant et réessayez.',
    'provider-unavailable':
      'Le prestataire de paiement est injoignable. Un rechargement n’a pas été débité ; un retrait déjà réservé est renvoyé automatiquement.',
    'client-id-reused': 'Cette demande a changé pendant son envoi. Recommencez.',
    'unverified-limit':
      'Tant que votre compte de versement n’est pas configuré, votre portefeuille est plafonné. Configurez-le pour lever le plafond.',
    'top-up-not-found': 'Ce rechargement est inconnu.',
    'payouts-account-not-ready': 'Configurez d’abord votre compte de versement.',
    'wallet-in-debt':
      'De l’argent a été repris après un remboursement ou une contestation : les paiements sortants attendent que l’argent entrant (un rechargement ou un paiement reçu) le rembourse.',
    'withdrawal-refused': 'Le prestataire de paiement a refusé ce retrait. Rien n’a quitté votre portefeuille.',
    'pot-not-found': 'Aucune cagnotte ni aucun projet n’utilise ce hashtag.',
    'pot-closed': 'Cette cagnotte ou ce projet ne reçoit plus d’argent. Rien n’a été envoyé.',
    'pot-currency': 'Cette cagnotte collecte une autre devise. Choisissez-la.',
    'organiser-cannot-contribute': 'Vous organisez cette cagnotte : vous ne pouvez pas y participer.',
    'not-the-organiser': 'Seul l’organisateur de cette cagnotte peut faire cela.',
    'not-a-project-owner':
      'Seuls les comptes inscrits comme porteurs de projet peuvent lancer un projet ; tout le monde peut lancer une cagnotte.',
    'hashtag-reserved': 'Ce hashtag est celui de Hashpay. Choisissez-en un autre.',
    'project-needs-goal-and-deadline': 'Un projet tout-ou-rien a besoin d’un objectif et d’une date limite.',
    'project-closes-at-deadline': 'Un projet se décide à sa date limite ; il ne peut pas être clos à la main.',
    'deadline-passed': 'La date limite doit être dans le futur.',
    'deadline-too-far': 'La date limite est trop lointaine.',
    'pledge-locked': 'La date limite du projet est passée : cette promesse ne peut plus être annulée.',
    'intent-released': 'Cette promesse a été libérée : le projet n’a pas atteint son objectif, rien n’a été prélevé.',
    'offer-not-found': 'Cette offre est inconnue ou n’est plus la vôtre.',
    'card-network-not-configured': 'Les cartes ne sont pas disponibles sur ce serveur Hashpay.',
    'card-network-unavailable': 'La carte n’a pas pu être émise pour le moment. Réessayez.',
    'top-up-refused': 'L’argent de test n’a pas pu être ajouté.',
    'not-a-wallet': 'L’argent de test ne peut aller que sur un portefeuille.',
    'account-not-found': 'Ce compte est inconnu.',
    'unknown-x-user': 'X n’a pas de compte avec ce pseudo.',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type ProblemCode = keyof (typeof PROBLEM_MESSAGES)['en'];

/** Both languages word the same codes: a French list missing one is a type error here. */
const FRENCH_COVERS_ENGLISH: Record<ProblemCode, string> = PROBLEM_MESSAGES.fr;

/** For codes with no words of ours; `{code}` names the error so people can report it. */
export const GENERIC_PROBLEM_MESSAGE: Readonly<Record<Language, string>> = {
  en: 'Something went wrong ({code}). Try again.',
  fr: 'Un problème est survenu ({code}). Réessayez.',
};

/** Codes are short slugs; anything else is not shown as is. */
const CODE_PATTERN = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const SHOWN_CODE_LENGTH_MAX = 40;

export function isKnownProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEM_MESSAGES.en, code);
}

/** What people read for an error with this code, in the page language. */
export function problemMessage(language: Language, error: { code: string }): string {
  const { code } = error;
  if (isKnownProblemCode(code)) {
    const words: Readonly<Record<ProblemCode, string>> =
      language === 'fr' ? FRENCH_COVERS_ENGLISH : PROBLEM_MESSAGES.en;
    return words[code];
  }
  const shown = CODE_PATTERN.test(code) && code.length <= SHOWN_CODE_LENGTH_MAX ? code : 'error';
  return GENERIC_PROBLEM_MESSAGE[language].replace('{code}', shown);
}
