-- Charger registry and security (issue 5): a password per charger for HTTP Basic auth on the
-- WebSocket upgrade (OCPP 1.6 Security Profile 1), stored as a salted SHA-256 hash
-- ("sha256$<salt hex>$<digest hex>"), and the registry state that decides BootNotification.
ALTER TABLE chargers ADD COLUMN password_hash TEXT;
ALTER TABLE chargers ADD COLUMN registration TEXT NOT NULL DEFAULT 'accepted'; -- accepted | pending | rejected
