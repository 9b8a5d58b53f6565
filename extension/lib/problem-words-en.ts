/** The words of errors in English (`problem-messages.ts` explains them); a chunk of its own with `strings-en.ts`. */

export const PROBLEM_EN = {
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
} as const;

export type ProblemCode = keyof typeof PROBLEM_EN;

/** For codes with no words of ours; `{code}` names the error so people can report it. */
export const GENERIC_PROBLEM_EN = 'Something went wrong ({code}). Try again.';
