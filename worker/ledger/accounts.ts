import {
  ACCOUNT_KINDS,
  ACCOUNT_OWNER_LENGTH_MAX,
  type AccountKind,
  type Balances,
  NEVER_NEGATIVE_ACCOUNT_KINDS,
  NEVER_POSITIVE_ACCOUNT_KINDS,
  UNOWNED_ACCOUNT_KINDS,
} from '../../shared/contract/ledger';
import {
  type AccountRow,
  type CurrencyTotalsRow,
  insertAccountIfAbsent,
  selectAccount,
  selectAccountByKey,
  selectAccountsByKeys,
  selectCurrencyTotals,
} from '../db/ledger-queries';
import { assert, assertMinor, assertTimeMs } from './assert';
import type { Account } from './types';

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export interface AccountKey {
  kind: AccountKind;
  /** Required for wallets, rewards, escrow and offer funds; null for the world account. */
  owner: string | null;
  currency: string;
}

/**
 * The account of `key`, created on first use. Idempotent and safe under concurrency: two callers
 * racing for the same key both get the one account the unique index let through.
 */
export async function ensureAccount(db: D1Database, key: AccountKey, nowMs: number): Promise<Account> {
  checkKey(key);
  const [, selected] = await db.batch<AccountRow>([
    insertAccountIfAbsent(db, newAccountRow(key, nowMs)),
    selectAccountByKey(db, key.kind, key.owner, key.currency),
  ]);
  const row = selected?.results[0];
  assert(row !== undefined, 'the account just ensured must be readable in the same batch');
  return accountOf(row);
}

function checkKey(key: AccountKey): void {
  assert(ACCOUNT_KINDS.includes(key.kind), `unknown account kind ${key.kind}`);
  assert(CURRENCY_PATTERN.test(key.currency), `currency must be an ISO 4217 code, got ${key.currency}`);
  if (UNOWNED_ACCOUNT_KINDS.has(key.kind)) {
    assert(key.owner === null, `a ${key.kind} account has no owner`);
  } else {
    assert(
      key.owner !== null && key.owner.length >= 1 && key.owner.length <= ACCOUNT_OWNER_LENGTH_MAX,
      `a ${key.kind} account needs an owner of 1 to ${ACCOUNT_OWNER_LENGTH_MAX} characters`,
    );
  }
}

function newAccountRow(key: AccountKey, nowMs: number) {
  assertTimeMs(nowMs);
  return {
    id: `acc_${crypto.randomUUID().replaceAll('-', '')}`,
    kind: key.kind,
    owner: key.owner,
    currency: key.currency,
    debits_must_not_exceed_credits: NEVER_NEGATIVE_ACCOUNT_KINDS.has(key.kind) ? 1 : 0,
    credits_must_not_exceed_debits: NEVER_POSITIVE_ACCOUNT_KINDS.has(key.kind) ? 1 : 0,
    created_at_ms: nowMs,
  };
}

/**
 * The accounts of several keys, those missing created, in one round trip when they all exist and
 * two otherwise (for a batch of payments). Same guarantees as `ensureAccount`.
 */
export async function ensureAccounts(
  db: D1Database,
  keys: readonly AccountKey[],
  nowMs: number,
): Promise<Map<string, Account>> {
  const byKey = new Map<string, Account>();
  if (keys.length === 0) return byKey;
  const read = async () => {
    const { results } = await selectAccountsByKeys(db, keys).all<AccountRow>();
    for (const row of results) byKey.set(accountKeyOf(row), accountOf(row));
  };
  await read();
  const missing = keys.filter((key) => !byKey.has(accountKeyOf(key)));
  if (missing.length === 0) return byKey;
  for (const key of missing) checkKey(key);
  await db.batch(missing.map((key) => insertAccountIfAbsent(db, newAccountRow(key, nowMs))));
  await read();
  for (const key of missing) assert(byKey.has(accountKeyOf(key)), 'an account just ensured is readable');
  return byKey;
}

/** A key as text, to find an account of `ensureAccounts` by. */
export function accountKeyOf(key: { kind: string; owner: string | null; currency: string }): string {
  return `${key.kind} ${key.owner ?? ''} ${key.currency}`;
}

export async function getAccount(db: D1Database, accountId: string): Promise<Account | null> {
  const row = await selectAccount(db, accountId).first<AccountRow>();
  return row === null ? null : accountOf(row);
}

export async function getBalances(db: D1Database, accountId: string): Promise<Balances | null> {
  const account = await getAccount(db, accountId);
  return account === null ? null : balancesOf(account);
}

/** Balances as the owner sees them: credits are what came in, debits what went out. */
export function balancesOf(account: Account): Balances {
  const postedMinor = account.creditsPostedMinor - account.debitsPostedMinor;
  const availableMinor = postedMinor - account.debitsPendingMinor;
  assertMinor(postedMinor, 'postedMinor');
  assertMinor(availableMinor, 'availableMinor');
  return {
    postedMinor,
    pendingDebitsMinor: account.debitsPendingMinor,
    pendingCreditsMinor: account.creditsPendingMinor,
    availableMinor,
  };
}

export interface CurrencyTotals {
  currency: string;
  /** Σ (credits − debits) posted over every account: zero in a sound ledger. */
  postedSumMinor: number;
  debitsPendingSumMinor: number;
  creditsPendingSumMinor: number;
}

/** The double-entry invariant, per currency, for audits and tests. */
export async function currencyTotals(db: D1Database): Promise<CurrencyTotals[]> {
  const { results } = await selectCurrencyTotals(db).all<CurrencyTotalsRow>();
  return results.map((row) => ({
    currency: row.currency,
    postedSumMinor: row.posted_sum_minor,
    debitsPendingSumMinor: row.debits_pending_sum_minor,
    creditsPendingSumMinor: row.credits_pending_sum_minor,
  }));
}

export function accountOf(row: AccountRow): Account {
  for (const value of [
    row.debits_pending_minor,
    row.debits_posted_minor,
    row.credits_pending_minor,
    row.credits_posted_minor,
  ]) {
    assertMinor(value, `balance of ${row.id}`);
  }
  return {
    id: row.id,
    kind: row.kind,
    owner: row.owner,
    currency: row.currency,
    debitsMustNotExceedCredits: row.debits_must_not_exceed_credits === 1,
    debitsPendingMinor: row.debits_pending_minor,
    debitsPostedMinor: row.debits_posted_minor,
    creditsPendingMinor: row.credits_pending_minor,
    creditsPostedMinor: row.credits_posted_minor,
    createdAtMs: row.created_at_ms,
  };
}
