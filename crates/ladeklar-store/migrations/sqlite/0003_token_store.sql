-- Token store (issue 5): RFID id tags with status, expiry and parent (group) tag.
CREATE TABLE id_tags (
    id_tag        TEXT PRIMARY KEY,          -- OCPP IdToken, at most 20 characters
    status        TEXT NOT NULL,             -- accepted | blocked | expired | invalid
    expiry        TEXT,                      -- RFC 3339 UTC
    parent_id_tag TEXT,
    updated_at    TEXT NOT NULL
);

-- Who started a session: the app (RemoteStartTransaction with an APP… tag or the driver's
-- own) or the charger (an RFID tag presented there).
ALTER TABLE sessions ADD COLUMN origin TEXT NOT NULL DEFAULT 'app';
UPDATE sessions SET origin = 'charger' WHERE requested_at = started_at;
