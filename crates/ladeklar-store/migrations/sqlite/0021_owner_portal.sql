-- Issue 19: a payout marked paid by an admin (core's `payout::mark_paid`): the day the money
-- went, the bank's reference and who marked it; `paid_at` is when it was marked.
ALTER TABLE payouts ADD COLUMN paid_on TEXT;
ALTER TABLE payouts ADD COLUMN reference TEXT;
ALTER TABLE payouts ADD COLUMN marked_by TEXT;
-- The owner's sessions list reads sessions by charger and time.
CREATE INDEX IF NOT EXISTS sessions_by_charger_requested ON sessions (charger_id, requested_at);
