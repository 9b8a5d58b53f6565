-- A merchant's own tweet carrying its offer's hashtag enrols no one: the claim is refused with
-- `merchant-own-offer`. SQLite cannot change a CHECK in place, so `offer_claim_tweets` is rebuilt
-- with the new outcome allowed and its rows copied as they are.

CREATE TABLE offer_claim_tweets_next (
  root_id TEXT PRIMARY KEY REFERENCES payment_tweets (root_id) DEFERRABLE INITIALLY DEFERRED,
  offer_id TEXT NOT NULL REFERENCES offers (id),
  user_id TEXT REFERENCES users (id),
  outcome TEXT NOT NULL CHECK (outcome IN (
    'enrolled', 'offer-ended', 'enrol-by-passed', 'fully-redeemed', 'already-claimed', 'author-not-linked',
    'offer-paused', 'merchant-own-offer'
  )),
  decided_at_ms INTEGER NOT NULL CHECK (decided_at_ms >= 0)
) STRICT;

INSERT INTO offer_claim_tweets_next (root_id, offer_id, user_id, outcome, decided_at_ms)
SELECT root_id, offer_id, user_id, outcome, decided_at_ms FROM offer_claim_tweets;

DROP TABLE offer_claim_tweets;

ALTER TABLE offer_claim_tweets_next RENAME TO offer_claim_tweets;
