-- PostgreSQL: the same schema as migrations/sqlite, with BIGINT for integers (read as i64),
-- DOUBLE PRECISION for REAL, and TEXT COLLATE "C" so text compares and sorts bytewise, as on
-- SQLite (instants are RFC 3339 text whose byte order is time order).
-- Owners, sites with their tariff, chargers and connectors; sessions and their meter samples.
-- Instants are RFC 3339 UTC text; money and energy are decimal text (exact).

CREATE TABLE owners (
    id    TEXT COLLATE "C" PRIMARY KEY,
    name  TEXT COLLATE "C" NOT NULL,
    email TEXT COLLATE "C" NOT NULL
);

CREATE TABLE sites (
    id          TEXT COLLATE "C" PRIMARY KEY,
    owner_id    TEXT COLLATE "C" NOT NULL REFERENCES owners (id),
    name        TEXT COLLATE "C" NOT NULL,
    address     TEXT COLLATE "C" NOT NULL,
    city        TEXT COLLATE "C" NOT NULL,
    country     TEXT COLLATE "C" NOT NULL,
    lat         DOUBLE PRECISION NOT NULL,
    lon         DOUBLE PRECISION NOT NULL,
    time_zone   TEXT COLLATE "C" NOT NULL,
    tariff_json TEXT COLLATE "C" NOT NULL
);

CREATE TABLE chargers (
    id            TEXT COLLATE "C" PRIMARY KEY,           -- OCPP chargePointId
    site_id       TEXT COLLATE "C" NOT NULL REFERENCES sites (id),
    vendor        TEXT COLLATE "C",
    model         TEXT COLLATE "C",
    registered_at TEXT COLLATE "C" NOT NULL,
    last_boot_at  TEXT COLLATE "C",
    last_heard_at TEXT COLLATE "C"
);

CREATE TABLE connectors (
    charger_id   TEXT COLLATE "C" NOT NULL REFERENCES chargers (id),
    connector_id BIGINT NOT NULL,
    standard     TEXT COLLATE "C" NOT NULL,
    power_type   TEXT COLLATE "C" NOT NULL,
    max_power_kw TEXT COLLATE "C" NOT NULL,
    status       TEXT COLLATE "C" NOT NULL DEFAULT 'unknown',
    error_code   TEXT COLLATE "C",
    status_at    TEXT COLLATE "C",
    PRIMARY KEY (charger_id, connector_id)
);

CREATE TABLE sessions (
    id             TEXT COLLATE "C" PRIMARY KEY,
    charger_id     TEXT COLLATE "C" NOT NULL REFERENCES chargers (id),
    connector_id   BIGINT NOT NULL,
    id_tag         TEXT COLLATE "C" NOT NULL,
    status         TEXT COLLATE "C" NOT NULL,
    requested_at   TEXT COLLATE "C" NOT NULL,
    started_at     TEXT COLLATE "C",
    stopped_at     TEXT COLLATE "C",
    transaction_id BIGINT UNIQUE,
    meter_start_wh BIGINT,
    meter_stop_wh  BIGINT,
    tariff_json    TEXT COLLATE "C" NOT NULL,
    time_zone      TEXT COLLATE "C" NOT NULL,
    failure_reason TEXT COLLATE "C",
    stop_reason    TEXT COLLATE "C",
    priced_json    TEXT COLLATE "C"
);

-- At most one session holds a connector at a time.
CREATE UNIQUE INDEX sessions_one_active_per_connector
    ON sessions (charger_id, connector_id) WHERE status IN ('pending', 'charging', 'stopping');

CREATE TABLE meter_samples (
    session_id TEXT COLLATE "C" NOT NULL REFERENCES sessions (id),
    at         TEXT COLLATE "C" NOT NULL,
    energy_wh  TEXT COLLATE "C" NOT NULL,   -- delivered since session start
    power_w    TEXT COLLATE "C",
    PRIMARY KEY (session_id, at)
);
