-- The words of a hand-typed command the amount was read from (`10 € 50`, `vingt euros`), shown
-- next to the amount in the confirmation window so a misreading is seen before money moves.
-- Drafted intents read them from their tweet's text; older rows have none.
ALTER TABLE payment_intents ADD COLUMN amount_text TEXT
  CHECK (amount_text IS NULL OR length(amount_text) BETWEEN 1 AND 64);
