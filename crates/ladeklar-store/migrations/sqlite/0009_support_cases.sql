-- Support cases (issue 15): the case (core's `Case` as JSON, with the columns the queue and
-- the SLA job select on), its timeline, its photos, the SLA actions already taken (once
-- each, whichever server node takes it), and each site's SLA level.
ALTER TABLE sites ADD COLUMN sla_level TEXT NOT NULL DEFAULT 'Standard';

CREATE TABLE cases (
    id            TEXT PRIMARY KEY,               -- UUID
    number        INTEGER NOT NULL UNIQUE,        -- what the customer is told
    reporter_id   TEXT REFERENCES users (id),     -- NULL: registered by support
    site_id       TEXT NOT NULL REFERENCES sites (id),
    owner_id      TEXT NOT NULL,
    charger_id    TEXT REFERENCES chargers (id),
    connector_id  INTEGER,
    session_id    TEXT,
    category      TEXT NOT NULL,                  -- core ReportCategory (snake_case)
    state         TEXT NOT NULL,                  -- core CaseState (snake_case)
    line          TEXT,                           -- first | second | third; NULL: nobody's (waiting, closed)
    priority      TEXT NOT NULL,                  -- P1..P4
    sla_level     TEXT NOT NULL,
    opened_at     TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    due_at        TEXT,                           -- the next SLA deadline not met yet (the queue's order)
    next_check_at TEXT,                           -- when the SLA job looks again (core's next_check_at)
    remedy_check_at TEXT,              -- when a remote remedy sent must have shown it worked
    version       INTEGER NOT NULL DEFAULT 0,     -- every write checks and bumps it
    case_json     TEXT NOT NULL,                  -- core::support::case::Case
    diagnosis_json TEXT                           -- core::support::fault::Diagnosis, when analysed
);
CREATE INDEX cases_by_due ON cases (due_at);
CREATE INDEX cases_by_check ON cases (next_check_at);
CREATE INDEX cases_by_remedy_check ON cases (remedy_check_at);
CREATE INDEX cases_by_reporter ON cases (reporter_id, opened_at);
CREATE INDEX cases_by_charger ON cases (charger_id, state);

CREATE TABLE case_events (
    case_id    TEXT NOT NULL REFERENCES cases (id),
    seq        INTEGER NOT NULL,
    at         TEXT NOT NULL,
    kind       TEXT NOT NULL,                     -- transition | note | photo | remote_step | analysis | sla
    actor      TEXT NOT NULL,                     -- driver | system | first | second | third | …
    for_driver INTEGER NOT NULL,                  -- 1: shown to the reporter
    text       TEXT NOT NULL,
    data_json  TEXT,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_photos (
    id           TEXT PRIMARY KEY,                -- UUID
    case_id      TEXT NOT NULL REFERENCES cases (id),
    content_type TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    object_key   TEXT NOT NULL,
    thumb_key    TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL,
    uploaded_by  TEXT
);
CREATE INDEX case_photos_by_case ON case_photos (case_id, uploaded_at);

CREATE TABLE case_sla_actions (
    action_key TEXT PRIMARY KEY,                  -- core DueAction::key
    case_id    TEXT NOT NULL REFERENCES cases (id),
    taken_at   TEXT NOT NULL
);
