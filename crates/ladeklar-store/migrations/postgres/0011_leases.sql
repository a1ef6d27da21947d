-- PostgreSQL: as migrations/sqlite/0011_leases.sql, with TEXT COLLATE "C".
-- Leases (issue 12): a background job that must run once across server nodes is run by the
-- node holding its lease (holder = node id) until expires_at (RFC 3339 UTC text); a node
-- renews its lease every few seconds, and another takes it over once it has expired.
CREATE TABLE leases (
    name       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    holder     TEXT COLLATE "C" NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL
);
