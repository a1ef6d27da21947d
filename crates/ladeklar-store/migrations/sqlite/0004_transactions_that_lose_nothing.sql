-- Transactions that lose nothing (issue 5).
-- Transaction messages we cannot match (a Stop for an unknown or foreign transaction, a
-- second Start on an occupied connector, MeterValues for a finished or unknown transaction)
-- are answered with a CALLRESULT and kept here for review. A retried message is one row.
CREATE TABLE quarantine (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    charger_id     TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    action         TEXT NOT NULL,
    transaction_id INTEGER,            -- the id in the message, or the one we answered with
    reason         TEXT NOT NULL,
    payload_json   TEXT NOT NULL
);
CREATE UNIQUE INDEX quarantine_once_per_content ON quarantine (charger_id, action, payload_json);

-- Meter anomalies found by core::meter_check (JSON array); a session with any is held from billing.
ALTER TABLE sessions ADD COLUMN meter_anomalies TEXT;
-- When the charger last sent a message about the session (receive time), for stuck detection.
ALTER TABLE sessions ADD COLUMN last_message_at TEXT;
