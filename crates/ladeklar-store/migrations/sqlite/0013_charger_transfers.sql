-- The security extension's transfers (issue 13): a log upload (GetLog) or a signed firmware
-- update (SignedUpdateFirmware) an operator started, by charger, kind and the request id sent;
-- the charger's answer and every status notification after it (status, updated_at), and for
-- a log the upload token of its URL and the file it landed in under the data folder.
CREATE TABLE charger_transfers (
    charger_id     TEXT NOT NULL REFERENCES chargers(id),
    kind           TEXT NOT NULL,          -- log | firmware
    request_id     INTEGER NOT NULL,
    location       TEXT NOT NULL,          -- the URL the charger was given
    status         TEXT NOT NULL,          -- the answer, then each notification's status
    answer         TEXT,                   -- the charger's answer to the call (Accepted, Rejected, …)
    requested_at   TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    file_name      TEXT,                   -- GetLog's answer
    upload_token   TEXT UNIQUE,
    stored_file    TEXT,                   -- where the upload landed (relative to the data folder)
    uploaded_bytes INTEGER,
    PRIMARY KEY (charger_id, kind, request_id)
);
