-- Scheduled password rotation (OCPP 1.6 security extension): when the current password
-- became current, and when a next one was sent that the charger has not used yet. A password
-- from before this migration is taken as set when its charger was registered.
ALTER TABLE chargers ADD COLUMN password_set_at TEXT COLLATE "C";
ALTER TABLE chargers ADD COLUMN next_password_sent_at TEXT COLLATE "C";
UPDATE chargers SET password_set_at = registered_at WHERE password_hash IS NOT NULL;
