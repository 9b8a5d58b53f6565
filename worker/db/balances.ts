import { assert } from '../../shared/assert';
import type { Balance, UserBalanceKind } from '../../shared/contract/balances';
import { USER_BALANCE_KINDS } from '../../shared/contract/balances';
import { type Currency, isCurrency } from '../../shared/money';

/**
 * The balances of the accounts a user owns, read straight from the ledger's account rows (the
 * ledger keeps them up to date in the same batch as every transfer). Read-only.
 */

/** A user holds one account per kind and currency: a handful of rows, bounded by this. */
export const USER_ACCOUNTS_MAX = USER_BALANCE_KINDS.length * 32;

interface UserAccountRow {
  kind: UserBalanceKind;
  currency: string;
  debits_pending_minor: number;
  debits_posted_minor: number;
  credits_posted_minor: number;
}

export async function selectUserBalances(
  db: D1Database,
  userId: string,
  currency: Currency | null,
): Promise<Balance[]> {
  assert(userId.length > 0, 'userId is required');
  const kinds = USER_BALANCE_KINDS.map(() => '?').join(', ');
  const result = await db
    .prepare(
      `SELECT kind, currency, debits_pending_minor, debits_posted_minor, credits_posted_minor
       FROM ledger_accounts
       WHERE owner = ? AND kind IN (${kinds}) AND (? IS NULL OR currency = ?)
       ORDER BY CASE kind WHEN 'wallet' THEN 0 ELSE 1 END, currency
       LIMIT ?`,
    )
    .bind(userId, ...USER_BALANCE_KINDS, currency, currency, USER_ACCOUNTS_MAX)
    .all<UserAccountRow>();
  return result.results.flatMap(balanceFromRow);
}

/** A row → its balance line; a currency the product does not move (none today) is left out. */
function balanceFromRow(row: UserAccountRow): Balance[] {
  if (!isCurrency(row.currency)) return [];
  const postedMinor = row.credits_posted_minor - row.debits_posted_minor;
  const availableMinor = postedMinor - row.debits_pending_minor;
  assert(Number.isSafeInteger(postedMinor) && Number.isSafeInteger(availableMinor), 'balance is a safe integer');
  return [
    { kind: row.kind, currency: row.currency, availableMinor, reservedMinor: row.debits_pending_minor, postedMinor },
  ];
}
