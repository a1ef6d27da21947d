-- Self-billing statements (issue 19): each month, per owner, a statement of the sessions paid
-- that month and a credit note of the payments refunded that month, numbered in one unbroken
-- sequence per owner; a payout record per document. The owner's organisation number and
-- time zone (the statement month's bounds); when each payment was taken and refunded.
ALTER TABLE owners ADD COLUMN org_number TEXT;                       -- core OrgNumber, digits only
ALTER TABLE owners ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Oslo';

ALTER TABLE payments ADD COLUMN paid_at TEXT;                        -- when it became captured
ALTER TABLE payments ADD COLUMN refunded_at TEXT;                    -- when it became refunded
UPDATE payments SET paid_at = updated_at WHERE state IN ('captured', 'refunded');
UPDATE payments SET refunded_at = updated_at WHERE state = 'refunded';
CREATE INDEX payments_by_paid_at ON payments (paid_at);
CREATE INDEX payments_by_refunded_at ON payments (refunded_at);

-- The last number given per owner: its row is the owner's lock while a document is issued,
-- and is raised in the transaction that writes the document (no gap, no repeat).
CREATE TABLE statement_counters (
    owner_id    TEXT PRIMARY KEY REFERENCES owners (id),
    last_number INTEGER NOT NULL
);

CREATE TABLE statements (
    id               TEXT PRIMARY KEY,                  -- UUID
    owner_id         TEXT NOT NULL REFERENCES owners (id),
    number           INTEGER NOT NULL,                  -- 1, 2, 3… per owner, statements and credit notes alike
    kind             TEXT NOT NULL,                     -- statement | credit_note
    month            TEXT NOT NULL,                     -- YYYY-MM in the owner's time zone
    currency         TEXT NOT NULL,
    issued_at        TEXT NOT NULL,
    owner_name       TEXT NOT NULL,                     -- as issued
    org_number       TEXT NOT NULL,                     -- as issued
    total_excl_vat   INTEGER NOT NULL,                  -- minor units (negative on a credit note)
    total_vat        INTEGER NOT NULL,
    total_incl_vat   INTEGER NOT NULL,
    platform_fee     INTEGER NOT NULL,
    payout           INTEGER NOT NULL,
    figures_json     TEXT NOT NULL,                     -- core StatementFigures: the lines as issued
    UNIQUE (owner_id, number),
    UNIQUE (owner_id, month, currency, kind)
);
CREATE INDEX statements_by_owner ON statements (owner_id, month);

-- Each payment is on one statement and at most one credit note, ever.
CREATE TABLE statement_lines (
    statement_id TEXT NOT NULL REFERENCES statements (id),
    payment_id   TEXT NOT NULL REFERENCES payments (id),
    kind         TEXT NOT NULL,                         -- the document's kind
    PRIMARY KEY (payment_id, kind)
);
CREATE INDEX statement_lines_by_statement ON statement_lines (statement_id);

-- What the platform owes the owner for each document (a credit note's is negative: deducted
-- from the next payout).
CREATE TABLE payouts (
    statement_id TEXT PRIMARY KEY REFERENCES statements (id),
    owner_id     TEXT NOT NULL REFERENCES owners (id),
    amount       INTEGER NOT NULL,                      -- minor units
    currency     TEXT NOT NULL,
    status       TEXT NOT NULL,                         -- due | paid
    created_at   TEXT NOT NULL,
    paid_at      TEXT
);
CREATE INDEX payouts_by_owner ON payouts (owner_id, status);
