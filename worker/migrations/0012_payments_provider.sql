-- Money in and out through the payment provider: card top-ups, withdrawals to a bank account,
-- refunds and disputes, and the reconciliation of the ledger with the provider's balance.
--
-- The money itself is in the ledger: every provider object (a paid checkout, a refund, a
-- dispute, a payout) has exactly one counterpart transfer whose id is derived from the object's
-- id, so a redelivered or reordered event can never move money twice. The tables here say what
-- the user asked for and what the provider answered, for the history and for the webhook's
-- lookups; guards on their states keep each one moving forward only.

-- A user's payouts account at the provider (hosted onboarding), one per user.
CREATE TABLE provider_accounts (
  user_id TEXT PRIMARY KEY REFERENCES users (id),
  provider_account_id TEXT NOT NULL UNIQUE CHECK (length(provider_account_id) BETWEEN 1 AND 128),
  -- The provider says the account can receive payouts (onboarding completed and verified).
  payouts_enabled INTEGER NOT NULL DEFAULT 0 CHECK (payouts_enabled IN (0, 1)),
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) STRICT;

-- A card top-up: a checkout session at the provider, credited once its payment succeeded.
CREATE TABLE top_ups (
  id TEXT PRIMARY KEY CHECK (id GLOB 'tu_?*'),
  user_id TEXT NOT NULL REFERENCES users (id),
  -- The caller's id for this request, so a retried request answers the same session.
  client_id TEXT NOT NULL CHECK (length(client_id) BETWEEN 1 AND 64),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 1),
  checkout_session_id TEXT UNIQUE,
  checkout_url TEXT,
  payment_intent_id TEXT UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'failed', 'expired')),
  created_at_ms INTEGER NOT NULL,
  settled_at_ms INTEGER,
  UNIQUE (user_id, client_id)
) STRICT;

CREATE INDEX top_ups_user ON top_ups (user_id, created_at_ms);

-- Once paid, failed or expired, a top-up stays so: a late "expired" never undoes a payment.
CREATE TRIGGER top_ups_status_moves_forward
BEFORE UPDATE OF status ON top_ups
WHEN OLD.status <> 'open' AND NEW.status <> OLD.status
BEGIN
  SELECT RAISE(ABORT, 'top_ups: a settled top-up does not change status');
END;

-- A withdrawal: wallet → payouts in flight as a pending transfer, then a provider transfer to
-- the user's payouts account and a payout from it to their bank. Posted when the payout is
-- paid, voided when it failed or was cancelled.
CREATE TABLE withdrawals (
  id TEXT PRIMARY KEY CHECK (id GLOB 'wd_?*'),
  user_id TEXT NOT NULL REFERENCES users (id),
  client_id TEXT NOT NULL CHECK (length(client_id) BETWEEN 1 AND 64),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 1),
  fee_minor INTEGER NOT NULL DEFAULT 0 CHECK (fee_minor >= 0),
  provider_account_id TEXT NOT NULL,
  provider_transfer_id TEXT UNIQUE,
  payout_id TEXT UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('reserved', 'in_flight', 'paid', 'failed')),
  arrival_at_ms INTEGER,
  failure_message TEXT,
  created_at_ms INTEGER NOT NULL,
  settled_at_ms INTEGER,
  UNIQUE (user_id, client_id)
) STRICT;

CREATE INDEX withdrawals_user ON withdrawals (user_id, created_at_ms);

CREATE TRIGGER withdrawals_status_moves_forward
BEFORE UPDATE OF status ON withdrawals
WHEN NEW.status <> OLD.status AND (
  OLD.status IN ('paid', 'failed') OR (OLD.status = 'in_flight' AND NEW.status = 'reserved')
)
BEGIN
  SELECT RAISE(ABORT, 'withdrawals: a settled withdrawal does not change status');
END;

-- Money taken back by the provider after a top-up: a refund or a dispute (chargeback), and a
-- dispute won (the money returned). Keyed by the provider's object id and kind.
CREATE TABLE money_backs (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
  kind TEXT NOT NULL CHECK (kind IN ('refund', 'dispute', 'dispute_won')),
  user_id TEXT NOT NULL REFERENCES users (id),
  top_up_id TEXT NOT NULL REFERENCES top_ups (id),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 1),
  created_at_ms INTEGER NOT NULL
) STRICT;

CREATE INDEX money_backs_user ON money_backs (user_id, created_at_ms);

-- Every verified provider event, once: for audit, and to answer a redelivery quickly.
CREATE TABLE provider_events (
  event_id TEXT PRIMARY KEY CHECK (length(event_id) BETWEEN 1 AND 128),
  type TEXT NOT NULL,
  received_at_ms INTEGER NOT NULL,
  applied_at_ms INTEGER
) STRICT;

-- One line per currency and run of the reconciliation job: what the ledger says the provider
-- holds for us, what the provider's balance transactions say, and the difference.
CREATE TABLE reconciliation_runs (
  id INTEGER PRIMARY KEY,
  ran_at_ms INTEGER NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  ledger_minor INTEGER NOT NULL,
  provider_minor INTEGER NOT NULL,
  difference_minor INTEGER NOT NULL CHECK (difference_minor = provider_minor - ledger_minor)
) STRICT;

CREATE INDEX reconciliation_runs_latest ON reconciliation_runs (ran_at_ms, currency);
