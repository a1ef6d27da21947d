-- Charger log (issue 5): every OCPP frame in and out and every connection event, per charger,
-- trimmed to the newest --charger-log-limit entries per charger.
CREATE TABLE charger_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    charger_id TEXT NOT NULL,
    at         TEXT NOT NULL,
    direction  TEXT NOT NULL,   -- in | out | event
    text       TEXT NOT NULL
);
CREATE INDEX charger_log_by_charger ON charger_log (charger_id, id);
