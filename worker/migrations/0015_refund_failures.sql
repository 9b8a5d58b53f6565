-- A refund can fail after it was made (the card was closed): the provider puts its money back
-- in our balance, and the worker gives it back to the wallet it took it from. That reversal is a
-- money-back row of its own, `refund_failed`, keyed `<refund id>:failed`. SQLite cannot change a
-- CHECK in place: the table is rebuilt with the wider list and its rows copied as they are.
-- Top-ups also remember the part of a payment the worker sent back because it arrived above an
-- unverified wallet's cap (`excess_minor`, decided once, so a redelivered event refunds the same).
CREATE TABLE money_backs_next (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
  kind TEXT NOT NULL CHECK (kind IN ('refund', 'refund_failed', 'dispute', 'dispute_won')),
  user_id TEXT NOT NULL REFERENCES users (id),
  top_up_id TEXT NOT NULL REFERENCES top_ups (id),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 1),
  created_at_ms INTEGER NOT NULL
) STRICT;

INSERT INTO money_backs_next (id, kind, user_id, top_up_id, currency, amount_minor, created_at_ms)
SELECT id, kind, user_id, top_up_id, currency, amount_minor, created_at_ms FROM money_backs;

DROP TABLE money_backs;
ALTER TABLE money_backs_next RENAME TO money_backs;
CREATE INDEX money_backs_user ON money_backs (user_id, created_at_ms);

ALTER TABLE top_ups ADD COLUMN excess_minor INTEGER CHECK (excess_minor IS NULL OR excess_minor >= 0);
