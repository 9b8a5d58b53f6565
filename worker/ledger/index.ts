/**
 * The double-entry ledger on D1. Every amount is an integer in minor units; every write is one
 * batch whose constraints (0001_ledger.sql) keep the rules even against concurrent writers:
 * Σ balances per currency = 0, never-negative accounts stay at or above zero counting pending
 * debits, transfer ids are unique and transfers immutable, a pending transfer is resolved once.
 */
export {
  type AccountKey,
  accountKeyOf,
  accountOf,
  balancesOf,
  type CurrencyTotals,
  currencyTotals,
  ensureAccount,
  ensureAccounts,
  getAccount,
  getBalances,
} from './accounts';
export { PENDING_RESOLUTIONS_PER_BATCH_MAX, type PendingResolution, resolvePendingTransfers } from './batch';
export { type ExpiryReport, expirePendingTransfer, expirePendingTransfers, type PendingOutcome } from './expire';
export { createTransfer, getTransfer, listTransfers, type TransferPage } from './transfers';
export type {
  Account,
  AccountKind,
  Balances,
  ReplayField,
  Transfer,
  TransferErrorCode,
  TransferFlags,
  TransferInput,
  TransferResult,
} from './types';
