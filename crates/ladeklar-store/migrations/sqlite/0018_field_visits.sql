-- Field visits (issue 18): work orders (core's `field::work_order::WorkOrder` as JSON, with
-- the columns the technician's list and the service card select on), the visit reports the
-- phones send (keyed by the id the phone made, so a report synced twice is applied once;
-- a report whose case moved on meanwhile is kept here for 3rd line, never lost), the photos
-- uploaded for a work order (stored as the case's photos; the phone's id makes a repeated
-- upload one photo), the verification runs (live status and test charge), and each
-- connector's status history for the SLA report's uptime.
CREATE TABLE work_orders (
    id            TEXT PRIMARY KEY,                 -- UUID
    case_id       TEXT NOT NULL REFERENCES cases (id),
    site_id       TEXT NOT NULL REFERENCES sites (id),
    owner_id      TEXT NOT NULL,
    technician_id TEXT NOT NULL REFERENCES users (id),
    state         TEXT NOT NULL,                    -- core WorkOrderState (snake_case)
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0,       -- every write checks and bumps it
    order_json    TEXT NOT NULL
);
CREATE INDEX work_orders_by_technician ON work_orders (technician_id, starts_at);
CREATE INDEX work_orders_by_site ON work_orders (site_id, starts_at);
CREATE INDEX work_orders_by_case ON work_orders (case_id);

CREATE TABLE visit_reports (
    client_id     TEXT PRIMARY KEY,                 -- made by the phone
    work_order_id TEXT NOT NULL REFERENCES work_orders (id),
    body_sha256   TEXT NOT NULL,                    -- the report as received, to tell a repeat from a different report
    body_json     TEXT NOT NULL,
    outcome       TEXT NOT NULL,                    -- applied | kept_for_third_line
    why           TEXT,
    received_at   TEXT NOT NULL,
    received_by   TEXT NOT NULL
);
CREATE INDEX visit_reports_by_order ON visit_reports (work_order_id, received_at);
CREATE INDEX visit_reports_kept ON visit_reports (outcome, received_at);

CREATE TABLE work_order_photos (
    work_order_id TEXT NOT NULL REFERENCES work_orders (id),
    client_id     TEXT NOT NULL,                    -- made by the phone
    photo_id      TEXT NOT NULL REFERENCES case_photos (id),
    PRIMARY KEY (work_order_id, client_id)
);

CREATE TABLE verification_runs (
    id            TEXT PRIMARY KEY,                 -- UUID
    work_order_id TEXT NOT NULL REFERENCES work_orders (id),
    at            TEXT NOT NULL,
    run_json      TEXT NOT NULL                     -- status, test charge, core's Verification
);
CREATE INDEX verification_runs_by_order ON verification_runs (work_order_id, at);

-- Each connector's status changes, written by the database when `connectors.status` changes
-- (the StatusNotification path is not touched).
CREATE TABLE connector_status_history (
    charger_id   TEXT NOT NULL,
    connector_id INTEGER NOT NULL,
    at           TEXT NOT NULL,
    status       TEXT NOT NULL
);
CREATE INDEX connector_status_history_by_charger ON connector_status_history (charger_id, at);
CREATE TRIGGER connectors_status_history AFTER UPDATE OF status ON connectors
    WHEN OLD.status IS NOT NEW.status
BEGIN
    INSERT INTO connector_status_history (charger_id, connector_id, at, status)
    VALUES (NEW.charger_id, NEW.connector_id, COALESCE(NEW.status_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), NEW.status);
END;
