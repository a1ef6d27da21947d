-- PostgreSQL: as migrations/sqlite/0012_charger_certificates.sql, with BIGINT and TEXT COLLATE "C".
-- OCPP 1.6 Security Profile 3 (issue 13): a charger's stored security profile (1–3, the
-- highest it has connected with: core's charger_security, never lowered by the charger; NULL
-- before its first connection) and the client certificates the platform's charging-station
-- CA issued, by serial (lower-case hex), with their revocation.
ALTER TABLE chargers ADD COLUMN security_profile BIGINT;
CREATE TABLE charger_certificates (
    serial       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    charger_id   TEXT COLLATE "C" NOT NULL REFERENCES chargers(id),
    issued_at    TEXT COLLATE "C" NOT NULL,
    not_after    TEXT COLLATE "C" NOT NULL,
    revoked_at   TEXT COLLATE "C",
    certificate_pem TEXT COLLATE "C" NOT NULL
);
CREATE INDEX charger_certificates_by_charger ON charger_certificates (charger_id);
