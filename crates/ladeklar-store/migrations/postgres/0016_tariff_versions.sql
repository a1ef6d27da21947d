-- PostgreSQL: as migrations/sqlite/0016_tariff_versions.sql, with TEXT COLLATE "C" and BIGINT.
-- Prices set by owners (issue 19): every version of a site's price, or of one charger's own
-- price, from the moment it takes effect, and who set it. The price of a charger at an
-- instant is its own latest version in effect then (a NULL tariff: it follows the site's
-- again), else its site's latest version in effect, else the site's tariff as set up
-- (`sites.tariff_json`). A session keeps the version it was started with.
CREATE TABLE tariff_versions (
    id             TEXT COLLATE "C" PRIMARY KEY,
    site_id        TEXT COLLATE "C" NOT NULL REFERENCES sites (id),
    charger_id     TEXT COLLATE "C" NOT NULL DEFAULT '',
    version        BIGINT NOT NULL,
    tariff_json    TEXT COLLATE "C",
    effective_from TEXT COLLATE "C" NOT NULL,
    set_by         TEXT COLLATE "C" REFERENCES users (id),
    set_at         TEXT COLLATE "C" NOT NULL,
    UNIQUE (site_id, charger_id, version)
);

CREATE INDEX tariff_versions_in_effect ON tariff_versions (site_id, charger_id, effective_from);

ALTER TABLE sessions ADD COLUMN tariff_version_id TEXT COLLATE "C" REFERENCES tariff_versions (id);
