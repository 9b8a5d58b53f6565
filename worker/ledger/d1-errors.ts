import type { TransferErrorCode } from './types';

/**
 * What a failed ledger batch ran into, read from D1's error message. The constraint names and
 * trigger messages are the ones 0001_ledger.sql (and 0008_donations_pots.sql, for accounts closed
 * to credits) declares; anything else is not the ledger's to
 * explain and is rethrown by the caller.
 */
export type LedgerViolation =
  | {
      kind: 'balance';
      code: Extract<TransferErrorCode, 'exceeds_credits' | 'exceeds_debits' | 'overflows_debits' | 'overflows_credits'>;
    }
  | { kind: 'transfer_id_taken' }
  | { kind: 'pending_already_resolved' }
  | {
      kind: 'pending_state';
      code: Extract<
        TransferErrorCode,
        'pending_transfer_already_posted' | 'pending_transfer_already_voided' | 'pending_transfer_expired'
      >;
    }
  | { kind: 'resolution_mismatch' }
  | { kind: 'credit_account_closed'; code: Extract<TransferErrorCode, 'credit_account_closed'> }
  | { kind: 'foreign_key' };

const BALANCE_CHECKS = new Set(['exceeds_credits', 'exceeds_debits', 'overflows_debits', 'overflows_credits']);

const PENDING_STATE_MESSAGES = {
  'ledger: pending transfer already posted': 'pending_transfer_already_posted',
  'ledger: pending transfer already voided': 'pending_transfer_already_voided',
  'ledger: pending transfer expired': 'pending_transfer_expired',
} as const;

export function ledgerViolationOf(error: unknown): LedgerViolation | null {
  const message = error instanceof Error ? error.message : String(error);
  const check = /CHECK constraint failed: (\w+)/.exec(message)?.[1];
  if (check !== undefined && BALANCE_CHECKS.has(check)) {
    return { kind: 'balance', code: check as Extract<LedgerViolation, { kind: 'balance' }>['code'] };
  }
  if (message.includes('UNIQUE constraint failed: ledger_transfers.id')) return { kind: 'transfer_id_taken' };
  // Either the partial unique index on pending_id (its name or its column, depending on SQLite's wording).
  if (/UNIQUE constraint failed: (index 'ledger_transfers_pending_id'|ledger_transfers\.pending_id)/.test(message)) {
    return { kind: 'pending_already_resolved' };
  }
  for (const [text, code] of Object.entries(PENDING_STATE_MESSAGES)) {
    if (message.includes(text)) return { kind: 'pending_state', code };
  }
  if (message.includes('ledger: resolution does not match its pending transfer'))
    return { kind: 'resolution_mismatch' };
  if (message.includes('ledger: credit account is closed')) {
    return { kind: 'credit_account_closed', code: 'credit_account_closed' };
  }
  if (message.includes('FOREIGN KEY constraint failed')) return { kind: 'foreign_key' };
  return null;
}
