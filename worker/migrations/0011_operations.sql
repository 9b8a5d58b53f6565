-- Operations: what /health reports about the world outside the ledger, and the Hashpay account's
-- own X tokens.

-- Counters and the last occurrence of operational events: X calls that succeeded, X's refusals by
-- kind, scheduled jobs that failed. One row per event name, updated in place; never money.
CREATE TABLE ops_events (
  name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
  count INTEGER NOT NULL CHECK (count >= 1),
  last_at_ms INTEGER NOT NULL CHECK (last_at_ms >= 0),
  -- What happened last time, for people (an operation and an error message), at most 500 characters.
  last_detail TEXT CHECK (last_detail IS NULL OR length(last_detail) <= 500)
) STRICT;

-- The Hashpay account's OAuth 2.0 token pair (receipt replies post as that account), linked once by
-- an operator and refreshed before it expires. Both tokens are stored encrypted (AES-GCM, a fresh
-- 96-bit IV each time, the key from the X_TOKEN_ENCRYPTION_KEY secret); `version` guards refreshes
-- so that two refreshes at once cannot both rotate the pair.
CREATE TABLE x_account_tokens (
  account TEXT PRIMARY KEY CHECK (account = 'hashpay'),
  x_user_id TEXT NOT NULL CHECK (length(x_user_id) BETWEEN 1 AND 19),
  access_token_sealed TEXT NOT NULL CHECK (length(access_token_sealed) BETWEEN 1 AND 4096),
  refresh_token_sealed TEXT NOT NULL CHECK (length(refresh_token_sealed) BETWEEN 1 AND 4096),
  access_expires_at_ms INTEGER NOT NULL CHECK (access_expires_at_ms >= 0),
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at_ms INTEGER NOT NULL CHECK (updated_at_ms >= 0)
) STRICT;

-- The pruning job deletes expired sessions by expiry (oauth_links has its index already).
CREATE INDEX sessions_expires_at ON sessions (expires_at_ms);
