-- Webhook deliveries already processed, so that a delivery sent again (X delivers at least once,
-- and anyone who captured one can replay it) costs no X reads and has no second effect.
-- A delivery is keyed by the SHA-256 of its raw body: X's signature covers exactly those bytes
-- and carries no timestamp, so the body is the delivery's identity. Exactly-once payments do not
-- rest on this table (the matcher keys every tweet on its edit root); it spares the work.
-- A row is written only once the delivery's tweets have all been handled; one that asked for a
-- retry is not recorded, so X's redelivery is processed again.
CREATE TABLE webhook_deliveries (
  body_sha256 TEXT PRIMARY KEY CHECK (length(body_sha256) = 64 AND body_sha256 NOT GLOB '*[^0-9a-f]*'),
  provider TEXT NOT NULL CHECK (provider IN ('x')),
  tweet_count INTEGER NOT NULL CHECK (tweet_count >= 0),
  received_at_ms INTEGER NOT NULL CHECK (received_at_ms >= 0)
) STRICT;

-- Old rows are pruned by age.
CREATE INDEX webhook_deliveries_received_at ON webhook_deliveries (received_at_ms);
