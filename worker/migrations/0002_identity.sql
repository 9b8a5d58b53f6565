-- Identity: users keyed by X user id, the OAuth 2.0 links that prove an X account, the
-- extension's sessions, and the since_id cursors of X searches.
--
-- Secrets are never stored in the clear: OAuth states, claim secrets and session tokens are
-- kept as SHA-256 hex digests, so a copy of the database cannot be replayed as a login.
-- Times are integers in milliseconds since the epoch.

-- One row per X account ever linked. `id` is ours and is what the ledger keys wallets by;
-- handles change on X, so a user is found by `x_user_id`, and `username` is refreshed on every
-- link. Unlinking clears the display data and keeps the row (and the X user id), so the
-- ledger's accounts stay owned and a relink finds the same wallet.
CREATE TABLE users (
  id TEXT PRIMARY KEY CHECK (id GLOB 'usr_?*' AND length(id) <= 64),
  x_user_id TEXT NOT NULL UNIQUE CHECK (
    length(x_user_id) BETWEEN 1 AND 20 AND x_user_id NOT GLOB '*[^0-9]*' AND x_user_id NOT GLOB '0?*'
  ),
  username TEXT CHECK (username IS NULL OR (length(username) BETWEEN 1 AND 15 AND username NOT GLOB '*[^A-Za-z0-9_]*')),
  name TEXT CHECK (name IS NULL OR length(name) <= 100),
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0),
  updated_at_ms INTEGER NOT NULL CHECK (updated_at_ms >= created_at_ms),
  unlinked_at_ms INTEGER CHECK (unlinked_at_ms IS NULL OR unlinked_at_ms >= created_at_ms),
  -- A linked user has a handle; an unlinked one has no display data left.
  CONSTRAINT linked_users_have_a_username CHECK (
    (unlinked_at_ms IS NULL AND username IS NOT NULL AND name IS NOT NULL)
    OR (unlinked_at_ms IS NOT NULL AND username IS NULL AND name IS NULL)
  )
) STRICT;

-- Handles compare case-insensitively on X.
CREATE INDEX users_username ON users (lower(username)) WHERE username IS NOT NULL;

-- One row per "link my X account" attempt, from the extension's start to its claim.
--   pending     -> the user is on X's consent page
--   authorizing -> the callback consumed the state (single use) and is talking to X
--   completed   -> the X account is proven; the extension may claim a session once
--   failed      -> declined on X, or X could not be reached; start again
--   claimed     -> the session was handed out
CREATE TABLE oauth_links (
  id TEXT PRIMARY KEY CHECK (id GLOB 'lnk_?*' AND length(id) <= 64),
  state_hash TEXT NOT NULL UNIQUE CHECK (length(state_hash) = 64 AND state_hash NOT GLOB '*[^0-9a-f]*'),
  -- The PKCE verifier has to be sent to X as is; it is erased once the callback used it.
  code_verifier TEXT NOT NULL CHECK (length(code_verifier) <= 128),
  claim_secret_hash TEXT NOT NULL CHECK (length(claim_secret_hash) = 64 AND claim_secret_hash NOT GLOB '*[^0-9a-f]*'),
  status TEXT NOT NULL CHECK (status IN ('pending', 'authorizing', 'completed', 'failed', 'claimed')),
  failure TEXT CHECK (failure IS NULL OR length(failure) <= 64),
  user_id TEXT REFERENCES users (id),
  session_id TEXT UNIQUE,
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0),
  expires_at_ms INTEGER NOT NULL CHECK (expires_at_ms > created_at_ms),
  completed_at_ms INTEGER,
  claimed_at_ms INTEGER,
  CONSTRAINT completed_links_name_their_user CHECK (status NOT IN ('completed', 'claimed') OR user_id IS NOT NULL),
  CONSTRAINT claimed_links_name_their_session CHECK ((status = 'claimed') = (session_id IS NOT NULL))
) STRICT;

CREATE INDEX oauth_links_expires_at ON oauth_links (expires_at_ms);

-- The extension's sessions. Only the SHA-256 of the bearer token is stored.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY CHECK (id GLOB 'ses_?*' AND length(id) <= 64),
  user_id TEXT NOT NULL REFERENCES users (id),
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0),
  expires_at_ms INTEGER NOT NULL CHECK (expires_at_ms > created_at_ms),
  revoked_at_ms INTEGER CHECK (revoked_at_ms IS NULL OR revoked_at_ms >= created_at_ms)
) STRICT;

CREATE INDEX sessions_user_id ON sessions (user_id);

-- Where each polled X search stream resumes: the newest tweet id already seen. Ids are
-- decimal strings (they exceed 2^53); with no leading zeros, a longer id is a larger one.
CREATE TABLE x_cursors (
  stream TEXT PRIMARY KEY CHECK (length(stream) BETWEEN 1 AND 64),
  since_id TEXT NOT NULL CHECK (
    length(since_id) BETWEEN 1 AND 20 AND since_id NOT GLOB '*[^0-9]*' AND since_id NOT GLOB '0?*'
  ),
  -- A window a truncated round left unread (older than what it read, newer than the cursor it
  -- started from): later rounds read it down to the end before it is forgotten.
  backlog_since_id TEXT CHECK (backlog_since_id IS NULL OR backlog_since_id NOT GLOB '*[^0-9]*'),
  backlog_until_id TEXT CHECK (backlog_until_id IS NULL OR backlog_until_id NOT GLOB '*[^0-9]*'),
  updated_at_ms INTEGER NOT NULL CHECK (updated_at_ms >= 0),
  CONSTRAINT backlog_is_a_window CHECK ((backlog_since_id IS NULL) = (backlog_until_id IS NULL))
) STRICT;
