-- PostgreSQL: as migrations/sqlite/0013_charger_transfers.sql, with BIGINT and TEXT COLLATE "C".
-- The security extension's transfers (issue 13): a log upload (GetLog) or a signed firmware
-- update (SignedUpdateFirmware) an operator started, by charger, kind and the request id sent;
-- the charger's answer and every status notification after it (status, updated_at), and for
-- a log the upload token of its URL and the file it landed in under the data folder.
CREATE TABLE charger_transfers (
    charger_id     TEXT COLLATE "C" NOT NULL REFERENCES chargers(id),
    kind           TEXT COLLATE "C" NOT NULL,          -- log | firmware
    request_id     BIGINT NOT NULL,
    location       TEXT COLLATE "C" NOT NULL,          -- the URL the charger was given
    status         TEXT COLLATE "C" NOT NULL,          -- the answer, then each notification's status
    answer         TEXT COLLATE "C",                   -- the charger's answer to the call (Accepted, Rejected, …)
    requested_at   TEXT COLLATE "C" NOT NULL,
    updated_at     TEXT COLLATE "C" NOT NULL,
    file_name      TEXT COLLATE "C",                   -- GetLog's answer
    upload_token   TEXT COLLATE "C" UNIQUE,
    stored_file    TEXT COLLATE "C",                   -- where the upload landed (relative to the data folder)
    uploaded_bytes BIGINT,
    PRIMARY KEY (charger_id, kind, request_id)
);
