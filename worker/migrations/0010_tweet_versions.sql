-- What became of a matched tweet after its decision: later versions (edits) and deletion.
--
-- A tweet's effects stay keyed on its edit root (0003); these columns say which version the
-- decision stands on and whether the newest version read still states the payment.
--   latest_version_id       the newest version read (ids grow with each edit); an older version
--                           never replaces it, so a stale answer from X cannot undo an edit.
--   latest_states_payment   1 while that version states the payment tied to the root (code,
--                           payee, amount, currency, pot hashtag); 0 once an edit no longer does.
--                           A settled payment whose latest version says 0 is shown as "edited
--                           after payment" instead of ✓.
--   editable_until_ms       the end of X's edit window (30 minutes from the first version seen):
--                           a root decided as "no valid code" is decided again on a later version
--                           only before it.
--   deleted_at_ms           when X said the tweet was deleted (webhook event or lookup).
ALTER TABLE payment_tweets ADD COLUMN latest_version_id TEXT CHECK (
  latest_version_id IS NULL OR (length(latest_version_id) BETWEEN 1 AND 20 AND latest_version_id NOT GLOB '*[^0-9]*')
);
ALTER TABLE payment_tweets ADD COLUMN latest_states_payment INTEGER NOT NULL DEFAULT 1 CHECK (latest_states_payment IN (0, 1));
ALTER TABLE payment_tweets ADD COLUMN editable_until_ms INTEGER;
ALTER TABLE payment_tweets ADD COLUMN deleted_at_ms INTEGER;

-- Roots decided before this migration stand on the version their intent shows, or on the root.
UPDATE payment_tweets SET latest_version_id = coalesce(
  (SELECT tweet_id FROM payment_intents WHERE payment_intents.tweet_root_id = payment_tweets.root_id),
  root_id
);
