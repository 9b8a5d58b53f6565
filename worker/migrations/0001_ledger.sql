-- The double-entry ledger: accounts, immutable transfers, and the state of two-phase transfers.
--
-- The rules live here, where no code path can skip them. Every write of the ledger is one D1
-- batch (a transaction), and every guard a concurrent writer could invalidate is a constraint
-- or a trigger that aborts the batch: a CHECK on balances, a UNIQUE transfer id, a foreign key
-- to an account of the same currency, and a one-way transition of each pending transfer.
-- Amounts are integers in minor units; balances stay within JavaScript's safe integers
-- (2^53 - 1 = 9007199254740991) so that they cross the D1 boundary exactly.

-- One account per (kind, owner, currency). `owner` is whatever the kind is keyed by: a user id,
-- an X user id for escrow, an offer id; NULL for the one world account of a currency.
-- The identity columns and flags never change (see the triggers below); only balances move.
CREATE TABLE ledger_accounts (
  id TEXT PRIMARY KEY CHECK (id GLOB 'acc_?*' AND length(id) <= 64),
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32 AND kind NOT GLOB '*[^a-z_]*'),
  owner TEXT CHECK (owner IS NULL OR length(owner) BETWEEN 1 AND 128),
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  debits_must_not_exceed_credits INTEGER NOT NULL CHECK (debits_must_not_exceed_credits IN (0, 1)),
  credits_must_not_exceed_debits INTEGER NOT NULL CHECK (credits_must_not_exceed_debits IN (0, 1)),
  debits_pending_minor INTEGER NOT NULL DEFAULT 0,
  debits_posted_minor INTEGER NOT NULL DEFAULT 0,
  credits_pending_minor INTEGER NOT NULL DEFAULT 0,
  credits_posted_minor INTEGER NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0),
  CONSTRAINT flags_are_mutually_exclusive CHECK (
    NOT (debits_must_not_exceed_credits AND credits_must_not_exceed_debits)
  ),
  CONSTRAINT overflows_debits CHECK (
    debits_pending_minor BETWEEN 0 AND 9007199254740991
    AND debits_posted_minor BETWEEN 0 AND 9007199254740991
    AND debits_pending_minor + debits_posted_minor <= 9007199254740991
  ),
  CONSTRAINT overflows_credits CHECK (
    credits_pending_minor BETWEEN 0 AND 9007199254740991
    AND credits_posted_minor BETWEEN 0 AND 9007199254740991
    AND credits_pending_minor + credits_posted_minor <= 9007199254740991
  ),
  -- Pending debits count against the balance: a reservation can never be posted into the red.
  CONSTRAINT exceeds_credits CHECK (
    NOT debits_must_not_exceed_credits OR debits_pending_minor + debits_posted_minor <= credits_posted_minor
  ),
  CONSTRAINT exceeds_debits CHECK (
    NOT credits_must_not_exceed_debits OR credits_pending_minor + credits_posted_minor <= debits_posted_minor
  )
) STRICT;

-- NULL owners compare equal here, so the world account of a currency is unique too.
CREATE UNIQUE INDEX ledger_accounts_kind_owner_currency ON ledger_accounts (kind, ifnull(owner, ''), currency);

-- The parent key of the transfers' (account, currency) foreign keys.
CREATE UNIQUE INDEX ledger_accounts_id_currency ON ledger_accounts (id, currency);

CREATE TRIGGER ledger_accounts_identity_is_immutable
BEFORE UPDATE OF id, kind, owner, currency, debits_must_not_exceed_credits, credits_must_not_exceed_debits,
  created_at_ms ON ledger_accounts
BEGIN
  SELECT RAISE(ABORT, 'ledger: account identity and flags are immutable');
END;

CREATE TRIGGER ledger_accounts_are_never_deleted
BEFORE DELETE ON ledger_accounts
BEGIN
  SELECT RAISE(ABORT, 'ledger: accounts are never deleted');
END;

-- Transfers are immutable: a correction is a new transfer. `seq` orders them as written.
-- `flags` is one of plain, pending (reserves), post_pending and void_pending (resolve the
-- pending transfer named by `pending_id`; they carry that transfer's accounts and currency).
CREATE TABLE ledger_transfers (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 64),
  debit_account_id TEXT NOT NULL,
  credit_account_id TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor BETWEEN 1 AND 9007199254740991),
  currency TEXT NOT NULL,
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
  reference TEXT CHECK (reference IS NULL OR length(reference) BETWEEN 1 AND 256),
  flags TEXT NOT NULL CHECK (flags IN ('plain', 'pending', 'post_pending', 'void_pending')),
  pending_id TEXT REFERENCES ledger_transfers (id),
  timeout_s INTEGER NOT NULL DEFAULT 0 CHECK (timeout_s >= 0),
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0),
  expires_at_ms INTEGER,
  CONSTRAINT accounts_must_be_different CHECK (debit_account_id <> credit_account_id),
  CONSTRAINT pending_id_only_on_resolutions CHECK ((flags IN ('post_pending', 'void_pending')) = (pending_id IS NOT NULL)),
  CONSTRAINT timeout_reserved_for_pending_transfer CHECK (flags = 'pending' OR timeout_s = 0),
  CONSTRAINT expiry_follows_timeout CHECK (
    expires_at_ms IS (CASE WHEN timeout_s > 0 THEN created_at_ms + timeout_s * 1000 END)
  ),
  -- An account of another currency fails these keys, so a transfer never crosses currencies.
  FOREIGN KEY (debit_account_id, currency) REFERENCES ledger_accounts (id, currency),
  FOREIGN KEY (credit_account_id, currency) REFERENCES ledger_accounts (id, currency)
) STRICT;

-- A pending transfer is posted or voided by at most one transfer.
CREATE UNIQUE INDEX ledger_transfers_pending_id ON ledger_transfers (pending_id) WHERE pending_id IS NOT NULL;
CREATE INDEX ledger_transfers_debit_account ON ledger_transfers (debit_account_id, seq);
CREATE INDEX ledger_transfers_credit_account ON ledger_transfers (credit_account_id, seq);

-- A post or void must match its pending transfer, stay within its amount (a void releases all of
-- it), and come before its expiry by the writer's own clock (`created_at_ms`).
CREATE TRIGGER ledger_transfers_resolution_matches_pending
BEFORE INSERT ON ledger_transfers
WHEN NEW.pending_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'ledger: resolution does not match its pending transfer')
  WHERE NOT EXISTS (
    SELECT 1 FROM ledger_transfers AS p
    WHERE p.id = NEW.pending_id
      AND p.flags = 'pending'
      AND p.debit_account_id = NEW.debit_account_id
      AND p.credit_account_id = NEW.credit_account_id
      AND p.currency = NEW.currency
      AND p.code = NEW.code
      AND NEW.amount_minor <= p.amount_minor
      AND (NEW.flags = 'post_pending' OR NEW.amount_minor = p.amount_minor)
      AND (p.expires_at_ms IS NULL OR NEW.created_at_ms < p.expires_at_ms)
  );
END;

CREATE TRIGGER ledger_transfers_are_immutable
BEFORE UPDATE ON ledger_transfers
BEGIN
  SELECT RAISE(ABORT, 'ledger: transfers are immutable');
END;

CREATE TRIGGER ledger_transfers_are_never_deleted
BEFORE DELETE ON ledger_transfers
BEGIN
  SELECT RAISE(ABORT, 'ledger: transfers are never deleted');
END;

-- The state of each pending transfer: written with it as 'pending', then moved once to posted,
-- voided or expired. Kept apart from the immutable transfers; the partial index keeps the
-- expiry scan on open transfers only, however long the history grows.
CREATE TABLE ledger_pending_states (
  pending_id TEXT PRIMARY KEY REFERENCES ledger_transfers (id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'posted', 'voided', 'expired')),
  expires_at_ms INTEGER,
  resolved_by_transfer_id TEXT UNIQUE REFERENCES ledger_transfers (id),
  resolved_at_ms INTEGER,
  CONSTRAINT resolved_at_with_status CHECK ((status = 'pending') = (resolved_at_ms IS NULL)),
  CONSTRAINT resolved_by_a_transfer CHECK ((status IN ('posted', 'voided')) = (resolved_by_transfer_id IS NOT NULL))
) STRICT;

CREATE INDEX ledger_pending_states_open_expiry ON ledger_pending_states (expires_at_ms)
WHERE status = 'pending' AND expires_at_ms IS NOT NULL;

-- Every pending transfer gets its state row in the same statement that writes it, so no code
-- path can reserve money without leaving something for the expiry job to find.
CREATE TRIGGER ledger_transfers_pending_opens_state
AFTER INSERT ON ledger_transfers
WHEN NEW.flags = 'pending'
BEGIN
  INSERT INTO ledger_pending_states (pending_id, status, expires_at_ms) VALUES (NEW.id, 'pending', NEW.expires_at_ms);
END;

-- State rows come only from the trigger above: one per pending transfer, open, with its expiry.
CREATE TRIGGER ledger_pending_states_match_their_transfer
BEFORE INSERT ON ledger_pending_states
BEGIN
  SELECT RAISE(ABORT, 'ledger: pending state does not match a pending transfer')
  WHERE NEW.status <> 'pending' OR NOT EXISTS (
    SELECT 1 FROM ledger_transfers AS p
    WHERE p.id = NEW.pending_id AND p.flags = 'pending' AND p.expires_at_ms IS NEW.expires_at_ms
  );
END;

-- The only change allowed: pending -> posted | voided (by the matching transfer) | expired (once
-- the expiry has passed). A second resolution aborts the batch with a message naming the first.
CREATE TRIGGER ledger_pending_states_resolve_once
BEFORE UPDATE ON ledger_pending_states
BEGIN
  SELECT RAISE(ABORT, 'ledger: pending transfer already posted') WHERE OLD.status = 'posted';
  SELECT RAISE(ABORT, 'ledger: pending transfer already voided') WHERE OLD.status = 'voided';
  SELECT RAISE(ABORT, 'ledger: pending transfer expired') WHERE OLD.status = 'expired';
  SELECT RAISE(ABORT, 'ledger: invalid pending transition')
  WHERE NEW.pending_id IS NOT OLD.pending_id
    OR NEW.expires_at_ms IS NOT OLD.expires_at_ms
    OR NEW.status = 'pending'
    OR (NEW.status = 'expired' AND (OLD.expires_at_ms IS NULL OR NEW.resolved_at_ms < OLD.expires_at_ms))
    OR (NEW.status IN ('posted', 'voided') AND NOT EXISTS (
      SELECT 1 FROM ledger_transfers AS r
      WHERE r.id = NEW.resolved_by_transfer_id
        AND r.pending_id = OLD.pending_id
        AND r.flags = CASE NEW.status WHEN 'posted' THEN 'post_pending' ELSE 'void_pending' END
    ));
END;

CREATE TRIGGER ledger_pending_states_are_never_deleted
BEFORE DELETE ON ledger_pending_states
BEGIN
  SELECT RAISE(ABORT, 'ledger: pending states are never deleted');
END;
