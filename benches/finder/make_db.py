#!/usr/bin/env python3
"""Adds N generated chargers (two per site, 2 connectors each) to a copy of a Ladeklar SQLite
database (the fleet benchmark's template: schema, demo data), spread over the Nordic
countries with two thirds around 40 cities, like core's examples/finder_bench.

    python3 benches/finder/make_db.py SOURCE.db TARGET.db [N]
"""
import random
import shutil
import sqlite3
import sys

src, dst = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
shutil.copyfile(src, dst)
db = sqlite3.connect(dst)
db.execute("PRAGMA journal_mode=OFF")
db.execute("PRAGMA synchronous=OFF")
tariff, zone = db.execute("SELECT tariff_json, time_zone FROM sites LIMIT 1").fetchone()
owner = db.execute("SELECT id FROM owners LIMIT 1").fetchone()[0]
rng = random.Random(42)
cities = [(rng.uniform(55, 70), rng.uniform(5, 30)) for _ in range(40)]
statuses = ["available"] * 7 + ["charging"] * 2 + ["faulted"]


def sites():
    for s in range(n // 2):
        if rng.random() < 0.67:
            clat, clon = rng.choice(cities)
            lat, lon = clat + rng.uniform(-0.2, 0.2), clon + rng.uniform(-0.4, 0.4)
        else:
            lat, lon = rng.uniform(54, 71), rng.uniform(4, 31)
        yield (f"gen-site-{s:07}", owner, f"Generated site {s}", f"Street {s}", "Generated", "NO", lat, lon, zone, tariff)


def chargers():
    for i in range(n):
        yield (f"GEN-{i:07}", f"gen-site-{i // 2:07}", "2026-12-06T00:00:00Z")


def connectors():
    for i in range(n):
        dc = i % 3 == 0
        for c in (1, 2):
            yield (f"GEN-{i:07}", c, "ccs2" if dc else "type2", "dc" if dc else "ac",
                   "150" if dc else "22", rng.choice(statuses))


with db:
    db.executemany("INSERT INTO sites (id, owner_id, name, address, city, country, lat, lon, time_zone, tariff_json) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?)", sites())
    db.executemany("INSERT INTO chargers (id, site_id, registered_at) VALUES (?,?,?)", chargers())
    db.executemany("INSERT INTO connectors (charger_id, connector_id, standard, power_type, max_power_kw, status) "
                   "VALUES (?,?,?,?,?,?)", connectors())
print(db.execute("SELECT COUNT(*) FROM chargers").fetchone()[0], "chargers in", dst)
