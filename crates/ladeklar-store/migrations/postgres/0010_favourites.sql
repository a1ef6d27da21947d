-- PostgreSQL: as migrations/sqlite/0010_favourites.sql, with TEXT COLLATE "C".
-- Favourites (issue 16): the chargers a driver starred. No reference to chargers: a charger
-- removed from the registry leaves its stars, which the list then no longer finds.
CREATE TABLE favourites (
    user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    charger_id TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (user_id, charger_id)
);
