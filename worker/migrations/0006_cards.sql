-- Cards, the card network's transactions, and the offer credits they earn.
--
-- The card number never reaches Hashpay: a card is the network's token and its last four digits.
-- Every transaction the network reports is kept once, keyed by the network's event id, so a
-- duplicated delivery has one effect; a refund that arrives before its purchase waits here and
-- counts when the purchase arrives. A credit is one per enrolment, and its status moves one way
-- only (pending -> posted | voided, posted -> reversed), which the trigger below enforces so that
-- a batch carrying a status change and a budget change can never apply twice.

-- One card per user. Both the user and the network token are unique.
CREATE TABLE cards (
  id TEXT PRIMARY KEY CHECK (id GLOB 'card_?*' AND length(id) <= 64),
  user_id TEXT NOT NULL UNIQUE REFERENCES users (id),
  network_token TEXT NOT NULL UNIQUE CHECK (length(network_token) BETWEEN 1 AND 128),
  last4 TEXT NOT NULL CHECK (length(last4) = 4 AND last4 NOT GLOB '*[^0-9]*'),
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0)
) STRICT;

-- Every purchase and refund received from the network, as received. `body_sha256` is the digest
-- of the event's canonical fields: the same event id with other fields is refused, not applied.
-- `applied_at_ms` is set once the event's effects are written; a redelivery of an event received
-- but never applied (the worker stopped half-way) applies it again, which is safe because every
-- effect is idempotent.
CREATE TABLE card_events (
  event_id TEXT PRIMARY KEY CHECK (length(event_id) BETWEEN 1 AND 128),
  type TEXT NOT NULL CHECK (type IN ('purchase', 'refund')),
  purchase_id TEXT NOT NULL CHECK (length(purchase_id) BETWEEN 1 AND 128),
  refund_id TEXT CHECK (refund_id IS NULL OR length(refund_id) BETWEEN 1 AND 128),
  card_token TEXT NOT NULL CHECK (length(card_token) BETWEEN 1 AND 128),
  merchant_id TEXT NOT NULL CHECK (length(merchant_id) BETWEEN 1 AND 64),
  amount_minor INTEGER NOT NULL CHECK (amount_minor BETWEEN 1 AND 9007199254740991),
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  occurred_at_ms INTEGER NOT NULL CHECK (occurred_at_ms >= 0),
  received_at_ms INTEGER NOT NULL CHECK (received_at_ms >= 0),
  body_sha256 TEXT NOT NULL CHECK (length(body_sha256) = 64 AND body_sha256 NOT GLOB '*[^0-9a-f]*'),
  applied_at_ms INTEGER,
  CONSTRAINT refund_id_on_refunds_only CHECK ((type = 'refund') = (refund_id IS NOT NULL))
) STRICT;

-- A purchase (and a refund) is reported once even if the network sent it under two event ids.
CREATE UNIQUE INDEX card_events_purchase ON card_events (purchase_id) WHERE type = 'purchase';
CREATE UNIQUE INDEX card_events_refund ON card_events (refund_id) WHERE type = 'refund';
CREATE INDEX card_events_refunds_of_purchase ON card_events (purchase_id, type);

-- Only `applied_at_ms` may change, and only from NULL.
CREATE TRIGGER card_events_are_immutable
BEFORE UPDATE ON card_events
WHEN OLD.applied_at_ms IS NOT NULL
  OR NEW.event_id IS NOT OLD.event_id OR NEW.type IS NOT OLD.type OR NEW.purchase_id IS NOT OLD.purchase_id
  OR NEW.refund_id IS NOT OLD.refund_id OR NEW.card_token IS NOT OLD.card_token
  OR NEW.merchant_id IS NOT OLD.merchant_id OR NEW.amount_minor IS NOT OLD.amount_minor
  OR NEW.currency IS NOT OLD.currency OR NEW.occurred_at_ms IS NOT OLD.occurred_at_ms
  OR NEW.body_sha256 IS NOT OLD.body_sha256
BEGIN
  SELECT RAISE(ABORT, 'cards: card events are immutable');
END;

-- One credit per enrolment. `pending_transfer_id` is the ledger's pending transfer offer fund ->
-- the user's rewards; it has no ledger timeout: the post-credits job posts it once `post_after_ms`
-- has passed. `minimum_spend_minor` is copied from the offer's terms so a refund is judged by the
-- terms the credit was earned under.
CREATE TABLE offer_credits (
  id TEXT PRIMARY KEY CHECK (id GLOB 'crd_?*' AND length(id) <= 64),
  enrolment_id TEXT NOT NULL UNIQUE REFERENCES offer_enrolments (id),
  offer_id TEXT NOT NULL REFERENCES offers (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  purchase_id TEXT NOT NULL CHECK (length(purchase_id) BETWEEN 1 AND 128),
  amount_minor INTEGER NOT NULL CHECK (amount_minor BETWEEN 1 AND 9007199254740991),
  minimum_spend_minor INTEGER NOT NULL CHECK (minimum_spend_minor BETWEEN 1 AND 9007199254740991),
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  status TEXT NOT NULL CHECK (status IN ('pending', 'posted', 'voided', 'reversed')),
  pending_transfer_id TEXT NOT NULL UNIQUE CHECK (length(pending_transfer_id) BETWEEN 1 AND 64),
  post_after_ms INTEGER NOT NULL CHECK (post_after_ms >= created_at_ms),
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0),
  posted_at_ms INTEGER,
  closed_at_ms INTEGER,
  -- Why a credit was voided or reversed: the purchase was refunded below the minimum spend, or
  -- the offer's fund could not pay it.
  closed_reason TEXT CHECK (closed_reason IS NULL OR closed_reason IN ('refunded', 'fund_short')),
  CONSTRAINT posted_at_once_posted CHECK ((status IN ('posted', 'reversed')) = (posted_at_ms IS NOT NULL)),
  CONSTRAINT closed_with_reason CHECK (
    (status IN ('voided', 'reversed')) = (closed_at_ms IS NOT NULL)
    AND (closed_at_ms IS NULL) = (closed_reason IS NULL)
  )
) STRICT;

-- The post-credits job's scan: open credits only, oldest due first.
CREATE INDEX offer_credits_due ON offer_credits (post_after_ms) WHERE status = 'pending';
CREATE INDEX offer_credits_purchase ON offer_credits (purchase_id);
CREATE INDEX offer_credits_offer_status ON offer_credits (offer_id, status);
CREATE INDEX offer_credits_user ON offer_credits (user_id, created_at_ms);

-- New credits start pending.
CREATE TRIGGER offer_credits_start_pending
BEFORE INSERT ON offer_credits
WHEN NEW.status <> 'pending'
BEGIN
  SELECT RAISE(ABORT, 'credits: a credit starts pending');
END;

-- One-way status changes; the same change twice aborts with a message naming the status, so a
-- caller racing another sees "already" and its batch (budget release included) is not applied.
CREATE TRIGGER offer_credits_status_moves_once
BEFORE UPDATE ON offer_credits
BEGIN
  SELECT RAISE(ABORT, 'credits: credit already posted') WHERE OLD.status = 'posted' AND NEW.status = 'posted';
  SELECT RAISE(ABORT, 'credits: credit already voided') WHERE OLD.status = 'voided';
  SELECT RAISE(ABORT, 'credits: credit already reversed') WHERE OLD.status = 'reversed';
  SELECT RAISE(ABORT, 'credits: invalid credit transition')
  WHERE NOT (
      (OLD.status = 'pending' AND NEW.status IN ('posted', 'voided'))
      OR (OLD.status = 'posted' AND NEW.status = 'reversed')
    )
    OR NEW.id IS NOT OLD.id OR NEW.enrolment_id IS NOT OLD.enrolment_id OR NEW.offer_id IS NOT OLD.offer_id
    OR NEW.user_id IS NOT OLD.user_id OR NEW.purchase_id IS NOT OLD.purchase_id
    OR NEW.amount_minor IS NOT OLD.amount_minor OR NEW.currency IS NOT OLD.currency
    OR NEW.pending_transfer_id IS NOT OLD.pending_transfer_id;
END;

CREATE TRIGGER offer_credits_are_never_deleted
BEFORE DELETE ON offer_credits
BEGIN
  SELECT RAISE(ABORT, 'credits: credits are never deleted');
END;
