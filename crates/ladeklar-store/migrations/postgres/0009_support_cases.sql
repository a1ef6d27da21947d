-- Support cases (issue 15): the case (core's `Case` as JSON, with the columns the queue and
-- the SLA job select on), its timeline, its photos, the SLA actions already taken (once
-- each, whichever server node takes it), and each site's SLA level.
ALTER TABLE sites ADD COLUMN sla_level TEXT COLLATE "C" NOT NULL DEFAULT 'Standard';

CREATE TABLE cases (
    id            TEXT COLLATE "C" PRIMARY KEY,               -- UUID
    number        BIGINT NOT NULL UNIQUE,        -- what the customer is told
    reporter_id   TEXT COLLATE "C" REFERENCES users (id),     -- NULL: registered by support
    site_id       TEXT COLLATE "C" NOT NULL REFERENCES sites (id),
    owner_id      TEXT COLLATE "C" NOT NULL,
    charger_id    TEXT COLLATE "C" REFERENCES chargers (id),
    connector_id  BIGINT,
    session_id    TEXT COLLATE "C",
    category      TEXT COLLATE "C" NOT NULL,                  -- core ReportCategory (snake_case)
    state         TEXT COLLATE "C" NOT NULL,                  -- core CaseState (snake_case)
    line          TEXT COLLATE "C",                           -- first | second | third; NULL: nobody's (waiting, closed)
    priority      TEXT COLLATE "C" NOT NULL,                  -- P1..P4
    sla_level     TEXT COLLATE "C" NOT NULL,
    opened_at     TEXT COLLATE "C" NOT NULL,
    updated_at    TEXT COLLATE "C" NOT NULL,
    due_at        TEXT COLLATE "C",                           -- the next SLA deadline not met yet (the queue's order)
    next_check_at TEXT COLLATE "C",                           -- when the SLA job looks again (core's next_check_at)
    remedy_check_at TEXT COLLATE "C",  -- when a remote remedy sent must have shown it worked
    version       BIGINT NOT NULL DEFAULT 0,     -- every write checks and bumps it
    case_json     TEXT COLLATE "C" NOT NULL,                  -- core::support::case::Case
    diagnosis_json TEXT COLLATE "C"                           -- core::support::fault::Diagnosis, when analysed
);
CREATE INDEX cases_by_due ON cases (due_at);
CREATE INDEX cases_by_check ON cases (next_check_at);
CREATE INDEX cases_by_remedy_check ON cases (remedy_check_at);
CREATE INDEX cases_by_reporter ON cases (reporter_id, opened_at);
CREATE INDEX cases_by_charger ON cases (charger_id, state);

CREATE TABLE case_events (
    case_id    TEXT COLLATE "C" NOT NULL REFERENCES cases (id),
    seq        BIGINT NOT NULL,
    at         TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL,                     -- transition | note | photo | remote_step | analysis | sla
    actor      TEXT COLLATE "C" NOT NULL,                     -- driver | system | first | second | third | …
    for_driver BIGINT NOT NULL,                  -- 1: shown to the reporter
    text       TEXT COLLATE "C" NOT NULL,
    data_json  TEXT COLLATE "C",
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_photos (
    id           TEXT COLLATE "C" PRIMARY KEY,                -- UUID
    case_id      TEXT COLLATE "C" NOT NULL REFERENCES cases (id),
    content_type TEXT COLLATE "C" NOT NULL,
    bytes        BIGINT NOT NULL,
    width        BIGINT NOT NULL,
    height       BIGINT NOT NULL,
    object_key   TEXT COLLATE "C" NOT NULL,
    thumb_key    TEXT COLLATE "C" NOT NULL,
    uploaded_at  TEXT COLLATE "C" NOT NULL,
    uploaded_by  TEXT COLLATE "C"
);
CREATE INDEX case_photos_by_case ON case_photos (case_id, uploaded_at);

CREATE TABLE case_sla_actions (
    action_key TEXT COLLATE "C" PRIMARY KEY,                  -- core DueAction::key
    case_id    TEXT COLLATE "C" NOT NULL REFERENCES cases (id),
    taken_at   TEXT COLLATE "C" NOT NULL
);
