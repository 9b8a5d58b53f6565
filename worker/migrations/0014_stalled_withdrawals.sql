-- The job that sends again withdrawals whose provider call failed on the network looks for the
-- oldest ones still reserved: a partial index keeps that read to those few rows.
CREATE INDEX withdrawals_reserved ON withdrawals (created_at_ms, id) WHERE status = 'reserved';
