-- Merchant offers claimed by hashtag: merchants, their offers, and the users enrolled in them.
--
-- The rules live here, where a concurrent writer cannot skip them:
-- - a hashtag names one live offer at a time (`offer_hashtags`, keyed on the hashtag folded to
--   lower case; a new offer takes the key only once the previous holder's enrol-by has passed);
-- - a user enrols in an offer once (`offer_enrolments` UNIQUE (user_id, offer_id));
-- - an offer never pays more credits than its budget (`credits_used <= budget_credits`): the
--   statement that books a credit increments the counter in the credit's own batch, and the CHECK
--   makes the whole batch fail once the budget is used up;
-- - a claim tweet is decided once: its row hangs off the matcher's `payment_tweets` root (0003).
-- Amounts are integers in minor units; times are milliseconds since the epoch.

CREATE TABLE merchants (
  id TEXT PRIMARY KEY CHECK (id GLOB 'mer_*' AND length(id) = 26),
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  x_username TEXT CHECK (x_username IS NULL OR length(x_username) BETWEEN 1 AND 15),
  -- SHA-256 of the API key in lowercase hex; the key itself is shown once and never stored.
  api_key_hash TEXT NOT NULL UNIQUE CHECK (length(api_key_hash) = 64 AND api_key_hash NOT GLOB '*[^0-9a-f]*'),
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0)
) STRICT;

-- The card-network acceptor ids a merchant's stores use; each belongs to one merchant.
CREATE TABLE merchant_card_ids (
  card_merchant_id TEXT PRIMARY KEY CHECK (length(card_merchant_id) BETWEEN 1 AND 64),
  merchant_id TEXT NOT NULL REFERENCES merchants (id)
) STRICT;

CREATE INDEX merchant_card_ids_merchant ON merchant_card_ids (merchant_id);

CREATE TABLE offers (
  id TEXT PRIMARY KEY CHECK (id GLOB 'of_*' AND length(id) = 25),
  merchant_id TEXT NOT NULL REFERENCES merchants (id),
  -- The merchant's idempotency key for the creation request.
  request_id TEXT NOT NULL CHECK (length(request_id) BETWEEN 16 AND 64),
  hashtag TEXT NOT NULL CHECK (length(hashtag) BETWEEN 1 AND 160),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 80),
  minimum_spend_minor INTEGER NOT NULL CHECK (minimum_spend_minor BETWEEN 1 AND 100000000),
  credit_minor INTEGER NOT NULL CHECK (credit_minor BETWEEN 1 AND 100000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  enrol_by_ms INTEGER NOT NULL,
  spend_by_ms INTEGER NOT NULL,
  budget_credits INTEGER NOT NULL CHECK (budget_credits BETWEEN 1 AND 1000000),
  -- Credits pending or posted; a credit voided while pending gives its place back.
  credits_used INTEGER NOT NULL DEFAULT 0,
  paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  -- Set once the offer's fund holds budget_credits × credit_minor; unfunded offers take no claims.
  funded_at_ms INTEGER,
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0),
  updated_at_ms INTEGER NOT NULL CHECK (updated_at_ms >= created_at_ms),
  CONSTRAINT credit_within_minimum_spend CHECK (credit_minor <= minimum_spend_minor),
  CONSTRAINT windows_in_order CHECK (created_at_ms <= enrol_by_ms AND enrol_by_ms <= spend_by_ms),
  CONSTRAINT credits_within_budget CHECK (credits_used BETWEEN 0 AND budget_credits),
  UNIQUE (merchant_id, request_id)
) STRICT;

CREATE INDEX offers_merchant ON offers (merchant_id, created_at_ms);
CREATE INDEX offers_enrol_by ON offers (enrol_by_ms);

-- Which offer a hashtag names. Claims look offers up here; creating an offer takes the key in
-- one statement that succeeds only if the key is free or its holder's enrol-by has passed.
CREATE TABLE offer_hashtags (
  hashtag_key TEXT PRIMARY KEY CHECK (length(hashtag_key) BETWEEN 1 AND 160),
  offer_id TEXT NOT NULL UNIQUE REFERENCES offers (id) DEFERRABLE INITIALLY DEFERRED,
  enrol_by_ms INTEGER NOT NULL
) STRICT;

-- The card-network acceptor ids whose purchases count for an offer.
CREATE TABLE offer_card_merchant_ids (
  offer_id TEXT NOT NULL REFERENCES offers (id),
  card_merchant_id TEXT NOT NULL REFERENCES merchant_card_ids (card_merchant_id),
  PRIMARY KEY (card_merchant_id, offer_id)
) STRICT;

CREATE INDEX offer_card_merchant_ids_offer ON offer_card_merchant_ids (offer_id);

CREATE TABLE offer_enrolments (
  id TEXT PRIMARY KEY CHECK (id GLOB 'enr_*' AND length(id) = 26),
  offer_id TEXT NOT NULL REFERENCES offers (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  -- The claim tweet's edit-history root.
  tweet_root_id TEXT NOT NULL UNIQUE,
  enrolled_at_ms INTEGER NOT NULL CHECK (enrolled_at_ms >= 0),
  UNIQUE (user_id, offer_id)
) STRICT;

CREATE INDEX offer_enrolments_offer ON offer_enrolments (offer_id, enrolled_at_ms);

-- What each claim tweet did: enrolled its author, or was refused with a reason. One row per root,
-- written in the same batch as the matcher's decision.
CREATE TABLE offer_claim_tweets (
  root_id TEXT PRIMARY KEY REFERENCES payment_tweets (root_id) DEFERRABLE INITIALLY DEFERRED,
  offer_id TEXT NOT NULL REFERENCES offers (id),
  user_id TEXT REFERENCES users (id),
  outcome TEXT NOT NULL CHECK (outcome IN (
    'enrolled', 'offer-ended', 'enrol-by-passed', 'fully-redeemed', 'already-claimed', 'author-not-linked',
    'offer-paused'
  )),
  decided_at_ms INTEGER NOT NULL CHECK (decided_at_ms >= 0)
) STRICT;
