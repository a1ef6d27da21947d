-- Payments (issue 14): one payment per paid session (a card hold captured at the stop, or an
-- RFID session charged off session), the Stripe customer of each account that saved a card,
-- the Stripe webhook events already handled, and RFID tags linked to accounts.
CREATE TABLE payments (
    id               TEXT PRIMARY KEY,                 -- UUID; the prefix of every idempotency key
    session_id       TEXT NOT NULL UNIQUE,             -- the session it pays for
    user_id          TEXT REFERENCES users (id),       -- NULL: a guest
    kind             TEXT NOT NULL,                    -- hold | off_session
    state            TEXT NOT NULL,                    -- core payments::PaymentState
    currency         TEXT NOT NULL,                    -- ISO 4217, the tariff's
    held             INTEGER NOT NULL,                 -- minor units authorised (0 off session)
    amount           INTEGER,                          -- minor units to capture / charge, once known
    capture_failures INTEGER NOT NULL DEFAULT 0,
    charges          INTEGER NOT NULL DEFAULT 0,
    payment_method   TEXT NOT NULL,                    -- Stripe PaymentMethod id
    card_brand       TEXT,
    card_last4       TEXT,
    stripe_intent    TEXT UNIQUE,                      -- Stripe PaymentIntent id, once created
    pending_key      TEXT,                             -- idempotency key of the Stripe call under way, written before it
    failure          TEXT,                             -- why it failed or is owed, in words
    receipt_email    TEXT,                             -- a guest's address for the receipt
    created_at       TEXT NOT NULL,
    held_at          TEXT,                             -- when the hold was authorised (it lapses after 7 days)
    updated_at       TEXT NOT NULL
);
CREATE INDEX payments_by_user ON payments (user_id, created_at);
CREATE INDEX payments_by_state ON payments (state);

CREATE TABLE stripe_customers (
    user_id      TEXT PRIMARY KEY REFERENCES users (id),
    customer_id  TEXT NOT NULL UNIQUE,                 -- Stripe Customer id
    default_card TEXT,                                 -- Stripe PaymentMethod id
    created_at   TEXT NOT NULL
);

CREATE TABLE stripe_events (
    id          TEXT PRIMARY KEY,                      -- Stripe Event id: each is handled once
    kind        TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- An RFID tag linked to an account is billed to the account's saved card.
ALTER TABLE id_tags ADD COLUMN user_id TEXT REFERENCES users (id);
ALTER TABLE id_tags ADD COLUMN name TEXT;
CREATE INDEX id_tags_by_user ON id_tags (user_id);
