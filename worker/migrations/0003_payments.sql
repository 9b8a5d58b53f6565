-- Pay by tweet: payment intents and the tweets matched to them.
--
-- Exactly once is kept here, not in code: a tweet's effects are keyed on the root of its edit
-- history (`payment_tweets.root_id`, a primary key), and an intent is tied to at most one root
-- (`payment_intents.tweet_root_id`, unique). Whichever of the extension's report, the search job
-- or the webhook writes a root first wins; the others hit the constraint and change nothing.
-- Money itself lives in the ledger (0001): an intent names its transfers by deterministic ids
-- (`pay:<intent id>:hold|post|void|claim|refund`), so a retry finds the transfer already made.
-- Amounts are integers in minor units; times are milliseconds since the epoch.

CREATE TABLE payment_intents (
  id TEXT PRIMARY KEY CHECK (id GLOB 'pi_*' AND length(id) = 25),
  -- The reference code printed in the drafted tweet (HP- + 8 characters).
  code TEXT NOT NULL UNIQUE CHECK (length(code) = 11 AND code GLOB 'HP-*'),
  source TEXT NOT NULL CHECK (source IN ('drafted', 'command')),
  -- The payer's idempotency key (drafted intents); NULL for commands, keyed by their tweet.
  request_id TEXT CHECK (request_id IS NULL OR length(request_id) BETWEEN 16 AND 64),
  payer_user_id TEXT NOT NULL REFERENCES users (id),
  payer_x_user_id TEXT NOT NULL,
  payer_username TEXT NOT NULL,
  payer_name TEXT NOT NULL,
  payee_x_user_id TEXT NOT NULL,
  payee_username TEXT NOT NULL,
  payee_name TEXT NOT NULL,
  -- The handle as the payer asked for it (a replay is compared on it, not on X's spelling).
  payee_handle_requested TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor BETWEEN 1 AND 100000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  memo TEXT CHECK (memo IS NULL OR length(memo) <= 560),
  language TEXT NOT NULL CHECK (language IN ('fr', 'en')),
  tweet_text TEXT NOT NULL,
  in_reply_to_tweet_id TEXT,
  status TEXT NOT NULL CHECK (status IN (
    'awaiting_tweet', 'awaiting_confirmation', 'settled', 'escrowed', 'refunded', 'cancelled', 'expired', 'failed'
  )),
  failure_reason TEXT CHECK (failure_reason IS NULL OR length(failure_reason) <= 64),
  -- The matched tweet: its root (the key of its effects) and the latest version seen.
  tweet_root_id TEXT UNIQUE,
  tweet_id TEXT,
  tweet_final_text TEXT,
  -- Where the reservation goes: the payee's wallet, or escrow under their X user id.
  payee_account_kind TEXT CHECK (payee_account_kind IS NULL OR payee_account_kind IN ('wallet', 'escrow')),
  -- Escrowed money leaves escrow once, either to the payee (claim) or back to the payer (refund).
  escrow_outcome TEXT CHECK (escrow_outcome IS NULL OR escrow_outcome IN ('claim', 'refund')),
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0),
  expires_at_ms INTEGER NOT NULL CHECK (expires_at_ms > created_at_ms),
  matched_at_ms INTEGER,
  confirm_by_ms INTEGER,
  escrowed_at_ms INTEGER,
  settled_at_ms INTEGER,
  closed_at_ms INTEGER,
  -- The receipt reply posted under the payer's tweet (RECEIPT_REPLIES on), so it is posted once.
  receipt_reply_tweet_id TEXT,
  CONSTRAINT payer_is_not_payee CHECK (payer_x_user_id <> payee_x_user_id),
  CONSTRAINT matched_intents_name_their_tweet CHECK (
    status IN ('awaiting_tweet', 'cancelled', 'expired') OR tweet_root_id IS NOT NULL
  ),
  CONSTRAINT failures_have_a_reason CHECK ((status = 'failed') = (failure_reason IS NOT NULL)),
  CONSTRAINT commands_have_no_request_id CHECK ((source = 'command') = (request_id IS NULL)),
  UNIQUE (payer_user_id, request_id)
) STRICT;

CREATE INDEX payment_intents_payer ON payment_intents (payer_user_id, created_at_ms);
CREATE INDEX payment_intents_payee ON payment_intents (payee_x_user_id, created_at_ms);
CREATE INDEX payment_intents_open ON payment_intents (status, expires_at_ms)
WHERE status IN ('awaiting_tweet', 'awaiting_confirmation', 'escrowed');

-- Every tweet root the matcher has decided on, whatever the outcome, so it is never read from X
-- again. `intent_id` is set when the tweet matched (or created) an intent.
CREATE TABLE payment_tweets (
  root_id TEXT PRIMARY KEY CHECK (length(root_id) BETWEEN 1 AND 20 AND root_id NOT GLOB '*[^0-9]*'),
  intent_id TEXT REFERENCES payment_intents (id),
  outcome TEXT NOT NULL CHECK (length(outcome) BETWEEN 1 AND 64),
  author_x_user_id TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('report', 'search', 'webhook')),
  decided_at_ms INTEGER NOT NULL CHECK (decided_at_ms >= 0)
) STRICT;

-- Every version id seen of a decided root: an id found here is known without asking X.
CREATE TABLE payment_tweet_versions (
  tweet_id TEXT PRIMARY KEY CHECK (length(tweet_id) BETWEEN 1 AND 20 AND tweet_id NOT GLOB '*[^0-9]*'),
  root_id TEXT NOT NULL REFERENCES payment_tweets (root_id)
) STRICT;

CREATE INDEX payment_tweet_versions_root ON payment_tweet_versions (root_id);
