-- PostgreSQL: as migrations/sqlite/0018_field_visits.sql.
CREATE TABLE work_orders (
    id            TEXT COLLATE "C" PRIMARY KEY,
    case_id       TEXT COLLATE "C" NOT NULL REFERENCES cases (id),
    site_id       TEXT COLLATE "C" NOT NULL REFERENCES sites (id),
    owner_id      TEXT COLLATE "C" NOT NULL,
    technician_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    state         TEXT COLLATE "C" NOT NULL,
    starts_at     TEXT COLLATE "C" NOT NULL,
    ends_at       TEXT COLLATE "C" NOT NULL,
    created_at    TEXT COLLATE "C" NOT NULL,
    updated_at    TEXT COLLATE "C" NOT NULL,
    version       BIGINT NOT NULL DEFAULT 0,
    order_json    TEXT COLLATE "C" NOT NULL
);
CREATE INDEX work_orders_by_technician ON work_orders (technician_id, starts_at);
CREATE INDEX work_orders_by_site ON work_orders (site_id, starts_at);
CREATE INDEX work_orders_by_case ON work_orders (case_id);

CREATE TABLE visit_reports (
    client_id     TEXT COLLATE "C" PRIMARY KEY,
    work_order_id TEXT COLLATE "C" NOT NULL REFERENCES work_orders (id),
    body_sha256   TEXT COLLATE "C" NOT NULL,
    body_json     TEXT COLLATE "C" NOT NULL,
    outcome       TEXT COLLATE "C" NOT NULL,
    why           TEXT COLLATE "C",
    received_at   TEXT COLLATE "C" NOT NULL,
    received_by   TEXT COLLATE "C" NOT NULL
);
CREATE INDEX visit_reports_by_order ON visit_reports (work_order_id, received_at);
CREATE INDEX visit_reports_kept ON visit_reports (outcome, received_at);

CREATE TABLE work_order_photos (
    work_order_id TEXT COLLATE "C" NOT NULL REFERENCES work_orders (id),
    client_id     TEXT COLLATE "C" NOT NULL,
    photo_id      TEXT COLLATE "C" NOT NULL REFERENCES case_photos (id),
    PRIMARY KEY (work_order_id, client_id)
);

CREATE TABLE verification_runs (
    id            TEXT COLLATE "C" PRIMARY KEY,
    work_order_id TEXT COLLATE "C" NOT NULL REFERENCES work_orders (id),
    at            TEXT COLLATE "C" NOT NULL,
    run_json      TEXT COLLATE "C" NOT NULL
);
CREATE INDEX verification_runs_by_order ON verification_runs (work_order_id, at);

CREATE TABLE connector_status_history (
    charger_id   TEXT COLLATE "C" NOT NULL,
    connector_id BIGINT NOT NULL,
    at           TEXT COLLATE "C" NOT NULL,
    status       TEXT COLLATE "C" NOT NULL
);
CREATE INDEX connector_status_history_by_charger ON connector_status_history (charger_id, at);
CREATE FUNCTION record_connector_status() RETURNS trigger AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO connector_status_history (charger_id, connector_id, at, status)
        VALUES (NEW.charger_id, NEW.connector_id,
                COALESCE(NEW.status_at, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
                NEW.status);
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER connectors_status_history AFTER UPDATE OF status ON connectors
    FOR EACH ROW EXECUTE FUNCTION record_connector_status();
