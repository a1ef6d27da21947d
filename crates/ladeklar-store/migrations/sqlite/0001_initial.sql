-- Owners, sites with their tariff, chargers and connectors; sessions and their meter samples.
-- Instants are RFC 3339 UTC text; money and energy are decimal text (exact).

CREATE TABLE owners (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    email TEXT NOT NULL
);

CREATE TABLE sites (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL REFERENCES owners (id),
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    city        TEXT NOT NULL,
    country     TEXT NOT NULL,
    lat         REAL NOT NULL,
    lon         REAL NOT NULL,
    time_zone   TEXT NOT NULL,
    tariff_json TEXT NOT NULL
);

CREATE TABLE chargers (
    id            TEXT PRIMARY KEY,           -- OCPP chargePointId
    site_id       TEXT NOT NULL REFERENCES sites (id),
    vendor        TEXT,
    model         TEXT,
    registered_at TEXT NOT NULL,
    last_boot_at  TEXT,
    last_heard_at TEXT
);

CREATE TABLE connectors (
    charger_id   TEXT NOT NULL REFERENCES chargers (id),
    connector_id INTEGER NOT NULL,
    standard     TEXT NOT NULL,
    power_type   TEXT NOT NULL,
    max_power_kw TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'unknown',
    error_code   TEXT,
    status_at    TEXT,
    PRIMARY KEY (charger_id, connector_id)
);

CREATE TABLE sessions (
    id             TEXT PRIMARY KEY,
    charger_id     TEXT NOT NULL REFERENCES chargers (id),
    connector_id   INTEGER NOT NULL,
    id_tag         TEXT NOT NULL,
    status         TEXT NOT NULL,
    requested_at   TEXT NOT NULL,
    started_at     TEXT,
    stopped_at     TEXT,
    transaction_id INTEGER UNIQUE,
    meter_start_wh INTEGER,
    meter_stop_wh  INTEGER,
    tariff_json    TEXT NOT NULL,
    time_zone      TEXT NOT NULL,
    failure_reason TEXT,
    stop_reason    TEXT,
    priced_json    TEXT
);

-- At most one session holds a connector at a time.
CREATE UNIQUE INDEX sessions_one_active_per_connector
    ON sessions (charger_id, connector_id) WHERE status IN ('pending', 'charging', 'stopping');

CREATE TABLE meter_samples (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    at         TEXT NOT NULL,
    energy_wh  TEXT NOT NULL,   -- delivered since session start
    power_w    TEXT,
    PRIMARY KEY (session_id, at)
);
