import {
  LEDGER_AMOUNT_MAX_MINOR,
  PENDING_TIMEOUT_MAX_S,
  TRANSFER_CODE_LENGTH_MAX,
  TRANSFER_ID_LENGTH_MAX,
  TRANSFER_REFERENCE_LENGTH_MAX,
  TRANSFERS_PER_PAGE_MAX,
} from '../../shared/contract/ledger';
import {
  type AccountRow,
  insertTransfer,
  type NewTransferRow,
  type PendingWithStateRow,
  resolvePendingState,
  selectAccount,
  selectTransfer,
  selectTransfersOfAccount,
  selectTransferWithPendingState,
  type TransferRow,
  updateCredits,
  updateDebits,
} from '../db/ledger-queries';
import { log } from '../log';
import { assert, assertMinor, assertTimeMs } from './assert';
import { ledgerViolationOf } from './d1-errors';
import type { ReplayField, Transfer, TransferErrorCode, TransferInput, TransferResult } from './types';

/**
 * Creates one transfer with TigerBeetle's semantics, in one D1 batch: the transfer row, both
 * accounts' balances and the pending state change together or not at all.
 *
 * A new transfer is written without reading anything first; a post or void first reads its
 * pending transfer. Such reads only prepare the batch and give precise answers; they are never
 * what keeps money safe. A concurrent writer can change anything between the read and the
 * batch, and then a constraint or trigger aborts the batch, which is mapped to the same answers.
 * A replay (same id) is recognised on every failing path, so a retry after a lost answer gets
 * the original transfer back with status `exists`.
 */
export async function createTransfer(db: D1Database, input: TransferInput, nowMs: number): Promise<TransferResult> {
  const result = await writeTransfer(db, input, nowMs);
  // Every money movement leaves one structured line: what moved, or why nothing did.
  if (result.ok) {
    const { transfer } = result;
    log('info', 'money', {
      status: result.status,
      transferId: transfer.id,
      flags: transfer.flags,
      amountMinor: transfer.amountMinor,
      currency: transfer.currency,
      debitAccountId: transfer.debitAccountId,
      creditAccountId: transfer.creditAccountId,
      code: transfer.code,
    });
  } else {
    log('warn', 'money-refused', { transferId: input.id, flags: input.flags, refusal: result.code });
  }
  return result;
}

async function writeTransfer(db: D1Database, input: TransferInput, nowMs: number): Promise<TransferResult> {
  assertTimeMs(nowMs);
  const invalid = inputProblem(input);
  if (invalid !== null) return { ok: false, code: invalid };

  const planned = await planTransfer(db, input, nowMs);
  if (!planned.ok) return (await replayResult(db, input)) ?? planned;

  const { row, statements } = planned;
  let seq: number;
  try {
    const results = await db.batch<{ seq: number }>(statements);
    const inserted = results[0]?.results[0];
    assert(inserted !== undefined, 'the transfer insert returns its seq');
    seq = inserted.seq;
  } catch (error) {
    const violation = ledgerViolationOf(error);
    if (violation === null) throw error;
    const replay = await replayResult(db, input);
    if (replay !== null) return replay;
    switch (violation.kind) {
      case 'balance':
      case 'pending_state':
      case 'credit_account_closed':
        return { ok: false, code: violation.code };
      case 'transfer_id_taken':
        // The id exists yet replayResult found nothing: impossible, since transfers are never deleted.
        throw error;
      case 'foreign_key': {
        const refused = input.flags === 'plain' || input.flags === 'pending' ? await accountProblem(db, input) : null;
        if (refused !== null) return { ok: false, code: refused };
        throw error;
      }
      case 'pending_already_resolved':
      case 'resolution_mismatch': {
        // Something changed since the plan was made: plan again to name it.
        const replanned = await planTransfer(db, input, nowMs);
        if (!replanned.ok) return replanned;
        throw error;
      }
    }
  }
  return { ok: true, status: 'created', transfer: transferOf({ ...row, seq }) };
}

export async function getTransfer(db: D1Database, id: string): Promise<Transfer | null> {
  const row = await selectTransfer(db, id).first<TransferRow>();
  return row === null ? null : transferOf(row);
}

export interface TransferPage {
  transfers: Transfer[];
  /** Pass as `beforeSeq` for the next (older) page; null on the last page. */
  nextBeforeSeq: number | null;
}

/** An account's transfers, newest first. */
export async function listTransfers(
  db: D1Database,
  accountId: string,
  page: { limit: number; beforeSeq?: number | null },
): Promise<TransferPage> {
  assert(
    Number.isSafeInteger(page.limit) && page.limit >= 1 && page.limit <= TRANSFERS_PER_PAGE_MAX,
    `limit must be 1..${TRANSFERS_PER_PAGE_MAX}`,
  );
  const beforeSeq = page.beforeSeq ?? Number.MAX_SAFE_INTEGER;
  assertMinor(beforeSeq, 'beforeSeq');
  const { results } = await selectTransfersOfAccount(db, accountId, page.limit, beforeSeq).all<TransferRow>();
  const transfers = results.map(transferOf);
  const last = transfers.at(-1);
  return { transfers, nextBeforeSeq: transfers.length === page.limit && last ? last.seq : null };
}

export function transferOf(row: TransferRow): Transfer {
  assertMinor(row.amount_minor, `amount of ${row.id}`);
  return {
    seq: row.seq,
    id: row.id,
    flags: row.flags,
    debitAccountId: row.debit_account_id,
    creditAccountId: row.credit_account_id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    code: row.code,
    reference: row.reference,
    pendingId: row.pending_id,
    timeoutS: row.timeout_s,
    createdAtMs: row.created_at_ms,
    expiresAtMs: row.expires_at_ms,
  };
}

const ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const CODE_PATTERN = /^[a-z0-9_]+$/;

function isAmount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= LEDGER_AMOUNT_MAX_MINOR;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= TRANSFER_ID_LENGTH_MAX && ID_PATTERN.test(value);
}

/** Checks that need no database, in a fixed order so the answer to a bad request is stable. */
function inputProblem(input: TransferInput): TransferErrorCode | null {
  if (!isId(input.id)) return 'id_invalid';
  if (input.flags === 'post_pending' || input.flags === 'void_pending') {
    if (!isId(input.pendingId)) return 'id_invalid';
    if (input.pendingId === input.id) return 'pending_id_must_be_different';
    if (input.flags === 'post_pending' && input.amountMinor !== undefined && !isAmount(input.amountMinor)) {
      return 'amount_invalid';
    }
    return null;
  }
  if (!isAmount(input.amountMinor)) return 'amount_invalid';
  if (!CURRENCY_PATTERN.test(input.currency)) return 'currency_invalid';
  if (input.code.length > TRANSFER_CODE_LENGTH_MAX || !CODE_PATTERN.test(input.code)) return 'code_invalid';
  const reference = input.reference ?? null;
  if (reference !== null && (reference.length < 1 || reference.length > TRANSFER_REFERENCE_LENGTH_MAX)) {
    return 'reference_invalid';
  }
  if (input.flags === 'pending') {
    if (!Number.isSafeInteger(input.timeoutS) || input.timeoutS < 0 || input.timeoutS > PENDING_TIMEOUT_MAX_S) {
      return 'timeout_invalid';
    }
  }
  if (input.debitAccountId === input.creditAccountId) return 'accounts_must_be_different';
  return null;
}

type Plan =
  | { ok: true; row: NewTransferRow; statements: D1PreparedStatement[] }
  | { ok: false; code: TransferErrorCode };

async function planTransfer(db: D1Database, input: TransferInput, nowMs: number): Promise<Plan> {
  if (input.flags === 'plain' || input.flags === 'pending') {
    // Nothing to read: the accounts' existence and currency are the foreign keys' to check, and
    // accountProblem names what they refused. One round trip on the path that succeeds.
    const timeoutS = input.flags === 'pending' ? input.timeoutS : 0;
    const row: NewTransferRow = {
      id: input.id,
      debit_account_id: input.debitAccountId,
      credit_account_id: input.creditAccountId,
      amount_minor: input.amountMinor,
      currency: input.currency,
      code: input.code,
      reference: input.reference ?? null,
      flags: input.flags,
      pending_id: null,
      timeout_s: timeoutS,
      created_at_ms: nowMs,
      expires_at_ms: timeoutS > 0 ? nowMs + timeoutS * 1000 : null,
    };
    const amount = input.amountMinor;
    const [pendingDelta, postedDelta] = input.flags === 'pending' ? [amount, 0] : [0, amount];
    return {
      ok: true,
      row,
      statements: [
        insertTransfer(db, row),
        updateDebits(db, row.debit_account_id, pendingDelta, postedDelta),
        updateCredits(db, row.credit_account_id, pendingDelta, postedDelta),
      ],
    };
  }

  const pending = await selectTransferWithPendingState(db, input.pendingId).first<PendingWithStateRow>();
  if (pending === null) return { ok: false, code: 'pending_transfer_not_found' };
  if (pending.flags !== 'pending') return { ok: false, code: 'pending_transfer_not_pending' };
  if (pending.status === 'posted') return { ok: false, code: 'pending_transfer_already_posted' };
  if (pending.status === 'voided') return { ok: false, code: 'pending_transfer_already_voided' };
  if (pending.status === 'expired') return { ok: false, code: 'pending_transfer_expired' };
  if (pending.expires_at_ms !== null && nowMs >= pending.expires_at_ms) {
    return { ok: false, code: 'pending_transfer_expired' };
  }
  const postedMinor = input.flags === 'post_pending' ? (input.amountMinor ?? pending.amount_minor) : 0;
  if (postedMinor > pending.amount_minor) return { ok: false, code: 'exceeds_pending_transfer_amount' };

  const row: NewTransferRow = {
    id: input.id,
    debit_account_id: pending.debit_account_id,
    credit_account_id: pending.credit_account_id,
    // A void carries the whole amount it releases; a post, the part it moves.
    amount_minor: input.flags === 'post_pending' ? postedMinor : pending.amount_minor,
    currency: pending.currency,
    code: pending.code,
    reference: null,
    flags: input.flags,
    pending_id: pending.id,
    timeout_s: 0,
    created_at_ms: nowMs,
    expires_at_ms: null,
  };
  // The whole reservation is released; only the posted part (if any) moves.
  const releasedMinor = -pending.amount_minor;
  return {
    ok: true,
    row,
    statements: [
      insertTransfer(db, row),
      resolvePendingState(db, pending.id, input.flags === 'post_pending' ? 'posted' : 'voided', row.id, nowMs),
      updateDebits(db, row.debit_account_id, releasedMinor, postedMinor),
      updateCredits(db, row.credit_account_id, releasedMinor, postedMinor),
    ],
  };
}

/** Why the accounts of a new transfer were refused by the foreign keys, read after the fact. */
async function accountProblem(
  db: D1Database,
  input: Extract<TransferInput, { flags: 'plain' | 'pending' }>,
): Promise<TransferErrorCode | null> {
  const [debitResult, creditResult] = await db.batch<AccountRow>([
    selectAccount(db, input.debitAccountId),
    selectAccount(db, input.creditAccountId),
  ]);
  const debit = debitResult?.results[0];
  const credit = creditResult?.results[0];
  if (debit === undefined) return 'debit_account_not_found';
  if (credit === undefined) return 'credit_account_not_found';
  if (debit.currency !== credit.currency) return 'accounts_must_have_the_same_currency';
  if (debit.currency !== input.currency) return 'transfer_must_have_the_same_currency_as_accounts';
  return null;
}

/** If `input.id` is taken: `exists` when every field agrees, else the first field that differs. */
async function replayResult(db: D1Database, input: TransferInput): Promise<TransferResult | null> {
  const existing = await selectTransfer(db, input.id).first<TransferRow>();
  if (existing === null) return null;
  const different = await firstDifferentField(db, existing, input);
  if (different !== null) return { ok: false, code: `exists_with_different_${different}` };
  return { ok: true, status: 'exists', transfer: transferOf(existing) };
}

async function firstDifferentField(
  db: D1Database,
  existing: TransferRow,
  input: TransferInput,
): Promise<ReplayField | null> {
  if (existing.flags !== input.flags) return 'flags';
  if (input.flags === 'post_pending' || input.flags === 'void_pending') {
    if (existing.pending_id !== input.pendingId) return 'pending_id';
    if (input.flags === 'post_pending') {
      // An omitted amount means "all of it", which is the pending transfer's amount.
      let askedMinor = input.amountMinor;
      if (askedMinor === undefined) {
        const pending = await selectTransfer(db, input.pendingId).first<TransferRow>();
        assert(pending !== null, 'a resolution points at an existing pending transfer');
        askedMinor = pending.amount_minor;
      }
      if (existing.amount_minor !== askedMinor) return 'amount';
    }
    return null;
  }
  if (existing.debit_account_id !== input.debitAccountId) return 'debit_account_id';
  if (existing.credit_account_id !== input.creditAccountId) return 'credit_account_id';
  if (existing.amount_minor !== input.amountMinor) return 'amount';
  if (existing.currency !== input.currency) return 'currency';
  if (existing.code !== input.code) return 'code';
  if (existing.reference !== (input.reference ?? null)) return 'reference';
  if (input.flags === 'pending' && existing.timeout_s !== input.timeoutS) return 'timeout';
  return null;
}
