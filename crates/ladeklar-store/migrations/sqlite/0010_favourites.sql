-- Favourites (issue 16): the chargers a driver starred. No reference to chargers: a charger
-- removed from the registry leaves its stars, which the list then no longer finds.
CREATE TABLE favourites (
    user_id    TEXT NOT NULL REFERENCES users (id),
    charger_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, charger_id)
);
