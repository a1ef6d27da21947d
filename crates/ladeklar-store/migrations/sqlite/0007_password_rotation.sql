-- OCPP Security Profiles 1–2: a new AuthorizationKey sent to a charger is kept beside the
-- current one until the charger connects with it (a lost answer never locks a charger out).
ALTER TABLE chargers ADD COLUMN next_password_hash TEXT;
