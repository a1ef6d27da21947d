-- Token store (issue 5): RFID id tags with status, expiry and parent (group) tag.
CREATE TABLE id_tags (
    id_tag        TEXT COLLATE "C" PRIMARY KEY,          -- OCPP IdToken, at most 20 characters
    status        TEXT COLLATE "C" NOT NULL,             -- accepted | blocked | expired | invalid
    expiry        TEXT COLLATE "C",                      -- RFC 3339 UTC
    parent_id_tag TEXT COLLATE "C",
    updated_at    TEXT COLLATE "C" NOT NULL
);

-- Who started a session: the app (RemoteStartTransaction with an APP… tag or the driver's
-- own) or the charger (an RFID tag presented there).
ALTER TABLE sessions ADD COLUMN origin TEXT COLLATE "C" NOT NULL DEFAULT 'app';
UPDATE sessions SET origin = 'charger' WHERE requested_at = started_at;
