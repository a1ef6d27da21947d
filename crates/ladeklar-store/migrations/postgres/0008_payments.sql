-- PostgreSQL: as migrations/sqlite/0008_payments.sql, with TEXT COLLATE "C" and BIGINT.
-- Payments (issue 14): one payment per paid session (a card hold captured at the stop, or an
-- RFID session charged off session), the Stripe customer of each account that saved a card,
-- the Stripe webhook events already handled, and RFID tags linked to accounts.
CREATE TABLE payments (
    id               TEXT COLLATE "C" PRIMARY KEY,                 -- UUID; the prefix of every idempotency key
    session_id       TEXT COLLATE "C" NOT NULL UNIQUE,             -- the session it pays for
    user_id          TEXT COLLATE "C" REFERENCES users (id),       -- NULL: a guest
    kind             TEXT COLLATE "C" NOT NULL,                    -- hold | off_session
    state            TEXT COLLATE "C" NOT NULL,                    -- core payments::PaymentState
    currency         TEXT COLLATE "C" NOT NULL,                    -- ISO 4217, the tariff's
    held             BIGINT NOT NULL,                 -- minor units authorised (0 off session)
    amount           BIGINT,                          -- minor units to capture / charge, once known
    capture_failures BIGINT NOT NULL DEFAULT 0,
    charges          BIGINT NOT NULL DEFAULT 0,
    payment_method   TEXT COLLATE "C" NOT NULL,                    -- Stripe PaymentMethod id
    card_brand       TEXT COLLATE "C",
    card_last4       TEXT COLLATE "C",
    stripe_intent    TEXT COLLATE "C" UNIQUE,                      -- Stripe PaymentIntent id, once created
    pending_key      TEXT COLLATE "C",                             -- idempotency key of the Stripe call under way, written before it
    failure          TEXT COLLATE "C",                             -- why it failed or is owed, in words
    receipt_email    TEXT COLLATE "C",                             -- a guest's address for the receipt
    created_at       TEXT COLLATE "C" NOT NULL,
    held_at          TEXT COLLATE "C",                             -- when the hold was authorised (it lapses after 7 days)
    updated_at       TEXT COLLATE "C" NOT NULL
);
CREATE INDEX payments_by_user ON payments (user_id, created_at);
CREATE INDEX payments_by_state ON payments (state);

CREATE TABLE stripe_customers (
    user_id      TEXT COLLATE "C" PRIMARY KEY REFERENCES users (id),
    customer_id  TEXT COLLATE "C" NOT NULL UNIQUE,                 -- Stripe Customer id
    default_card TEXT COLLATE "C",                                 -- Stripe PaymentMethod id
    created_at   TEXT COLLATE "C" NOT NULL
);

CREATE TABLE stripe_events (
    id          TEXT COLLATE "C" PRIMARY KEY,                      -- Stripe Event id: each is handled once
    kind        TEXT COLLATE "C" NOT NULL,
    received_at TEXT COLLATE "C" NOT NULL
);

-- An RFID tag linked to an account is billed to the account's saved card.
ALTER TABLE id_tags ADD COLUMN user_id TEXT COLLATE "C" REFERENCES users (id);
ALTER TABLE id_tags ADD COLUMN name TEXT COLLATE "C";
CREATE INDEX id_tags_by_user ON id_tags (user_id);
