-- Donations, pots and all-or-nothing crowdfunding.
--
-- Verified organisations (charities, project owners) are payees like anyone, with their own
-- per-payment limit. A pot (cagnotte) or a crowdfunding project has its own ledger account and a
-- hashtag; contributions and pledges are payment intents whose money goes to that account.
--
-- What keeps the money safe lives here:
-- - a pot closed to contributions takes no new credit: its ledger account is closed to credits
--   (`closed_to_credits`, checked by a trigger on every transfer), so a contribution confirmed a
--   moment after the close is refused by the ledger itself, and the payout (one transfer with a
--   fixed id) empties an account that can no longer grow;
-- - a project's outcome is written once (`pots.state` moves forward only, guarded updates), and
--   each pledge is a pending transfer that the ledger resolves once: posted or voided, never both.

-- A ledger account closed to credits takes no new transfer in (new, pending or posted); debits
-- (a payout) and voids still go through. Closing is one way.
ALTER TABLE ledger_accounts ADD COLUMN closed_to_credits INTEGER NOT NULL DEFAULT 0
  CHECK (closed_to_credits IN (0, 1));

CREATE TRIGGER ledger_accounts_stay_closed
BEFORE UPDATE OF closed_to_credits ON ledger_accounts
WHEN OLD.closed_to_credits = 1 AND NEW.closed_to_credits = 0
BEGIN
  SELECT RAISE(ABORT, 'ledger: accounts stay closed');
END;

CREATE TRIGGER ledger_transfers_closed_account_takes_no_credit
BEFORE INSERT ON ledger_transfers
WHEN NEW.flags IN ('plain', 'pending', 'post_pending')
BEGIN
  SELECT RAISE(ABORT, 'ledger: credit account is closed')
  WHERE EXISTS (SELECT 1 FROM ledger_accounts WHERE id = NEW.credit_account_id AND closed_to_credits = 1);
END;

-- X accounts an operator registered as a charity or a project owner. Keyed by X user id; the
-- handle is the one X answered at registration, for display.
CREATE TABLE organisations (
  x_user_id TEXT PRIMARY KEY CHECK (length(x_user_id) BETWEEN 1 AND 20 AND x_user_id NOT GLOB '*[^0-9]*'),
  username TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 15),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  kind TEXT NOT NULL CHECK (kind IN ('charity', 'project_owner')),
  -- The largest single donation, per currency, as JSON {"EUR": 50000, ...}; NULL: the defaults.
  limits_json TEXT CHECK (limits_json IS NULL OR json_valid(limits_json)),
  registered_at_ms INTEGER NOT NULL CHECK (registered_at_ms >= 0),
  -- Unregistered organisations keep their row (past donations name them) but take no new ones.
  revoked_at_ms INTEGER CHECK (revoked_at_ms IS NULL OR revoked_at_ms >= registered_at_ms)
) STRICT;

CREATE INDEX organisations_username ON organisations (lower(username));

-- Pots (kind 'pot': open → closed, then paid out to the organiser) and all-or-nothing projects
-- (kind 'project': open → deciding at the deadline → funded or failed).
CREATE TABLE pots (
  id TEXT PRIMARY KEY CHECK (id GLOB 'pot_*' AND length(id) = 26),
  kind TEXT NOT NULL CHECK (kind IN ('pot', 'project')),
  -- As the organiser typed it (without #), and its key for comparison (NFC, lower case).
  hashtag TEXT NOT NULL CHECK (length(hashtag) BETWEEN 1 AND 100),
  hashtag_key TEXT NOT NULL CHECK (length(hashtag_key) BETWEEN 1 AND 100),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  request_id TEXT NOT NULL CHECK (length(request_id) BETWEEN 16 AND 64),
  organiser_user_id TEXT NOT NULL REFERENCES users (id),
  organiser_x_user_id TEXT NOT NULL,
  organiser_username TEXT NOT NULL,
  organiser_name TEXT NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  goal_minor INTEGER CHECK (goal_minor IS NULL OR goal_minor BETWEEN 1 AND 9007199254740991),
  deadline_at_ms INTEGER,
  -- The pot's own account in the ledger (kind 'pot', owner = this id).
  account_id TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'deciding', 'funded', 'failed')),
  -- A project's total of confirmed pledges when its outcome was decided.
  decided_total_minor INTEGER CHECK (decided_total_minor IS NULL OR decided_total_minor >= 0),
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0),
  closed_at_ms INTEGER,
  decided_at_ms INTEGER,
  paid_out_at_ms INTEGER,
  CONSTRAINT projects_have_goal_and_deadline CHECK (
    kind = 'pot' OR (goal_minor IS NOT NULL AND deadline_at_ms IS NOT NULL)
  ),
  CONSTRAINT deadline_after_creation CHECK (deadline_at_ms IS NULL OR deadline_at_ms > created_at_ms),
  CONSTRAINT states_of_kind CHECK (
    (kind = 'pot' AND state IN ('open', 'closed')) OR (kind = 'project' AND state IN ('open', 'deciding', 'funded', 'failed'))
  ),
  CONSTRAINT decided_projects_have_total CHECK ((state IN ('funded', 'failed')) = (decided_total_minor IS NOT NULL)),
  UNIQUE (organiser_user_id, request_id)
) STRICT;

-- One open pot or project per hashtag; closed ones may share it with a later one.
CREATE UNIQUE INDEX pots_open_hashtag ON pots (hashtag_key) WHERE state = 'open';
CREATE INDEX pots_hashtag ON pots (hashtag_key, created_at_ms);
CREATE INDEX pots_organiser ON pots (organiser_user_id, created_at_ms);
CREATE INDEX pots_due ON pots (deadline_at_ms) WHERE state IN ('open', 'deciding');

CREATE TRIGGER pots_state_moves_forward
BEFORE UPDATE OF state ON pots
WHEN OLD.state <> NEW.state AND NOT (
  (OLD.state = 'open' AND NEW.state IN ('closed', 'deciding'))
  OR (OLD.state = 'deciding' AND NEW.state IN ('funded', 'failed'))
)
BEGIN
  SELECT RAISE(ABORT, 'pots: state moves forward only');
END;

CREATE TRIGGER pots_identity_is_immutable
BEFORE UPDATE OF id, kind, hashtag, hashtag_key, organiser_user_id, currency, goal_minor, deadline_at_ms, account_id
ON pots
BEGIN
  SELECT RAISE(ABORT, 'pots: identity is immutable');
END;

-- Payment intents gain a purpose. SQLite cannot change a table's CHECKs in place, so the table is
-- rebuilt with the same rows (the foreign key from payment_tweets is checked at commit).
PRAGMA defer_foreign_keys = on;

CREATE TABLE payment_intents_rebuilt (
  id TEXT PRIMARY KEY CHECK (id GLOB 'pi_*' AND length(id) = 25),
  code TEXT NOT NULL UNIQUE CHECK (length(code) = 11 AND code GLOB 'HP-*'),
  source TEXT NOT NULL CHECK (source IN ('drafted', 'command')),
  request_id TEXT CHECK (request_id IS NULL OR length(request_id) BETWEEN 16 AND 64),
  payer_user_id TEXT NOT NULL REFERENCES users (id),
  payer_x_user_id TEXT NOT NULL,
  payer_username TEXT NOT NULL,
  payer_name TEXT NOT NULL,
  payee_x_user_id TEXT NOT NULL,
  payee_username TEXT NOT NULL,
  payee_name TEXT NOT NULL,
  payee_handle_requested TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor BETWEEN 1 AND 100000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  memo TEXT CHECK (memo IS NULL OR length(memo) <= 560),
  language TEXT NOT NULL CHECK (language IN ('fr', 'en')),
  tweet_text TEXT NOT NULL,
  in_reply_to_tweet_id TEXT,
  -- `pledged`: a confirmed pledge, still a pending transfer until the project's deadline; then
  -- `settled` (collected) or `released` (voided: the goal was not reached).
  status TEXT NOT NULL CHECK (status IN (
    'awaiting_tweet', 'awaiting_confirmation', 'settled', 'escrowed', 'refunded', 'cancelled', 'expired', 'failed',
    'pledged', 'released'
  )),
  failure_reason TEXT CHECK (failure_reason IS NULL OR length(failure_reason) <= 64),
  tweet_root_id TEXT UNIQUE,
  tweet_id TEXT,
  tweet_final_text TEXT,
  payee_account_kind TEXT CHECK (payee_account_kind IS NULL OR payee_account_kind IN ('wallet', 'escrow', 'pot')),
  escrow_outcome TEXT CHECK (escrow_outcome IS NULL OR escrow_outcome IN ('claim', 'refund')),
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0),
  expires_at_ms INTEGER NOT NULL CHECK (expires_at_ms > created_at_ms),
  matched_at_ms INTEGER,
  confirm_by_ms INTEGER,
  escrowed_at_ms INTEGER,
  settled_at_ms INTEGER,
  closed_at_ms INTEGER,
  receipt_reply_tweet_id TEXT,
  -- What the money is for. A donation goes to a verified organisation; a contribution to a pot's
  -- account; a pledge to a project's account, held until its deadline. The payee of a
  -- contribution or pledge is the pot's organiser (the pot's account is theirs to pay out).
  purpose TEXT NOT NULL DEFAULT 'payment' CHECK (purpose IN ('payment', 'donation', 'contribution', 'pledge')),
  pot_id TEXT REFERENCES pots (id),
  -- The donor agreed to be named in the donation's public receipt.
  public_mention INTEGER NOT NULL DEFAULT 0 CHECK (public_mention IN (0, 1)),
  pledged_at_ms INTEGER,
  CONSTRAINT payer_is_not_payee CHECK (payer_x_user_id <> payee_x_user_id),
  CONSTRAINT matched_intents_name_their_tweet CHECK (
    status IN ('awaiting_tweet', 'cancelled', 'expired') OR tweet_root_id IS NOT NULL
  ),
  CONSTRAINT failures_have_a_reason CHECK ((status = 'failed') = (failure_reason IS NOT NULL)),
  CONSTRAINT commands_have_no_request_id CHECK ((source = 'command') = (request_id IS NULL)),
  CONSTRAINT pot_intents_name_their_pot CHECK ((purpose IN ('contribution', 'pledge')) = (pot_id IS NOT NULL)),
  CONSTRAINT pot_intents_pay_the_pot CHECK (
    payee_account_kind IS NULL OR (payee_account_kind = 'pot') = (purpose IN ('contribution', 'pledge'))
  ),
  CONSTRAINT only_pledges_are_pledged CHECK (status NOT IN ('pledged', 'released') OR purpose = 'pledge'),
  CONSTRAINT public_mention_on_donations CHECK (public_mention = 0 OR purpose = 'donation'),
  UNIQUE (payer_user_id, request_id)
) STRICT;

INSERT INTO payment_intents_rebuilt (
  id, code, source, request_id, payer_user_id, payer_x_user_id, payer_username, payer_name, payee_x_user_id,
  payee_username, payee_name, payee_handle_requested, amount_minor, currency, memo, language, tweet_text,
  in_reply_to_tweet_id, status, failure_reason, tweet_root_id, tweet_id, tweet_final_text, payee_account_kind,
  escrow_outcome, created_at_ms, expires_at_ms, matched_at_ms, confirm_by_ms, escrowed_at_ms, settled_at_ms,
  closed_at_ms, receipt_reply_tweet_id
)
SELECT
  id, code, source, request_id, payer_user_id, payer_x_user_id, payer_username, payer_name, payee_x_user_id,
  payee_username, payee_name, payee_handle_requested, amount_minor, currency, memo, language, tweet_text,
  in_reply_to_tweet_id, status, failure_reason, tweet_root_id, tweet_id, tweet_final_text, payee_account_kind,
  escrow_outcome, created_at_ms, expires_at_ms, matched_at_ms, confirm_by_ms, escrowed_at_ms, settled_at_ms,
  closed_at_ms, receipt_reply_tweet_id
FROM payment_intents;

DROP TABLE payment_intents;
ALTER TABLE payment_intents_rebuilt RENAME TO payment_intents;

CREATE INDEX payment_intents_payer ON payment_intents (payer_user_id, created_at_ms);
CREATE INDEX payment_intents_payee ON payment_intents (payee_x_user_id, created_at_ms);
CREATE INDEX payment_intents_open ON payment_intents (status, expires_at_ms)
WHERE status IN ('awaiting_tweet', 'awaiting_confirmation', 'escrowed');
CREATE INDEX payment_intents_pot ON payment_intents (pot_id, status) WHERE pot_id IS NOT NULL;

PRAGMA defer_foreign_keys = off;
