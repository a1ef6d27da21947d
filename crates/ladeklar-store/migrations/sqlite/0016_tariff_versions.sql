-- Prices set by owners (issue 19): every version of a site's price, or of one charger's own
-- price, from the moment it takes effect, and who set it. The price of a charger at an
-- instant is its own latest version in effect then (a NULL tariff: it follows the site's
-- again), else its site's latest version in effect, else the site's tariff as set up
-- (`sites.tariff_json`). A session keeps the version it was started with.
CREATE TABLE tariff_versions (
    id             TEXT PRIMARY KEY,                -- UUID
    site_id        TEXT NOT NULL REFERENCES sites (id),
    charger_id     TEXT NOT NULL DEFAULT '',        -- '': the site's price; else that charger's own
    version        INTEGER NOT NULL,                -- 1, 2, … per site or charger
    tariff_json    TEXT,                            -- OCPI 2.2.1; NULL: back to the site's price
    effective_from TEXT NOT NULL,
    set_by         TEXT REFERENCES users (id),
    set_at         TEXT NOT NULL,
    UNIQUE (site_id, charger_id, version)
);

CREATE INDEX tariff_versions_in_effect ON tariff_versions (site_id, charger_id, effective_from);

ALTER TABLE sessions ADD COLUMN tariff_version_id TEXT REFERENCES tariff_versions (id);
