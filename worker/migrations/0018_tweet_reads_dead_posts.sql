-- Reads of tweets by id, counted once (X bills every tweet read). A row is a lease while one
-- arrival reads a tweet from X, or while the queue holds a post delivered in full: a second
-- arrival of the same id meanwhile waits for the first instead of reading it again. A tweet X
-- answered as not found is remembered briefly (a tweet reported a moment too early may appear
-- later, so never for long). Rows whose lease and memory are both over are pruned.
CREATE TABLE tweet_reads (
  tweet_id TEXT PRIMARY KEY CHECK (length(tweet_id) BETWEEN 1 AND 19 AND tweet_id NOT GLOB '*[^0-9]*'),
  leased_until_ms INTEGER NOT NULL DEFAULT 0 CHECK (leased_until_ms >= 0),
  not_found_until_ms INTEGER NOT NULL DEFAULT 0 CHECK (not_found_until_ms >= 0)
) STRICT;

CREATE INDEX tweet_reads_expiry ON tweet_reads (max(leased_until_ms, not_found_until_ms));

-- Queue messages that kept failing (the dead-letter queue's consumer writes them), kept for an
-- operator to look at: the message as it was sent, and how many times it was tried.
CREATE TABLE dead_posts (
  message_id TEXT PRIMARY KEY CHECK (length(message_id) BETWEEN 1 AND 128),
  tweet_id TEXT,
  source TEXT,
  body TEXT NOT NULL CHECK (length(body) <= 65536),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  received_at_ms INTEGER NOT NULL CHECK (received_at_ms >= 0)
) STRICT;

CREATE INDEX dead_posts_received_at ON dead_posts (received_at_ms);
