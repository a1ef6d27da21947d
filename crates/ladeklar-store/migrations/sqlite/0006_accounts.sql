-- Accounts and roles (issue 11): users and their roles, sign-in tokens, e-mailed links, the
-- security audit log, sign-in failures for the limiter. Secrets are never stored: a token or
-- link is kept as the hex SHA-256 of the random secret handed out.
CREATE TABLE users (
    id                TEXT PRIMARY KEY,          -- UUID
    email             TEXT NOT NULL,             -- as typed (domain lower-cased); '' once deleted
    email_key         TEXT NOT NULL UNIQUE,      -- lower-cased address; 'deleted:<id>' once deleted
    password_hash     TEXT,                      -- argon2id PHC string; NULL: none set yet
    email_verified_at TEXT,
    disabled_at       TEXT,
    deleted_at        TEXT,                      -- anonymised: the row stays for its sessions
    created_at        TEXT NOT NULL
);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id),
    role    TEXT NOT NULL,                       -- driver | technician | owner | support | admin
    scope   TEXT NOT NULL DEFAULT '',            -- owner: the owner's id; support: first | second | third
    PRIMARY KEY (user_id, role, scope)
);

CREATE TABLE auth_tokens (
    token_hash TEXT PRIMARY KEY,                 -- hex SHA-256 of the sign-in token
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX auth_tokens_by_user ON auth_tokens (user_id);

CREATE TABLE email_links (
    link_hash  TEXT PRIMARY KEY,                 -- hex SHA-256 of the link's secret
    user_id    TEXT NOT NULL REFERENCES users (id),
    purpose    TEXT NOT NULL,                    -- verify_email | reset_password
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    revoked_at TEXT
);
CREATE INDEX email_links_by_user ON email_links (user_id, purpose);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    actor_id TEXT,                               -- who did it; NULL: not signed in, the command line, the system
    user_id  TEXT,                               -- whose account it is about
    event    TEXT NOT NULL,                      -- sign_in_failed | locked_out | roles_changed | …
    detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_user ON audit_log (user_id, id);

CREATE TABLE sign_in_failures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_key TEXT NOT NULL,                   -- the lower-cased e-mail tried, known or not
    address     TEXT NOT NULL,                   -- the client's IP address
    at          TEXT NOT NULL
);
CREATE INDEX sign_in_failures_by_account ON sign_in_failures (account_key, at);
CREATE INDEX sign_in_failures_by_address ON sign_in_failures (address, at);

-- The driver's account of a session started signed in; NULL: started without one.
ALTER TABLE sessions ADD COLUMN user_id TEXT REFERENCES users (id);
