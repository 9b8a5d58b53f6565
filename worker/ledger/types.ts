import type { AccountKind, Balances, TransferFlags } from '../../shared/contract/ledger';

export type { AccountKind, Balances, TransferFlags };

export interface Account {
  id: string;
  kind: AccountKind;
  /** A user id (wallet), an X user id (escrow), an offer id (offer fund); a user id (rewards); a pot id (pot); null for the world account. */
  owner: string | null;
  currency: string;
  /** The account can never go below zero, pending debits included. */
  debitsMustNotExceedCredits: boolean;
  debitsPendingMinor: number;
  debitsPostedMinor: number;
  creditsPendingMinor: number;
  creditsPostedMinor: number;
  createdAtMs: number;
}

export interface Transfer {
  /** Order of writing; pages of history are cut on it. */
  seq: number;
  id: string;
  flags: TransferFlags;
  debitAccountId: string;
  creditAccountId: string;
  amountMinor: number;
  currency: string;
  /** Why the money moved, for programs: `payment`, `top_up`, `offer_credit`… */
  code: string;
  /** What it belongs to (a payment intent, an enrolment); null if nothing. */
  reference: string | null;
  /** For post_pending and void_pending: the pending transfer they resolve. */
  pendingId: string | null;
  /** For pending transfers: seconds until it expires; 0 = never. */
  timeoutS: number;
  createdAtMs: number;
  expiresAtMs: number | null;
}

interface NewTransferInput {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amountMinor: number;
  currency: string;
  code: string;
  reference?: string | null;
}

/** What a caller asks for. Accounts, currency and code of a post or void come from its pending transfer. */
export type TransferInput =
  | ({ flags: 'plain' } & NewTransferInput)
  | ({ flags: 'pending'; timeoutS: number } & NewTransferInput)
  | { flags: 'post_pending'; id: string; pendingId: string; amountMinor?: number }
  | { flags: 'void_pending'; id: string; pendingId: string };

/** The fields a replay is compared on, named as in TigerBeetle's `exists_with_different_*`. */
export const REPLAY_FIELDS = [
  'flags',
  'pending_id',
  'debit_account_id',
  'credit_account_id',
  'amount',
  'currency',
  'code',
  'reference',
  'timeout',
] as const;
export type ReplayField = (typeof REPLAY_FIELDS)[number];

export type TransferErrorCode =
  // The request itself.
  | 'id_invalid'
  | 'amount_invalid'
  | 'currency_invalid'
  | 'code_invalid'
  | 'reference_invalid'
  | 'timeout_invalid'
  | 'accounts_must_be_different'
  | 'pending_id_must_be_different'
  // A replay that is not the same transfer.
  | `exists_with_different_${ReplayField}`
  // Accounts.
  | 'debit_account_not_found'
  | 'credit_account_not_found'
  | 'accounts_must_have_the_same_currency'
  | 'transfer_must_have_the_same_currency_as_accounts'
  // Resolving a pending transfer.
  | 'pending_transfer_not_found'
  | 'pending_transfer_not_pending'
  | 'pending_transfer_already_posted'
  | 'pending_transfer_already_voided'
  | 'pending_transfer_expired'
  | 'exceeds_pending_transfer_amount'
  // A closed pot's account takes no new credit (plain, pending or posted).
  | 'credit_account_closed'
  // Balances.
  | 'exceeds_credits'
  | 'exceeds_debits'
  | 'overflows_debits'
  | 'overflows_credits';

export type TransferResult =
  | { ok: true; status: 'created' | 'exists'; transfer: Transfer }
  | { ok: false; code: TransferErrorCode };
