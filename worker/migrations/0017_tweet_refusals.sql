-- A posted tweet that meant to move a linked person's money and moved none, with why: the person
-- it concerns is told (the report's answer, the history), not only the matcher's log.
-- - `draft-altered`: a drafted tweet whose amount, payee or pot was changed before posting;
-- - `other-account`: a drafted tweet posted from an X account other than the payer's linked one;
-- - `unknown-payee`, `payee-suspended`, `payer-is-payee`: a hand-typed command naming no valid payee;
-- - `intent-closed`: a draft posted after it expired or was used;
-- - `pot-closed`, `pot-currency`, `organiser-cannot-contribute`: a pot that could not take it.
-- One row per decided root, written in the decision's own batch, and only while the decision says
-- this reason (a guarded INSERT), so a retry or a second source writes nothing new.
CREATE TABLE tweet_refusals (
  root_id TEXT PRIMARY KEY REFERENCES payment_tweets (root_id),
  user_id TEXT NOT NULL REFERENCES users (id),
  intent_id TEXT REFERENCES payment_intents (id),
  reason TEXT NOT NULL CHECK (reason IN (
    'draft-altered', 'other-account', 'unknown-payee', 'payee-suspended', 'payer-is-payee',
    'intent-closed', 'pot-closed', 'pot-currency', 'organiser-cannot-contribute'
  )),
  tweet_id TEXT NOT NULL CHECK (length(tweet_id) BETWEEN 1 AND 20 AND tweet_id NOT GLOB '*[^0-9]*'),
  -- The tweet's text as X gave it (the person's own words, shown back to them only).
  text TEXT NOT NULL CHECK (length(text) <= 4000),
  decided_at_ms INTEGER NOT NULL CHECK (decided_at_ms >= 0)
) STRICT;

CREATE INDEX tweet_refusals_user ON tweet_refusals (user_id, decided_at_ms DESC);
